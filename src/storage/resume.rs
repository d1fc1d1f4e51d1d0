//! Answers in progress survive a reload: one localStorage entry per instrument version (its
//! sha256) and owner (the candidate: see `super::session`), refreshed on every change, expiring
//! `resume_hours` after the last change, removed once the result is delivered. Anything stored that
//! does not fit this instrument exactly is discarded, and a mount removes every other owner's entry
//! first, so a second candidate on the same device never sees the first one's answers. A run agreed to
//! under other terms (another PDP notice, another list of what is sent, anonymous then linked:
//! psm_core::disclosure::terms) or with no recorded agreement date is discarded too: the candidate then
//! sees the consent screen again instead of a result claiming consent to something never shown.

use crate::state::{Phase, QuizState};
use crate::storage::session;
use psm_core::decode::{self, Obj, Path};
use psm_core::payload::check_order;
use psm_core::scoring::check_answers;
use psm_core::value::Json;
use psm_core::PsmError;
use psm_core::{Answers, Instrument, Timings};

pub const VERSION: u8 = crate::storage::session::RESUME_VERSION;
/// A stored time up to this far in the future is accepted (clock adjustments), beyond it not.
const CLOCK_SLACK_MS: f64 = 5.0 * 60.0 * 1000.0;

/// Every key in `storage`, read before anything is removed (removing shifts the indices).
fn keys(storage: &web_sys::Storage) -> Vec<String> {
    let n = storage.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub v: u8,
    pub sha256: String,
    /// ms since the epoch of the last change.
    pub saved_at: f64,
    pub lang: String,
    /// `YYYY-MM-DD` the candidate agreed on (the result's consent record).
    pub agreed_on: String,
    /// The terms agreed to (psm_core::disclosure::terms): list of what is sent, linked or not, notice.
    pub terms: String,
    /// The presentation order, only when items are shuffled (no `order` field otherwise).
    pub order: Option<Vec<String>>,
    pub answers: Answers,
    /// Seconds spent per item so far. The interval in progress is not kept: its start was on the
    /// page's monotonic clock, which a reload restarts; the resumed page counts from its display.
    pub seconds: Timings,
    pub page_start: usize,
}

impl Saved {
    /// Reads a stored entry's shape; [`validate`] then checks it against the instrument.
    fn read(v: &Json, path: &Path) -> Result<Saved, PsmError> {
        let o = Obj::new(
            v,
            path,
            &[
                "v",
                "sha256",
                "saved_at",
                "lang",
                "agreed_on",
                "terms",
                "order",
                "answers",
                "seconds",
                // Written by earlier releases (display times): marks an entry whose seconds were
                // timed from each page's display, not between answers.
                "shown_at",
                "page_start",
            ],
        )?;
        // An entry of an earlier release keeps its answers but not its times, which measured
        // something else: its items are timed afresh when answered again, or not at all.
        let earlier_rule = o.opt("shown_at", times)?.is_some();
        let seconds = o.opt("seconds", times)?.unwrap_or_default();
        Ok(Saved {
            v: o.req("v", decode::uint8)?,
            sha256: o.req("sha256", decode::string)?,
            saved_at: o.req("saved_at", decode::number)?,
            lang: o.req("lang", decode::string)?,
            agreed_on: o.req("agreed_on", decode::string)?,
            terms: o.req("terms", decode::string)?,
            order: o.opt("order", decode::strings)?,
            answers: o.req("answers", |v, p| decode::map(v, p, decode::uint8))?,
            seconds: if earlier_rule {
                Timings::new()
            } else {
                seconds
            },
            page_start: o.req("page_start", decode::size)?,
        })
    }

    /// The entry as the core's tree, fields in the order above, for the browser's JSON to write
    /// (`js_value::to_text`): the tree the core already has a writer for, instead of a second serialiser in
    /// the embed's wasm (serde-wasm-bindgen, about 2.7 KB of gzip) for this one struct.
    pub fn to_json(&self) -> Json {
        let text = |s: &str| Json::Str(s.to_string());
        let mut fields = vec![
            ("v", Json::Num(f64::from(self.v))),
            ("sha256", text(&self.sha256)),
            ("saved_at", Json::Num(self.saved_at)),
            ("lang", text(&self.lang)),
            ("agreed_on", text(&self.agreed_on)),
            ("terms", text(&self.terms)),
        ];
        if let Some(order) = &self.order {
            fields.push((
                "order",
                Json::Arr(order.iter().map(|id| text(id)).collect()),
            ));
        }
        let answers = self
            .answers
            .iter()
            .map(|(id, &a)| (id.clone(), Json::Num(f64::from(a))));
        let seconds = self
            .seconds
            .iter()
            .map(|(id, &t)| (id.clone(), Json::Num(t)));
        fields.push(("answers", Json::Obj(answers.collect())));
        fields.push(("seconds", Json::Obj(seconds.collect())));
        // An index into the items: far below 2^53, exact as a JavaScript number.
        fields.push(("page_start", Json::Num(self.page_start as f64)));
        Json::Obj(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    pub fn of(state: &QuizState, store: &ResumeStore, now: f64) -> Saved {
        Saved {
            v: VERSION,
            sha256: store.sha256.clone(),
            saved_at: now,
            lang: state.lang.code().to_string(),
            agreed_on: state.agreed_on.clone().unwrap_or_default(),
            terms: store.terms.clone(),
            order: state.shuffled.then(|| state.order.clone()),
            answers: state.answers.clone(),
            seconds: state.seconds.clone(),
            page_start: state.page_start,
        }
    }
}

/// What a mounted quiz needs to know to read and write its entry.
#[derive(Debug, Clone)]
pub struct ResumeStore {
    pub key: String,
    pub sha256: String,
    pub ttl_ms: f64,
    /// The terms this quiz asks agreement to: a stored run agreed to under other terms is not resumed.
    pub terms: String,
}

impl ResumeStore {
    /// `None` when resuming is switched off (`resume_hours: 0`). `owner`: `session::owner` of the config.
    pub fn new(sha256: &str, owner: &str, resume_hours: u32) -> Option<ResumeStore> {
        (resume_hours > 0).then(|| ResumeStore {
            key: session::resume_key(sha256, owner),
            sha256: sha256.to_string(),
            ttl_ms: f64::from(resume_hours) * 3_600_000.0,
            terms: String::new(),
        })
    }

    /// The store for a quiz asking agreement to `terms` (see [`ResumeStore::terms`]).
    pub fn for_terms(self, terms: String) -> ResumeStore {
        ResumeStore { terms, ..self }
    }

    /// Removes every other candidate's saved run (and old entries nobody owns) before this one starts.
    pub fn forget_others(owner: &str) {
        let Some(storage) = super::local() else {
            return;
        };
        let keys = keys(&storage);
        for key in session::foreign_keys(keys.iter().map(String::as_str), owner) {
            let _ = storage.remove_item(&key);
        }
    }

    /// The stored run, if it is valid for `instrument`; anything else is removed.
    pub fn load(&self, instrument: &Instrument, shuffled: bool, now: f64) -> Option<Saved> {
        let storage = super::local()?;
        let raw = storage.get_item(&self.key).ok().flatten()?;
        let saved = validate(&raw, instrument, &self.sha256, shuffled, now, self.ttl_ms)
            .filter(|s| s.terms == self.terms);
        if saved.is_none() {
            let _ = storage.remove_item(&self.key);
        }
        saved
    }

    pub fn save(&self, state: &QuizState, now: f64) {
        if !matches!(state.phase, Phase::Items | Phase::Review) {
            return;
        }
        // The browser's JSON writes the entry (read back with JSON.parse and `Saved::read`).
        if let (Some(storage), Some(json)) = (
            super::local(),
            crate::js_value::to_text(&Saved::of(state, self, now).to_json()),
        ) {
            let _ = storage.set_item(&self.key, &json);
        }
    }

    pub fn clear(&self) {
        if let Some(storage) = super::local() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

fn times(v: &Json, path: &Path) -> Result<Timings, PsmError> {
    decode::map(v, path, decode::number)
}

/// Parses and checks a stored entry against the instrument and the clock.
pub fn validate(
    raw: &str,
    instrument: &Instrument,
    sha256: &str,
    shuffled: bool,
    now: f64,
    ttl_ms: f64,
) -> Option<Saved> {
    // A corrupt or foreign entry is simply not resumed; its error codes do not matter here.
    const CODES: decode::Codes = decode::Codes::all("resume");
    // Read with the browser's JSON, walked like a host's config.
    let value = crate::js_value::parse(raw, "resume").ok()?;
    let saved = Saved::read(&value, &Path::root(&CODES)).ok()?;
    let age = now - saved.saved_at;
    let fresh = saved.saved_at.is_finite() && age >= -CLOCK_SLACK_MS && age <= ttl_ms;
    let known = |id: &String| instrument.items.iter().any(|i| &i.id == id);
    let times_ok = |m: &Timings| {
        m.iter()
            .all(|(id, t)| known(id) && t.is_finite() && *t >= 0.0)
    };
    let order_ok = match (&saved.order, shuffled) {
        (Some(order), true) => check_order(instrument, order).is_ok(),
        (None, false) => true,
        _ => false,
    };
    let ok = saved.v == VERSION
        && saved.sha256 == sha256
        && fresh
        && order_ok
        && check_answers(instrument, &saved.answers).is_ok()
        && times_ok(&saved.seconds)
        && saved.page_start < instrument.items.len()
        && psm_core::payload::check_date_at(&saved.agreed_on, "agreed_on").is_ok()
        && instrument.languages.contains(&saved.lang);
    ok.then_some(saved)
}
