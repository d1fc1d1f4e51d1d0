//! Exact origins for postMessage.

use psm_core::codes;
use psm_core::origin::parse_exact_origin;

#[test]
fn exact_origins_are_normalised_like_browsers_report_them() {
    let cases = [
        (
            "https://portal.example.go.id",
            "https://portal.example.go.id",
        ),
        (
            "HTTPS://Portal.Example.GO.ID",
            "https://portal.example.go.id",
        ),
        (
            "https://portal.example.go.id:443",
            "https://portal.example.go.id",
        ),
        ("http://localhost:80", "http://localhost"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("https://10.0.0.5:8443", "https://10.0.0.5:8443"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        (
            "https://xn--bcher-kva.example",
            "https://xn--bcher-kva.example",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(parse_exact_origin(input).as_deref(), Ok(want), "{input}");
    }
}

#[test]
fn anything_but_an_exact_http_origin_is_rejected() {
    let bad = [
        "*",
        "null",
        "NULL",
        "",
        " https://a.example",
        "https://a.example/",
        "https://a.example/path",
        "https://a.example?x=1",
        "https://a.example#top",
        "https://user:pw@a.example",
        "ftp://a.example",
        "javascript://a.example",
        "file:///etc/passwd",
        "a.example",
        "https://",
        "https://a..example",
        "https://-a.example",
        "https://a.example:0",
        "https://a.example:65536",
        "https://a.example:",
        "https://a.example:8o",
        "https://bücher.example",
        "https://*.example",
        "https://a_b.example",
    ];
    for input in bad {
        let e = parse_exact_origin(input).unwrap_err();
        assert_eq!(e.code, codes::BAD_ORIGIN, "{input}");
        assert_eq!(e.field, "parent_origin");
        assert!(e.message.starts_with("parent_origin: "), "{}", e.message);
    }
    assert_eq!(
        parse_exact_origin("*").unwrap_err().message,
        "parent_origin: \"*\" is not an exact origin"
    );
}
