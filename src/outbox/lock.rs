//! The origin-wide Web Lock under which a tab makes a pass over the outbox, so two tabs never POST the
//! same result at the same time.

use std::future::Future;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The Web Lock every tab of the origin takes for a pass over the outbox.
const LOCK_NAME: &str = "psm-outbox";

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks` (web-sys has it only behind its unstable-API flag).
    type LockManager;
    #[wasm_bindgen(method, catch)]
    fn request(
        this: &LockManager,
        name: &str,
        callback: &js_sys::Function,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Runs `work()` while holding the origin-wide outbox lock; without Web Locks, runs it as is.
pub async fn exclusive<F, Fut>(work: F)
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|v| v.is_object());
    let Some(locks) = locks else {
        return work().await;
    };
    let work = std::rc::Rc::new(work);
    let ran = std::rc::Rc::new(std::cell::Cell::new(false));
    let callback = {
        let (work, ran) = (work.clone(), ran.clone());
        Closure::once_into_js(move |_lock: JsValue| {
            ran.set(true);
            future_to_promise(async move {
                work().await;
                Ok(JsValue::UNDEFINED)
            })
        })
    };
    let granted = match locks
        .unchecked_into::<LockManager>()
        .request(LOCK_NAME, callback.unchecked_ref())
    {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    };
    if !granted && !ran.get() {
        work().await; // the lock could not be taken (sandboxed frame): the storage lease still guards
    }
}
