//! One statement: a native radio group in a fieldset, each whole option label clickable.
//! Keys 1..=points answer the statement that has focus.

use std::rc::Rc;
use yew::prelude::*;

pub struct ItemProps {
    /// Element id of the fieldset, unique in the document.
    pub dom_id: AttrValue,
    pub item_id: AttrValue,
    /// 1-based position in presentation order.
    pub number: usize,
    pub text: AttrValue,
    pub labels: Rc<Vec<String>>,
    pub value: Option<u8>,
    /// Marked as not answered (after a prompt).
    pub missing: bool,
    pub missing_text: AttrValue,
    pub on_answer: Callback<(String, u8)>,
}

/// Focus follows the answer, as it does with the arrow keys. Yew delegates events, so this statement's
/// fieldset is found from the event target.
#[cfg(target_arch = "wasm32")]
fn focus_option(e: &KeyboardEvent, value: u8) {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement};
    let radio = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("fieldset").ok().flatten())
        .and_then(|f| {
            f.query_selector(&format!("input[value=\"{value}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let Some(radio) = radio {
        let _ = radio.focus();
    }
}

/// The build-time render never receives events.
#[cfg(not(target_arch = "wasm32"))]
fn focus_option(_: &KeyboardEvent, _: u8) {}

pub fn item(props: &ItemProps) -> Html {
    let points = props.labels.len() as u8;
    let onkeydown = {
        let id = props.item_id.to_string();
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.alt_key() || e.meta_key() {
                return;
            }
            let value = match e.key().parse::<u8>() {
                Ok(v) if (1..=points).contains(&v) => v,
                _ => return,
            };
            e.prevent_default();
            on_answer.emit((id.clone(), value));
            focus_option(&e, value);
        })
    };
    let error_id = format!("{}-err", props.dom_id);
    let name = format!("{}-r", props.dom_id);
    // A plain string, not classes!(): Yew's Classes set costs an index map in the wasm.
    let class = if props.missing {
        "psm-item psm-item-missing"
    } else {
        "psm-item"
    };
    html! {
        <fieldset key={props.item_id.as_str()} class={class} id={props.dom_id.clone()} {onkeydown}
            aria-describedby={props.missing.then(|| error_id.clone())}>
            <legend class="psm-item-text">
                // One text node, as the prerendered page's parsed markup has: two would be drawn with other
                // kerning ("1" + ". "), and the take-over would shift pixels.
                <span class="psm-item-no">{ format!("{}. ", props.number) }</span>{ props.text.clone() }
            </legend>
            if props.missing {
                <p class="psm-item-error" id={error_id.clone()}>{ props.missing_text.clone() }</p>
            }
            <div class="psm-options">
                { for props.labels.iter().enumerate().map(|(i, label)| {
                    let value = i as u8 + 1;
                    let on_answer = props.on_answer.clone();
                    let id = props.item_id.to_string();
                    let onchange = Callback::from(move |_: Event| on_answer.emit((id.clone(), value)));
                    html! {
                        <label class="psm-option">
                            <input type="radio" class="psm-radio" name={name.clone()}
                                value={value.to_string()} checked={props.value == Some(value)} {onchange} />
                            <span class="psm-option-no" >{ value }</span>
                            <span class="psm-option-text">{ label.clone() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
