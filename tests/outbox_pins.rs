//! The outbox entry kept in storage, byte for byte: results queued by one release are read and sent by the
//! next. Taken from the release before the JSON boundary moved to the platform (core/tests/pins.rs pins the
//! payload inside it).

// The outbox is in the delivery and kiosk builds only; its rules are tested natively.
#![cfg(not(target_arch = "wasm32"))]
use psm_quiz_web::outbox::rules::Entry;

#[test]
fn outbox_entry_bytes_are_pinned() {
    let payload = psm_core::payload::ResultPayload::from_json(PAYLOAD).unwrap();
    let entry = Entry::new(
        &payload,
        Some("https://hr.example.go.id/psm".into()),
        1_764_578_400_123,
    );
    assert_eq!(entry.to_json(), ENTRY);
    assert_eq!(Entry::from_json(ENTRY).unwrap(), entry);
}

const PAYLOAD: &str = r#"{"schema":"psm-result/2","instrument":{"id":"small-5","version":"1.0.0","sha256":"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4"},"lang":"en","scale":{"min":1,"max":5},"scores":{"AA":{"mean":4.33,"answered":3,"items":3},"BB":{"mean":3.0,"answered":2,"items":2}},"overall":{"mean":3.67,"method":"mean_of_dimensions"},"responses":{"P1":4,"P2":2,"P3":5,"P4":3,"P5":3},"quality":{"longest_same_answer_run":2,"seconds_median_per_item":5.3},"order":["P5","P4","P3","P2","P1"],"completed_on":"2026-11-23","submission_id":"0123456789abcdef0123456789abcdef","candidate_ref":"76f68e7365590ab2256c0cb6719460cd805a7b1f0294636d86d8311ed7e61a9e","consent":{"agreed_on":"2026-11-23","notice_sha256":"abababababababababababababababababababababababababababababababab","notice_version":"2026-11"}}"#;
const ENTRY: &str = r#"{"id":"0123456789abcdef0123456789abcdef","endpoint":"https://hr.example.go.id/psm","payload":"{\"schema\":\"psm-result/2\",\"instrument\":{\"id\":\"small-5\",\"version\":\"1.0.0\",\"sha256\":\"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4\"},\"lang\":\"en\",\"scale\":{\"min\":1,\"max\":5},\"scores\":{\"AA\":{\"mean\":4.33,\"answered\":3,\"items\":3},\"BB\":{\"mean\":3.0,\"answered\":2,\"items\":2}},\"overall\":{\"mean\":3.67,\"method\":\"mean_of_dimensions\"},\"responses\":{\"P1\":4,\"P2\":2,\"P3\":5,\"P4\":3,\"P5\":3},\"quality\":{\"longest_same_answer_run\":2,\"seconds_median_per_item\":5.3},\"order\":[\"P5\",\"P4\",\"P3\",\"P2\",\"P1\"],\"completed_on\":\"2026-11-23\",\"submission_id\":\"0123456789abcdef0123456789abcdef\",\"candidate_ref\":\"76f68e7365590ab2256c0cb6719460cd805a7b1f0294636d86d8311ed7e61a9e\",\"consent\":{\"agreed_on\":\"2026-11-23\",\"notice_sha256\":\"abababababababababababababababababababababababababababababababab\",\"notice_version\":\"2026-11\"}}","instrument_id":"small-5","instrument_sha256":"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4","csv":"","state":"pending","attempts":0,"next_at":1764578400123,"lease_until":0,"keep":false,"last_status":null,"failure":null,"exported":false}"#;
