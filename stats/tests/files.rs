//! Reading files: every layout, bad input on purpose, line numbers, caps, grouping and keying.

mod common;
use common::*;
use psm_stats::{Analysis, Report};
use serde_json::json;

fn analyse(files: &[(&str, &[u8])]) -> Report {
    let mut a = Analysis::new();
    a.add_file("instrument.json", instrument_json().as_bytes());
    for (name, bytes) in files {
        a.add_file(name, bytes);
    }
    a.finish()
}

fn sample(n: usize) -> Vec<serde_json::Value> {
    generate(n, 7)
}

fn file<'r>(r: &'r Report, name: &str) -> &'r psm_stats::report::FileSummary {
    r.files.iter().find(|f| f.name == name).unwrap()
}

#[test]
fn pretty_array_truncated_keeps_earlier_results_and_names_the_line() {
    let text = serde_json::to_string_pretty(&sample(3)).unwrap();
    // Cut inside the third element: its start line is where the issue points.
    let third_start = 1 + text[..text.match_indices("\n  {").nth(2).unwrap().0 + 1]
        .matches('\n')
        .count();
    let cut = &text[..text.len() - 40];
    let r = analyse(&[("cut.json", cut.as_bytes())]);
    let f = file(&r, "cut.json");
    assert_eq!((f.format, f.used, f.rejected), ("json-array", 2, 1));
    assert_eq!(f.issues[0].code, "truncated");
    assert_eq!(f.issues[0].line, third_start);
    assert_eq!(r.used, 2);
}

#[test]
fn ndjson_bad_lines_are_named_and_good_lines_used() {
    let mut lines: Vec<String> = sample(5).iter().map(|p| p.to_string()).collect();
    lines[1] = lines[1].replace("psm-result/1", "psm-result/9");
    lines[2] = lines[2].replace("\"lang\":\"id\"", "\"lang\":\"id\",\"name\":\"Budi\"");
    lines[3] = lines[3][..50].to_string();
    let text = lines.join("\n") + "\n\n";
    let r = analyse(&[("p.ndjson", text.as_bytes())]);
    let f = file(&r, "p.ndjson");
    assert_eq!((f.format, f.used, f.rejected), ("ndjson", 2, 3));
    let got: Vec<(usize, &str)> = f.issues.iter().map(|i| (i.line, i.code)).collect();
    assert_eq!(
        got,
        vec![(2, "wrong_schema"), (3, "invalid_field"), (4, "truncated")]
    );
    assert!(
        f.issues[1].detail.contains("name"),
        "{}",
        f.issues[1].detail
    );
}

#[test]
fn out_of_range_answer_names_the_field() {
    let mut p = sample(1).remove(0);
    p["responses"]["T05"] = json!(7);
    let r = analyse(&[("one.json", p.to_string().as_bytes())]);
    let i = &file(&r, "one.json").issues[0];
    assert_eq!((i.line, i.code), (1, "invalid_field"));
    assert!(
        i.detail.starts_with("responses.T05: 7 is outside"),
        "{}",
        i.detail
    );
    let mut p = sample(1).remove(0);
    p["scores"]["AAA"]["answered"] = json!("3");
    let r = analyse(&[(
        "two.json",
        serde_json::to_string_pretty(&p).unwrap().as_bytes(),
    )]);
    let i = &file(&r, "two.json").issues[0];
    assert!(
        i.detail.starts_with("scores.AAA.answered: invalid type"),
        "{}",
        i.detail
    );
}

#[test]
fn noise_is_refused_quickly_without_listing_everything() {
    let mut rng = Rng(3);
    let binary: Vec<u8> = (0..2_000_000).map(|_| rng.next_u64() as u8).collect();
    let text: String = (0..300_000)
        .map(|i| {
            if i % 97 == 0 {
                '\n'
            } else {
                (b'a' + (i % 26) as u8) as char
            }
        })
        .collect();
    let braces: String = (0..5000).map(|i| format!("{{\"x\": {i}}}\n")).collect();
    let r = analyse(&[
        ("bin.dat", &binary),
        ("text.txt", text.as_bytes()),
        ("braces.ndjson", braces.as_bytes()),
    ]);
    assert_eq!(file(&r, "bin.dat").issues[0].code, "not_utf8");
    assert_eq!(file(&r, "text.txt").issues[0].code, "unknown_format");
    let b = file(&r, "braces.ndjson");
    assert_eq!(b.issues.len(), 21);
    assert_eq!(b.issues.last().unwrap().code, "abandoned");
    assert!(b.more_issues > 900);
    assert_eq!(r.used, 0);
    assert_eq!(r.rejected_files, 3);
}

#[test]
fn csv_with_a_foreign_row_keeps_the_others() {
    let sha = sha_of_test_instrument();
    let mut csv = String::from("schema,submission_id,instrument_id,instrument_version,instrument_sha256,lang,completed_on,overall_mean,overall_method,longest_same_answer_run,seconds_median_per_item,score_AAA,answered_AAA,items_AAA,score_BBB,answered_BBB,items_BBB,score_CCC,answered_CCC,items_CCC,resp_T01,resp_T02\r\n");
    csv += &format!("psm-result/1,a1,test-12,1.0.0,{sha},id,2026-11-23,3.5,mean_of_dimensions,2,4.5,3.5,4,4,3.25,4,4,,2,4,4,2\r\n");
    csv += &format!("psm-result/1,\"a\"\"2\",test-12,1.0.0,{sha},en,2026-11-23,,mean_of_dimensions,1,,4,4,4,3,4,4,2,4,4,,\r\n");
    csv += &format!("psm-result/1,a3,test-12,1.0.0,{},id,2026-11-23,3,mean_of_dimensions,1,,4,4,4,3,4,4,2,4,4,,\r\n", "f".repeat(64));
    csv += &format!(
        "psm-result/1,a4,test-12,1.0.0,{sha},id,2026-11-23,3,mean_of_dimensions,1,,4,4,4\r\n"
    );
    csv += &format!("psm-result/1,a5,test-12,1.0.0,{sha},id,2026-11-23,3,mean_of_dimensions,1,,9,4,4,3,4,4,2,4,4,,\r\n");
    let r = analyse(&[("kiosk.csv", csv.as_bytes())]);
    let f = file(&r, "kiosk.csv");
    assert_eq!((f.format, f.used, f.rejected), ("csv", 2, 3));
    let got: Vec<(usize, &str)> = f.issues.iter().map(|i| (i.line, i.code)).collect();
    assert_eq!(
        got,
        vec![
            (4, "mixed_instruments"),
            (5, "csv_columns"),
            (6, "invalid_field")
        ]
    );
    // Rows a1 (id) and a"2 (en): one group per language, never pooled.
    let lang = |l: &str| r.groups.iter().find(|g| g.lang == l).unwrap();
    assert_eq!(r.groups.len(), 2);
    let (id, en) = (lang("id"), lang("en"));
    assert_eq!(
        (id.n, id.with_responses, id.scale_source),
        (1, 1, "instrument")
    );
    assert_eq!((en.n, en.with_responses), (1, 0));
    assert_eq!(id.dimensions[0].describe.mean, Some(3.5));
    assert_eq!(en.dimensions[0].describe.mean, Some(4.0));
    assert_eq!(
        (id.dimensions[2].describe.n, en.dimensions[2].describe.n),
        (0, 1)
    );
    // a1 has an overall of 3.5 beside an unscored CCC: set aside, not counted as the score.
    assert!(id.overall.is_none());
    assert!(id.notes.iter().any(|n| n.code == "partial_overall_ignored"));
}

#[test]
fn duplicates_across_files_point_at_the_first_copy() {
    let p = sample(3);
    let a = ndjson(&p);
    let b = serde_json::to_string(&p[1..]).unwrap();
    let r = analyse(&[("a.ndjson", a.as_bytes()), ("b.json", b.as_bytes())]);
    let f = file(&r, "b.json");
    assert_eq!((f.used, f.rejected), (0, 2));
    assert_eq!(f.issues[0].code, "duplicate");
    assert!(
        f.issues[0].detail.contains("a.ndjson line 2"),
        "{}",
        f.issues[0].detail
    );
    assert_eq!((r.used, r.rejected), (3, 2));
}

#[test]
fn versions_are_never_mixed_and_unknown_instruments_get_no_reliability() {
    let mut other = sample(4);
    for p in &mut other {
        p["instrument"]["sha256"] = json!("0".repeat(64));
        p["instrument"]["version"] = json!("1.1.0");
    }
    let text = ndjson(&sample(4)) + &ndjson(&other);
    let r = analyse(&[("both.ndjson", text.as_bytes())]);
    assert_eq!(r.groups.len(), 2);
    assert_eq!((r.groups[0].n, r.groups[0].keying), (4, "file"));
    assert_eq!((r.groups[1].n, r.groups[1].keying), (4, "unknown"));
    assert!(r.groups[1].reliability.is_empty());
    assert!(r.groups[1].notes.iter().any(|n| n.code == "keying_unknown"));
    assert_eq!(r.groups[1].dimensions.len(), 3);
}

#[test]
fn inconsistent_dimensions_for_one_sha_are_rejected() {
    let mut p = sample(2);
    let ccc = p[1]["scores"]
        .as_object_mut()
        .unwrap()
        .remove("CCC")
        .unwrap();
    p[1]["scores"]["DDD"] = ccc;
    let r = analyse(&[("x.ndjson", ndjson(&p).as_bytes())]);
    let f = file(&r, "x.ndjson");
    assert_eq!(
        (f.used, f.issues[0].line, f.issues[0].code),
        (1, 2, "inconsistent_dimensions")
    );
}

#[test]
fn single_object_and_concatenated_objects() {
    let p = sample(2);
    let text = format!(
        "{}\n{}",
        serde_json::to_string_pretty(&p[0]).unwrap(),
        serde_json::to_string_pretty(&p[1]).unwrap()
    );
    let r = analyse(&[("two.json", text.as_bytes())]);
    assert_eq!((file(&r, "two.json").format, r.used), ("json", 2));
    assert_eq!(file(&r, "instrument.json").format, "instrument");
}

#[test]
fn empty_and_oversize() {
    let mut a = Analysis::new();
    a.add_file("empty.json", b"  \n");
    a.add_unreadable("huge.ndjson", 300 << 20, "too_large", "larger than 200 MB");
    let r = a.finish();
    assert_eq!(r.files[0].issues[0].code, "empty_file");
    assert_eq!(r.rejected_files, 2);
    assert_eq!(
        r.rejected_by_code
            .iter()
            .map(|c| c.code)
            .collect::<Vec<_>>(),
        vec!["empty_file", "too_large"]
    );
}

#[test]
fn quality_flags_count_long_runs_and_fast_medians() {
    let sha = sha_of_test_instrument();
    let same = vec![Some(3u8); 12];
    let varied: Vec<Option<u8>> = (0..12).map(|i| Some((i % 5 + 1) as u8)).collect();
    let ps = vec![
        payload(&sha, "q1", &same, Some(5.0), false),
        payload(&sha, "q2", &varied, Some(1.5), false),
        payload(&sha, "q3", &varied, None, false),
    ];
    let r = analyse(&[("q.ndjson", ndjson(&ps).as_bytes())]);
    let q = &r.groups[0].quality;
    assert_eq!(
        (
            q.long_run_min,
            q.with_run,
            q.long_run,
            q.with_time,
            q.fast,
            q.flagged
        ),
        (10, 3, 1, 2, 1, 2)
    );
}
