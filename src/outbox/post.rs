//! One POST of one result to the host's endpoint, and what came back.

use crate::outbox::rules::{parse_retry_after, Answer, Entry};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, Headers, ReferrerPolicy, Request, RequestCache, RequestCredentials, RequestInit,
    RequestRedirect, Response,
};

/// A request that has not answered in this long counts as no answer.
const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// POSTs the payload as JSON. Returns what came back and a Retry-After in seconds (either form; readable cross-origin
/// only when the server lists it in `Access-Control-Expose-Headers`). No cookies and no Referer go with
/// it: the request identifies nobody. Redirects are not followed (`redirect: "manual"`): a followed
/// 301/302/303 becomes a GET whose 2xx would look like delivery, so the page sees an `opaqueredirect`
/// and the result stays (see `crate::outbox::rules::classify`).
pub async fn post(entry: &Entry) -> (Answer, Option<u64>) {
    let Some(endpoint) = entry.endpoint.as_deref() else {
        return (Answer::None, None);
    };
    let Some(window) = web_sys::window() else {
        return (Answer::None, None);
    };
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body_opt_str(Some(&entry.payload));
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_cache(RequestCache::NoStore);
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS)));
    if let Ok(headers) = Headers::new() {
        let _ = headers.set("Content-Type", "application/json");
        init.set_headers_headers(&headers);
    }
    let Ok(request) = Request::new_with_str_and_init(endpoint, &init) else {
        return (Answer::None, None);
    };
    let Ok(value) = JsFuture::from(window.fetch_with_request(&request)).await else {
        return (Answer::None, None); // offline, refused, timed out, or blocked by CORS
    };
    let Ok(response) = value.dyn_into::<Response>() else {
        return (Answer::None, None);
    };
    // Status 0 on a CORS-mode request: the `opaqueredirect` that `redirect: "manual"` gives for a 3xx.
    if response.status() == 0 {
        return (Answer::Redirect, None);
    }
    let retry_after = response
        .headers()
        .get("Retry-After")
        .ok()
        .flatten()
        .and_then(|v| parse_retry_after(&v, super::now_ms()));
    (Answer::Status(response.status()), retry_after)
}
