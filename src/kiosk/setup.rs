//! The kiosk's setup screen: at first start, and when staff set the kiosk up again from the operator
//! panel. Staff type a new PIN twice; the device keeps only its salted slow hash, together with the
//! settings shown here (one record: `super::provision`).

use super::device;
use super::setup_text::setup_text;
use crate::i18n::{fill, Lang};
use crate::kiosk::provision::{
    check_new_pin, NewPinProblem, Provision, MAX_PIN_CHARS, MIN_PIN_CHARS,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SetupProps {
    pub lang: Lang,
    /// Element ids are scoped to the mount.
    pub uid: String,
    /// The config (JSON) to save with the PIN.
    pub settings: String,
    /// Set up again from the operator panel (the PIN was just entered), rather than a first start.
    pub again: bool,
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

/// The kiosk starts again on what was just saved (a new endpoint, instrument and timers everywhere).
fn restart() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

#[function_component(SetupScreen)]
pub fn setup_screen(props: &SetupProps) -> Html {
    let s = setup_text(props.lang);
    let pin = use_node_ref();
    let again_ref = use_node_ref();
    // The message, or `Some(saving)` while the slow hash runs (then the form is busy).
    let message = use_state(|| None::<String>);
    let busy = message.as_deref() == Some(s.saving);
    let ids = (
        format!("{}-setup-pin", props.uid),
        format!("{}-setup-pin-again", props.uid),
        format!("{}-setup-hint", props.uid),
    );
    // The settings were validated when they were made: one line naming what will be saved.
    let summary = crate::js_value::read_config(&props.settings)
        .map(|c| {
            let endpoint = c.endpoint.unwrap_or_else(|| s.no_endpoint.to_string());
            format!(
                "{} {} · {} · {endpoint} · {} / {} s",
                c.instrument.id,
                c.instrument.version,
                c.lang,
                c.kiosk.idle_seconds,
                c.kiosk.reset_seconds
            )
        })
        .unwrap_or_default();
    let onsubmit = {
        let (pin, again_ref, message) = (pin.clone(), again_ref.clone(), message.clone());
        let settings = props.settings.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if message.as_deref() == Some(s.saving) {
                return;
            }
            let (Some(a), Some(b)) = (
                pin.cast::<HtmlInputElement>(),
                again_ref.cast::<HtmlInputElement>(),
            ) else {
                return;
            };
            let (first, second) = (a.value(), b.value());
            if let Err(problem) = check_new_pin(&first, &second) {
                let text = match problem {
                    NewPinProblem::TooShort => {
                        fill(s.too_short, &[("n", &MIN_PIN_CHARS.to_string())])
                    }
                    NewPinProblem::TooLong => {
                        fill(s.too_long, &[("n", &MAX_PIN_CHARS.to_string())])
                    }
                    NewPinProblem::Different => s.different.to_string(),
                };
                a.set_value("");
                b.set_value("");
                let _ = a.focus();
                message.set(Some(text));
                return;
            }
            message.set(Some(s.saving.to_string()));
            let (settings, message) = (settings.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let problem = match device::hash_new(&first).await {
                    None => s.no_crypto,
                    Some(pin) => {
                        if device::save(&Provision { pin, settings }) {
                            return restart();
                        }
                        s.not_saved
                    }
                };
                message.set(Some(problem.to_string()));
            });
        })
    };
    {
        let pin = pin.clone();
        use_effect_with((), move |_| {
            if let Some(el) = pin.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let (pin_id, again_id, hint_id) = ids;
    html! {
        <section class="psm-card psm-kiosk-setup" aria-labelledby={format!("{}-setup-heading", props.uid)}>
            <h1 class="psm-heading" id={format!("{}-setup-heading", props.uid)}>{ s.heading }</h1>
            <p>{ if props.again { s.again } else { s.first_start } }</p>
            <p>{ s.saved_here }{ " " }<strong class="psm-kiosk-settings">{ summary }</strong></p>
            <form {onsubmit} aria-busy={busy.then_some("true")}>
                <p>
                    <label for={pin_id.clone()}>{ s.pin }</label>{ " " }
                    <input id={pin_id} ref={pin} type="password" autocomplete="new-password"
                        class="psm-kiosk-setup-pin" aria-describedby={hint_id.clone()} />
                </p>
                <p>
                    <label for={again_id.clone()}>{ s.pin_again }</label>{ " " }
                    <input id={again_id} ref={again_ref} type="password" autocomplete="new-password"
                        class="psm-kiosk-setup-pin-again" />
                </p>
                <p class="psm-note" id={hint_id}>{ fill(s.pin_hint, &[("n", &MIN_PIN_CHARS.to_string())]) }</p>
                <p class="psm-kiosk-setup-message" role="alert">{ (*message).clone().unwrap_or_default() }</p>
                <div class="psm-nav">
                    if let Some(cancel) = &props.on_cancel {
                        <button type="button" class="psm-button psm-secondary" onclick={cancel.reform(|_| ())}>{ s.cancel }</button>
                    }
                    <button type="submit" class="psm-button psm-primary" disabled={busy}>{ s.save }</button>
                </div>
            </form>
        </section>
    }
}
