//! Where a finished result leaves the quiz. The components call [`Delivery::deliver`] exactly once
//! per completed run; what happens next (host event, durable outbox, endpoint POST, kiosk queue) is
//! decided by the implementation [`for_config`] picks, so the UI never changes for a new channel.

use crate::bridge::Emitter;
use psm_core::config::QuizConfig;
use psm_core::payload::ResultPayload;
use std::rc::Rc;

pub trait Delivery {
    /// Hand off a completed result. Must not block or fail the UI; errors are reported by the
    /// implementation itself (e.g. a `psm-error` event).
    fn deliver(&self, payload: &ResultPayload);
}

/// The host hears `psm-complete` with the payload as a plain JS object.
pub struct EmitDelivery {
    pub emitter: Emitter,
}

impl Delivery for EmitDelivery {
    fn deliver(&self, payload: &ResultPayload) {
        self.emitter.complete(payload);
    }
}

/// The delivery chain for a configuration: with an endpoint or in kiosk mode the durable outbox
/// (crate::outbox) comes first; otherwise the host event only.
pub fn for_config(config: &QuizConfig, emitter: &Emitter) -> Rc<dyn Delivery> {
    if config.endpoint.is_some() || config.mode == psm_core::config::Mode::Kiosk {
        return crate::outbox::delivery::for_config(config, emitter);
    }
    Rc::new(EmitDelivery {
        emitter: emitter.clone(),
    })
}
