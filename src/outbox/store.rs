//! The outbox in localStorage: one key per result (`psm-outbox/1/<submission id>`), so results of
//! several quizzes on a page never collide and each write is whole. localStorage is synchronous: when
//! `save` returns, the result is stored. A failed write (private mode, quota) is an error the caller shows.

use psm_core::delivery::{self, Entry, KEY_PREFIX};
#[cfg(feature = "kiosk")]
use psm_core::kiosk::{storage_level, StorageLevel, RESERVE_BYTES};
use psm_core::sorted_map::sort_order;
use web_sys::Storage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// No localStorage (disabled, private mode in some browsers, sandboxed frame).
    Unavailable,
    /// The write was refused (quota exceeded).
    Full,
}

#[cfg(feature = "kiosk")]
const PROBE_KEY: &str = "psm-outbox-probe";

pub fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn save(entry: &Entry) -> Result<(), StoreError> {
    let s = storage().ok_or(StoreError::Unavailable)?;
    s.set_item(&entry.key(), &entry.to_json())
        .map_err(|_| StoreError::Full)
}

pub fn load(id: &str) -> Option<Entry> {
    let raw = storage()?.get_item(&delivery::key(id)).ok().flatten()?;
    read(&raw)
}

/// A stored item read with the browser's JSON; a corrupt one is `None`.
fn read(raw: &str) -> Option<Entry> {
    let value = crate::js_value::parse(raw, psm_core::codes::PAYLOAD_JSON).ok()?;
    Entry::from_value(&value).ok()
}

pub fn remove(id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&delivery::key(id));
    }
}

/// Every readable entry, in key order (stable across reloads). Corrupt entries are skipped, never deleted:
/// an operator can still find them in the browser's storage.
pub fn load_all() -> Vec<Entry> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX))
        .collect();
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    sort_order(&names)
        .into_iter()
        .map(|i| &keys[i])
        .filter_map(|k| s.get_item(k).ok().flatten())
        .filter_map(|raw| read(&raw))
        .collect()
}

/// Removes delivered results (the operator confirmed); returns how many.
#[cfg(feature = "kiosk")]
pub fn clear_delivered() -> usize {
    let mut n = 0;
    for e in load_all() {
        if e.state == delivery::State::Delivered {
            remove(&e.id);
            n += 1;
        }
    }
    n
}

/// Whether results can still be kept: a write of a reserve-sized probe must succeed (kiosk banner, panel).
#[cfg(feature = "kiosk")]
pub fn level() -> StorageLevel {
    let Some(s) = storage() else {
        return storage_level(false, false, None, None);
    };
    // localStorage counts UTF-16 code units: half the reserve in chars is the reserve in bytes.
    let probe = "0".repeat((RESERVE_BYTES / 2) as usize);
    let ok = s.set_item(PROBE_KEY, &probe).is_ok();
    let _ = s.remove_item(PROBE_KEY);
    storage_level(true, ok, None, None)
}
