//! Progress: a native <progress> plus "n dari N" as text.

use crate::i18n::{fill, Lang};
use yew::prelude::*;

pub struct ProgressProps {
    pub lang: Lang,
    pub answered: usize,
    pub total: usize,
}

pub fn progress(props: &ProgressProps) -> Html {
    let t = props.lang.t();
    let text = fill(
        t.progress_text,
        &[
            ("n", &props.answered.to_string()),
            ("total", &props.total.to_string()),
        ],
    );
    html! {
        <div class="psm-progress">
            <progress class="psm-progress-bar" max={props.total.to_string()}
                value={props.answered.to_string()} aria-label={t.progress_label}></progress>
            <p class="psm-progress-text">{ text }</p>
        </div>
    }
}
