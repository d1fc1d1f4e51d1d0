//! What the views of one mounted quiz read and that never changes while it runs: the config, the UI
//! languages, the element-id prefix. Pure (no browser calls), so the first screen can also be rendered
//! natively at build time (feature `ssr`, the `prerender` crate); the browser side wraps it in
//! `crate::env::Env`, which adds the host bridge, delivery and storage.

use crate::i18n::Lang;
use psm_core::config::QuizConfig;
use psm_core::{Instrument, Localized};

pub struct Setup {
    pub config: QuizConfig,
    /// Prefix for element ids, unique per mount (several quizzes may share one document).
    pub uid: String,
    /// UI languages the instrument has texts for, in switch order.
    pub langs: Vec<Lang>,
    /// This device's storage takes a write, so unfinished answers and a finished result for an endpoint can
    /// wait on it (the consent screen says so only then). Probed once per mount by `crate::env::Env::new`;
    /// true natively (the build-time render: psm-quiz.js shows it only where storage takes a write).
    pub storage_writable: bool,
}

impl Setup {
    pub fn new(config: QuizConfig, uid: String) -> Setup {
        let langs = Lang::ALL
            .into_iter()
            .filter(|l| config.instrument.languages.iter().any(|c| c == l.code()))
            .collect();
        Setup {
            config,
            uid,
            langs,
            storage_writable: true,
        }
    }

    pub fn instrument(&self) -> &Instrument {
        &self.config.instrument
    }

    /// Answers in progress are kept on the device (the consent screen says so): the config allows it, as
    /// `storage::resume::ResumeStore::new` reads it, the device's storage takes a write, and the quiz is no
    /// kiosk's (each kiosk candidate starts with no resume store: `kiosk::view::candidate_env`, so nothing of
    /// an earlier candidate comes back, and a reload there starts over).
    pub fn resumable(&self) -> bool {
        self.config.resume_hours > 0
            && self.storage_writable
            && self.config.mode != psm_core::config::Mode::Kiosk
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

#[cfg(test)]
mod tests {
    use super::*;
    use psm_core::config::parse_config;

    fn setup(config: &str) -> Setup {
        Setup::new(parse_config(config).expect("valid"), "psm".into())
    }

    #[test]
    fn unfinished_answers_are_said_to_be_kept_only_where_they_are() {
        assert!(setup(r#"{"instrument":"kim-16"}"#).resumable());
        assert!(!setup(r#"{"instrument":"kim-16","resume_hours":0}"#).resumable());
        // A kiosk keeps no run in progress, whatever `resume_hours` says.
        assert!(!setup(r#"{"instrument":"kim-16","mode":"kiosk"}"#).resumable());
        assert!(!setup(r#"{"instrument":"kim-16","mode":"kiosk","resume_hours":48}"#).resumable());
        let mut blocked = setup(r#"{"instrument":"kim-16"}"#);
        blocked.storage_writable = false;
        assert!(!blocked.resumable());
    }
}
