//! The kiosk's record on the device (`super::provision`): reading and writing it, the PIN's slow hash
//! through WebCrypto, and the stored rate limit of wrong PINs.

use crate::bridge::{hex, random_bytes};
use crate::kiosk::pin_gate::{pin_matches, PinGate};
use crate::kiosk::provision::{
    read_gate, write_gate, PinRecord, Provision, HASH_BYTES, PBKDF2_ITERATIONS, PROVISION_KEY,
    SALT_BYTES,
};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use psm_core::codes;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Wrong PINs and the lock, kept across reloads.
const GATE_KEY: &str = "psm-kiosk/pin-gate/1";

/// What the device holds.
pub enum Stored {
    /// No usable localStorage: nothing can be kept, and the operator panel stays closed.
    Unavailable,
    /// Never provisioned (or the record is unreadable).
    Nothing,
    Provisioned(Provision),
}

pub fn load() -> Stored {
    let Some(storage) = crate::storage::local() else {
        return Stored::Unavailable;
    };
    match storage.get_item(PROVISION_KEY) {
        Err(_) => Stored::Unavailable,
        Ok(None) => Stored::Nothing,
        Ok(Some(raw)) => match crate::js_value::parse(&raw, codes::CONFIG_INVALID)
            .and_then(|v| Provision::from_value(&v, crate::js_value::read_config))
        {
            Ok(p) => Stored::Provisioned(p),
            Err(_) => Stored::Nothing,
        },
    }
}

/// True when the record was written. The PIN's rate limit is written beside it when there is none yet, so
/// the gate's fixed-width record exists before storage can fill up (see `write_gate`).
pub fn save(p: &Provision) -> bool {
    let saved =
        crate::storage::local().is_some_and(|s| s.set_item(PROVISION_KEY, &p.to_json()).is_ok());
    if saved {
        ensure_gate();
    }
    saved
}

/// Writes a fresh rate limit when none is stored (a kiosk provisioned by an earlier build has none).
pub fn ensure_gate() {
    if let Some(storage) = crate::storage::local() {
        if storage.get_item(GATE_KEY).ok().flatten().is_none() {
            let _ = storage.set_item(GATE_KEY, &write_gate(&PinGate::default()));
        }
    }
}

/// The stored rate limit, or `None` when storage cannot be used (then no PIN is judged at all).
pub fn load_gate(now: u64) -> Option<PinGate> {
    let storage = crate::storage::local()?;
    let raw = storage.get_item(GATE_KEY).ok()?;
    Some(read_gate(raw.as_deref(), now))
}

/// True when the rate limit was written.
pub fn save_gate(gate: &PinGate) -> bool {
    crate::storage::local().is_some_and(|s| s.set_item(GATE_KEY, &write_gate(gate)).is_ok())
}

fn call(target: &JsValue, method: &str, args: &Array) -> Option<Promise> {
    let f: Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(target, args).ok()?.dyn_into().ok()
}

/// PBKDF2-HMAC-SHA-256 of the PIN's UTF-8 bytes (WebCrypto: fast native code, and the PIN never leaves
/// the browser's crypto). `None` where WebCrypto is missing (an insecure context).
pub async fn pbkdf2(pin: &str, salt: &[u8], iterations: u32) -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let crypto: JsValue = window.crypto().ok()?.into();
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    if subtle.is_undefined() {
        return None;
    }
    let usages = Array::of1(&"deriveBits".into());
    let import = Array::of5(
        &"raw".into(),
        &Uint8Array::from(pin.as_bytes()),
        &"PBKDF2".into(),
        &false.into(),
        &usages,
    );
    let key = JsFuture::from(call(&subtle, "importKey", &import)?)
        .await
        .ok()?;
    let params = Object::new();
    Reflect::set(&params, &"name".into(), &"PBKDF2".into()).ok()?;
    Reflect::set(&params, &"hash".into(), &"SHA-256".into()).ok()?;
    Reflect::set(&params, &"salt".into(), &Uint8Array::from(salt)).ok()?;
    Reflect::set(&params, &"iterations".into(), &iterations.into()).ok()?;
    let bits = (HASH_BYTES * 8) as u32;
    let derive = Array::of3(&params, &key, &bits.into());
    let buffer = JsFuture::from(call(&subtle, "deriveBits", &derive)?)
        .await
        .ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Same length and every byte compared, whatever differs first.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A new record for `pin` with a fresh random salt. `None` where WebCrypto is missing.
pub async fn hash_new(pin: &str) -> Option<PinRecord> {
    let salt = random_bytes(SALT_BYTES);
    let hash = pbkdf2(pin, &salt, PBKDF2_ITERATIONS).await?;
    Some(PinRecord::Pbkdf2 {
        salt: hex(&salt),
        iterations: PBKDF2_ITERATIONS,
        hash: hex(&hash),
    })
}

/// Whether `pin` is the stored one. A right PIN against the old unsalted hash replaces it with the slow one.
pub async fn verify(p: &Provision, pin: &str) -> bool {
    match &p.pin {
        PinRecord::Pbkdf2 {
            salt,
            iterations,
            hash,
        } => {
            let Some(salt) = unhex(salt) else {
                return false;
            };
            match pbkdf2(pin, &salt, *iterations).await {
                Some(actual) => same(&hex(&actual), hash),
                None => false,
            }
        }
        PinRecord::Sha256 { hash } => {
            let matched = pin_matches(pin, hash);
            if matched {
                if let Some(pin) = hash_new(pin).await {
                    save(&Provision {
                        pin,
                        settings: p.settings.clone(),
                    });
                }
            }
            matched
        }
    }
}
