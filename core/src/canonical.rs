//! Canonical serialisation and the SHA-256 that identifies an instrument version in every result.
//!
//! Canonical JSON = compact JSON of the parsed model ([`crate::json_write`], byte for byte serde_json's): struct fields in declaration order,
//! map keys sorted (BTreeMap), defaults filled in, no whitespace. So whitespace, key order and
//! omitted defaults in the source file never change the hash; any change of content does.

use crate::model::Instrument;
use sha2::{Digest, Sha256};

pub fn canonical_json(instrument: &Instrument) -> String {
    // Serialising plain structs, strings, integers and finite floats into a String cannot fail.
    crate::json_write::to_json(instrument).expect("instrument serialises")
}

/// Lowercase hex SHA-256 of [`canonical_json`].
pub fn instrument_sha256(instrument: &Instrument) -> String {
    hex(&Sha256::digest(canonical_json(instrument).as_bytes()))
}

/// Lowercase hex SHA-256 of `bytes`: the one SHA-256 instance in the widget (the web shell's resume owner and
/// PIN hashes use it too, so the wasm carries a single copy of the hash).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}
