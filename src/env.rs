//! Everything one mounted quiz knows that does not change while it runs. Several quizzes on a
//! page each get their own `Env`; nothing lives in statics.

use crate::bridge::{self, Emitter};
use crate::first_screen::Choice;
use crate::handoff::{Handoff, HostEvent};
use crate::setup::Setup;
use crate::storage::resume::ResumeStore;
use psm_core::canonical::instrument_sha256;
use psm_core::config::QuizConfig;
use std::rc::Rc;

pub struct Env {
    /// Config, languages and id prefix: what the views read (`crate::setup`, also built natively).
    pub setup: Setup,
    pub sha256: String,
    pub emitter: Emitter,
    /// Where the finished result goes (`handoff_for`).
    pub handoff: Rc<dyn Handoff>,
    pub resume: Option<ResumeStore>,
    /// Width of the container when mounted (CSS px), for the first layout.
    pub initial_width: f64,
    /// What the candidate did on the prerendered first screen before the wasm arrived.
    pub first_choice: Choice,
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
        let uid = format!("psm{}", bridge::hex(&bridge::random_bytes(4)));
        let mut setup = Setup::new(config, uid);
        // Once per mount, not per render of the consent screen: the probe writes to localStorage.
        setup.storage_writable = crate::storage::writable();
        Env {
            setup,
            sha256,
            emitter,
            handoff,
            resume,
            initial_width,
            first_choice: Choice::default(),
            #[cfg(feature = "kiosk")]
            kiosk_address: None,
        }
    }
}

/// `env.config`, `env.langs`, `env.text(..)`...: the setup's fields and methods read through the env.
impl std::ops::Deref for Env {
    type Target = Setup;
    fn deref(&self) -> &Setup {
        &self.setup
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
