//! Language switch: one toggle button per language, each named in its own language.

use crate::i18n::Lang;
use yew::prelude::*;

pub struct LangSwitchProps {
    pub current: Lang,
    pub langs: Vec<Lang>,
    pub on_change: Callback<Lang>,
}

pub fn lang_switch(props: &LangSwitchProps) -> Html {
    if props.langs.len() < 2 {
        return html! {};
    }
    let t = props.current.t();
    html! {
        <div class="psm-lang" role="group" aria-label={t.lang_switch_label}>
            { for props.langs.iter().map(|&lang| {
                let on_change = props.on_change.clone();
                let pressed = lang == props.current;
                html! {
                    <button type="button" class="psm-lang-button" lang={lang.code()}
                        aria-pressed={if pressed { "true" } else { "false" }}
                        onclick={Callback::from(move |_| on_change.emit(lang))}>
                        { lang.t().lang_name }
                    </button>
                }
            }) }
        </div>
    }
}
