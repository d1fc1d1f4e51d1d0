//! The durable outbox: a finished result waits here (localStorage, one key per result) until the host's
//! endpoint answers 2xx; a kiosk also keeps it here for export. The rules (status classes, backoff, lease)
//! are `psm_core::delivery`; this module does the storage and the requests.
//!
//! - [`store`]: synchronous reads and writes, so a result is durable before the result screen shows.
//! - [`sender`]: one delivery loop per page, however many quizzes it holds, alive while a quiz is mounted.

pub mod delivery;
pub mod sender;
pub mod store;

use psm_core::delivery::Entry;
use psm_core::payload::ResultPayload;

pub use sender::{attach, kick, Attachment};
pub use store::StoreError;

/// Milliseconds since the Unix epoch (local clock; used only on this device, never sent).
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Writes a finished result to the outbox and starts delivering it. Returns only after the write, so the
/// caller may show the result screen knowing the result survives a reload. `keep`: stay after delivery
/// (kiosk export). Without an endpoint and without `keep` there is nothing to do.
pub fn enqueue(
    payload: &ResultPayload,
    endpoint: Option<&str>,
    keep: bool,
) -> Result<(), StoreError> {
    if endpoint.is_none() && !keep {
        return Ok(());
    }
    let to = endpoint.map(str::to_string);
    // Only the kiosk build exports results; `cfg!` keeps the CSV writer out of the embed's wasm.
    let entry = if keep && cfg!(feature = "kiosk") {
        Entry::kept(payload, to, now_ms())
    } else {
        Entry::new(payload, to, now_ms())
    };
    store::save(&entry)?;
    if endpoint.is_some() {
        kick();
    }
    Ok(())
}
