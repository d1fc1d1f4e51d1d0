//! The hand-off for a host endpoint or a kiosk: the result is written to the outbox first (so it
//! survives anything after this call), then the host hears `psm-complete`. When storage refuses the write
//! (full, blocked, private browsing) the result is still POSTed once, directly; if that does not deliver
//! it, `psm-error` (`storage_unavailable`) tells the host, whose `psm-complete` carries the result. A kiosk
//! also holds it in memory (`unkept`) and stops taking candidates until it is safe.

use super::post::post;
use super::{attach, enqueue, entry_for, Attachment, StoreError};
use crate::bridge::Emitter;
use crate::handoff::Handoff;
use crate::outbox::rules::{classify, Answer, Outcome, CODE_STORAGE};
use psm_core::config::{Mode, QuizConfig};
use psm_core::payload::ResultPayload;
use std::rc::Rc;

pub struct OutboxHandoff {
    emitter: Emitter,
    endpoint: Option<String>,
    keep: bool,
    /// Keeps the page's delivery loop running while this quiz is mounted.
    _attachment: Option<Attachment>,
}

impl Handoff for OutboxHandoff {
    fn hand_off(&self, payload: &ResultPayload) {
        let entry = entry_for(payload, self.endpoint.as_deref(), self.keep);
        if let Err(e) = enqueue(&entry) {
            let why = match e {
                StoreError::Unavailable => "storage is not available on this device",
                StoreError::Full => "storage on this device is full",
            };
            #[cfg(feature = "kiosk")]
            if self.keep {
                super::unkept::hold(entry.clone());
            }
            let emitter = self.emitter.clone();
            if self.endpoint.is_some() {
                wasm_bindgen_futures::spawn_local(async move {
                    let (answer, _) = post(&entry).await;
                    if classify(answer) == Outcome::Delivered {
                        #[cfg(feature = "kiosk")]
                        super::unkept::delivered(&entry.id);
                        return;
                    }
                    let got = match answer {
                        Answer::Status(s) => format!("HTTP {s}"),
                        Answer::Redirect => "a redirect".to_string(),
                        Answer::None => "no answer".to_string(),
                    };
                    emitter.error(
                        CODE_STORAGE,
                        &format!(
                            "outbox: result {} could not be kept for delivery ({why}) and the one direct \
                             attempt got {got}; it is not stored on this device: keep it from psm-complete",
                            entry.id
                        ),
                    );
                });
            } else {
                emitter.error(
                    CODE_STORAGE,
                    &format!("outbox: result {} could not be kept ({why})", entry.id),
                );
            }
        }
        self.emitter.complete(payload);
    }
}

/// For a config with an endpoint, or in kiosk mode (results kept for export even without one).
pub fn for_config(config: &QuizConfig, emitter: &Emitter) -> Rc<dyn Handoff> {
    let endpoint = config.endpoint.clone();
    let attachment = endpoint.as_ref().map(|_| {
        let reporter = emitter.clone();
        attach(
            endpoint.clone(),
            Rc::new(move |code: &str, message: &str| reporter.error(code, message)),
        )
    });
    Rc::new(OutboxHandoff {
        emitter: emitter.clone(),
        endpoint,
        keep: config.mode == Mode::Kiosk,
        _attachment: attachment,
    })
}
