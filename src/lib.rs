//! psm-quiz-web: the web shell of the quiz. The JS entry (www/psm-quiz.js) calls [`mount_quiz`]
//! with a container inside a shadow root, the host config object (walked by `js_value`) and an `emit(type, detail)`
//! function, plus what the candidate already chose on the prerendered first screen (`first_screen`), if
//! anything; the returned [`QuizHandle`] unmounts it.
//!
//! Pure modules (`i18n`, `state`, `layout`, `setup`, `first_screen`) compile natively and are unit-tested
//! there; every module that touches the browser is wasm32-only. The views of the first screen (consent
//! inside the app's frame) compile natively as well: with feature `ssr`, `prerender` renders them at build
//! time (the `prerender` crate), for psm-quiz.js to show before the wasm arrives.

pub mod builds;
pub mod first_screen;
#[cfg(target_arch = "wasm32")]
pub mod handoff;
#[cfg(target_arch = "wasm32")]
mod hooks;
pub mod i18n;
pub mod layout;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod setup;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod bridge;
// Public for the browser tests that render one screen on its own (tests/web_result.rs). The first
// screen's parts also compile natively (see `components`).
#[doc(hidden)]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod env;
#[cfg(target_arch = "wasm32")]
mod host_api;
#[cfg(target_arch = "wasm32")]
pub mod js_value;
pub mod kiosk;
// The outbox's pure rules compile natively (for their tests) and in the delivery and kiosk builds.
#[cfg(any(feature = "delivery", not(target_arch = "wasm32")))]
pub mod outbox;
#[cfg(target_arch = "wasm32")]
mod root;
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub use root::{mount_quiz, QuizHandle};

// The allocator of the embed and delivery builds: lol_alloc's free list (sorted, coalescing) is about
// 4 KB gzip smaller than the standard dlmalloc, and one quiz's heap stays small enough that its linear
// search does not show. The kiosk build, which runs one candidate after another all day, keeps dlmalloc.
// SAFETY: the widget's wasm is single-threaded (no atomics, no workers share its memory).
#[cfg(all(target_arch = "wasm32", not(feature = "kiosk")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
