//! What the operator panel tells staff about the device itself: a new build that failed its check (written
//! by psm-quiz.js when the service worker refuses it), an address asking for other settings than the saved
//! ones, and the way to set the kiosk up again (a new PIN, and the saved or the address's settings).

use super::device::{self, Stored};
use super::setup::SetupScreen;
use super::setup_text::setup_text;
use crate::env::EnvRef;
use crate::i18n::{fill, Lang};
use yew::prelude::*;

/// Set by psm-quiz.js: `{version, file, at}` of the last build the service worker refused.
const UPDATE_REJECTED_KEY: &str = "psm-kiosk/update-rejected/1";

fn rejected_file() -> Option<String> {
    let raw = crate::storage::local()?
        .get_item(UPDATE_REJECTED_KEY)
        .ok()??;
    let json = crate::js_value::parse(&raw, psm_core::codes::CONFIG_INVALID).ok()?;
    Some(
        json.get("file")
            .and_then(|f| f.as_str())
            .unwrap_or("?")
            .to_string(),
    )
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub env: EnvRef,
    pub lang: Lang,
}

#[function_component(StaffNotices)]
pub fn staff_notices(props: &NoticeProps) -> Html {
    let s = setup_text(props.lang);
    // The settings staff chose to save with a new PIN: the setup screen shows in place of the notices.
    let setup = use_state(|| None::<String>);
    if let Some(settings) = (*setup).clone() {
        let setup = setup.clone();
        return html! {
            <SetupScreen lang={props.lang} uid={props.env.uid.clone()} {settings} again={true}
                on_cancel={Some(Callback::from(move |_: ()| setup.set(None)))} />
        };
    }
    let saved = match device::load() {
        Stored::Provisioned(p) => Some(p.settings),
        _ => None,
    };
    let address = props.env.kiosk_address.clone();
    let differs = saved.is_some() && address.is_some() && saved != address;
    let open = |settings: Option<String>| {
        let setup = setup.clone();
        Callback::from(move |_: MouseEvent| setup.set(settings.clone()))
    };
    html! {
        <div class="psm-kiosk-notices">
            if let Some(file) = rejected_file() {
                <p class="psm-alert psm-kiosk-update-rejected" role="alert">{ fill(s.update_rejected, &[("file", &file)]) }</p>
            }
            if differs {
                <p class="psm-kiosk-address-differs">{ s.address_differs }</p>
            }
            <div class="psm-nav">
                if saved.is_some() {
                    <button type="button" class="psm-button psm-secondary" data-action="change-pin"
                        onclick={open(saved.clone())}>{ s.change_pin }</button>
                }
                if differs {
                    <button type="button" class="psm-button psm-secondary" data-action="apply-address"
                        onclick={open(address)}>{ s.apply_address }</button>
                }
            </div>
        </div>
    }
}
