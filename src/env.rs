//! Everything one mounted quiz knows that does not change while it runs. Several quizzes on a
//! page each get their own `Env`; nothing lives in statics.

use crate::bridge::{self, Emitter};
use crate::handoff::{Handoff, HostEvent};
use crate::i18n::Lang;
use crate::storage::resume::ResumeStore;
use psm_core::canonical::instrument_sha256;
use psm_core::config::QuizConfig;
use psm_core::{Instrument, Localized};
use std::rc::Rc;

pub struct Env {
    pub config: QuizConfig,
    pub sha256: String,
    /// Prefix for element ids, unique per mount (several quizzes may share one document).
    pub uid: String,
    pub emitter: Emitter,
    /// Where the finished result goes (`handoff_for`).
    pub handoff: Rc<dyn Handoff>,
    pub resume: Option<ResumeStore>,
    /// UI languages the instrument has texts for, in switch order.
    pub langs: Vec<Lang>,
    /// Width of the container when mounted (CSS px), for the first layout.
    pub initial_width: f64,
    /// A provisioned kiosk: the settings its address asks for (config JSON), when they can be saved; the
    /// operator panel offers them (`kiosk::gate`).
    #[cfg(feature = "kiosk")]
    pub kiosk_address: Option<String>,
}

impl Env {
    pub fn new(config: QuizConfig, emitter: Emitter, initial_width: f64) -> Env {
        let sha256 = instrument_sha256(&config.instrument);
        let handoff = handoff_for(&config, &emitter);
        let owner = crate::storage::session::owner(&config);
        // Another candidate's saved run goes before this one can see it, whether or not this one resumes.
        ResumeStore::forget_others(&owner);
        let resume = ResumeStore::new(&sha256, &owner, config.resume_hours)
            .map(|r| r.for_terms(psm_core::disclosure::terms(&config)));
        let langs = Lang::ALL
            .into_iter()
            .filter(|l| config.instrument.languages.iter().any(|c| c == l.code()))
            .collect();
        let uid = format!("psm{}", bridge::hex(&bridge::random_bytes(4)));
        Env {
            config,
            sha256,
            uid,
            emitter,
            handoff,
            resume,
            langs,
            initial_width,
            #[cfg(feature = "kiosk")]
            kiosk_address: None,
        }
    }

    pub fn instrument(&self) -> &Instrument {
        &self.config.instrument
    }

    /// The instrument language for a UI language: itself when the instrument has it, else the
    /// configured one (always an instrument language).
    pub fn content_lang(&self, lang: Lang) -> &str {
        if self.instrument().languages.iter().any(|c| c == lang.code()) {
            lang.code()
        } else {
            &self.config.lang
        }
    }

    /// A localized instrument text in `lang`, falling back to the configured language.
    pub fn text<'a>(&'a self, texts: &'a Localized, lang: Lang) -> &'a str {
        texts
            .get(self.content_lang(lang))
            .or_else(|| texts.get(&self.config.lang))
            .or_else(|| texts.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Scale labels for `lang`, lowest first.
    pub fn labels(&self, lang: Lang) -> &[String] {
        let labels = &self.instrument().scale.labels;
        labels
            .get(self.content_lang(lang))
            .or_else(|| labels.get(&self.config.lang))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The element id `name` scoped to this mount.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.uid)
    }
}

/// Props wrapper: components compare environments by identity, never by content.
#[derive(Clone)]
pub struct EnvRef(pub Rc<Env>);

impl PartialEq for EnvRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for EnvRef {
    type Target = Env;
    fn deref(&self) -> &Env {
        &self.0
    }
}

/// The hand-off for a configuration: with an endpoint or in kiosk mode the durable outbox (in the delivery
/// and kiosk builds) comes first; otherwise the host event only.
fn handoff_for(config: &QuizConfig, emitter: &Emitter) -> Rc<dyn Handoff> {
    #[cfg(feature = "delivery")]
    if config.endpoint.is_some() || config.mode == psm_core::config::Mode::Kiosk {
        return crate::outbox::handoff::for_config(config, emitter);
    }
    // Without the feature an endpoint never gets here: `mount_quiz` answers it with an error.
    #[cfg(not(feature = "delivery"))]
    let _ = config;
    Rc::new(HostEvent {
        emitter: emitter.clone(),
    })
}
