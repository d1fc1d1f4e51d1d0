//! Receipts: the submission ids the endpoint has answered 2xx, kept in IndexedDB, the one store every tab
//! of the origin reads consistently. localStorage is not that store: Chromium serves it to each tab from
//! a cache of its own that learns of other tabs' writes later, so a tab that takes the outbox's Web Lock
//! right after another tab delivered a result (and removed it) can still see that result pending and POST
//! it again. A receipt is committed before the Web Lock is released and read after it is taken, and an
//! IndexedDB transaction goes to the browser's one copy, so the next tab sees it (see
//! [`crate::outbox::sender`]). How long receipts are kept: [`crate::outbox::rules::RECEIPT_KEEP_MS`].
//!
//! Without IndexedDB (blocked, broken) every call answers "no receipt" and writes nothing: delivery goes on
//! under the Web Lock and the storage lease as before, rather than stranding results.

use super::Global;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "psm-outbox";
const STORE: &str = "receipts";
/// The one record in [`STORE`]: every receipt in one text, read and written whole.
const KEY: &str = "delivered";

/// The open database, once a pass has opened it (one per page).
static DB: Global<Option<IdbDatabase>> = Global::new(None);

/// How long opening the database may take before IndexedDB counts as unusable: a pass waits on it while
/// holding the Web Lock, and a browser that never answers (some private modes) must not stop delivery in
/// every tab. Requests on an open database always end in success, error or abort.
const OPEN_WAIT_MS: i32 = 5_000;

/// Waits for the first of the `done` events of a request (`success`) or a transaction (`complete`), and
/// gives that event; an error or an abort (or, given `within_ms`, no answer in that time) is `Err`.
/// Listens from the call on (not from the first poll), so an event cannot be missed.
fn settled(target: &web_sys::EventTarget, done: &[&str], within_ms: Option<i32>) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on = |name: &str, f: &js_sys::Function| {
            let _ = target.add_event_listener_with_callback(name, f);
        };
        for name in done {
            on(name, &resolve);
        }
        on("error", &reject);
        on("abort", &reject);
        if let (Some(ms), Some(w)) = (within_ms, web_sys::window()) {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, ms);
        }
    });
    JsFuture::from(promise)
}

/// The database, opened (and its store created) the first time; `None` where IndexedDB is unusable.
async fn db() -> Option<IdbDatabase> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Some(db);
    }
    let factory = web_sys::window()?.indexed_db().ok().flatten()?;
    let open = factory.open_with_u32(DB_NAME, 1).ok()?;
    let first = settled(&open, &["upgradeneeded", "success"], Some(OPEN_WAIT_MS));
    let first: web_sys::Event = first.await.ok()?.unchecked_into();
    let db: IdbDatabase = open.result().ok()?.dyn_into().ok()?;
    if first.type_() == "upgradeneeded" {
        // A new database: its store is made now, in this event's microtasks, while the upgrade may still
        // change the database; then the open completes.
        let _ = db.create_object_store(STORE);
        settled(&open, &["success"], Some(OPEN_WAIT_MS))
            .await
            .ok()?;
    }
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Some(db)
}

/// A transaction on the receipts. A database the browser closed (site data cleared) is dropped, so the
/// next call opens it again.
fn store(db: &IdbDatabase, mode: IdbTransactionMode) -> Option<(IdbTransaction, IdbObjectStore)> {
    let tx = db.transaction_with_str_and_mode(STORE, mode).ok();
    let Some(tx) = tx else {
        DB.with(|d| *d.borrow_mut() = None);
        return None;
    };
    let store = tx.object_store(STORE).ok()?;
    Some((tx, store))
}

/// The receipts' text ([`crate::outbox::rules::receipts_with`]): empty when none were written yet, `None`
/// when IndexedDB is unusable (then no receipt is written either).
pub async fn read() -> Option<String> {
    let db = db().await?;
    let (_, store) = store(&db, IdbTransactionMode::Readonly)?;
    let request = store.get(&KEY.into()).ok()?;
    settled(&request, &["success"], None).await.ok()?;
    Some(request.result().ok()?.as_string().unwrap_or_default())
}

/// Replaces the receipts' text; returns once the write is committed (or failed). Only the tab holding the
/// Web Lock writes it, so reading it at the start of a pass and writing it back loses nothing.
pub async fn write(text: &str) {
    let Some((tx, store)) = db()
        .await
        .and_then(|db| store(&db, IdbTransactionMode::Readwrite))
    else {
        return;
    };
    let committed = settled(&tx, &["complete"], None);
    if store.put_with_key(&text.into(), &KEY.into()).is_ok() {
        let _ = committed.await;
    }
}
