//! Where a finished result leaves the quiz. The components call [`Handoff::hand_off`] exactly once per
//! completed run; what happens next (host event, durable outbox and endpoint POST, kiosk queue) is decided
//! by the implementation `Env` picks (`env::handoff_for`), so the UI never changes for a new channel.
//! The outbox's implementation is `outbox::handoff`; this module depends on neither.

use crate::bridge::Emitter;
use psm_core::payload::ResultPayload;

pub trait Handoff {
    /// Hand off a completed result. Must not block or fail the UI; errors are reported by the
    /// implementation itself (e.g. a `psm-error` event).
    fn hand_off(&self, payload: &ResultPayload);
}

/// The host hears `psm-complete` with the payload as a plain JS object (a config without `endpoint`).
pub struct HostEvent {
    pub emitter: Emitter,
}

impl Handoff for HostEvent {
    fn hand_off(&self, payload: &ResultPayload) {
        self.emitter.complete(payload);
    }
}
