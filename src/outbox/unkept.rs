//! Kiosk results that storage refused (full, blocked): held in this page's memory, so the kiosk can
//! refuse the next candidate until each one is kept after all (staff freed room), delivered (a direct
//! POST got a 2xx), or written to an export file by staff. Nothing here survives a reload, which is why
//! the kiosk stops taking candidates while anything is here.

use super::{store, Global};
use crate::outbox::rules::Entry;

static UNKEPT: Global<Vec<Entry>> = Global::new(Vec::new());

pub fn hold(entry: Entry) {
    UNKEPT.with(|u| u.borrow_mut().push(entry));
}

/// The server has it: nothing left to keep.
pub fn delivered(id: &str) {
    UNKEPT.with(|u| u.borrow_mut().retain(|e| e.id != id));
}

/// Writes what storage now takes; returns how many are still held.
pub fn retry() -> usize {
    UNKEPT.with(|u| {
        let mut u = u.borrow_mut();
        u.retain(|e| store::save(e).is_err());
        u.len()
    })
}

pub fn count() -> usize {
    UNKEPT.with(|u| u.borrow().len())
}

/// Copies for an export, marked as exported.
pub fn for_export() -> Vec<Entry> {
    UNKEPT.with(|u| u.borrow().clone())
}

/// These were written to an export file: the file keeps them now.
pub fn exported(ids: &[String]) {
    UNKEPT.with(|u| u.borrow_mut().retain(|e| !ids.contains(&e.id)));
}
