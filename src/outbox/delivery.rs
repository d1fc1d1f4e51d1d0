//! The delivery chain for a host endpoint or a kiosk: the result is written to the outbox first (so it
//! survives anything after this call), then the host hears `psm-complete`. A write that fails is reported
//! as `psm-error` (`storage_unavailable`); the host event still fires, so an embedding host loses nothing.

use super::{attach, enqueue, Attachment, StoreError};
use crate::bridge::Emitter;
use crate::delivery::Delivery;
use psm_core::config::{Mode, QuizConfig};
use psm_core::delivery::CODE_STORAGE;
use psm_core::payload::ResultPayload;
use std::rc::Rc;

pub struct OutboxDelivery {
    emitter: Emitter,
    endpoint: Option<String>,
    keep: bool,
    /// Keeps the page's delivery loop running while this quiz is mounted.
    _attachment: Option<Attachment>,
}

impl Delivery for OutboxDelivery {
    fn deliver(&self, payload: &ResultPayload) {
        if let Err(e) = enqueue(payload, self.endpoint.as_deref(), self.keep) {
            let why = match e {
                StoreError::Unavailable => "storage is not available on this device",
                StoreError::Full => "storage on this device is full",
            };
            self.emitter.error(
                CODE_STORAGE,
                &format!("outbox: the result could not be kept for delivery ({why})"),
            );
        }
        self.emitter.complete(payload);
    }
}

/// For a config with an endpoint, or in kiosk mode (results kept for export even without one).
pub fn for_config(config: &QuizConfig, emitter: &Emitter) -> Rc<dyn Delivery> {
    let endpoint = config.endpoint.clone();
    let attachment = endpoint.as_ref().map(|_| {
        let reporter = emitter.clone();
        attach(
            endpoint.clone(),
            Rc::new(move |code: &str, message: &str| reporter.error(code, message)),
        )
    });
    Rc::new(OutboxDelivery {
        emitter: emitter.clone(),
        endpoint,
        keep: config.mode == Mode::Kiosk,
        _attachment: attachment,
    })
}
