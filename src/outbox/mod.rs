//! The durable outbox: a finished result waits here (localStorage, one key per result) until the host's
//! endpoint answers 2xx; a kiosk also keeps it here for export. The rules (answers, backoff, lease, clock
//! caps, wake-ups) are [`rules`] and [`watch`], pure and tested natively; the rest does the storage and the
//! requests, in the browser.
//!
//! - [`handoff`]: what a finished result goes through (outbox first, then the host's event).
//! - [`store`]: synchronous reads and writes, so a result is durable before the result screen shows.
//! - [`sender`]: one delivery loop per page, however many quizzes it holds, alive while a quiz is mounted.
//! - [`post`]: one request; [`lock`]: the Web Lock that keeps tabs apart; [`receipts`]: the endpoint's 2xx
//!   per result in IndexedDB, which every tab sees at once (localStorage is not read consistently across
//!   tabs, even under the lock).
//! - [`unkept`] (kiosk): results storage refused, held in memory until kept, delivered or exported.

#[cfg(target_arch = "wasm32")]
pub mod handoff;
#[cfg(target_arch = "wasm32")]
mod lock;
#[cfg(target_arch = "wasm32")]
pub mod post;
#[cfg(target_arch = "wasm32")]
mod receipts;
pub mod rules;
#[cfg(target_arch = "wasm32")]
pub mod sender;
pub mod storage_level;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
pub mod unkept;
pub mod watch;

#[cfg(target_arch = "wasm32")]
pub use web::*;

/// The page-side half: storage, requests and the loop, in the browser only.
#[cfg(target_arch = "wasm32")]
mod web {
    use super::rules::Entry;
    use super::{sender, store};
    use psm_core::payload::ResultPayload;
    use std::cell::RefCell;

    pub use super::sender::{attach, Attachment};
    pub use super::store::StoreError;

    /// Page-wide state of the outbox (the delivery loop, a kiosk's unkept results). The widget's wasm is
    /// single-threaded (no atomics, no workers share its memory: see the allocator in lib.rs), so a plain
    /// static serves, and unlike `thread_local!` it adds no access code at each of its many uses.
    pub struct Global<T>(RefCell<T>);

    // SAFETY: single-threaded wasm, as above: no second thread can reach the cell.
    unsafe impl<T> Sync for Global<T> {}

    impl<T> Global<T> {
        pub const fn new(value: T) -> Self {
            Global(RefCell::new(value))
        }

        #[inline(always)]
        pub fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
            f(&self.0)
        }
    }

    /// Milliseconds since the Unix epoch (local clock; used only on this device, never sent).
    pub fn now_ms() -> u64 {
        js_sys::Date::now() as u64
    }

    /// The outbox entry for a finished result. `keep`: stay after delivery (kiosk export); only the kiosk
    /// build exports results, and `cfg!` keeps the CSV writer out of the other builds' wasm.
    pub fn entry_for(payload: &ResultPayload, endpoint: Option<&str>, keep: bool) -> Entry {
        let to = endpoint.map(str::to_string);
        if keep && cfg!(feature = "kiosk") {
            Entry::kept(payload, to, now_ms())
        } else {
            Entry::new(payload, to, now_ms())
        }
    }

    /// Writes a finished result to the outbox and starts delivering it. Returns only after the write, so the
    /// caller may show the result screen knowing the result survives a reload.
    pub fn enqueue(entry: &Entry) -> Result<(), StoreError> {
        store::save(entry)?;
        if entry.endpoint.is_some() {
            sender::owe(&entry.id);
        }
        Ok(())
    }
}
