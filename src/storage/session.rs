//! Whose answers a saved run is. On a shared device (a family phone, a portal computer at a village
//! office) saved progress must come back only to the candidate who gave it: the resume entry is keyed by
//! an owner derived from the host's `session` value or, without one, from the candidate reference. A mount
//! for another owner removes every other owner's entry before it starts, so one device holds at most one
//! candidate's answers in progress, and the host can remove even that one ([`is_resume_key`]).

use psm_core::canonical::sha256_hex;
use psm_core::config::QuizConfig;
use psm_core::payload::candidate_ref;

/// Every resume entry's key starts with this, whatever its version.
pub const RESUME_PREFIX: &str = "psm-resume/";
/// The current layout: `psm-resume/2/<instrument sha256>/<owner>`.
pub const RESUME_VERSION: u8 = 2;
/// The owner of a run whose host named no session and no candidate.
pub const NO_OWNER: &str = "-";

/// The owner of this mount's saved progress: 32 hex digits of a SHA-256 over the host's `session` value
/// (when given) or over the candidate's HMAC reference; [`NO_OWNER`] when the host gave neither. Only a
/// hash is stored, so the key does not carry the reference itself.
pub fn owner(config: &QuizConfig) -> String {
    let (kind, value) = match (&config.session, config.candidate()) {
        (Some(session), _) => ("session", session.clone()),
        (None, Some((reference, key))) => ("candidate", candidate_ref(&key, &reference)),
        (None, None) => return NO_OWNER.to_string(),
    };
    let input = format!("psm-resume-owner\0{kind}\0{value}");
    sha256_hex(input.as_bytes())[..32].to_string()
}

/// The storage key of one owner's run of one instrument version.
pub fn resume_key(sha256: &str, owner: &str) -> String {
    format!("{RESUME_PREFIX}{RESUME_VERSION}/{sha256}/{owner}")
}

/// True for any resume entry, of any version: what ending a session removes.
pub fn is_resume_key(key: &str) -> bool {
    key.starts_with(RESUME_PREFIX)
}

/// The resume entries a mount for `owner` must remove before it starts: every other owner's (of any
/// instrument) and every entry of an older layout, which says nothing about whose answers it holds.
pub fn foreign_keys<'a>(keys: impl IntoIterator<Item = &'a str>, owner: &str) -> Vec<String> {
    let current = format!("{RESUME_PREFIX}{RESUME_VERSION}/");
    keys.into_iter()
        .filter(|k| is_resume_key(k))
        .filter(|k| match k.strip_prefix(&current) {
            Some(rest) => rest.rsplit_once('/').map(|(_, o)| o) != Some(owner),
            None => true,
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use psm_core::config::parse_config;

    /// A kim-16 config plus `extra`; with a complete PDP notice, which a `candidate_ref` requires.
    fn config(extra: &str) -> QuizConfig {
        let notice = r#""notice":{"controller":{"name":"BKD","contact":"ppid@bkd.example.go.id"},"legal_basis":"l","purpose":"p","retention":"r","processing_period":"q"}"#;
        parse_config(&format!(r#"{{"instrument":"kim-16",{notice}{extra}}}"#)).expect("valid")
    }

    #[test]
    fn owners_differ_by_candidate_and_session_and_hide_the_reference() {
        let none = owner(&config(""));
        assert_eq!(none, NO_OWNER);
        let a = owner(&config(r#","candidate_ref":"A-001","candidate_key":"k""#));
        let b = owner(&config(r#","candidate_ref":"B-002","candidate_key":"k""#));
        let a_other_key = owner(&config(r#","candidate_ref":"A-001","candidate_key":"k2""#));
        assert_ne!(a, b);
        assert_ne!(a, a_other_key);
        assert_eq!(
            a,
            owner(&config(r#","candidate_ref":"A-001","candidate_key":"k""#))
        );
        assert_eq!(a.len(), 32);
        assert!(!a.contains("A-001"));
        let s1 = owner(&config(r#","session":"login-1""#));
        let s2 = owner(&config(r#","session":"login-2""#));
        assert_ne!(s1, s2);
        assert_ne!(s1, NO_OWNER);
        // The session wins over the reference: a new login of the same candidate starts clean if the host
        // wants it to.
        let both = owner(&config(
            r#","session":"login-1","candidate_ref":"A-001","candidate_key":"k""#,
        ));
        assert_eq!(both, s1);
        // A session value that looks like a candidate's HMAC reference is still another owner.
        let h = candidate_ref("k", "A-001");
        assert_ne!(owner(&config(&format!(r#","session":"{h}""#))), a);
    }

    #[test]
    fn a_mount_removes_every_other_owners_entry_and_old_layouts() {
        let keys = [
            "psm-resume/1/abc",
            "psm-resume/2/abc/owner-a",
            "psm-resume/2/abc/owner-b",
            "psm-resume/2/def/owner-a",
            "psm-resume/2/def/-",
            "psm-outbox/1/x",
            "other",
        ];
        let gone = foreign_keys(keys, "owner-a");
        assert_eq!(
            gone,
            [
                "psm-resume/1/abc",
                "psm-resume/2/abc/owner-b",
                "psm-resume/2/def/-"
            ]
        );
        assert_eq!(foreign_keys(keys, "-").len(), 4);
        assert_eq!(resume_key("abc", "owner-a"), "psm-resume/2/abc/owner-a");
        assert!(is_resume_key("psm-resume/1/abc") && !is_resume_key("psm-outbox/1/x"));
    }
}
