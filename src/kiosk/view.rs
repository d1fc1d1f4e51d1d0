//! The kiosk component: the shell state machine (`shell`) driven by input, a one-second clock and the
//! result hand-off, around a fresh quiz per candidate. The clock is monotonic (`performance.now()`): a
//! corrected wall clock neither resets a candidate mid-quiz nor keeps a result on screen, and it ticks
//! only while a countdown runs, so an idle kiosk on battery sleeps. While a result could not be kept
//! (storage full or blocked) no new candidate starts (`super::room`).

use super::operator::OperatorPanel;
use super::pin::PinPrompt;
use super::room::blocked as blocked_notice;
use super::shell::{tap, Msg, Panel, Shell};
use super::text::text;
use crate::app::App;
use crate::bridge::monotonic_ms;
use crate::env::{Env, EnvRef};
use crate::handoff::Handoff;
use crate::i18n::{fill, Lang};
use crate::outbox::storage_level::StorageLevel;
use crate::outbox::{store, unkept};
use gloo_timers::callback::Interval;
use psm_core::payload::ResultPayload;
use std::rc::Rc;
use web_sys::HtmlDialogElement;
use yew::prelude::*;

/// The kiosk's clock for countdowns and taps: monotonic milliseconds.
fn now_ms() -> u64 {
    monotonic_ms() as u64
}

#[derive(Properties, PartialEq)]
pub struct KioskProps {
    /// The mount's environment: config and emitter. Each candidate gets a fresh copy of it.
    pub env: EnvRef,
}

struct Reducer(Shell);

impl Reducible for Reducer {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = self.0.clone();
        next.apply(msg);
        if next == self.0 {
            self
        } else {
            Rc::new(Reducer(next))
        }
    }
}

/// Passes the result on (outbox first, then the host) and then tells the kiosk the candidate finished.
struct Finished {
    inner: Rc<dyn Handoff>,
    on_finished: Callback<()>,
}

impl Handoff for Finished {
    fn hand_off(&self, payload: &ResultPayload) {
        self.inner.hand_off(payload);
        self.on_finished.emit(());
    }
}

/// A fresh environment for one candidate: same config and host, new ids, no resume storage.
fn candidate_env(base: &Env, on_finished: Callback<()>) -> EnvRef {
    let mut env = Env::new(
        base.config.clone(),
        base.emitter.clone(),
        base.initial_width,
    );
    if let Some(resume) = env.resume.take() {
        resume.clear(); // nothing of an earlier candidate may come back
    }
    env.kiosk_address = base.kiosk_address.clone();
    env.handoff = Rc::new(Finished {
        inner: env.handoff.clone(),
        on_finished,
    });
    EnvRef(Rc::new(env))
}

#[function_component(Kiosk)]
pub fn kiosk(props: &KioskProps) -> Html {
    let base = props.env.clone();
    let kiosk = &base.config.kiosk;
    let shell = {
        let (idle, reset) = (kiosk.idle_seconds, kiosk.reset_seconds);
        use_reducer(move || Reducer(Shell::new(idle, reset)))
    };
    let s = &shell.0;
    let lang = Lang::from_code(&base.config.lang);
    let t = text(lang);
    let storage = use_state(store::level);
    let blocked = use_state(|| unkept::count() > 0);
    let taps = use_mut_ref(Vec::new);

    let env = {
        let base = base.clone();
        let dispatcher = shell.dispatcher();
        use_memo(s.generation, move |_| {
            let on_finished = Callback::from(move |_| dispatcher.dispatch(Msg::Finished(now_ms())));
            candidate_env(&base, on_finished)
        })
    };

    // Each reset, each result and each close of the panel: check the storage again (and keep results
    // held in memory if room was made) before the next candidate starts.
    {
        let (storage, blocked) = (storage.clone(), blocked.clone());
        use_effect_with((s.generation, s.finished, s.panel), move |_| {
            blocked.set(unkept::retry() > 0);
            storage.set(store::level());
        });
    }
    // A new build may take over only between candidates: tell psm-quiz.js whenever that changes.
    {
        let emitter = base.emitter.clone();
        let between = !s.touched && !s.finished && s.panel == Panel::Closed;
        use_effect_with(between, move |&between| emitter.kiosk_between(between));
    }
    // The clock: one tick a second while a countdown runs (input since the reset, or a result on
    // screen), none on an untouched welcome screen; removed on unmount.
    {
        let dispatcher = shell.dispatcher();
        use_effect_with(s.countdown.is_some(), move |&running| {
            let timer = running
                .then(|| Interval::new(1_000, move || dispatcher.dispatch(Msg::Tick(now_ms()))));
            move || drop(timer)
        });
    }

    let on_input = {
        let dispatcher = shell.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Msg::Input(now_ms())))
    };
    let onpointerdown = on_input.reform(|_: PointerEvent| ());
    let onkeydown = on_input.reform(|_: KeyboardEvent| ());
    let on_next = {
        let dispatcher = shell.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Msg::Next))
    };
    let on_operator = {
        let dispatcher = shell.dispatcher();
        Callback::from(move |_: MouseEvent| {
            if tap(&mut taps.borrow_mut(), now_ms()) {
                dispatcher.dispatch(Msg::OpenPin);
            }
        })
    };
    let on_unlock = {
        let dispatcher = shell.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Msg::Unlocked))
    };
    let on_close = {
        let dispatcher = shell.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Msg::ClosePanel))
    };

    // The countdown dialog opens modally when it appears (top layer: visible however far down the
    // candidate has scrolled); Yew removes it when the countdown is cancelled or the kiosk resets.
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(s.warning.is_some(), move |&shown| {
            if let Some(d) = shown.then(|| dialog.cast::<HtmlDialogElement>()).flatten() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
        });
    }
    let countdown_id = base.id("kiosk-countdown");

    let storage_banner = match *storage {
        StorageLevel::Ok => None,
        StorageLevel::NearlyFull => Some(t.storage_nearly_full),
        StorageLevel::Unavailable => Some(t.storage_unavailable),
    };
    let generation = s.generation.to_string();
    // The quiz stays mounted (hidden) while staff use the panel, so a candidate's answers survive it.
    let operator = match s.panel {
        Panel::Closed => Html::default(),
        Panel::Pin => html! {
            <PinPrompt env={(*env).clone()} {lang} {on_unlock} on_cancel={on_close.clone()} />
        },
        Panel::Open => html! {
            <OperatorPanel env={(*env).clone()} {lang} storage={*storage} {on_close} />
        },
    };
    // The kiosk's own parts sit in `.psm-quiz` boxes so they line up with the quiz (same width, padding).
    html! {
        <div class="psm-kiosk" lang={lang.code()} data-generation={s.generation.to_string()} {onpointerdown} {onkeydown}>
            if let Some(message) = storage_banner {
                <div class="psm-quiz psm-kiosk-top">
                    <p class="psm-card psm-alert psm-kiosk-storage" role="alert">{ message }</p>
                </div>
            }
            if let Some(n) = s.warning {
                // A modal dialog shows wherever the page is scrolled; any touch or key closes it.
                <dialog class="psm-card psm-kiosk-idle" ref={dialog.clone()} aria-labelledby={countdown_id.clone()}>
                    <p id={countdown_id.clone()}>
                        { fill(if s.finished { t.finished_reset } else { t.idle }, &[("n", &n.to_string())]) }
                    </p>
                    <div class="psm-nav">
                        <button type="button" class="psm-button psm-primary">{ t.idle_continue }</button>
                    </div>
                </dialog>
            }
            if s.panel != Panel::Closed {
                <div class="psm-quiz psm-kiosk-operator-area">{ operator }</div>
            }
            if *blocked && !s.finished {
                <div class="psm-quiz psm-kiosk-top" hidden={s.panel != Panel::Closed}>
                    { blocked_notice(lang) }
                </div>
            } else {
                <div class="psm-kiosk-quiz" hidden={s.panel != Panel::Closed}>
                    <App key={generation} env={(*env).clone()} />
                </div>
            }
            <div class="psm-quiz psm-kiosk-bottom">
                if s.finished && *blocked && s.panel == Panel::Closed {
                    { blocked_notice(lang) }
                } else if s.finished && s.panel == Panel::Closed {
                    <div class="psm-card psm-kiosk-next">
                        <div class="psm-nav">
                            <button type="button" class="psm-button psm-primary" data-action="next-candidate" onclick={on_next}>
                                { t.next_candidate }
                            </button>
                        </div>
                    </div>
                }
                <footer class="psm-kiosk-footer">
                    <p class="psm-note">{ t.kept_on_device }</p>
                    <button type="button" class="psm-kiosk-operator" aria-label={t.operator_button} onclick={on_operator}>
                        { "⚙" }
                    </button>
                </footer>
            </div>
        </div>
    }
}
