//! The page's delivery loop. Every mounted quiz holds an [`Attachment`]; while at least one exists the loop
//! listens for the browser coming online and keeps one timer for the next due result. When the last quiz is
//! destroyed both are removed, so nothing is left running; results still queued go out on the next mount
//! (after a reload or a browser restart too). Two tabs do not POST the same result at once: a pass runs
//! under a Web Lock shared by every tab of the origin, and each entry is also leased in storage before its
//! request (see `psm_core::delivery::LEASE_MS`) where Web Locks are missing. The submission id keeps a rare
//! double POST (a crash between the server's answer and the local record) idempotent for the server.

use super::{now_ms, store};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use psm_core::delivery::{next_wake_ms, parse_retry_after, Entry, Outcome, CODE_REJECTED};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};
use web_sys::{
    AbortSignal, Headers, ReferrerPolicy, Request, RequestCache, RequestCredentials, RequestInit,
    Response,
};

/// The Web Lock every tab of the origin takes for a pass over the outbox.
const LOCK_NAME: &str = "psm-outbox";

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys has it only behind its unstable-API flag).
    type LockManager;
    #[wasm_bindgen(method, catch)]
    fn request(
        this: &LockManager,
        name: &str,
        callback: &js_sys::Function,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Runs `work()` while holding the origin-wide outbox lock; without Web Locks, runs it as is.
async fn exclusive<F, Fut>(work: F)
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|v| v.is_object());
    let Some(locks) = locks else {
        return work().await;
    };
    let work = std::rc::Rc::new(work);
    let ran = std::rc::Rc::new(std::cell::Cell::new(false));
    let callback = {
        let (work, ran) = (work.clone(), ran.clone());
        Closure::once_into_js(move |_lock: JsValue| {
            ran.set(true);
            future_to_promise(async move {
                work().await;
                Ok(JsValue::UNDEFINED)
            })
        })
    };
    let granted = match locks
        .unchecked_into::<LockManager>()
        .request(LOCK_NAME, callback.unchecked_ref())
    {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    };
    if !granted && !ran.get() {
        work().await; // the lock could not be taken (sandboxed frame): the storage lease still guards
    }
}

/// A request that has not answered in this long counts as a network failure.
const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// Told when the endpoint refuses a result: `(code, message)`, for `psm-error`.
pub type OnRejected = Rc<dyn Fn(&str, &str)>;

struct Listener {
    id: u32,
    endpoint: Option<String>,
    on_rejected: OnRejected,
}

#[derive(Default)]
struct Loop {
    next_id: u32,
    listeners: Vec<Listener>,
    timer: Option<Timeout>,
    online: Option<EventListener>,
    running: bool,
    again: bool,
}

thread_local! {
    static LOOP: RefCell<Loop> = RefCell::new(Loop::default());
}

/// Held by a mounted quiz; dropping it detaches (and stops the loop when it was the last one).
pub struct Attachment {
    id: u32,
}

impl Drop for Attachment {
    fn drop(&mut self) {
        LOOP.with(|l| {
            let mut l = l.borrow_mut();
            l.listeners.retain(|x| x.id != self.id);
            if l.listeners.is_empty() {
                l.timer = None; // dropping a gloo Timeout clears it
                l.online = None; // dropping a gloo EventListener removes it
            }
        });
    }
}

/// Attaches a quiz to the loop and starts a pass over the outbox (results left from earlier visits too).
pub fn attach(endpoint: Option<String>, on_rejected: OnRejected) -> Attachment {
    let id = LOOP.with(|l| {
        let mut l = l.borrow_mut();
        l.next_id = l.next_id.wrapping_add(1);
        let id = l.next_id;
        l.listeners.push(Listener {
            id,
            endpoint,
            on_rejected,
        });
        if l.online.is_none() {
            if let Some(window) = web_sys::window() {
                l.online = Some(EventListener::new(&window, "online", |_| {
                    network_returned()
                }));
            }
        }
        id
    });
    kick();
    Attachment { id }
}

/// Runs a pass now (or right after the one running).
pub fn kick() {
    let start = LOOP.with(|l| {
        let mut l = l.borrow_mut();
        if l.listeners.is_empty() {
            return false;
        }
        if l.running {
            l.again = true;
            return false;
        }
        l.running = true;
        l.again = false;
        l.timer = None;
        true
    });
    if start {
        spawn_local(pass());
    }
}

/// The network is back (browser `online` event, or the operator says so): skip the remaining backoff.
pub fn network_returned() {
    let now = now_ms();
    for mut e in store::load_all() {
        let before = e.next_at;
        e.network_returned(now);
        if e.next_at != before {
            let _ = store::save(&e);
        }
    }
    kick();
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Sends every due result once, then sets the timer for the next one.
async fn pass() {
    loop {
        if online() {
            exclusive(send_due).await;
        }
        let again = LOOP.with(|l| {
            let mut l = l.borrow_mut();
            let again = l.again && !l.listeners.is_empty();
            l.again = false;
            if !again {
                l.running = false;
            }
            again
        });
        if !again {
            break;
        }
    }
    schedule();
}

/// Under the lock: read the outbox fresh (another tab may just have sent some) and send what is due.
async fn send_due() {
    let due: Vec<String> = store::load_all()
        .into_iter()
        .filter(|e| e.is_due(now_ms()))
        .map(|e| e.id)
        .collect();
    for id in due {
        if !attached() {
            break;
        }
        send(&id).await;
    }
}

fn attached() -> bool {
    LOOP.with(|l| !l.borrow().listeners.is_empty())
}

fn schedule() {
    if !attached() {
        return;
    }
    let wait = next_wake_ms(&store::load_all(), now_ms());
    LOOP.with(|l| {
        let mut l = l.borrow_mut();
        l.timer = wait.map(|ms| {
            // At least 50 ms (a lease held by another tab), at most a browser timer's range.
            let ms = ms.clamp(50, i32::MAX as u64) as u32;
            // kick() drops this timer: let the callback return first.
            Timeout::new(ms, || spawn_local(async { kick() }))
        });
    });
}

/// One attempt for one result. Re-reads it first: another tab may have taken or finished it meanwhile.
async fn send(id: &str) {
    let Some(mut entry) = store::load(id) else {
        return;
    };
    if !entry.is_due(now_ms()) {
        return;
    }
    entry.lease(now_ms());
    if store::save(&entry).is_err() {
        return; // cannot record a lease: do not risk a request nobody can record
    }
    let (status, retry_after) = post(&entry).await;
    // Record on the freshest copy; the outcome of this request is what counts.
    let mut entry = store::load(id).unwrap_or(entry);
    let outcome = entry.record(status, now_ms(), js_sys::Math::random(), retry_after);
    if entry.should_remove() {
        store::remove(id);
    } else {
        let _ = store::save(&entry);
    }
    if outcome == Outcome::Rejected {
        report_rejection(&entry);
    }
}

fn report_rejection(entry: &Entry) {
    let status = entry.last_status.unwrap_or(0);
    let message = format!(
        "endpoint: the server refused result {} with HTTP {status}; it is kept on this device for export",
        entry.id
    );
    // One report per result: to the first quiz on this page that sends to the same endpoint.
    let target = LOOP.with(|l| {
        let l = l.borrow();
        l.listeners
            .iter()
            .find(|x| x.endpoint == entry.endpoint)
            .or(l.listeners.first())
            .map(|x| x.on_rejected.clone())
    });
    if let Some(cb) = target {
        cb(CODE_REJECTED, &message);
    }
}

/// POSTs the payload as JSON. Returns the HTTP status (None: no answer) and a Retry-After in seconds.
/// No cookies and no Referer go with it: the request identifies nobody.
async fn post(entry: &Entry) -> (Option<u16>, Option<u64>) {
    let Some(endpoint) = entry.endpoint.as_deref() else {
        return (None, None);
    };
    let Some(window) = web_sys::window() else {
        return (None, None);
    };
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body_opt_str(Some(&entry.payload));
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS)));
    if let Ok(headers) = Headers::new() {
        let _ = headers.set("Content-Type", "application/json");
        init.set_headers_headers(&headers);
    }
    let Ok(request) = Request::new_with_str_and_init(endpoint, &init) else {
        return (None, None);
    };
    match JsFuture::from(window.fetch_with_request(&request)).await {
        Ok(value) => match value.dyn_into::<Response>() {
            Ok(response) => {
                let retry_after = response
                    .headers()
                    .get("Retry-After")
                    .ok()
                    .flatten()
                    .and_then(|v| parse_retry_after(&v));
                (Some(response.status()), retry_after)
            }
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    }
}
