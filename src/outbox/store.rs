//! The outbox in localStorage: one key per result (`psm-outbox/1/<submission id>`), so results of
//! several quizzes on a page never collide and each write is whole. localStorage is synchronous: when
//! `save` returns, the result is stored. A failed write (private mode, quota) is an error the caller shows.
//! Every read caps the entry's stored times relative to the clock (`Entry::cap_times`), so a clock corrected
//! backwards cannot strand a result behind an old deadline. Only the reads made under the outbox's Web Lock
//! (`load_locked`, `load_all_locked`) write a capped entry back, which keeps a capped deadline from moving on
//! with every read: a read outside the lock may see another tab's entry as it was before that tab's last
//! write (each tab's localStorage cache learns of other tabs' writes late), and writing that old copy back
//! would undo a delivery or a refusal.

use super::now_ms;
use crate::outbox::rules::{self, Entry, KEY_PREFIX};
#[cfg(feature = "kiosk")]
use crate::outbox::storage_level::{storage_level, StorageLevel, RESERVE_BYTES};
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

/// The stored text of an entry: the browser's `JSON.stringify`, byte for byte what `Entry::to_json` writes
/// natively (tests/web_js_value.rs compares them on the pinned entry).
/// `None` for an entry JSON cannot hold exactly (a time beyond `Number.MAX_SAFE_INTEGER`).
pub fn text(entry: &Entry) -> Option<String> {
    crate::js_value::stringify(entry)
}

/// Writes the entry. One that has no exact JSON text is refused, never written as an empty text over the
/// stored one (which would lose the result).
pub fn save(entry: &Entry) -> Result<(), StoreError> {
    let s = storage().ok_or(StoreError::Unavailable)?;
    let text = text(entry).ok_or(StoreError::Unavailable)?;
    s.set_item(&entry.key(), &text)
        .map_err(|_| StoreError::Full)
}

/// A stored entry as it may be used now (times capped), written back when the cap changed it and `locked`.
/// Read with the browser's JSON, walked like a config; a corrupt one is `None`.
fn read(raw: &str, locked: bool) -> Option<Entry> {
    let value = crate::js_value::parse(raw, psm_core::codes::PAYLOAD_JSON).ok()?;
    let mut entry = Entry::from_value(&value).ok()?;
    if entry.cap_times(now_ms()) && locked {
        let _ = save(&entry);
    }
    Some(entry)
}

fn load_with(id: &str, locked: bool) -> Option<Entry> {
    let raw = storage()?.get_item(&rules::key(id)).ok().flatten()?;
    read(&raw, locked)
}

/// The entry as it may be used now; nothing is written.
pub fn load(id: &str) -> Option<Entry> {
    load_with(id, false)
}

/// Under the outbox's lock: the entry, its capped times written back.
pub fn load_locked(id: &str) -> Option<Entry> {
    load_with(id, true)
}

pub fn remove(id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&rules::key(id));
    }
}

/// Every readable entry, in key order (stable across reloads); nothing is written. Corrupt entries are
/// skipped, never deleted: an operator can still find them in the browser's storage.
pub fn load_all() -> Vec<Entry> {
    load_all_with(false)
}

/// Under the outbox's lock: every entry, capped times written back.
pub fn load_all_locked() -> Vec<Entry> {
    load_all_with(true)
}

fn load_all_with(locked: bool) -> Vec<Entry> {
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
        .filter_map(|raw| read(&raw, locked))
        .collect()
}

/// Removes what staff chose to clear (after their confirmation); returns how many.
#[cfg(feature = "kiosk")]
pub fn clear(scope: rules::Clear) -> usize {
    let mut n = 0;
    for e in load_all() {
        if e.clears(scope) {
            remove(&e.id);
            n += 1;
        }
    }
    n
}

/// Marks these results as written to an export file. A mark that cannot be written leaves the result
/// "not exported", the safe side: clearing it then needs the second confirmation.
#[cfg(feature = "kiosk")]
pub fn mark_exported(ids: &[String]) {
    for id in ids {
        if let Some(mut e) = load(id) {
            if !e.exported {
                e.exported = true;
                let _ = save(&e);
            }
        }
    }
}

/// Free room in localStorage, in UTF-16 code units (what its quota counts), found by writing probes:
/// the largest probe that fits, to within 1%. Used when staff open the panel, not per result. The probes
/// are built in JS (`"0".repeat(n)`): megabytes of them in the wasm heap would stay there all day.
#[cfg(feature = "kiosk")]
pub fn free_units() -> u64 {
    use wasm_bindgen::JsCast;
    let Some(s) = storage() else {
        return 0;
    };
    let Some(set) = js_sys::Reflect::get(&s, &"setItem".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return 0;
    };
    let fits = |n: u64| {
        let probe = js_sys::JsString::from("0").repeat(n as i32);
        let ok = set.call2(&s, &PROBE_KEY.into(), &probe).is_ok();
        let _ = s.remove_item(PROBE_KEY);
        ok
    };
    // Double up to the first refusal (browsers give an origin 5-10 MB), then bisect.
    let mut low = 0u64;
    let mut high = 64 * 1024;
    while fits(high) {
        low = high;
        high *= 2;
        if high > 1 << 28 {
            return low; // no quota in sight
        }
    }
    while high - low > (high / 100).max(1024) {
        let mid = low + (high - low) / 2;
        if fits(mid) {
            low = mid;
        } else {
            high = mid;
        }
    }
    low.saturating_sub(PROBE_KEY.len() as u64)
}

/// The average room one stored result takes (key and value, UTF-16 code units); `None` with none stored.
#[cfg(feature = "kiosk")]
pub fn entry_units() -> Option<u64> {
    let all = load_all();
    let total: usize = all
        .iter()
        .map(|e| {
            e.key().encode_utf16().count() + text(e).unwrap_or_default().encode_utf16().count()
        })
        .sum();
    (!all.is_empty()).then(|| (total / all.len()) as u64)
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
