//! The operator's panel: counts, storage state, send now, exports and clearing (`super::room`), staff
//! notices and re-provisioning. The PIN prompt before it is `super::pin`.

use super::room::Room;
use super::text::text;
use crate::env::EnvRef;
use crate::i18n::{fill, Lang};
use crate::outbox::rules::counts;
use crate::outbox::storage_level::StorageLevel;
use crate::outbox::store;
use gloo_timers::callback::Interval;
use yew::prelude::*;

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
            <super::notices::StaffNotices env={props.env.clone()} lang={props.lang} />
            <div class="psm-nav">
                <button type="button" class="psm-button psm-primary" data-action="close" onclick={props.on_close.reform(|_| ())}>{ t.panel_close }</button>
            </div>
        </section>
    }
}
