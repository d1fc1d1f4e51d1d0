//! Exact web origins (`scheme://host[:port]`) for postMessage: never `"*"`, never a prefix.
//!
//! The result is normalised the way browsers report `MessageEvent.origin` (lowercase scheme and
//! host, default port dropped), so the shell can compare it with `==`.

use crate::error::{codes, PsmError};

const FIELD: &str = "parent_origin";

/// Parse and normalise an exact http(s) origin; errors name `parent_origin`.
pub fn parse_exact_origin(value: &str) -> Result<String, PsmError> {
    let bad = |why: &str| PsmError::new(codes::BAD_ORIGIN, FIELD, format!("{value:?} {why}"));
    if value == "*" || value.eq_ignore_ascii_case("null") {
        return Err(bad("is not an exact origin"));
    }
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("is not an exact origin (empty or contains whitespace)"));
    }
    let (scheme, rest) = value
        .split_once("://")
        .ok_or_else(|| bad("is not an exact origin (expected scheme://host[:port])"))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err(bad("is not an http or https origin")),
    };
    if rest.contains(['/', '?', '#']) {
        return Err(bad(
            "is not an exact origin (remove any path, query, fragment or trailing /)",
        ));
    }
    if rest.contains('@') {
        return Err(bad("is not an exact origin (user info is not allowed)"));
    }
    let (host, port) = split_host_port(rest).ok_or_else(|| bad("has an invalid port"))?;
    let host = host.to_ascii_lowercase();
    if !valid_host(&host) {
        return Err(bad(
            "has an invalid host (use ASCII/punycode letters, digits, dots and hyphens)",
        ));
    }
    Ok(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// `host`, `host:8080`, `[::1]:8080`. `None` for a malformed or out-of-range port.
pub(crate) fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|r| r.find(']')) {
        let host = &authority[..end + 2];
        match &authority[end + 2..] {
            "" => (host, None),
            rest => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = p.parse().ok()?;
            if n == 0 || n > 65_535 {
                return None;
            }
            Some(n as u16)
        }
    };
    Some((host, port))
}

/// A DNS name or IPv4 address (dot-separated labels of `[a-z0-9-]`, no empty label, no label
/// starting or ending with `-`), or a bracketed IPv6 address. Expects lowercase input.
pub(crate) fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner.contains(':')
            && inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    }
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}
