//! JS interop in one place: the host's `emit(type, detail)` callback, randomness, the clock.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;

/// The `emit` function handed to `mount_quiz`; every event the host hears goes through it.
#[derive(Clone)]
pub struct Emitter(Function);

impl Emitter {
    pub fn new(f: Function) -> Self {
        Emitter(f)
    }

    fn emit(&self, kind: &str, detail: &JsValue) {
        // A throwing host callback must not break the quiz.
        let _ = self
            .0
            .call2(&JsValue::NULL, &JsValue::from_str(kind), detail);
    }

    pub fn progress(&self, answered: usize, total: usize) {
        let detail = Object::new();
        let _ = Reflect::set(&detail, &"answered".into(), &(answered as u32).into());
        let _ = Reflect::set(&detail, &"total".into(), &(total as u32).into());
        self.emit("psm-progress", &detail);
    }

    pub fn error(&self, code: &str, message: &str) {
        let detail = Object::new();
        let _ = Reflect::set(&detail, &"code".into(), &code.into());
        let _ = Reflect::set(&detail, &"message".into(), &message.into());
        self.emit("psm-error", &detail);
    }

    /// The kiosk's signal to psm-quiz.js (not a host event): `true` between candidates (welcome screen,
    /// untouched since the reset), when a new build may take over; `false` while a candidate is at work.
    #[cfg(feature = "kiosk")]
    pub fn kiosk_between(&self, between: bool) {
        self.emit("psm-kiosk-between", &JsValue::from_bool(between));
    }

    /// `psm-complete` with the payload as a plain object: the browser's `JSON.parse` of the very text an
    /// endpoint receives, so the event and the POST can never disagree.
    pub fn complete(&self, payload: &psm_core::payload::ResultPayload) {
        match js_sys::JSON::parse(&payload.to_json()) {
            Ok(value) => self.emit("psm-complete", &value),
            Err(_) => self.error("internal", "the payload's JSON did not parse"),
        }
    }
}

/// `n` random bytes from the platform CSPRNG, or from Math.random where there is none (old
/// WebViews): the bytes only make ids unique and shuffle item order, they guard no secret.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// 32 lowercase hex digits for the payload's `submission_id`.
pub fn submission_id() -> String {
    hex(&random_bytes(16))
}

pub fn random_u64() -> u64 {
    random_bytes(8)
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// Milliseconds since the Unix epoch (storage ages; a wall clock).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds on a clock that only moves forward (`performance.now()`), for answer times, countdowns and timers that
/// a corrected wall clock must neither cut short nor stretch. Starts anew with each page load.
pub fn monotonic_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Today's local date as `YYYY-MM-DD` (the payload carries no time of day).
pub fn local_date() -> String {
    local_date_at(js_sys::Date::now())
}

/// The local date of `ms` (ms since the epoch) as `YYYY-MM-DD`.
pub fn local_date_at(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    let two = |n: u32| {
        if n < 10 {
            format!("0{n}")
        } else {
            n.to_string()
        }
    };
    format!(
        "{}-{}-{}",
        d.get_full_year(),
        two(d.get_month() + 1),
        two(d.get_date())
    )
}
