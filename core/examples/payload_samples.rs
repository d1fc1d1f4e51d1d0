//! Prints a JSON array of real result payloads built from every built-in instrument, covering
//! every optional part (responses, order, timings, candidate_ref, the consent record with and without a
//! notice) and null scores, in psm-result/2 and the deprecated psm-result/1.
//! tests/schema.test.mjs validates them against schema/psm-result-2.schema.json (or -1) with ajv.
//!
//! cargo run -q -p psm-core --example payload_samples

use psm_core::payload::{build, ConsentRecord, PayloadInput};
use psm_core::Timings;
use psm_core::{builtin, shuffle, Answers, Instrument};

fn answers(ins: &Instrument, keep: impl Fn(usize) -> bool) -> Answers {
    let points = usize::from(ins.scale.points);
    ins.items
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(i, item)| (item.id.clone(), (1 + (i * 7 + 3) % points) as u8))
        .collect()
}

fn main() {
    let mut out = Vec::new();
    for id in builtin::ids() {
        let ins = builtin::get(id).unwrap_or_else(|| panic!("built-in {id} does not validate"));
        let all = answers(&ins, |_| true);
        let some = answers(&ins, |i| i % 3 != 0);
        let none = Answers::new();
        let seconds: Timings = ins
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.clone(), 2.0 + (i % 5) as f64 * 1.37))
            .collect();
        for lang in &ins.languages {
            let base = |a: &'static str| PayloadInput {
                instrument: &ins,
                lang,
                answers: &all,
                order: None,
                seconds: None,
                include_responses: false,
                completed_on: "2026-11-23".into(),
                submission_id: a.repeat(32),
                candidate: None,
                consent: Some(ConsentRecord::new("2026-11-23".into(), None)),
                instrument_sha256: None,
            };
            let samples = [
                base("a"),
                PayloadInput {
                    answers: &some,
                    order: Some(shuffle::seeded_order(&ins, 2026)),
                    seconds: Some(&seconds),
                    include_responses: true,
                    completed_on: "2024-02-29".into(),
                    submission_id: "3f2504e0-4f89-41d3-9a0c-0305e82c3301".into(),
                    candidate: Some(("REG-2026-000123".into(), "instansi-secret".into())),
                    consent: Some(ConsentRecord {
                        agreed_on: "2024-02-28".into(),
                        notice_sha256: Some("5e".repeat(32)),
                        notice_version: Some("2026-12".into()),
                    }),
                    ..base("b")
                },
                PayloadInput {
                    answers: &none,
                    include_responses: true,
                    ..base("c")
                },
                // The deprecated schema, for hosts that keep it through result_schema.
                PayloadInput {
                    consent: None,
                    order: Some(shuffle::seeded_order(&ins, 7)),
                    candidate: Some(("REG-2026-000124".into(), "instansi-secret".into())),
                    ..base("d")
                },
            ];
            for input in samples {
                let payload = build(input).expect("sample payload builds");
                out.push(serde_json::to_value(&payload).expect("payload is JSON"));
            }
        }
    }
    println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
}
