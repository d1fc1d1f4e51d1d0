use crate::layout::items_per_page;
use crate::state::{Action, QuizState};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, ResizeObserver};
use yew::prelude::*;

/// Items per page follow the width of the element `root` points to (a `ResizeObserver`, disconnected
/// when the quiz unmounts).
#[hook]
pub fn use_items_per_page(root: NodeRef, state: UseReducerHandle<QuizState>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        let observer = root.cast::<Element>().and_then(|el| {
            let target = el.clone();
            let resized = Closure::<dyn FnMut()>::new(move || {
                let width = f64::from(target.client_width());
                if width > 0.0 {
                    dispatcher.dispatch(Action::SetPerPage(items_per_page(width)));
                }
            });
            let observer = ResizeObserver::new(resized.as_ref().unchecked_ref()).ok()?;
            observer.observe(&el);
            Some((observer, resized))
        });
        move || {
            if let Some((observer, _resized)) = observer {
                observer.disconnect();
            }
        }
    });
}
