//! Typed JSON deserialisation whose errors name the field at fault (`items[3].texts`).
//!
//! serde_json alone reports only a line and column; serde_path_to_error adds the path so a host
//! can see which of its fields is wrong without counting lines.

use crate::error::PsmError;
use serde::de::DeserializeOwned;

/// Which stable code each kind of failure maps to.
pub(crate) struct Codes {
    pub syntax: &'static str,
    pub unknown_field: &'static str,
    pub missing_field: &'static str,
    pub data: &'static str,
}

pub(crate) fn from_str<T: DeserializeOwned>(json: &str, codes: &Codes) -> Result<T, PsmError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| map(e, codes))?;
    // Trailing characters after the document are a syntax error, not silently ignored.
    de.end().map_err(|e| syntax(&e, codes))?;
    Ok(value)
}

fn syntax(e: &serde_json::Error, codes: &Codes) -> PsmError {
    PsmError::new(
        codes.syntax,
        "",
        format!(
            "invalid JSON at line {} column {}: {}",
            e.line(),
            e.column(),
            bare(e)
        ),
    )
}

fn map(e: serde_path_to_error::Error<serde_json::Error>, codes: &Codes) -> PsmError {
    let path = path_string(e.path());
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() || inner.is_io() {
        return syntax(inner, codes);
    }
    let detail = bare(inner);
    if let Some(name) = quoted_after(&detail, "unknown field `") {
        // The path already ends at the unknown key for map-like access; add it when it does not.
        let field = join(&path, &name, true);
        return PsmError::new(codes.unknown_field, field, "unknown field (check spelling)");
    }
    if let Some(name) = quoted_after(&detail, "missing field `") {
        let field = join(&path, &name, false);
        return PsmError::new(codes.missing_field, field, "required field is missing");
    }
    PsmError::new(codes.data, path, detail)
}

/// serde_json's message without its trailing " at line L column C".
fn bare(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let rest = text.strip_prefix(marker)?;
    let end = rest.find('`')?;
    Some(rest[..end].to_string())
}

/// `items[3]` + `texts` -> `items[3].texts`, without doubling a name the path already ends with.
fn join(path: &str, name: &str, may_end_with_name: bool) -> String {
    if path.is_empty() {
        return name.to_string();
    }
    if may_end_with_name && (path == name || path.ends_with(&format!(".{name}"))) {
        return path.to_string();
    }
    format!("{path}.{name}")
}

fn path_string(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => {}
        }
    }
    out
}
