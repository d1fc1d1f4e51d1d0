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
/// (crate::outbox, in the delivery and kiosk builds) comes first; otherwise the host event only.
pub fn for_config(config: &QuizConfig, emitter: &Emitter) -> Rc<dyn Delivery> {
    #[cfg(feature = "delivery")]
    if config.endpoint.is_some() || config.mode == psm_core::config::Mode::Kiosk {
        return crate::outbox::delivery::for_config(config, emitter);
    }
    // Without the feature an endpoint never gets here: `mount_quiz` answers it with an error.
    #[cfg(not(feature = "delivery"))]
    let _ = config;
    Rc::new(EmitDelivery {
        emitter: emitter.clone(),
    })
}

/// Stable error code: a config with an `endpoint` reached a build without the outbox (the embed wasm).
pub const BUILD_REQUIRED: &str = psm_core::codes::DELIVERY_BUILD_REQUIRED;

/// The error the embed build answers an `endpoint` with: error screen and `psm-error`, never a quiz whose
/// result would not be delivered.
pub fn build_required() -> psm_core::PsmError {
    psm_core::PsmError::new(
        BUILD_REQUIRED,
        "endpoint",
        "delivery to an endpoint needs the delivery build (psm-quiz-delivery.js, which psm-quiz.js loads \
         for a config with an endpoint); this page loaded the embed build (psm-quiz-web.js)",
    )
}
