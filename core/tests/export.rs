//! Kiosk CSV export.

mod common;

use common::{answers, small};
use psm_core::export::to_csv;
use psm_core::payload::{build, PayloadInput, ResultPayload};
use psm_core::Instrument;

fn payload(ins: &Instrument, pairs: &[(&str, u8)], responses: bool, id: &str) -> ResultPayload {
    let a = answers(pairs);
    build(PayloadInput {
        instrument: ins,
        lang: "en",
        answers: &a,
        order: None,
        seconds: None,
        include_responses: responses,
        completed_on: "2026-11-23".into(),
        submission_id: id.repeat(32),
        candidate: None,
        consent: None,
        instrument_sha256: None,
    })
    .unwrap()
}

#[test]
fn header_and_rows_follow_the_documented_columns() {
    let ins = small();
    let sha = psm_core::canonical::instrument_sha256(&ins);
    let rows = [
        payload(
            &ins,
            &[("P1", 4), ("P2", 2), ("P3", 5), ("P4", 3)],
            false,
            "a",
        ),
        payload(&ins, &[("P1", 4)], false, "b"),
    ];
    let csv = to_csv(&rows);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header, two rows, trailing CRLF: {csv:?}");
    assert_eq!(
        lines[0],
        "schema,submission_id,instrument_id,instrument_version,instrument_sha256,lang,completed_on,\
         overall_mean,overall_method,longest_same_answer_run,seconds_median_per_item,\
         score_AA,answered_AA,items_AA,score_BB,answered_BB,items_BB"
    );
    assert_eq!(
        lines[1],
        format!("psm-result/1,{},small-5,1.0.0,{sha},en,2026-11-23,3.67,mean_of_dimensions,1,,4.33,3,3,3,1,2", "a".repeat(32))
    );
    assert_eq!(
        lines[2],
        format!(
            "psm-result/1,{},small-5,1.0.0,{sha},en,2026-11-23,,mean_of_dimensions,1,,,1,3,,0,2",
            "b".repeat(32)
        )
    );
    assert_eq!(lines[3], "");
}

#[test]
fn response_columns_only_when_responses_are_present() {
    let ins = small();
    let without = to_csv(&[payload(&ins, &[("P1", 4)], false, "a")]);
    assert!(!without.contains("resp_"));
    let with = to_csv(&[
        payload(&ins, &[("P1", 4)], false, "a"),
        payload(&ins, &[("P1", 4), ("P5", 2)], true, "b"),
    ]);
    let lines: Vec<&str> = with.split("\r\n").collect();
    assert!(lines[0].ends_with(",items_BB,resp_P1,resp_P2,resp_P3,resp_P4,resp_P5"));
    assert!(
        lines[1].ends_with(",,,,,"),
        "no responses: empty cells: {}",
        lines[1]
    );
    assert!(lines[2].ends_with(",4,,,,2"), "{}", lines[2]);
}

#[test]
fn text_cells_are_quoted_and_formula_safe() {
    let ins = small();
    let mut p = payload(&ins, &[], false, "a");
    p.instrument.version = "1,0 \"beta\"".into();
    p.lang = "=HYPERLINK(\"x\")".into();
    let csv = to_csv(&[p]);
    let row = csv.split("\r\n").nth(1).unwrap();
    assert!(row.contains(",\"1,0 \"\"beta\"\"\","), "{row}");
    assert!(row.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{row}");
}

#[test]
fn empty_input_gives_only_the_fixed_header() {
    assert_eq!(
        to_csv(&[]),
        "schema,submission_id,instrument_id,instrument_version,instrument_sha256,lang,completed_on,\
         overall_mean,overall_method,longest_same_answer_run,seconds_median_per_item\r\n"
    );
}
