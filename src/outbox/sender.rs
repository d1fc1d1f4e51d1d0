//! The page's delivery loop. Every mounted quiz holds an [`Attachment`]; while at least one exists the loop
//! listens for the browser coming online and the page becoming visible, and keeps one timer for the next
//! due result. Offline (or with storage refusing to record an attempt) it sleeps with a growing backoff,
//! never waking more than once a second (`super::watch`). When the last quiz is destroyed
//! both are removed, so nothing is left running, unless a result finished on this page is still on its
//! way: a host that removes the quiz as soon as `psm-complete` arrives must not strand its result until
//! some later visit, so the loop goes on until that result is delivered or refused (or the page closes).
//! Results queued from earlier visits go out on the next mount (after a reload or a browser restart too).
//!
//! Exactly once across tabs: a pass runs under a Web Lock shared by every tab of the origin, so two tabs
//! never POST at the same time; each entry is also leased in storage before its request (see
//! `crate::outbox::rules::LEASE_MS`) where Web Locks are missing. The lock does not make localStorage
//! consistent, though: a tab may read it from a view that has not yet seen another tab's last writes. So
//! the endpoint's 2xx is also written as a receipt to IndexedDB before the lock is released, and checked
//! before each request (`super::receipts`); and every read-modify-write of an entry happens under the lock
//! (the `online` event only marks the backoff to be skipped), so no tab writes a delivered result back
//! from a stale view outside it. The submission id keeps a rare double POST (a crash between the server's
//! answer and the receipt) idempotent for the server.

use super::lock::exclusive;
use super::post::post;
use super::{now_ms, receipts, store, Global};
use crate::bridge::monotonic_ms;
use crate::outbox::rules::{next_wake_ms, receipt_listed, receipts_with, Answer, Entry, Outcome};
use crate::outbox::watch::{wake_after_ms, Unreachable};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use psm_core::codes;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;

/// Told when a result needs the host's attention: `(code, message)`, for `psm-error`.
pub type OnTrouble = Rc<dyn Fn(&str, &str)>;

struct Listener {
    id: u32,
    endpoint: Option<String>,
    on_trouble: OnTrouble,
}

struct Loop {
    next_id: u32,
    listeners: Vec<Listener>,
    timer: Option<Timeout>,
    /// `online`, `visibilitychange` and `pagehide` on the window/document, while a quiz is attached.
    events: Vec<EventListener>,
    running: bool,
    again: bool,
    /// Passes in a row that ended with a result due but not sent (offline, or its record not written).
    stalled: u32,
    /// The network came back since the last pass: the next pass skips the remaining backoff.
    network_back: bool,
    unreachable: Unreachable,
    /// Leases this tab holds for requests in flight: `(id, leased_at)`, given back on `pagehide`.
    in_flight: Vec<(String, u64)>,
    /// Results whose outcome could not be written (storage full): not sent again from this page while
    /// the write is retried, so a full disk cannot turn into repeated POSTs.
    unrecorded: Vec<Entry>,
    /// Submission ids of results finished on this page and still waiting to be sent: they keep the loop
    /// running after the last quiz is destroyed.
    owed: Vec<String>,
}

impl Loop {
    /// A quiz is mounted, or a result finished here still waits.
    fn active(&self) -> bool {
        !self.listeners.is_empty() || !self.owed.is_empty()
    }
}

static LOOP: Global<Loop> = Global::new(Loop {
    next_id: 0,
    listeners: Vec::new(),
    timer: None,
    events: Vec::new(),
    running: false,
    again: false,
    stalled: 0,
    network_back: false,
    unreachable: Unreachable::new(),
    in_flight: Vec::new(),
    unrecorded: Vec::new(),
    owed: Vec::new(),
});

/// Held by a mounted quiz; dropping it detaches (and stops the loop when it was the last one).
pub struct Attachment {
    id: u32,
}

impl Drop for Attachment {
    fn drop(&mut self) {
        LOOP.with(|l| {
            let mut l = l.borrow_mut();
            l.listeners.retain(|x| x.id != self.id);
            if !l.active() {
                l.timer = None; // dropping a gloo Timeout clears it
                l.events.clear(); // dropping a gloo EventListener removes it
            }
        });
    }
}

/// Attaches a quiz to the loop and starts a pass over the outbox (results left from earlier visits too).
pub fn attach(endpoint: Option<String>, on_trouble: OnTrouble) -> Attachment {
    let id = LOOP.with(|l| {
        let mut l = l.borrow_mut();
        l.next_id = l.next_id.wrapping_add(1);
        let id = l.next_id;
        l.listeners.push(Listener {
            id,
            endpoint,
            on_trouble,
        });
        if l.events.is_empty() {
            l.events = page_events();
        }
        id
    });
    kick();
    Attachment { id }
}

fn page_events() -> Vec<EventListener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let mut events = vec![
        EventListener::new(&window, "online", |_| network_returned()),
        EventListener::new(&window, "pagehide", |_| release_leases()),
    ];
    if let Some(document) = window.document() {
        let doc = document.clone();
        events.push(EventListener::new(
            &document,
            "visibilitychange",
            move |_| {
                if !doc.hidden() {
                    LOOP.with(|l| l.borrow_mut().stalled = 0);
                    kick();
                }
            },
        ));
    }
    events
}

/// A result finished on this page was stored for `endpoint`: sent even if its quiz is destroyed first.
pub fn owe(id: &str) {
    LOOP.with(|l| l.borrow_mut().owed.push(id.to_string()));
    kick();
}

/// Runs a pass now (or right after the one running).
pub fn kick() {
    let start = LOOP.with(|l| {
        let mut l = l.borrow_mut();
        if !l.active() {
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

/// The network is back (browser `online` event, or the operator says so): the next pass skips the remaining
/// backoff. Nothing is written here, outside the lock: an entry read and written back from this tab's view
/// of storage could bring back a result another tab has just delivered and removed.
pub fn network_returned() {
    LOOP.with(|l| {
        let mut l = l.borrow_mut();
        l.stalled = 0;
        l.network_back = true;
    });
    kick();
}

/// The page is going away and its requests with it: give their leases back so the next page (a reload)
/// sends them at once instead of waiting for the leases to expire.
fn release_leases() {
    let taken = LOOP.with(|l| std::mem::take(&mut l.borrow_mut().in_flight));
    for (id, leased_at) in taken {
        if let Some(mut e) = store::load(&id) {
            e.release(leased_at);
            let _ = store::save(&e);
        }
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Sends every due result once, then sets the timer for the next one. The lock is taken offline too: the
/// pass then only writes capped times back (`store::load_all_locked`), so a deadline capped after the clock
/// went back stays put and the timer backs off, instead of waking every few seconds all day.
async fn pass() {
    loop {
        retry_unrecorded();
        exclusive(send_due).await;
        let again = LOOP.with(|l| {
            let mut l = l.borrow_mut();
            let again = l.again && l.active();
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
    let all = store::load_all_locked();
    if !online() {
        return;
    }
    let back = LOOP.with(|l| std::mem::take(&mut l.borrow_mut().network_back));
    let now = now_ms();
    let due: Vec<String> = all
        .into_iter()
        .filter_map(|mut e| {
            if back {
                e.network_returned(now);
            }
            (e.is_due(now) && !unrecorded(&e.id)).then_some(e.id)
        })
        .collect();
    if due.is_empty() {
        return;
    }
    // Read after the lock was taken: every receipt of the tabs that held it before is in.
    let mut receipts = receipts::read().await;
    for id in due {
        if !attached() || !online() {
            break;
        }
        if receipts.as_deref().is_some_and(|r| receipt_listed(r, &id)) {
            settle_delivered(&id);
        } else if send(&id, back).await {
            if let Some(r) = receipts.as_mut() {
                *r = receipts_with(r, &id, now_ms());
                receipts::write(r).await; // committed before the lock goes to another tab
            }
        }
    }
}

/// Another tab already delivered this result, and this tab's view of storage does not show it yet.
fn settle_delivered(id: &str) {
    if let Some(mut entry) = store::load_locked(id) {
        entry.delivered_elsewhere();
        if !record_stored(&entry) {
            LOOP.with(|l| l.borrow_mut().unrecorded.push(entry));
        }
    }
}

fn attached() -> bool {
    LOOP.with(|l| l.borrow().active())
}

fn unrecorded(id: &str) -> bool {
    LOOP.with(|l| l.borrow().unrecorded.iter().any(|e| e.id == id))
}

/// Writes outcomes that storage refused earlier, now that it may have room.
fn retry_unrecorded() {
    let pending = LOOP.with(|l| std::mem::take(&mut l.borrow_mut().unrecorded));
    let left: Vec<Entry> = pending.into_iter().filter(|e| !record_stored(e)).collect();
    LOOP.with(|l| l.borrow_mut().unrecorded.extend(left));
}

/// Stores an attempt's outcome; false when storage refused it.
fn record_stored(entry: &Entry) -> bool {
    if entry.should_remove() {
        store::remove(&entry.id);
        true
    } else {
        store::save(entry).is_ok()
    }
}

fn schedule() {
    if !attached() {
        return;
    }
    let entries = store::load_all();
    let next = next_wake_ms(&entries, now_ms());
    LOOP.with(|l| {
        let mut l = l.borrow_mut();
        // A result owed no longer waits once delivered, refused or gone (an operator cleared it).
        let l = &mut *l;
        let unrecorded = &l.unrecorded;
        l.owed.retain(|id| {
            unrecorded.iter().any(|e| &e.id == id)
                || entries.iter().any(|e| &e.id == id && e.is_waiting())
        });
        if !l.active() {
            l.timer = None;
            l.events.clear(); // the last quiz went before its result: now nothing is left running
            return;
        }
        // Still due right after a pass: it could not go (offline, or its record was refused).
        let stuck = next == Some(0) || !l.unrecorded.is_empty();
        l.stalled = if stuck {
            l.stalled.saturating_add(1)
        } else {
            0
        };
        let next = if l.unrecorded.is_empty() {
            next
        } else {
            Some(0)
        };
        let wait = wake_after_ms(next, l.stalled, js_sys::Math::random());
        l.timer = wait.map(|ms| {
            let ms = ms.min(i32::MAX as u64) as u32; // a browser timer's range
                                                     // kick() drops this timer: let the callback return first.
            Timeout::new(ms, || spawn_local(async { kick() }))
        });
    });
}

/// One attempt for one result (under the lock); true when the endpoint answered 2xx. Re-reads it first:
/// another tab may have taken or finished it meanwhile. `back`: the network returned, the backoff is
/// skipped.
async fn send(id: &str, back: bool) -> bool {
    let Some(mut entry) = store::load_locked(id) else {
        return false;
    };
    let leased_at = now_ms();
    if back {
        entry.network_returned(leased_at);
    }
    if !entry.is_due(leased_at) {
        return false;
    }
    entry.lease(leased_at);
    // A lease that cannot be written (storage full) does not stop the attempt: the Web Lock is what
    // keeps tabs apart, the lease only covers browsers without it, and the submission id keeps a rare
    // second POST idempotent. Not sending would strand the result.
    if store::save(&entry).is_ok() {
        LOOP.with(|l| l.borrow_mut().in_flight.push((id.to_string(), leased_at)));
    }
    let (answer, retry_after) = post(&entry).await;
    LOOP.with(|l| l.borrow_mut().in_flight.retain(|(x, _)| x != id));
    // Record on the freshest copy; the outcome of this request is what counts.
    let mut entry = store::load_locked(id).unwrap_or(entry);
    let outcome = entry.record(answer, now_ms(), js_sys::Math::random(), retry_after);
    if !record_stored(&entry) {
        LOOP.with(|l| l.borrow_mut().unrecorded.push(entry.clone()));
    }
    if let Outcome::Rejected(code) = outcome {
        report(&entry, code, &rejection_message(&entry, answer));
    }
    let now = monotonic_ms() as u64;
    let unreachable = LOOP.with(|l| {
        let mut l = l.borrow_mut();
        l.unreachable
            .record(answer != Answer::None, now)
            .then(|| l.unreachable.run(now))
    });
    if let Some((attempts, lasted_ms)) = unreachable {
        let message = format!(
            "endpoint: no answer from {} in {attempts} attempts over {} s (network down, server off, or its \
             CORS does not allow this page's origin); results are kept on this device and retried",
            entry.endpoint.as_deref().unwrap_or_default(),
            lasted_ms / 1_000
        );
        report(&entry, codes::DELIVERY_UNREACHABLE, &message);
    }
    outcome == Outcome::Delivered
}

fn rejection_message(entry: &Entry, answer: Answer) -> String {
    let (what, fix) = match answer {
        Answer::Status(300..=399) | Answer::Redirect => (
            "a redirect",
            "a redirect is never delivery: set the final URL as the endpoint",
        ),
        _ => ("a refusal", "it will not be sent again"),
    };
    let status = entry
        .last_status
        .map_or_else(|| "3xx".to_string(), |s| s.to_string());
    format!(
        "endpoint: the server answered result {} with {what} (HTTP {status}); {fix}; the result is kept on this device for export",
        entry.id
    )
}

/// One report per event: to the first quiz on this page that sends to the same endpoint.
fn report(entry: &Entry, code: &str, message: &str) {
    let target = LOOP.with(|l| {
        let l = l.borrow();
        l.listeners
            .iter()
            .find(|x| x.endpoint == entry.endpoint)
            .or(l.listeners.first())
            .map(|x| x.on_trouble.clone())
    });
    if let Some(cb) = target {
        cb(code, message);
    }
}
