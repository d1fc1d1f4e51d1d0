//! Saving an export file on the device: a Blob behind a temporary object URL and an `<a download>`.
//! Each file is its own click (see `export`): browsers block a second download started by one click.

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// How long the object URL stays valid: the browser reads the Blob after the click returns, so revoking
/// it at once can cancel the download.
const URL_LIFETIME_MS: u32 = 60_000;

pub fn download(name: &str, mime: &str, contents: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&contents.into());
    let options = BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Timeout::new(URL_LIFETIME_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}
