//! Shown instead of the quiz when the configuration is invalid: never a half-working quiz.
//! The code and the core's field-naming message are shown as text, never as HTML.

use crate::i18n::Lang;
use yew::prelude::*;

pub struct ErrorScreenProps {
    pub lang: Lang,
    pub code: AttrValue,
    pub message: AttrValue,
}

pub fn error_screen(props: &ErrorScreenProps) -> Html {
    let t = props.lang.t();
    html! {
        <div class="psm-quiz" lang={props.lang.code()}>
            <section class="psm-card psm-error" role="alert">
                <h1 class="psm-heading">{ t.error_heading }</h1>
                <p>{ t.error_body }</p>
                <p class="psm-error-detail">
                    { t.error_code }{ ": " }<code class="psm-error-code">{ props.code.clone() }</code>
                </p>
                <p class="psm-error-detail"><code class="psm-error-message">{ props.message.clone() }</code></p>
            </section>
        </div>
    }
}
