//! Welcome and consent: what the quiz measures, how to answer, whether the result is anonymous or
//! linked to the application, exactly what is sent (listed from the same config that builds the
//! payload, psm_core::disclosure), the host's PDP notice with the candidate's rights, and the language
//! choice. Nothing starts (and nothing is stored or sent) until the candidate agrees.

use crate::i18n::{fill, sent_text, Catalogue, Lang};
use crate::layout::minutes_for;
use crate::setup::Setup;
use psm_core::disclosure::disclosed;
use psm_core::notice::Notice;
use psm_core::TranslationStatus;
use yew::prelude::*;

pub struct ConsentProps<'a> {
    pub setup: &'a Setup,
    pub lang: Lang,
    pub heading: NodeRef,
    pub on_agree: Callback<()>,
    pub on_decline: Callback<()>,
}

/// The host's notice, as given (plain text, never HTML), under translated labels, then the rights.
fn notice_view(t: &'static Catalogue, n: &Notice) -> Html {
    let row = |label: &'static str, value: &str| {
        html! { <><dt>{ label }</dt><dd>{ value.to_string() }</dd></> }
    };
    html! {
        <section class="psm-notice">
            <h3 class="psm-subheading">{ t.notice_heading }</h3>
            <p>{ t.notice_as_given }</p>
            <dl class="psm-dims">
                { row(t.notice_controller, &n.controller.name) }
                { row(t.notice_contact, &n.controller.contact) }
                { row(t.notice_legal_basis, &n.legal_basis) }
                { row(t.notice_purpose, &n.purpose) }
                { row(t.notice_processing_period, &n.processing_period) }
                { row(t.notice_retention, &n.retention) }
                if let Some(v) = &n.version { { row(t.notice_version, v) } }
            </dl>
            <p class="psm-rights">{ t.notice_rights }</p>
        </section>
    }
}

pub fn consent(props: &ConsentProps) -> Html {
    let setup = props.setup;
    let t = props.lang.t();
    let config = &setup.config;
    let n = config.instrument.items.len();
    let status = config
        .instrument
        .translation
        .get(setup.content_lang(props.lang));
    let storage = if setup.resumable() {
        fill(
            t.consent_storage,
            &[("hours", &config.resume_hours.to_string())],
        )
    } else {
        t.consent_no_storage.to_string()
    };
    let recipient = config
        .notice
        .as_ref()
        .map_or(t.consent_sent_to_agency, |n| n.controller.name.as_str());
    // A finished result that waits on the device (the outbox): until delivered with an endpoint, or kept for
    // staff's export at a kiosk. Said before the candidate agrees (UU 27/2022: what is stored, where, how long).
    // With storage that takes no write, an endpoint's result gets one direct POST and nothing is kept
    // (outbox::handoff): then nothing is promised. A kiosk says its sentence whatever the storage: with none
    // that takes a write its result is held in memory until staff export it, which the sentence does not say.
    let kept = if config.mode == psm_core::config::Mode::Kiosk {
        Some(t.consent_kept_kiosk.to_string())
    } else {
        config
            .endpoint
            .as_ref()
            .filter(|_| setup.storage_writable)
            .map(|_| fill(t.consent_kept_delivery, &[("to", recipient)]))
    };
    let sent = disclosed(config).into_iter().map(|d| {
        html! { <li data-sent={d.key()}>{ sent_text(props.lang, d) }</li> }
    });
    // One text node, as the build-time render writes it: a line split into several text nodes is shaped
    // differently at the joins, and the take-over would move pixels.
    let mut length = fill(
        t.consent_length,
        &[
            ("n", &n.to_string()),
            ("minutes", &minutes_for(n).to_string()),
        ],
    );
    if setup.langs.len() > 1 {
        length.push(' ');
        length.push_str(t.lang_fixed);
    }
    let agree = props.on_agree.reform(|_| ());
    let decline = props.on_decline.reform(|_| ());
    let question_id = setup.id("consent-q");
    html! {
        <section key="consent" class="psm-card psm-consent">
            <h2 class="psm-heading" tabindex="-1" ref={props.heading.clone()}>{ t.consent_heading }</h2>
            // Includes the request to answer as you are, with no pass mark (social desirability).
            <p class="psm-honest">{ t.consent_measures }</p>
            <p class="psm-lang-fixed">{ length }</p>
            <p class="psm-privacy">{ if config.linked { t.consent_linked } else { t.consent_anonymous } }</p>
            <h3 class="psm-subheading">{ t.consent_sent_heading }</h3>
            <p>{ fill(t.consent_sent, &[("to", recipient)]) }</p>
            <ul class="psm-sent">{ for sent }</ul>
            if config.notice.is_none() { <p>{ t.consent_why }</p> }
            <p>{ t.consent_not_decisive }</p>
            if let Some(notice) = &config.notice { { notice_view(t, notice) } }
            <p>{ storage }</p>
            if let Some(kept) = kept { <p class="psm-kept">{ kept }</p> }
            if status == Some(&TranslationStatus::Working) {
                <p class="psm-note">{ t.consent_translation_working }</p>
            }
            if status == Some(&TranslationStatus::Unverified) {
                <p class="psm-note">{ t.consent_wording_unverified }</p>
            }
            <p class="psm-question" id={question_id.clone()}><strong>{ t.consent_question }</strong></p>
            <div class="psm-nav" role="group" aria-labelledby={question_id}>
                <button type="button" class="psm-button psm-secondary" onclick={decline}>{ t.consent_decline }</button>
                <button type="button" class="psm-button psm-primary" onclick={agree}>{ t.consent_agree }</button>
            </div>
        </section>
    }
}

pub struct DeclinedProps {
    pub lang: Lang,
    pub heading: NodeRef,
    pub on_back: Callback<()>,
}

/// Declining ends politely; the only way on is to read the explanation again.
pub fn declined(props: &DeclinedProps) -> Html {
    let t = props.lang.t();
    html! {
        <section key="declined" class="psm-card psm-declined">
            <h2 class="psm-heading" tabindex="-1" ref={props.heading.clone()}>{ t.declined_heading }</h2>
            <p>{ t.declined_body }</p>
            <div class="psm-nav">
                <button type="button" class="psm-button psm-secondary" onclick={props.on_back.reform(|_| ())}>
                    { t.declined_back }
                </button>
            </div>
        </section>
    }
}
