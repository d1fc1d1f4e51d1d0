//! A small valid instrument as JSON, for tests to break one field at a time.
#![allow(dead_code)]

use psm_core::{instrument, Instrument};
use serde_json::{json, Value};

pub fn labels(points: usize, lang: &str) -> Vec<String> {
    (1..=points).map(|p| format!("{lang}-{p}")).collect()
}

/// Two languages, a 5-point scale, dimensions AA (3 items, P2 reverse-keyed) and BB (2 items).
pub fn small_json() -> Value {
    json!({
        "id": "small-5",
        "version": "1.0.0",
        "languages": ["id", "en"],
        "title": {"id": "Kuesioner kecil", "en": "Small questionnaire"},
        "instructions": {"id": "Pilih satu jawaban.", "en": "Pick one answer."},
        "scale": {"points": 5, "labels": {"id": labels(5, "id"), "en": labels(5, "en")}},
        "dimensions": [
            {"id": "AA", "name": {"id": "Dimensi A", "en": "Dimension A"}},
            {"id": "BB", "name": {"id": "Dimensi B", "en": "Dimension B"}, "min_answered": 0.5}
        ],
        "items": [
            {"id": "P1", "dimension": "AA", "text": {"id": "Butir satu", "en": "Item one"}},
            {"id": "P2", "dimension": "AA", "text": {"id": "Butir dua", "en": "Item two"}, "reverse": true},
            {"id": "P3", "dimension": "AA", "text": {"id": "Butir tiga", "en": "Item three"}},
            {"id": "P4", "dimension": "BB", "text": {"id": "Butir empat", "en": "Item four"}},
            {"id": "P5", "dimension": "BB", "text": {"id": "Butir lima", "en": "Item five"}}
        ],
        "source": {"citation": "Test instrument written for the psm-core test suite."},
        "translation": {"id": "working", "en": "validated"}
    })
}

pub fn small() -> Instrument {
    instrument::parse(&small_json().to_string()).expect("small instrument is valid")
}

/// Parse a JSON value that must fail; returns the error.
pub fn parse_err(value: &Value) -> psm_core::PsmError {
    instrument::parse(&value.to_string()).expect_err("instrument should be rejected")
}

pub fn answers(pairs: &[(&str, u8)]) -> psm_core::Answers {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// A complete PDP notice as a host would supply it.
pub fn notice_json() -> Value {
    serde_json::json!({
        "controller": {"name": "Badan Kepegawaian Contoh", "contact": "ppid@bkc.example.go.id"},
        "legal_basis": "Persetujuan peserta (UU 27/2022 Pasal 20 ayat 2 huruf a)",
        "purpose": "Memahami motivasi pelayanan publik pelamar CASN 2026 (bukan penentu kelulusan)",
        "retention": "2 tahun setelah pengumuman akhir seleksi",
        "processing_period": "Selama seleksi CASN 2026",
        "version": "2026-12"
    })
}
