//! The three builds of the widget (cargo features): the embed (`psm-quiz-web*`, neither feature), the
//! `delivery` build (`psm-quiz-delivery*`: the outbox that POSTs to a host's endpoint) and the `kiosk`
//! build (`psm-quiz-kiosk*`). psm-quiz.js loads the one a config needs; a config that reaches a build
//! without what it needs gets one of these errors instead of a quiz that could not keep its promise.

use psm_core::config::{Mode, QuizConfig};
use psm_core::PsmError;

/// Stable error code: a config asked for `mode: "kiosk"` from a build without the kiosk (the embed wasm).
pub const KIOSK_REQUIRED: &str = psm_core::codes::KIOSK_BUILD_REQUIRED;
/// Stable error code: a config with an `endpoint` reached a build without the outbox (the embed wasm).
pub const DELIVERY_REQUIRED: &str = psm_core::codes::DELIVERY_BUILD_REQUIRED;

/// The error the embed build answers `mode: "kiosk"` with: error screen and `psm-error`, never a quiz.
pub fn kiosk_required() -> PsmError {
    PsmError::new(
        KIOSK_REQUIRED,
        "mode",
        "\"kiosk\" needs the kiosk build (psm-quiz-kiosk.js, which psm-quiz.js loads for mode \"kiosk\"); \
         this page loaded the embed build (psm-quiz-web.js)",
    )
}

/// The error the embed build answers an `endpoint` with: error screen and `psm-error`, never a quiz whose
/// result would not be delivered.
pub fn delivery_required() -> PsmError {
    PsmError::new(
        DELIVERY_REQUIRED,
        "endpoint",
        "delivery to an endpoint needs the delivery build (psm-quiz-delivery.js, which psm-quiz.js loads \
         for a config with an endpoint); this page loaded the embed build (psm-quiz-web.js)",
    )
}

/// The build a valid config needs when this wasm (`has_kiosk`, `has_delivery`: its features) is not it.
pub fn missing(config: &QuizConfig, has_kiosk: bool, has_delivery: bool) -> Option<PsmError> {
    if config.mode == Mode::Kiosk && !has_kiosk {
        return Some(kiosk_required());
    }
    if config.endpoint.is_some() && !has_delivery {
        return Some(delivery_required());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kiosk_required_names_the_field_and_the_build_to_load() {
        let e = kiosk_required();
        assert_eq!(e.code, "kiosk_build_required");
        assert_eq!(e.field, "mode");
        assert!(
            e.message
                .starts_with("mode: \"kiosk\" needs the kiosk build"),
            "{}",
            e.message
        );
        assert!(e.message.contains("psm-quiz-kiosk.js"));
        assert!(
            !e.message.contains("  "),
            "no gap left by the line continuation"
        );
    }

    #[test]
    fn delivery_required_names_the_field_and_the_build_to_load() {
        let e = delivery_required();
        assert_eq!(
            (e.code, e.field.as_str()),
            ("delivery_build_required", "endpoint")
        );
        assert!(e.message.contains("psm-quiz-delivery.js"), "{}", e.message);
        assert!(!e.message.contains("  "));
    }

    #[test]
    fn each_build_refuses_only_what_it_lacks() {
        let config = |mode: &str, endpoint: bool| {
            let ep = if endpoint {
                r#","endpoint":"https://x.example/r""#
            } else {
                ""
            };
            psm_core::config::parse_config(&format!(
                r#"{{"instrument":"kim-16","mode":"{mode}"{ep}}}"#
            ))
            .expect("valid")
        };
        let code = |c: &QuizConfig, k, d| missing(c, k, d).map(|e| e.code);
        let kiosk = config("kiosk", false);
        let posting = config("embed", true);
        let plain = config("embed", false);
        assert_eq!(code(&kiosk, false, false), Some("kiosk_build_required"));
        assert_eq!(code(&kiosk, false, true), Some("kiosk_build_required"));
        assert_eq!(code(&kiosk, true, true), None);
        assert_eq!(
            code(&posting, false, false),
            Some("delivery_build_required")
        );
        assert_eq!(code(&posting, false, true), None);
        assert_eq!(code(&plain, false, false), None);
    }
}
