//! Progress: a native <progress> plus "n dari N" as text.

use crate::i18n::{fill, Lang};
use yew::prelude::*;

pub struct ProgressProps {
    pub lang: Lang,
    pub answered: usize,
    pub total: usize,
}

/// "n dari N terjawab": also carried, for each count, with the prerendered first page (`crate::prerender`).
pub fn progress_text(lang: Lang, answered: usize, total: usize) -> String {
    fill(
        lang.t().progress_text,
        &[("n", &answered.to_string()), ("total", &total.to_string())],
    )
}

pub fn progress(props: &ProgressProps) -> Html {
    let t = props.lang.t();
    let text = progress_text(props.lang, props.answered, props.total);
    html! {
        <div class="psm-progress">
            <progress class="psm-progress-bar" max={props.total.to_string()}
                value={props.answered.to_string()} aria-label={t.progress_label}></progress>
            <p class="psm-progress-text">{ text }</p>
        </div>
    }
}
