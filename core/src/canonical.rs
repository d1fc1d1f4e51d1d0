//! Canonical serialisation and the SHA-256 that identifies an instrument version in every result.
//!
//! Canonical JSON = compact JSON of the parsed model, written field by field below with
//! [`crate::json_text`]: byte for byte what `serde_json::to_string` writes for the model (tests compare
//! them, for the built-ins and for generated instruments). Struct fields in declaration order, map keys
//! sorted, defaults filled in, no whitespace. So whitespace, key order and omitted defaults in the source
//! file never change the hash; any change of content does. A field added to the model must be added here.

use crate::json_text::{self as out, Fields, NotExact};
use crate::model::{Instrument, Localized, TranslationStatus};
use sha2::{Digest, Sha256};

/// The canonical JSON of a validated instrument. A share [`crate::instrument::validate`] refuses (more
/// than 4 decimals) may have no exact JSON form: then this is [`NotExact`], never a rounded text.
pub fn try_canonical_json(ins: &Instrument) -> Result<String, NotExact> {
    let mut text = String::with_capacity(16 * 1024);
    let mut o = Fields::object(&mut text);
    o.str("id", &ins.id);
    o.str("version", &ins.version);
    out::strings(o.key("languages"), &ins.languages);
    localized(o.key("title"), &ins.title);
    localized(o.key("instructions"), &ins.instructions);
    {
        let mut scale = Fields::object(o.key("scale"));
        scale.int("points", ins.scale.points.into());
        let mut labels = Fields::object(scale.key("labels"));
        for (lang, names) in ins.scale.labels.iter() {
            out::strings(labels.key(lang), names);
        }
        labels.end();
        scale.end();
    }
    let mut dims = Fields::array(o.key("dimensions"));
    for d in &ins.dimensions {
        let mut dim = Fields::object(dims.item());
        dim.str("id", &d.id);
        localized(dim.key("name"), &d.name);
        localized(dim.key("description"), &d.description);
        dim.num("min_answered", Some(d.min_answered))?;
        dim.end();
    }
    dims.end();
    let mut items = Fields::array(o.key("items"));
    for i in &ins.items {
        let mut item = Fields::object(items.item());
        item.str("id", &i.id);
        item.str("dimension", &i.dimension);
        localized(item.key("text"), &i.text);
        item.bool("reverse", i.reverse);
        item.end();
    }
    items.end();
    {
        let mut source = Fields::object(o.key("source"));
        source.str("citation", &ins.source.citation);
        if let Some(doi) = &ins.source.doi {
            source.str("doi", doi);
        }
        if let Some(note) = &ins.source.note {
            source.str("note", note);
        }
        source.end();
    }
    let mut translation = Fields::object(o.key("translation"));
    for (lang, status) in ins.translation.iter() {
        translation.str(
            lang,
            match status {
                TranslationStatus::Validated => "validated",
                TranslationStatus::Working => "working",
                TranslationStatus::Unverified => "unverified",
            },
        );
    }
    translation.end();
    o.end();
    Ok(text)
}

fn localized(text: &mut String, texts: &Localized) {
    let mut o = Fields::object(text);
    for (lang, s) in texts.iter() {
        o.str(lang, s);
    }
    o.end();
}

/// [`try_canonical_json`] of an instrument that passed validation (every instrument the widget runs, the
/// built-ins, anything `instrument::parse` returns). For one that cannot be written exactly, the text
/// says so instead of holding a rounded number, so its hash can never pass for a real one.
pub fn canonical_json(instrument: &Instrument) -> String {
    try_canonical_json(instrument).unwrap_or_else(|NotExact| {
        "not an instrument: a share has more than 15 significant digits".to_string()
    })
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
