//! Room for results on a kiosk: the operator panel's exports (which mark what they wrote), how many more
//! results fit, clearing in two levels (delivered or exported results after one confirmation; results
//! neither delivered nor exported only after a second, explicit one), and the notice that stops the next
//! candidate while a result could not be kept.

use super::download::download;
use crate::bridge::local_date;
use crate::i18n::{fill, Lang};
use crate::kiosk::export::export_files;
use crate::outbox::rules::{counts, results_that_fit, Clear, Entry};
use crate::outbox::{store, unkept};
use yew::prelude::*;

pub struct RoomText {
    pub fits: &'static str,
    pub no_room: &'static str,
    pub unkept: &'static str,
    pub blocked: &'static str,
    pub clear: &'static str,
    pub clear_confirm: &'static str,
    pub clear_all: &'static str,
    pub clear_all_warning: &'static str,
    pub clear_all_confirm: &'static str,
    pub clear_all_final: &'static str,
    pub cancel: &'static str,
    pub cleared: &'static str,
    pub exported: &'static str,
}

const ID: RoomText = RoomText {
    fits: "Ruang penyimpanan: cukup untuk sekitar {n} hasil lagi.",
    no_room: "Ruang penyimpanan habis: hasil berikutnya tidak dapat disimpan. Ekspor hasil, lalu hapus hasil yang sudah diekspor.",
    unkept: "{n} hasil belum tersimpan di perangkat ini (penyimpanan penuh atau tidak tersedia). Ekspor sekarang agar tidak hilang.",
    blocked: "Hasil peserta terakhir belum tersimpan karena penyimpanan perangkat ini penuh atau tidak dapat dipakai. Peserta berikutnya belum dapat mulai. Petugas: buka panel petugas, ekspor hasil, lalu hapus hasil yang sudah diekspor.",
    clear: "Hapus hasil yang sudah terkirim atau diekspor",
    clear_confirm: "Ya, hapus {n} hasil yang sudah terkirim atau diekspor",
    clear_all: "Hapus semua hasil, termasuk yang belum terkirim dan belum diekspor",
    clear_all_warning: "{n} hasil belum terkirim dan belum diekspor. Jika dihapus, hasil ini hilang untuk selamanya. Ekspor dulu jika ragu.",
    clear_all_confirm: "Saya mengerti, lanjutkan",
    clear_all_final: "Hapus permanen semua {n} hasil",
    cancel: "Jangan hapus",
    cleared: "{n} hasil dihapus dari perangkat ini.",
    exported: "{n} hasil diekspor dan ditandai sudah diekspor.",
};

const EN: RoomText = RoomText {
    fits: "Storage: room for about {n} more results.",
    no_room: "Storage is full: the next result cannot be kept. Export the results, then delete exported results.",
    unkept: "{n} results are not stored on this device (storage full or unavailable). Export now so they are not lost.",
    blocked: "The last candidate's result is not stored because this device's storage is full or unavailable. The next candidate cannot start yet. Staff: open the staff panel, export the results, then delete exported results.",
    clear: "Delete delivered or exported results",
    clear_confirm: "Yes, delete {n} delivered or exported results",
    clear_all: "Delete all results, including ones neither delivered nor exported",
    clear_all_warning: "{n} results are neither delivered nor exported. Deleted, they are gone for good. Export first if in doubt.",
    clear_all_confirm: "I understand, continue",
    clear_all_final: "Delete all {n} results for good",
    cancel: "Do not delete",
    cleared: "{n} results deleted from this device.",
    exported: "{n} results exported and marked as exported.",
};

pub fn room_text(lang: Lang) -> &'static RoomText {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// How many more results fit now (probes storage: call on demand, not per render).
pub fn results_left() -> u64 {
    results_that_fit(store::free_units(), store::entry_units())
}

/// Everything an export writes: the stored results and those held in memory because storage refused them.
fn exportable() -> Vec<Entry> {
    let mut all = store::load_all();
    all.extend(unkept::for_export());
    all
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Idle,
    ConfirmSafe,
    /// Everything: first confirmation (the warning), then the final one.
    ConfirmAll,
    ConfirmAllFinal,
}

/// What a button of this section does.
#[derive(Clone)]
enum Act {
    Go(Step),
    /// Download the export file of this name.
    Export(String),
    Clear(Clear),
}

#[derive(Clone, PartialEq)]
struct State {
    step: Step,
    note: String,
    /// Results that fit, measured when the panel opened and after each export or clear.
    left: u64,
}

#[derive(Properties, PartialEq)]
pub struct RoomProps {
    pub lang: Lang,
    /// Export labels of the panel (`super::text`).
    pub export_json: &'static str,
    pub export_csv: &'static str,
    /// Something changed in storage: the panel re-reads its counts.
    pub on_change: Callback<()>,
}

/// Downloads the export file `name`, made from what is kept at the click, and marks the results it holds
/// as exported; `None` when the browser was not handed the file. One file per button: a click may start one
/// download, and Chromium cancels further ones started by the same click. The JSON file holds every result;
/// a CSV file holds one instrument version's rows, each with its submission id (random, 128 bits, so
/// finding it in the file means the row is there).
fn export(name: &str) -> Option<usize> {
    let entries = exportable();
    let files = export_files(&entries, &local_date(), crate::js_value::parse);
    let file = files.iter().find(|f| f.name == name)?;
    download(&file.name, file.mime, &file.contents)?;
    let csv = file.mime == "text/csv";
    let ids: Vec<String> = entries
        .into_iter()
        .filter(|e| !csv || file.contents.contains(e.id.as_str()))
        .map(|e| e.id)
        .collect();
    store::mark_exported(&ids);
    unkept::exported(&ids);
    Some(ids.len())
}

/// The export buttons: the JSON file, then one per CSV file (one per instrument version and column set).
fn export_buttons(all: &[Entry], props: &RoomProps, on: &Callback<Act>) -> Html {
    let files = export_files(all, &local_date(), crate::js_value::parse);
    let buttons = files.iter().map(|f| {
        let csv = f.mime == "text/csv";
        let (action, label) = if csv {
            ("export-csv", format!("{} ({})", props.export_csv, f.name))
        } else {
            ("export-json", props.export_json.to_string())
        };
        let act = Act::Export(f.name.clone());
        html! {
            <button type="button" class="psm-button psm-secondary" data-action={action} data-file={f.name.clone()}
                onclick={on.reform(move |_: MouseEvent| act.clone())}>{ label }</button>
        }
    });
    html! { <div class="psm-nav">{ for buttons }</div> }
}

/// One button; a plain function so the section's eight buttons share one copy of the markup code.
fn button(
    action: &'static str,
    primary: bool,
    label: String,
    disabled: bool,
    act: Act,
    on: &Callback<Act>,
) -> Html {
    let class = if primary {
        "psm-button psm-primary"
    } else {
        "psm-button psm-secondary"
    };
    html! {
        <button type="button" {class} data-action={action} {disabled} onclick={on.reform(move |_: MouseEvent| act.clone())}>{ label }</button>
    }
}

#[function_component(Room)]
pub fn room(props: &RoomProps) -> Html {
    let t = room_text(props.lang);
    let state = use_state(|| State {
        step: Step::Idle,
        note: String::new(),
        left: results_left(),
    });
    let all = exportable();
    let c = counts(&all);
    let held = unkept::count();
    let total = all.len();
    let safe = total - c.unsaved;
    let n = |text: &str, n: usize| fill(text, &[("n", &n.to_string())]);

    let on = {
        let (state, on_change) = (state.clone(), props.on_change.clone());
        Callback::from(move |act: Act| {
            let note = match act {
                Act::Go(step) => {
                    state.set(State {
                        step,
                        ..(*state).clone()
                    });
                    return;
                }
                Act::Export(name) => match export(&name) {
                    Some(k) => fill(t.exported, &[("n", &k.to_string())]),
                    None => return,
                },
                Act::Clear(scope) => fill(t.cleared, &[("n", &store::clear(scope).to_string())]),
            };
            unkept::retry(); // room was made: results held in memory may be kept now
            state.set(State {
                step: Step::Idle,
                note,
                left: results_left(),
            });
            on_change.emit(());
        })
    };
    let go = |step| Act::Go(step);
    let buttons = match state.step {
        Step::Idle => html! {
            <div class="psm-nav">
                { button("clear", false, t.clear.into(), safe == 0, go(Step::ConfirmSafe), &on) }
                if c.unsaved > 0 {
                    { button("clear-all", false, t.clear_all.into(), false, go(Step::ConfirmAll), &on) }
                }
            </div>
        },
        step => {
            // The three confirmations differ only in their texts and what the last button does.
            let (label, warning, (action, primary, text, act)) = match step {
                Step::ConfirmSafe => (
                    t.clear,
                    None,
                    (
                        "clear-confirm",
                        true,
                        n(t.clear_confirm, safe),
                        Act::Clear(Clear::DeliveredOrExported),
                    ),
                ),
                Step::ConfirmAll => (
                    t.clear_all,
                    Some(n(t.clear_all_warning, c.unsaved)),
                    (
                        "clear-all-confirm",
                        false,
                        t.clear_all_confirm.to_string(),
                        go(Step::ConfirmAllFinal),
                    ),
                ),
                _ => (
                    t.clear_all,
                    None,
                    (
                        "clear-all-final",
                        true,
                        n(t.clear_all_final, total),
                        Act::Clear(Clear::Everything),
                    ),
                ),
            };
            html! {
                <div role="group" aria-label={label}>
                    if let Some(warning) = warning {
                        <p class="psm-alert" role="alert">{ warning }</p>
                    }
                    <div class="psm-nav">
                        { button("clear-cancel", false, t.cancel.into(), false, go(Step::Idle), &on) }
                        { button(action, primary, text, false, act, &on) }
                    </div>
                </div>
            }
        }
    };
    let fits = if state.left == 0 {
        t.no_room.to_string()
    } else {
        fill(t.fits, &[("n", &state.left.to_string())])
    };
    html! {
        <>
            <p class="psm-kiosk-room" data-results-left={state.left.to_string()}>{ fits }</p>
            if held > 0 {
                <p class="psm-alert psm-kiosk-unkept" role="alert">{ n(t.unkept, held) }</p>
            }
            { export_buttons(&all, props, &on) }
            { buttons }
            <p role="status" class="psm-kiosk-room-note">{ state.note.clone() }</p>
        </>
    }
}

/// Shown instead of a new candidate's quiz while a result could not be kept.
pub fn blocked(lang: Lang) -> Html {
    html! {
        <div class="psm-card psm-alert psm-kiosk-blocked" role="alert">{ room_text(lang).blocked }</div>
    }
}
