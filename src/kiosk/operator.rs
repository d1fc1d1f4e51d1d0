//! The operator's side of the kiosk: the PIN prompt (rate-limited, the gate survives reloads) and the
//! panel (counts, storage state, send now; exports and clearing in `super::room`).

use super::room::Room;
use super::text::text;
use crate::env::EnvRef;
use crate::i18n::{fill, Lang};
use crate::outbox::{now_ms, store};
use gloo_timers::callback::Interval;
use psm_core::delivery::counts;
use psm_core::kiosk::{PinAttempt, PinGate, StorageLevel};
use web_sys::HtmlInputElement;
use yew::prelude::*;

const GATE_KEY: &str = "psm-kiosk/pin-gate/1";

fn load_gate() -> PinGate {
    let raw = store::storage().and_then(|s| s.get_item(GATE_KEY).ok().flatten());
    let parsed = raw.and_then(|r| {
        let (f, l) = r.split_once(':')?;
        Some(PinGate {
            failures: f.parse().ok()?,
            locked_until: l.parse().ok()?,
        })
    });
    parsed.unwrap_or_default()
}

fn save_gate(gate: &PinGate) {
    if let Some(s) = store::storage() {
        let _ = s.set_item(
            GATE_KEY,
            &format!("{}:{}", gate.failures, gate.locked_until),
        );
    }
}

#[derive(Properties, PartialEq)]
pub struct PinProps {
    pub env: EnvRef,
    pub lang: Lang,
    pub on_unlock: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[function_component(PinPrompt)]
pub fn pin_prompt(props: &PinProps) -> Html {
    let t = text(props.lang);
    let input = use_node_ref();
    let message = use_state(|| None::<String>);
    let id = props.env.id("kiosk-pin");
    let Some(expected) = props.env.config.kiosk.pin_sha256.clone() else {
        return html! {
            <section class="psm-card psm-kiosk-pin" aria-label={t.pin_heading}>
                <h1 class="psm-heading">{ t.pin_heading }</h1>
                <p role="alert">{ t.pin_not_set }</p>
                <div class="psm-nav">
                    <button type="button" class="psm-button psm-secondary" onclick={props.on_cancel.reform(|_| ())}>{ t.pin_cancel }</button>
                </div>
            </section>
        };
    };
    let onsubmit = {
        let input = input.clone();
        let message = message.clone();
        let on_unlock = props.on_unlock.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let pin = field.value();
            field.set_value("");
            let now = now_ms();
            let mut gate = load_gate();
            let result = gate.attempt(&pin, &expected, now);
            save_gate(&gate);
            match result {
                PinAttempt::Granted => on_unlock.emit(()),
                PinAttempt::Wrong { tries_left } => {
                    message.set(Some(fill(t.pin_wrong, &[("n", &tries_left.to_string())])))
                }
                PinAttempt::Locked { until } => {
                    let secs = until.saturating_sub(now).div_ceil(1_000);
                    message.set(Some(fill(t.pin_locked, &[("n", &secs.to_string())])))
                }
            }
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
            <form {onsubmit}>
                <p>
                    <label for={id.clone()}>{ t.pin_label }</label>{ " " }
                    <input id={id} ref={input} type="password" inputmode="numeric" autocomplete="off"
                        class="psm-kiosk-pin-input" />
                </p>
                <p class="psm-kiosk-pin-message" role="alert">{ (*message).clone().unwrap_or_default() }</p>
                <div class="psm-nav">
                    <button type="button" class="psm-button psm-secondary" onclick={props.on_cancel.reform(|_| ())}>{ t.pin_cancel }</button>
                    <button type="submit" class="psm-button psm-primary">{ t.pin_submit }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub env: EnvRef,
    pub lang: Lang,
    pub storage: StorageLevel,
    pub on_close: Callback<()>,
}

#[function_component(OperatorPanel)]
pub fn operator_panel(props: &PanelProps) -> Html {
    let t = text(props.lang);
    // Re-read the outbox on every render and after each action; a revision forces the render.
    let rev = use_state(|| 0u32);
    let entries = store::load_all();
    let c = counts(&entries);
    let bump = {
        let rev = rev.clone();
        move || rev.set(rev.wrapping_add(1))
    };
    let send_now = {
        let bump = bump.clone();
        Callback::from(move |_: MouseEvent| {
            crate::outbox::sender::network_returned();
            bump();
        })
    };
    let storage = match props.storage {
        StorageLevel::Ok => t.panel_storage_ok,
        StorageLevel::NearlyFull => t.storage_nearly_full,
        StorageLevel::Unavailable => t.storage_unavailable,
    };
    let endpoint = match &props.env.config.endpoint {
        Some(url) => fill(t.panel_endpoint, &[("url", url)]),
        None => t.panel_no_endpoint.to_string(),
    };
    {
        // Keep the counts live while the panel is open (delivery runs in the background).
        let rev = rev.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(2_000, move || rev.set(rev.wrapping_add(1)));
            move || drop(timer)
        });
    }
    html! {
        <section class="psm-card psm-kiosk-panel" aria-label={t.panel_heading}>
            <h1 class="psm-heading">{ t.panel_heading }</h1>
            <table class="psm-table psm-kiosk-counts">
                <tbody>
                    <tr><th scope="row">{ t.panel_queued }</th><td data-count="queued">{ c.queued }</td></tr>
                    <tr><th scope="row">{ t.panel_delivered }</th><td data-count="delivered">{ c.delivered }</td></tr>
                    <tr><th scope="row">{ t.panel_failed }</th><td data-count="failed">{ c.failed }</td></tr>
                </tbody>
            </table>
            <p>{ endpoint }</p>
            <p class="psm-kiosk-storage" role={(props.storage != StorageLevel::Ok).then_some("alert")}>{ storage }</p>
            if props.env.config.endpoint.is_some() {
                <div class="psm-nav">
                    <button type="button" class="psm-button psm-secondary" data-action="send-now" onclick={send_now}>{ t.panel_send_now }</button>
                </div>
            }
            <Room lang={props.lang} export_json={t.panel_export_json}
                export_csv={t.panel_export_csv} on_change={Callback::from(move |_| bump())} />
            <div class="psm-nav">
                <button type="button" class="psm-button psm-primary" data-action="close" onclick={props.on_close.reform(|_| ())}>{ t.panel_close }</button>
            </div>
        </section>
    }
}
