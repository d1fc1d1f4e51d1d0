//! The PDP notice (UU 27/2022 Pasal 21) the host supplies as `config.notice`: who the controller is and
//! how to reach them, the legal basis, the purpose, the retention and processing periods, and optionally
//! a version. Only the agency knows these facts, so the widget never invents them: a result that can be
//! linked to a person (`candidate_ref`, or `linked: true`) cannot start without a complete notice.
//!
//! The notice is identified in the result by [`Notice::sha256`]: SHA-256 of its canonical JSON (keys
//! sorted, no whitespace, `version` only when given), which the agency can recompute from its own config.

use crate::canonical::hex;
use crate::decode::{self, Obj, Path};
use crate::error::{codes, PsmError};
use crate::value::Json;
use sha2::{Digest, Sha256};

/// Longest accepted notice text (a paragraph, not a privacy policy: link to that in `purpose`).
pub const MAX_NOTICE_CHARS: usize = 1_000;
/// Longest accepted notice version.
pub const MAX_VERSION_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub controller: Controller,
    /// Legal basis of the processing (Pasal 20), e.g. consent, or a public task and its regulation.
    pub legal_basis: String,
    /// How long the data is processed.
    pub processing_period: String,
    /// Why the data is processed.
    pub purpose: String,
    /// How long documents holding the data are kept.
    pub retention: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controller {
    /// How a candidate reaches the controller (e-mail, address, phone).
    pub contact: String,
    /// The agency (instansi) that decides why and how the data is processed.
    pub name: String,
}

impl Notice {
    /// Compact JSON, keys sorted at every level: what [`Notice::sha256`] hashes. Written by hand, strings
    /// escaped as serde_json escapes them ([`crate::json_text`]).
    pub fn canonical_json(&self) -> String {
        let s = crate::json_text::quoted;
        let mut out = format!(
            "{{\"controller\":{{\"contact\":{},\"name\":{}}},\"legal_basis\":{},\"processing_period\":{},\"purpose\":{},\"retention\":{}",
            s(&self.controller.contact),
            s(&self.controller.name),
            s(&self.legal_basis),
            s(&self.processing_period),
            s(&self.purpose),
            s(&self.retention),
        );
        if let Some(v) = &self.version {
            out.push_str(",\"version\":");
            out.push_str(&s(v));
        }
        out.push('}');
        out
    }

    /// Lowercase hex SHA-256 of [`Notice::canonical_json`].
    pub fn sha256(&self) -> String {
        hex(&Sha256::digest(self.canonical_json().as_bytes()))
    }
}

/// The required texts, by config path, in the order the error reports the first one missing.
pub const REQUIRED: [&str; 6] = [
    "notice.controller.name",
    "notice.controller.contact",
    "notice.legal_basis",
    "notice.purpose",
    "notice.retention",
    "notice.processing_period",
];

/// A notice version: 1-64 characters of `A-Z a-z 0-9 . _ + -`.
pub fn valid_version(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= MAX_VERSION_CHARS
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_+".contains(&b))
}

/// A required text: present, not blank, not too long. Missing or blank is `notice_incomplete`.
fn text(o: &Obj<'_>, key: &str) -> Result<String, PsmError> {
    let path = o.path().key(key).text;
    let value = o.nullable(key, decode::string)?.unwrap_or_default();
    if value.trim().is_empty() {
        return Err(PsmError::new(
            codes::NOTICE_INCOMPLETE,
            path,
            "required, must not be missing or blank",
        ));
    }
    if value.chars().count() > MAX_NOTICE_CHARS {
        return Err(PsmError::new(
            codes::CONFIG_INVALID,
            path,
            "longer than 1000 characters",
        ));
    }
    Ok(value)
}

/// Reads `config.notice`; every text is required once a notice is given (half a notice tells the
/// candidate less than the law asks while looking complete).
pub fn read(v: &Json, path: &Path) -> Result<Notice, PsmError> {
    let o = Obj::new(
        v,
        path,
        &[
            "controller",
            "legal_basis",
            "purpose",
            "retention",
            "processing_period",
            "version",
        ],
    )?;
    let controller = match o.raw("controller") {
        None | Some(Json::Null) => {
            return Err(PsmError::new(
                codes::NOTICE_INCOMPLETE,
                "notice.controller",
                "required, with name and contact",
            ))
        }
        Some(v) => {
            let c = Obj::new(v, &o.path().key("controller"), &["name", "contact"])?;
            Controller {
                name: text(&c, "name")?,
                contact: text(&c, "contact")?,
            }
        }
    };
    let legal_basis = text(&o, "legal_basis")?;
    let purpose = text(&o, "purpose")?;
    let retention = text(&o, "retention")?;
    let processing_period = text(&o, "processing_period")?;
    let version = o.nullable("version", decode::string)?;
    if version.as_deref().is_some_and(|v| !valid_version(v)) {
        return Err(PsmError::new(
            codes::CONFIG_INVALID,
            "notice.version",
            "must be 1-64 characters of A-Z a-z 0-9 . _ + -",
        ));
    }
    Ok(Notice {
        controller,
        legal_basis,
        processing_period,
        purpose,
        retention,
        version,
    })
}

/// The error when a linked result has no notice at all; `because` names what links it.
pub fn required(because: &str) -> PsmError {
    PsmError::new(
        codes::NOTICE_INCOMPLETE,
        "notice",
        format!(
            "required when {because}: the result is personal data (UU 27/2022 Pasal 21); give notice.controller.name, notice.controller.contact, notice.legal_basis, notice.purpose, notice.retention, notice.processing_period"
        ),
    )
}
