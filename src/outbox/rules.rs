//! The outbox's rules: how a finished result reaches the host's endpoint, as pure rules the outbox applies
//! (natively tested; the storage and the requests are the rest of `outbox`).
//!
//! - [`classify`]: what an [`Answer`] (an HTTP status, a redirect, or no answer) means for a result.
//! - [`retry_delay_ms`]: the backoff schedule between attempts.
//! - [`Entry`]: one result in the durable outbox (one storage key per result, see [`key`]), with the
//!   state changes of an attempt: lease, record the outcome, decide whether to keep it; which entries
//!   staff may clear ([`Clear`]).
//! - [`check_page_endpoint`]: an endpoint the browser would block from this page is refused at mount.
//!
//! The body POSTed is the payload JSON exactly as the host received it; the submission id inside it
//! makes a repeated POST idempotent for the server. Times are milliseconds since the Unix epoch; they
//! stay on the device and are never sent. A device clock can be corrected by hours while results wait,
//! so stored times are never trusted beyond what they can legitimately mean: [`Entry::cap_times`].

use psm_core::decode::{self, Obj, Path};
use psm_core::error::{codes, PsmError};
use psm_core::export::to_csv;
use psm_core::payload::{check_submission_id, ResultPayload, SCHEMA, SCHEMA_V1};
use psm_core::value::Json;
use serde::Serialize;

/// Storage key prefix of outbox entries; the version lets a later format live beside this one.
pub const KEY_PREFIX: &str = "psm-outbox/1/";
/// First retry after this long; each further failure doubles it.
pub const FIRST_RETRY_MS: u64 = 2_000;
/// The wait between attempts never grows beyond this.
pub const MAX_RETRY_MS: u64 = 10 * 60 * 1_000;
/// A tab that takes an entry holds it this long, so another tab does not POST it at the same time.
/// Longer than any sensible request; a tab that dies mid-request frees the entry when it expires.
pub const LEASE_MS: u64 = 60_000;
/// How long a receipt (the endpoint answered 2xx to this submission id, see `crate::outbox::receipts`)
/// is kept. It must outlive every stale copy of the delivered entry that a tab can still read or write
/// back from its own view of localStorage (milliseconds to seconds in practice); a day is far beyond that
/// and keeps even a kiosk's receipts to a few hundred small records.
pub const RECEIPT_KEEP_MS: u64 = 24 * 3600 * 1_000;
/// Spread of the random factor applied to each delay (±10%), so many kiosks do not retry in step.
pub const JITTER: f64 = 0.2;

/// `psm-error` code when the endpoint refuses a result (4xx other than 408/429); it is kept for export.
pub const CODE_REJECTED: &str = codes::DELIVERY_REJECTED;
/// `psm-error` code when the endpoint answers with a redirect (3xx); the result is kept for export.
pub const CODE_REDIRECTED: &str = codes::DELIVERY_REDIRECTED;
/// `psm-error` code when a finished result cannot be written to durable storage.
pub const CODE_STORAGE: &str = codes::STORAGE_UNAVAILABLE;

/// What came back from one POST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// An HTTP status the page can read.
    Status(u16),
    /// A redirect the browser was told not to follow (`redirect: "manual"`): an `opaqueredirect`
    /// response, whose status (301, 302, 303, 307, 308) the browser hides from the page.
    Redirect,
    /// No HTTP answer at all: offline, DNS, connection refused, timeout, or CORS not allowing this origin
    /// (the browser does not let a page tell these apart).
    None,
}

impl Answer {
    /// The status to show staff and hosts, when the page could read one.
    pub fn status(self) -> Option<u16> {
        match self {
            Answer::Status(s) => Some(s),
            _ => None,
        }
    }
}

/// What to do with a result after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: the server has it.
    Delivered,
    /// No answer, 408, 429 or 5xx: try again later.
    Retry,
    /// The server refuses this result, or sent it elsewhere; retrying would not help. Reported to the
    /// host with this stable code and kept for export.
    Rejected(&'static str),
}

/// Only a 2xx to the POST itself is delivery. A redirect never is: a browser following a 301/302/303
/// turns the POST into a GET whose 2xx says nothing about the result, and a 307/308 would send it to a
/// URL the host never configured. So a 3xx (readable or opaque) is kept and reported, like a 4xx.
pub fn classify(answer: Answer) -> Outcome {
    match answer {
        Answer::None => Outcome::Retry,
        Answer::Redirect | Answer::Status(300..=399) => Outcome::Rejected(CODE_REDIRECTED),
        Answer::Status(200..=299) => Outcome::Delivered,
        Answer::Status(408 | 429) | Answer::Status(500..=599) => Outcome::Retry,
        Answer::Status(_) => Outcome::Rejected(CODE_REJECTED),
    }
}

/// Wait before the next attempt after `failures` failed ones (1 = the first failure).
/// `jitter` in `[0, 1)` (a random number from the shell) spreads the delay by ±[`JITTER`]/2.
/// `retry_after_s` (a server's Retry-After in seconds) is honoured as a minimum, within the cap.
pub fn retry_delay_ms(failures: u32, jitter: f64, retry_after_s: Option<u64>) -> u64 {
    let doublings = failures.saturating_sub(1).min(20);
    let base = FIRST_RETRY_MS
        .saturating_mul(1 << doublings)
        .min(MAX_RETRY_MS);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let factor = 1.0 - JITTER / 2.0 + jitter * JITTER;
    let spread = ((base as f64) * factor) as u64;
    let floor = retry_after_s.map_or(0, |s| s.saturating_mul(1_000));
    spread.max(floor).min(MAX_RETRY_MS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Waiting to be delivered (or, without an endpoint, kept for export only).
    Pending,
    Delivered,
    /// Refused by the server (or redirected); kept for export.
    Failed,
}

/// What staff clear from the device (kiosk operator panel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clear {
    /// Results the server has, or that are in an export file: nothing is lost by deleting them.
    DeliveredOrExported,
    /// Everything, including results neither delivered nor exported (a second, explicit confirmation).
    Everything,
}

/// One result in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The payload's submission id; also the storage key suffix.
    pub id: String,
    /// Where to POST; `None` keeps the result for export only (a kiosk without an endpoint).
    pub endpoint: Option<String>,
    /// The payload JSON, byte for byte what the host received.
    pub payload: String,
    /// Instrument id and version hash, for grouping the export.
    pub instrument_id: String,
    pub instrument_sha256: String,
    /// `export::to_csv` of this payload alone (header + row), made when a kept result is stored, so
    /// the kiosk export never has to parse stored payloads back; empty for entries not kept (an embed
    /// has no export, and its wasm then carries no CSV writer).
    pub csv: String,
    pub state: State,
    /// Attempts made so far.
    pub attempts: u32,
    /// Not before this time.
    pub next_at: u64,
    /// Held by a tab until this time.
    pub lease_until: u64,
    /// Keep after delivery (kiosk: exportable until an operator clears delivered results).
    pub keep: bool,
    /// HTTP status of the last answer, for the operator panel and the error report.
    pub last_status: Option<u16>,
    /// Stable `psm-error` code of why a failed result was not delivered (`delivery_rejected`,
    /// `delivery_redirected`); `None` while pending or delivered. Absent in entries stored before it existed.
    pub failure: Option<String>,
    /// Written to an export file by staff (kiosk), so it may be cleared with a single confirmation.
    /// Absent (false) in entries stored before it existed.
    pub exported: bool,
}

const ENTRY_CODES: decode::Codes = decode::Codes::all(codes::PAYLOAD_JSON);

impl Entry {
    /// A new pending entry, removed once delivered (an embed).
    pub fn new(payload: &ResultPayload, endpoint: Option<String>, now: u64) -> Entry {
        Entry::make(payload, endpoint, false, String::new(), now)
    }

    /// A new pending entry kept after delivery for the kiosk export, with its CSV.
    pub fn kept(payload: &ResultPayload, endpoint: Option<String>, now: u64) -> Entry {
        let csv = to_csv(std::slice::from_ref(payload));
        Entry::make(payload, endpoint, true, csv, now)
    }

    fn make(
        payload: &ResultPayload,
        endpoint: Option<String>,
        keep: bool,
        csv: String,
        now: u64,
    ) -> Entry {
        Entry {
            id: payload.submission_id.clone(),
            endpoint,
            payload: payload.to_json(),
            instrument_id: payload.instrument.id.clone(),
            instrument_sha256: payload.instrument.sha256.clone(),
            csv,
            state: State::Pending,
            attempts: 0,
            next_at: now,
            lease_until: 0,
            keep,
            last_status: None,
            failure: None,
            exported: false,
        }
    }

    /// Reads a stored entry; a corrupt one is an error (the shell leaves it alone, never sends it).
    /// The payload is checked for what delivery relies on (its schema and its submission id), not
    /// parsed: it is sent and exported byte for byte as it was built.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn from_json(json: &str) -> Result<Entry, PsmError> {
        let entry = decode::from_str(json, &ENTRY_CODES, |v, p| Entry::read(v, &p.key("outbox")))?;
        Entry::checked(entry)
    }

    /// [`Entry::from_json`] of a value already read (in the widget: the browser's `JSON.parse` of the item).
    pub fn from_value(value: &Json) -> Result<Entry, PsmError> {
        Entry::checked(Entry::read(value, &Path::root(&ENTRY_CODES).key("outbox"))?)
    }

    fn checked(entry: Entry) -> Result<Entry, PsmError> {
        check_submission_id(&entry.id).map_err(|e| e.prefixed("outbox"))?;
        let bad = |field: &str, why: &str| Err(PsmError::new(codes::PAYLOAD_JSON, field, why));
        let is_result = |schema: &str| {
            entry
                .payload
                .starts_with(&format!("{{\"schema\":\"{schema}\""))
        };
        if !is_result(SCHEMA) && !is_result(SCHEMA_V1) {
            return bad("outbox.payload", "is not a psm-result/2 or /1 payload");
        }
        if !entry
            .payload
            .contains(&format!("\"submission_id\":\"{}\"", entry.id))
        {
            return bad("outbox.id", "does not match the payload's submission_id");
        }
        if entry.keep && !entry.csv.contains(&entry.id) {
            return bad("outbox.csv", "does not hold this result");
        }
        Ok(entry)
    }

    fn read(v: &Json, path: &Path) -> Result<Entry, PsmError> {
        let o = Obj::new(
            v,
            path,
            &[
                "id",
                "endpoint",
                "payload",
                "instrument_id",
                "instrument_sha256",
                "csv",
                "state",
                "attempts",
                "next_at",
                "lease_until",
                "keep",
                "last_status",
                "failure",
                "exported",
            ],
        )?;
        Ok(Entry {
            id: o.req("id", decode::string)?,
            endpoint: o.nullable("endpoint", decode::string)?,
            payload: o.req("payload", decode::string)?,
            instrument_id: o.req("instrument_id", decode::string)?,
            instrument_sha256: o.req("instrument_sha256", decode::string)?,
            csv: o.req("csv", decode::string)?,
            state: o.req("state", |v, p| {
                let states = [
                    ("pending", State::Pending),
                    ("delivered", State::Delivered),
                    ("failed", State::Failed),
                ];
                decode::choice(v, p, &states)
            })?,
            attempts: o.req("attempts", decode::uint32)?,
            next_at: o.req("next_at", decode::uint64)?,
            lease_until: o.req("lease_until", decode::uint64)?,
            keep: o.req("keep", decode::boolean)?,
            last_status: o.nullable("last_status", decode::uint16)?,
            failure: o.nullable("failure", decode::string)?,
            exported: o.opt("exported", decode::boolean)?.unwrap_or(false),
        })
    }

    /// The stored text (native builds; the widget writes the same bytes with the browser's
    /// `JSON.stringify`, see src/outbox/store.rs).
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("outbox entry serialises")
    }

    /// The storage key of this entry.
    pub fn key(&self) -> String {
        key(&self.id)
    }

    /// The longest wait before the next attempt that this entry's history can justify: the backoff
    /// after its attempts at the top of the jitter, or the cap when the server may have asked for more
    /// (`Retry-After` comes with 429 and 503).
    fn max_wait_ms(&self) -> u64 {
        match self.last_status {
            Some(429 | 503) => MAX_RETRY_MS,
            _ => retry_delay_ms(self.attempts, 1.0, None),
        }
    }

    /// Brings stored times back within reach of `now`: a clock set back by a day must not turn a 2 s
    /// backoff or a 60 s lease into a day's stall. A clock set forward only makes things due sooner.
    /// The store applies it to every entry it reads and writes a changed one back, so the capped
    /// deadline stays put instead of moving on with the clock. Returns true when something changed.
    pub fn cap_times(&mut self, now: u64) -> bool {
        let capped = self.capped(now);
        let changed = capped != (self.next_at, self.lease_until);
        (self.next_at, self.lease_until) = capped;
        changed
    }

    fn capped(&self, now: u64) -> (u64, u64) {
        (
            self.next_at.min(now.saturating_add(self.max_wait_ms())),
            self.lease_until.min(now.saturating_add(LEASE_MS)),
        )
    }

    /// Waiting to be POSTed (pending with an endpoint), whenever that is due.
    pub fn is_waiting(&self) -> bool {
        self.state == State::Pending && self.endpoint.is_some()
    }

    /// True when this tab may POST it now.
    pub fn is_due(&self, now: u64) -> bool {
        self.is_waiting() && self.next_at <= now && self.lease_until <= now
    }

    /// Takes the entry for one attempt. The shell writes it back to storage before the request.
    pub fn lease(&mut self, now: u64) {
        self.lease_until = now.saturating_add(LEASE_MS);
    }

    /// Gives a lease back (the tab that took it is leaving and its request dies with it), so the next
    /// page need not wait for the lease to expire.
    pub fn release(&mut self, leased_at: u64) {
        if self.state == State::Pending && self.lease_until == leased_at.saturating_add(LEASE_MS) {
            self.lease_until = 0;
        }
    }

    /// Another tab already has the endpoint's 2xx for this result (a receipt says so) and this tab sees it
    /// pending from a stale view of storage: recorded as delivered without a request.
    pub fn delivered_elsewhere(&mut self) {
        if self.state == State::Pending {
            self.state = State::Delivered;
            self.lease_until = 0;
            self.failure = None;
        }
    }

    /// Applies the answer to an attempt and returns what it means.
    pub fn record(
        &mut self,
        answer: Answer,
        now: u64,
        jitter: f64,
        retry_after_s: Option<u64>,
    ) -> Outcome {
        let outcome = classify(answer);
        // Only these may wait past the backoff ([`Entry::max_wait_ms`] caps every later read).
        let retry_after_s = retry_after_s.filter(|_| matches!(answer, Answer::Status(429 | 503)));
        self.attempts = self.attempts.saturating_add(1);
        self.last_status = answer.status();
        self.lease_until = 0;
        match outcome {
            Outcome::Delivered => {
                self.state = State::Delivered;
                self.failure = None;
            }
            Outcome::Rejected(code) => {
                self.state = State::Failed;
                self.failure = Some(code.to_string());
            }
            Outcome::Retry => {
                self.next_at =
                    now.saturating_add(retry_delay_ms(self.attempts, jitter, retry_after_s))
            }
        }
        outcome
    }

    /// Whether staff clearing `scope` deletes this entry. A result waiting for its endpoint that was
    /// exported leaves the device with the export; one neither delivered nor exported only with
    /// [`Clear::Everything`].
    pub fn clears(&self, scope: Clear) -> bool {
        match scope {
            Clear::Everything => true,
            Clear::DeliveredOrExported => self.state == State::Delivered || self.exported,
        }
    }

    /// The network is back (the browser's `online` event): a result waiting out its backoff is due now.
    pub fn network_returned(&mut self, now: u64) {
        if self.state == State::Pending {
            self.next_at = self.next_at.min(now);
        }
    }

    /// After recording: a delivered result that is not kept for export leaves storage.
    pub fn should_remove(&self) -> bool {
        self.state == State::Delivered && !self.keep
    }
}

/// Whether a receipt written at `at` may go. A clock set back (a receipt from the "future") keeps it:
/// keeping one too long costs a few bytes, dropping one too early can cost a second delivery.
pub fn receipt_expired(at: u64, now: u64) -> bool {
    now.saturating_sub(at) > RECEIPT_KEEP_MS
}

/// Whether the receipts' text lists this submission id. The text is one line per receipt, `id at`, with
/// `at` in milliseconds since the Unix epoch (ids are hex and dashes: no spaces, no line breaks).
pub fn receipt_listed(text: &str, id: &str) -> bool {
    text.lines().any(|line| line.split(' ').next() == Some(id))
}

/// The receipts' text with a receipt for `id` at `now` added, and the expired ones (and any line that
/// does not read as a receipt) left out.
pub fn receipts_with(text: &str, id: &str, now: u64) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut parts = line.split(' ');
        let (Some(listed), Some(Ok(at)), None) =
            (parts.next(), parts.next().map(str::parse), parts.next())
        else {
            continue;
        };
        if listed != id && !receipt_expired(at, now) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(&format!("{id} {now}\n"));
    out
}

/// Storage key of the entry with this submission id.
pub fn key(id: &str) -> String {
    format!("{KEY_PREFIX}{id}")
}

/// How long until some entry becomes due (0 = now); `None` when nothing is waiting to be sent.
/// Entries come from the store, which has applied [`Entry::cap_times`].
pub fn next_wake_ms(entries: &[Entry], now: u64) -> Option<u64> {
    entries
        .iter()
        .filter(|e| e.is_waiting())
        .map(|e| e.next_at.max(e.lease_until).saturating_sub(now))
        .min()
}

/// What the operator panel shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub queued: usize,
    pub delivered: usize,
    pub failed: usize,
    /// In an export file (whatever their state).
    pub exported: usize,
    /// Neither delivered nor exported: only [`Clear::Everything`] deletes these.
    pub unsaved: usize,
}

pub fn counts(entries: &[Entry]) -> Counts {
    let mut c = Counts::default();
    for e in entries {
        match e.state {
            State::Pending => c.queued += 1,
            State::Delivered => c.delivered += 1,
            State::Failed => c.failed += 1,
        }
        if e.exported {
            c.exported += 1;
        }
        if !e.clears(Clear::DeliveredOrExported) {
            c.unsaved += 1;
        }
    }
    c
}

/// How many more results of `entry_units` fit in `free_units` of storage (the same unit for both:
/// localStorage counts UTF-16 code units of key and value). A result is stored with its key; an
/// unknown size (no result yet) counts as [`TYPICAL_ENTRY_UNITS`].
pub fn results_that_fit(free_units: u64, entry_units: Option<u64>) -> u64 {
    free_units / entry_units.unwrap_or(TYPICAL_ENTRY_UNITS).max(1)
}

/// A kiosk entry (payload, CSV row and bookkeeping) of a 24-item instrument with responses is about
/// 3 000 characters; rounded up so the estimate errs on the side of fewer.
pub const TYPICAL_ENTRY_UNITS: u64 = 4_000;

/// An `http:` endpoint on an `https:` page is mixed content: every browser blocks the request, so every
/// result would wait forever. Refused at mount instead, with a code the host can act on.
/// `page_protocol` is `location.protocol` (`"https:"`).
pub fn check_page_endpoint(page_protocol: &str, endpoint: &str) -> Result<(), PsmError> {
    let page_secure = page_protocol.eq_ignore_ascii_case("https:");
    let endpoint_plain = endpoint
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    if page_secure && endpoint_plain {
        return Err(PsmError::new(
            codes::ENDPOINT_MIXED_CONTENT,
            "endpoint",
            "is an http: URL but this page is https:; browsers block such requests (mixed content), so \
             no result could be delivered: use the https: address of the endpoint",
        ));
    }
    Ok(())
}

/// Parses a Retry-After header into seconds from `now` (ms since the epoch, the device clock): delay
/// seconds (any number of digits; an absurd one saturates, and [`retry_delay_ms`] caps it at
/// [`MAX_RETRY_MS`] rather than ignoring it) or an HTTP-date (IMF-fixdate, what servers send: a device
/// clock that is off only moves the wait within that cap; a date already past asks for no wait).
pub fn parse_retry_after(value: &str, now: u64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse().unwrap_or(u64::MAX));
    }
    let at = http_date_ms(v)?;
    Some(at.saturating_sub(now).div_ceil(1_000))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) as ms since the Unix epoch.
fn http_date_ms(v: &str) -> Option<u64> {
    let b = v.as_bytes();
    if b.len() != 29 || &b[3..5] != b", " || &b[25..] != b" GMT" {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        let s = v.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| v.get(8..11) == Some(*m))? as u64 + 1;
    let (day, year) = (num(5..7)?, num(12..16)?);
    let (h, m, s) = (num(17..19)?, num(20..22)?, num(23..25)?);
    let seps = [(7, b' '), (11, b' '), (16, b' '), (19, b':'), (22, b':')];
    if seps.iter().any(|&(i, c)| b[i] != c)
        || !(1..=31).contains(&day)
        || year < 1970
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    // Days from 1970-01-01 to the civil date (proleptic Gregorian; H. Hinnant's days_from_civil).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let (era, yoe) = (y / 400, y % 400);
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1_000)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use psm_core::payload::{build, PayloadInput};
    use psm_core::Answers;

    pub(crate) fn sample(id_char: char) -> ResultPayload {
        let ins = psm_core::builtin::get("perry-24").expect("built-in");
        let answers: Answers = ins.items.iter().map(|i| (i.id.clone(), 4)).collect();
        build(PayloadInput {
            instrument: &ins,
            lang: "id",
            answers: &answers,
            order: None,
            seconds: None,
            include_responses: false,
            completed_on: "2026-11-23".into(),
            submission_id: id_char.to_string().repeat(32),
            candidate: None,
            consent: None,
            instrument_sha256: None,
        })
        .expect("payload builds")
    }

    #[test]
    fn status_classes() {
        assert_eq!(classify(Answer::None), Outcome::Retry);
        for s in [200, 201, 202, 204, 299] {
            assert_eq!(classify(Answer::Status(s)), Outcome::Delivered, "{s}");
        }
        for s in [408, 429, 500, 502, 503, 504, 599] {
            assert_eq!(classify(Answer::Status(s)), Outcome::Retry, "{s}");
        }
        for s in [0, 100, 400, 401, 403, 404, 409, 410, 413, 422, 499, 600] {
            assert_eq!(
                classify(Answer::Status(s)),
                Outcome::Rejected("delivery_rejected"),
                "{s}"
            );
        }
    }

    #[test]
    fn a_redirect_is_never_delivery() {
        // Opaque (what `redirect: "manual"` gives a page) and readable 3xx alike.
        assert_eq!(
            classify(Answer::Redirect),
            Outcome::Rejected("delivery_redirected")
        );
        for s in [300, 301, 302, 303, 304, 307, 308, 399] {
            assert_eq!(
                classify(Answer::Status(s)),
                Outcome::Rejected("delivery_redirected"),
                "{s}"
            );
        }
        let mut e = Entry::new(&sample('9'), Some("https://x.example/r".into()), 0);
        assert_eq!(
            e.record(Answer::Redirect, 10, 0.5, None),
            Outcome::Rejected(CODE_REDIRECTED)
        );
        assert_eq!(e.state, State::Failed);
        assert_eq!(e.failure.as_deref(), Some("delivery_redirected"));
        assert_eq!(
            e.last_status, None,
            "the browser hides an opaque redirect's status"
        );
        assert!(!e.should_remove(), "kept for export");
        assert!(
            !e.is_due(u64::MAX),
            "not POSTed again to a URL that redirects"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        assert_eq!(retry_delay_ms(1, 0.5, None), 2_000);
        assert_eq!(retry_delay_ms(2, 0.5, None), 4_000);
        assert_eq!(retry_delay_ms(3, 0.5, None), 8_000);
        assert_eq!(retry_delay_ms(1, 0.0, None), 1_800);
        assert_eq!(retry_delay_ms(1, 1.0, None), 2_200);
        // Bad jitter from the shell cannot produce a zero or huge delay.
        assert_eq!(retry_delay_ms(1, f64::NAN, None), 2_000);
        assert_eq!(retry_delay_ms(1, -5.0, None), 1_800);
        assert_eq!(retry_delay_ms(0, 0.5, None), 2_000);
        for n in [10, 11, 30, u32::MAX] {
            assert_eq!(retry_delay_ms(n, 1.0, None), MAX_RETRY_MS, "{n}");
        }
        let mut last = 0;
        for n in 1..40 {
            let d = retry_delay_ms(n, 0.5, None);
            assert!(d >= last, "non-decreasing at {n}");
            last = d;
        }
    }

    #[test]
    fn retry_after_is_a_floor_within_the_cap() {
        assert_eq!(retry_delay_ms(1, 0.5, Some(30)), 30_000);
        assert_eq!(retry_delay_ms(3, 0.5, Some(1)), 8_000);
        assert_eq!(retry_delay_ms(1, 0.5, Some(u64::MAX)), MAX_RETRY_MS);
        assert_eq!(parse_retry_after(" 120 ", 0), Some(120));
        assert_eq!(parse_retry_after("-1", 0), None);
        assert_eq!(parse_retry_after("", 0), None);
        assert_eq!(parse_retry_after("1.5", 0), None);
        assert_eq!(parse_retry_after("soon", 0), None);
    }

    #[test]
    fn an_absurd_retry_after_waits_the_cap_instead_of_two_seconds() {
        for v in ["99999999999999", "3600000000", "184467440737095516150"] {
            let s = parse_retry_after(v, 0);
            assert!(s.is_some(), "{v}");
            assert_eq!(retry_delay_ms(1, 0.5, s), MAX_RETRY_MS, "{v}");
        }
    }

    #[test]
    fn a_result_delivered_by_another_tab_is_recorded_without_a_request() {
        let to = Some("https://x.example/r".to_string());
        let mut e = Entry::new(&sample('8'), to.clone(), 0);
        e.lease(10);
        e.delivered_elsewhere();
        assert_eq!(e.state, State::Delivered);
        assert_eq!(e.lease_until, 0);
        assert_eq!(e.attempts, 0, "no attempt was made here");
        assert!(
            e.should_remove(),
            "an embed's delivered result leaves storage"
        );
        assert!(!e.is_due(u64::MAX), "never sent again");
        let mut kept = Entry::kept(&sample('9'), to.clone(), 0);
        kept.delivered_elsewhere();
        assert!(
            !kept.should_remove(),
            "a kiosk keeps it for export, as delivered"
        );
        assert!(kept.clears(Clear::DeliveredOrExported));
        let mut refused = Entry::new(&sample('a'), to, 0);
        refused.record(Answer::Status(422), 5, 0.5, None);
        refused.delivered_elsewhere();
        assert_eq!(
            refused.state,
            State::Failed,
            "only a pending result changes"
        );
    }

    #[test]
    fn receipts_are_kept_a_day_and_through_a_clock_set_back() {
        let at = 1_800_000_000_000;
        assert!(!receipt_expired(at, at));
        assert!(!receipt_expired(at, at + RECEIPT_KEEP_MS));
        assert!(receipt_expired(at, at + RECEIPT_KEEP_MS + 1));
        assert!(
            !receipt_expired(at, at - 3 * RECEIPT_KEEP_MS),
            "clock set back"
        );
        assert!(!receipt_expired(at, 0));
    }

    #[test]
    fn receipts_text_lists_ids_and_drops_expired_ones() {
        let (a, b) = ("a".repeat(32), "2f1c6b0e-4a3d-4c2b-9e8f-0123456789ab");
        let t = 1_800_000_000_000;
        let text = receipts_with("", &a, t);
        assert_eq!(text, format!("{a} {t}\n"));
        assert!(receipt_listed(&text, &a));
        assert!(!receipt_listed(&text, b));
        assert!(!receipt_listed(&text, &a[..31]), "a prefix is another id");
        assert!(!receipt_listed("", &a));
        let later = t + RECEIPT_KEEP_MS;
        let text = receipts_with(&text, b, later);
        assert!(receipt_listed(&text, &a), "kept a day");
        assert!(receipt_listed(&text, b));
        let text = receipts_with(&text, &"c".repeat(32), later + 1);
        assert!(!receipt_listed(&text, &a), "dropped after a day");
        assert!(receipt_listed(&text, b));
        assert_eq!(text.lines().count(), 2);
        let again = receipts_with(&text, b, later + 5);
        assert_eq!(
            again.lines().filter(|l| l.starts_with(b)).count(),
            1,
            "one line per id"
        );
        let junk = receipts_with("garbage\nx y z\nid notanumber\n", b, t);
        assert_eq!(junk, format!("{b} {t}\n"), "unreadable lines are not kept");
    }

    #[test]
    fn retry_after_as_an_http_date() {
        // 2026-10-21T07:28:00Z = 1_792_567_680 s since the epoch.
        let at = 1_792_567_680_000;
        let date = "Wed, 21 Oct 2026 07:28:00 GMT";
        assert_eq!(http_date_ms(date), Some(at));
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date_ms("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599_000)
        );
        assert_eq!(parse_retry_after(date, at - 90_000), Some(90));
        assert_eq!(parse_retry_after(date, at - 89_500), Some(90), "rounded up");
        assert_eq!(parse_retry_after(date, at + 5_000), Some(0), "already past");
        let mut e = Entry::new(&sample('5'), Some("https://x.example/r".into()), 0);
        let now = at - 300_000;
        e.record(Answer::Status(503), now, 0.5, parse_retry_after(date, now));
        assert_eq!(e.next_at, at, "waits for the date the server gave");
        for bad in [
            "Wed, 21 Oct 2026 07:28:00 UTC",
            "Wed, 21 Foo 2026 07:28:00 GMT",
            "Wed, 32 Oct 2026 07:28:00 GMT",
            "Wed, 21 Oct 2026 24:28:00 GMT",
            "Wed, 21 Oct 2026 07-28-00 GMT",
            "Wed, 21 Oct 1969 07:28:00 GMT",
            "Wed,21 Oct 2026 07:28:00 GMT ",
            "Wednesday, 21-Oct-26 07:28:00 GMT",
            "Wed, +1 Oct 2026 07:28:00 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_counts_where_the_stored_time_keeps_it() {
        // The store caps every read to what the entry's history can justify, and only 429 and 503 may
        // justify a wait longer than the backoff: a Retry-After on any other status would be honoured
        // once and cut back on the next read, so it is not taken at all.
        let t = 1_000_000;
        let mut busy = Entry::new(&sample('6'), Some("https://x.example/r".into()), t);
        busy.record(Answer::Status(503), t, 0.5, Some(120));
        assert!(!busy.cap_times(t), "a 503's Retry-After survives the read");
        assert_eq!(busy.next_at, t + 120_000);
        for status in [408, 500, 502, 504] {
            let mut e = Entry::new(&sample('7'), Some("https://x.example/r".into()), t);
            e.record(Answer::Status(status), t, 0.5, Some(120));
            let recorded = e.next_at;
            e.cap_times(t);
            assert_eq!(
                e.next_at, recorded,
                "{status}: the recorded time is the one kept"
            );
            assert_eq!(recorded, t + 2_000, "{status}: the backoff");
        }
    }

    #[test]
    fn an_entry_goes_through_retry_then_delivery() {
        let p = sample('a');
        let mut e = Entry::new(&p, Some("https://api.example.go.id/psm".into()), 1_000);
        assert_eq!(e.key(), format!("psm-outbox/1/{}", "a".repeat(32)));
        assert!(e.is_due(1_000));
        e.lease(1_000);
        assert!(!e.is_due(1_000), "a leased entry is not taken twice");
        assert!(!e.is_due(1_000 + LEASE_MS - 1));
        assert!(
            e.is_due(1_000 + LEASE_MS),
            "a lease expires (tab died mid-request)"
        );
        assert_eq!(
            e.record(Answer::Status(500), 2_000, 0.5, None),
            Outcome::Retry
        );
        assert_eq!((e.state, e.attempts, e.lease_until), (State::Pending, 1, 0));
        assert!(!e.is_due(3_999));
        assert!(e.is_due(4_000));
        assert_eq!(next_wake_ms(std::slice::from_ref(&e), 3_000), Some(1_000));
        assert_eq!(e.record(Answer::None, 4_000, 0.5, None), Outcome::Retry);
        assert_eq!(e.next_at, 8_000);
        let mut online = e.clone();
        online.network_returned(5_000);
        assert!(
            online.is_due(5_000),
            "the network coming back cuts the backoff short"
        );
        assert_eq!(
            e.record(Answer::Status(201), 8_000, 0.5, None),
            Outcome::Delivered
        );
        assert_eq!(e.state, State::Delivered);
        assert!(
            !e.is_due(u64::MAX),
            "delivered entries are never sent again"
        );
        assert!(e.should_remove());
        assert_eq!(next_wake_ms(&[e], 9_000), None);
    }

    #[test]
    fn rejection_is_final_and_kept() {
        let p = sample('b');
        let mut e = Entry::new(&p, Some("https://x.example/r".into()), 0);
        assert_eq!(
            e.record(Answer::Status(422), 10, 0.5, None),
            Outcome::Rejected(CODE_REJECTED)
        );
        assert_eq!(e.failure.as_deref(), Some("delivery_rejected"));
        assert_eq!(e.state, State::Failed);
        assert_eq!(e.last_status, Some(422));
        assert!(!e.is_due(u64::MAX));
        assert!(!e.should_remove(), "failed results stay for export");
        e.network_returned(20);
        assert!(
            !e.is_due(u64::MAX),
            "the network coming back does not revive a refused result"
        );
    }

    #[test]
    fn without_endpoint_a_result_is_kept_not_sent() {
        let p = sample('c');
        let e = Entry::kept(&p, None, 0);
        assert!(!e.is_due(u64::MAX));
        assert_eq!(next_wake_ms(std::slice::from_ref(&e), 0), None);
        assert_eq!(
            counts(&[e]),
            Counts {
                queued: 1,
                unsaved: 1,
                ..Counts::default()
            }
        );
    }

    #[test]
    fn kiosk_entries_stay_after_delivery() {
        let mut e = Entry::kept(&sample('d'), Some("https://x.example/r".into()), 0);
        e.record(Answer::Status(200), 0, 0.5, None);
        assert!(!e.should_remove());
    }

    #[test]
    fn entries_round_trip_and_corruption_is_refused() {
        let e = Entry::kept(&sample('e'), Some("https://x.example/r".into()), 5);
        let back = Entry::from_json(&e.to_json()).expect("round trip");
        assert_eq!(back, e);
        assert!(Entry::from_json("{").is_err());
        assert!(Entry::from_json("null").is_err());
        let mut bad_id = e.clone();
        bad_id.id = "x".into();
        assert_eq!(
            Entry::from_json(&bad_id.to_json()).unwrap_err().field,
            "outbox.submission_id"
        );
        let mut wrong_csv = e.clone();
        wrong_csv.csv = "schema\r\n".into();
        assert_eq!(
            Entry::from_json(&wrong_csv.to_json()).unwrap_err().field,
            "outbox.csv"
        );
        assert_eq!(e.csv, psm_core::export::to_csv(&[sample('e')]));
        let mut wrong_id = e.clone();
        wrong_id.id = "f".repeat(32);
        assert_eq!(
            Entry::from_json(&wrong_id.to_json()).unwrap_err().field,
            "outbox.id"
        );
        let mut bad_payload = e.clone();
        bad_payload.payload = bad_payload.payload.replace("psm-result/1", "psm-result/9");
        assert!(Entry::from_json(&bad_payload.to_json()).is_err());
        let extra = e.to_json().replacen('{', "{\"x\":1,", 1);
        assert!(
            Entry::from_json(&extra).is_err(),
            "unknown fields are refused"
        );
    }

    #[test]
    fn counts_and_wake_over_many() {
        let ep = Some("https://x.example/r".to_string());
        let mut a = Entry::kept(&sample('1'), ep.clone(), 100);
        let b = Entry::kept(&sample('2'), ep.clone(), 50);
        let mut c = Entry::kept(&sample('3'), ep, 0);
        a.record(Answer::Status(200), 0, 0.5, None);
        c.record(Answer::Status(404), 0, 0.5, None);
        let all = [a, b, c];
        assert_eq!(
            counts(&all),
            Counts {
                queued: 1,
                delivered: 1,
                failed: 1,
                exported: 0,
                unsaved: 2,
            }
        );
        assert_eq!(next_wake_ms(&all, 10), Some(40));
        assert_eq!(next_wake_ms(&all, 60), Some(0));
    }

    const DAY: u64 = 24 * 3_600 * 1_000;

    #[test]
    fn a_clock_set_back_a_day_cannot_stall_a_retry_or_a_lease() {
        let t = 10 * DAY;
        let mut e = Entry::new(&sample('a'), Some("https://x.example/r".into()), t);
        e.record(Answer::Status(500), t, 0.5, None); // next try at t + 2 s
        let back = t - DAY;
        let mut read = e.clone();
        assert!(read.cap_times(back), "capped on read: written back");
        assert!(!read.is_due(back + 2_199));
        assert!(
            read.is_due(back + 2_200),
            "due within the first backoff (2 s + 10%), not in a day"
        );
        assert_eq!(next_wake_ms(std::slice::from_ref(&read), back), Some(2_200));
        assert!(
            !read.cap_times(back + 2_000),
            "read again later: the capped deadline stays put"
        );
        assert_eq!(read.next_at, back + 2_200);
        let mut leased = e.clone();
        leased.next_at = 0;
        leased.lease(t);
        assert!(leased.cap_times(back));
        assert!(!leased.is_due(back + LEASE_MS - 1));
        assert!(
            leased.is_due(back + LEASE_MS),
            "a lease read a day early lasts at most its own length"
        );
        assert!(!leased.cap_times(back), "idempotent");
        // After a 429 the server may have asked for up to the cap.
        let mut slow = Entry::new(&sample('b'), Some("https://x.example/r".into()), t);
        slow.record(Answer::Status(429), t, 0.5, Some(3_600));
        assert_eq!(slow.next_at, t + MAX_RETRY_MS);
        slow.cap_times(back);
        assert!(!slow.is_due(back + MAX_RETRY_MS - 1));
        assert!(slow.is_due(back + MAX_RETRY_MS));
    }

    #[test]
    fn a_clock_set_forward_a_day_makes_everything_due_at_once() {
        let t = 10 * DAY;
        let mut e = Entry::new(&sample('c'), Some("https://x.example/r".into()), t);
        for _ in 0..12 {
            e.record(Answer::None, t, 0.5, None);
        }
        e.lease(t);
        assert!(!e.is_due(t + 1));
        assert!(!e.cap_times(t + DAY), "nothing to cap going forward");
        assert!(e.is_due(t + DAY));
        assert_eq!(next_wake_ms(std::slice::from_ref(&e), t + DAY), Some(0));
    }

    #[test]
    fn a_released_lease_is_due_again_at_once_but_only_the_one_taken() {
        let mut e = Entry::new(&sample('d'), Some("https://x.example/r".into()), 0);
        e.lease(1_000);
        e.release(999);
        assert!(!e.is_due(1_001), "another tab's lease is not released");
        e.release(1_000);
        assert!(e.is_due(1_001));
    }

    #[test]
    fn clearing_needs_delivery_or_an_export_unless_everything_is_asked_for() {
        let ep = Some("https://x.example/r".to_string());
        let mut delivered = Entry::kept(&sample('4'), ep.clone(), 0);
        delivered.record(Answer::Status(200), 0, 0.5, None);
        let queued = Entry::kept(&sample('5'), None, 0);
        let mut refused = Entry::kept(&sample('6'), ep.clone(), 0);
        refused.record(Answer::Status(422), 0, 0.5, None);
        let mut exported = Entry::kept(&sample('7'), ep, 0);
        exported.exported = true;
        let all = [delivered, queued, refused, exported];
        let cleared: Vec<bool> = all
            .iter()
            .map(|e| e.clears(Clear::DeliveredOrExported))
            .collect();
        assert_eq!(cleared, [true, false, false, true]);
        assert!(all.iter().all(|e| e.clears(Clear::Everything)));
        let c = counts(&all);
        assert_eq!((c.exported, c.unsaved), (1, 2));
    }

    #[test]
    fn entries_stored_before_failure_and_exported_existed_still_read() {
        let e = Entry::kept(&sample('8'), None, 5);
        let old = e
            .to_json()
            .replace(",\"failure\":null", "")
            .replace(",\"exported\":false", "");
        assert!(!old.contains("exported") && !old.contains("failure"));
        assert_eq!(Entry::from_json(&old).expect("old format"), e);
        let mut marked = e.clone();
        marked.exported = true;
        assert!(Entry::from_json(&marked.to_json()).unwrap().exported);
    }

    #[test]
    fn how_many_more_fit() {
        assert_eq!(results_that_fit(1_000_000, Some(2_500)), 400);
        assert_eq!(results_that_fit(3_999, None), 0);
        assert_eq!(results_that_fit(8_000, None), 2);
        assert_eq!(
            results_that_fit(10, Some(0)),
            10,
            "never a division by zero"
        );
    }

    #[test]
    fn mixed_content_is_refused_at_mount() {
        let e = check_page_endpoint("https:", "http://api.example.go.id/psm").unwrap_err();
        assert_eq!(
            (e.code, e.field.as_str()),
            ("endpoint_mixed_content", "endpoint")
        );
        assert!(check_page_endpoint("https:", "HTTP://api.example.go.id/psm").is_err());
        assert!(check_page_endpoint("https:", "https://api.example.go.id/psm").is_ok());
        assert!(check_page_endpoint("http:", "http://10.0.0.2/psm").is_ok());
        assert!(check_page_endpoint("http:", "https://api.example.go.id/psm").is_ok());
        assert!(check_page_endpoint("file:", "http://x.example/").is_ok());
    }
}
