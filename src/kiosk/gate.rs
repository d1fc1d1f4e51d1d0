//! In front of the kiosk: which settings it runs with. A provisioned device runs its saved settings,
//! whatever the address says; a device never set up shows the setup screen first; a kiosk set up the old
//! way (`kiosk.pin_sha256` in the address) is provisioned with that hash at its first start, so a later
//! address cannot bring another one. Storage that cannot be used leaves the address's config running with
//! the operator panel closed. Decided once per mount; saving new settings reloads the page.

use super::device::{self, Stored};
use super::setup::SetupScreen;
use super::view::Kiosk;
use crate::env::{Env, EnvRef};
use crate::i18n::Lang;
use crate::kiosk::provision::{settings, PinRecord, Provision};
use psm_core::codes;
use std::rc::Rc;
use yew::prelude::*;

/// The kiosk running on the saved settings, with the address's own settings beside them (for the panel).
fn saved_env(base: &EnvRef, p: &Provision, address: Option<String>) -> EnvRef {
    match p.config(
        base.config.parent_origin.as_deref(),
        crate::js_value::read_config,
    ) {
        Ok(config) => {
            let mut env = Env::new(config, base.emitter.clone(), base.initial_width);
            env.kiosk_address = address;
            EnvRef(Rc::new(env))
        }
        Err(_) => base.clone(),
    }
}

/// The settings a kiosk saves from the address's config (`config_json`, the browser's text of the host's
/// object), written with the browser's JSON; `None` when the config is invalid.
fn settings_text(config_json: &str) -> Option<String> {
    let config = crate::js_value::parse(config_json, codes::CONFIG_INVALID).ok()?;
    crate::js_value::to_text(&settings(&config, crate::js_value::builtin).ok()?)
}

/// The kiosk, or its setup screen at first start, for the address's config `base` (`config_json`).
pub fn kiosk(base: &EnvRef, config_json: &str) -> Html {
    let address = settings_text(config_json);
    let env = match (device::load(), &base.config.kiosk.pin_sha256, address) {
        (Stored::Unavailable, ..) | (Stored::Nothing, _, None) => base.clone(),
        (Stored::Provisioned(p), _, address) => {
            device::ensure_gate();
            saved_env(base, &p, address)
        }
        (Stored::Nothing, Some(hash), Some(settings)) => {
            let p = Provision {
                pin: PinRecord::Sha256 { hash: hash.clone() },
                settings,
            };
            if device::save(&p) {
                saved_env(base, &p, None)
            } else {
                base.clone()
            }
        }
        (Stored::Nothing, None, Some(settings)) => {
            let lang = Lang::from_code(&base.config.lang);
            return html! {
                <div class="psm-kiosk" lang={lang.code()}>
                    <div class="psm-quiz psm-kiosk-operator-area">
                        <SetupScreen {lang} uid={base.uid.clone()} {settings} again={false} />
                    </div>
                </div>
            };
        }
    };
    html! { <Kiosk {env} /> }
}
