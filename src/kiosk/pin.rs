//! The operator's PIN prompt. The PIN is checked against the device's record (`device`), never against
//! anything in the address; wrong PINs are counted on the device before the slow comparison starts (a
//! reload mid-check cannot skip one), and without usable storage no PIN is judged at all.

use super::device::{self, Stored};
use super::setup_text::setup_text;
use super::text::text;
use crate::env::EnvRef;
use crate::i18n::{fill, Lang};
use crate::kiosk::pin_gate::PinAttempt;
use crate::outbox::now_ms;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PinProps {
    pub env: EnvRef,
    pub lang: Lang,
    pub on_unlock: Callback<()>,
    pub on_cancel: Callback<()>,
}

fn locked_message(lang: Lang, until: u64, now: u64) -> String {
    let secs = until.saturating_sub(now).div_ceil(1_000);
    fill(text(lang).pin_locked, &[("n", &secs.to_string())])
}

#[function_component(PinPrompt)]
pub fn pin_prompt(props: &PinProps) -> Html {
    let t = text(props.lang);
    let s = setup_text(props.lang);
    let lang = props.lang;
    let input = use_node_ref();
    // The verdict, or `Some(checking)` while the slow hash runs (then the form is busy).
    let message = use_state(|| None::<String>);
    let busy = message.as_deref() == Some(s.checking);
    let id = props.env.id("kiosk-pin");
    let closed = |why: &str| {
        html! {
            <section class="psm-card psm-kiosk-pin" aria-label={t.pin_heading}>
                <h1 class="psm-heading">{ t.pin_heading }</h1>
                <p class="psm-kiosk-pin-message" role="alert">{ why.to_string() }</p>
                <div class="psm-nav">
                    <button type="button" class="psm-button psm-secondary" onclick={props.on_cancel.reform(|_| ())}>{ t.pin_cancel }</button>
                </div>
            </section>
        }
    };
    // Without storage, attempts cannot be counted: the panel stays closed rather than unlimited.
    let record = match device::load() {
        Stored::Unavailable => return closed(s.storage_closed),
        Stored::Nothing => return closed(t.pin_not_set),
        Stored::Provisioned(p) => p,
    };
    if device::load_gate(now_ms()).is_none() {
        return closed(s.storage_closed);
    }
    let onsubmit = {
        let input = input.clone();
        let message = message.clone();
        let on_unlock = props.on_unlock.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if message.as_deref() == Some(s.checking) {
                return;
            }
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let pin = field.value();
            field.set_value("");
            let now = now_ms();
            let Some(gate) = device::load_gate(now) else {
                message.set(Some(s.storage_closed.to_string()));
                return;
            };
            if let Some(until) = gate.locked(now) {
                device::save_gate(&gate); // the capped lock, if it was capped
                message.set(Some(locked_message(lang, until, now)));
                return;
            }
            // Counted as wrong until the comparison says otherwise.
            let mut counted = gate;
            counted.judge(false, now);
            if !device::save_gate(&counted) {
                message.set(Some(s.storage_closed.to_string()));
                return;
            }
            message.set(Some(s.checking.to_string()));
            let (record, message, on_unlock) = (record.clone(), message.clone(), on_unlock.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let matched = device::verify(&record, &pin).await;
                let mut gate = gate;
                let result = gate.judge(matched, now);
                device::save_gate(&gate);
                match result {
                    PinAttempt::Granted => {
                        message.set(None);
                        on_unlock.emit(())
                    }
                    PinAttempt::Wrong { tries_left } => {
                        message.set(Some(fill(t.pin_wrong, &[("n", &tries_left.to_string())])))
                    }
                    PinAttempt::Locked { until } => {
                        message.set(Some(locked_message(lang, until, now)))
                    }
                }
            });
        })
    };
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(el) = input.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    html! {
        <section class="psm-card psm-kiosk-pin" aria-label={t.pin_heading}>
            <h1 class="psm-heading">{ t.pin_heading }</h1>
            <form {onsubmit} aria-busy={busy.then_some("true")}>
                <p>
                    <label for={id.clone()}>{ t.pin_label }</label>{ " " }
                    <input id={id} ref={input} type="password" autocomplete="off"
                        class="psm-kiosk-pin-input" />
                </p>
                <p class="psm-kiosk-pin-message" role="alert">{ (*message).clone().unwrap_or_default() }</p>
                <div class="psm-nav">
                    <button type="button" class="psm-button psm-secondary" onclick={props.on_cancel.reform(|_| ())}>{ t.pin_cancel }</button>
                    <button type="submit" class="psm-button psm-primary" disabled={busy}>{ t.pin_submit }</button>
                </div>
            </form>
        </section>
    }
}
