//! Welcome and consent: what the quiz measures, that the result is anonymous, what is sent and
//! why. Nothing starts (and nothing is stored or sent) until the candidate agrees.

use crate::env::EnvRef;
use crate::i18n::{fill, Lang};
use crate::layout::minutes_for;
use psm_core::TranslationStatus;
use yew::prelude::*;

pub struct ConsentProps {
    pub env: EnvRef,
    pub lang: Lang,
    pub heading: NodeRef,
    pub on_agree: Callback<()>,
    pub on_decline: Callback<()>,
}

pub fn consent(props: &ConsentProps) -> Html {
    let env = &props.env;
    let t = props.lang.t();
    let config = &env.config;
    let n = config.instrument.items.len();
    let working = config
        .instrument
        .translation
        .get(env.content_lang(props.lang))
        == Some(&TranslationStatus::Working);
    let storage = if env.resume.is_some() {
        fill(
            t.consent_storage,
            &[("hours", &config.resume_hours.to_string())],
        )
    } else {
        t.consent_no_storage.to_string()
    };
    let agree = props.on_agree.reform(|_| ());
    let decline = props.on_decline.reform(|_| ());
    let question_id = env.id("consent-q");
    html! {
        <section key="consent" class="psm-card psm-consent">
            <h2 class="psm-heading" tabindex="-1" ref={props.heading.clone()}>{ t.consent_heading }</h2>
            <p>{ t.consent_measures }</p>
            <p>{ fill(t.consent_length, &[("n", &n.to_string()), ("minutes", &minutes_for(n).to_string())]) }</p>
            <p>{ t.consent_anonymous }</p>
            <h3 class="psm-subheading">{ t.consent_sent_heading }</h3>
            <p>
                { t.consent_sent }
                if config.include_responses { { " " }{ t.consent_sent_responses } }
                if config.candidate_ref.is_some() { { " " }{ t.consent_sent_candidate } }
            </p>
            <p>{ t.consent_why }</p>
            <p>{ storage }</p>
            if working { <p class="psm-note">{ t.consent_translation_working }</p> }
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
