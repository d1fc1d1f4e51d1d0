//! The kiosk's own strings (the quiz's are in `crate::i18n`), Indonesian first.

use crate::i18n::Lang;

pub struct KioskText {
    pub idle: &'static str,
    pub idle_continue: &'static str,
    pub finished_reset: &'static str,
    pub next_candidate: &'static str,
    pub kept_on_device: &'static str,
    pub storage_unavailable: &'static str,
    pub storage_nearly_full: &'static str,
    pub operator_button: &'static str,
    pub pin_heading: &'static str,
    pub pin_label: &'static str,
    pub pin_submit: &'static str,
    pub pin_cancel: &'static str,
    pub pin_not_set: &'static str,
    pub pin_wrong: &'static str,
    pub pin_locked: &'static str,
    pub panel_heading: &'static str,
    pub panel_queued: &'static str,
    pub panel_delivered: &'static str,
    pub panel_failed: &'static str,
    pub panel_no_endpoint: &'static str,
    pub panel_endpoint: &'static str,
    pub panel_storage_ok: &'static str,
    pub panel_export_json: &'static str,
    pub panel_export_csv: &'static str,
    pub panel_send_now: &'static str,
    pub panel_close: &'static str,
}

const ID: KioskText = KioskText {
    idle: "Tidak ada aktivitas. Kuesioner kembali ke awal dalam {n} detik dan jawaban ini dihapus.",
    idle_continue: "Lanjutkan",
    finished_reset: "Layar ini kembali ke awal dalam {n} detik.",
    next_candidate: "Peserta berikutnya",
    kept_on_device: "Mode kios: hasil disimpan di perangkat ini dan dapat diekspor oleh petugas, yang menghapusnya setelah hasil terkirim atau diekspor.",
    storage_unavailable: "Penyimpanan perangkat tidak tersedia: hasil tidak dapat disimpan. Mohon hubungi petugas sebelum mulai.",
    storage_nearly_full: "Penyimpanan perangkat hampir penuh. Mohon hubungi petugas untuk mengekspor hasil sebelum mulai.",
    operator_button: "Panel petugas (ketuk 5 kali)",
    pin_heading: "Panel petugas",
    pin_label: "PIN petugas",
    pin_submit: "Masuk",
    pin_cancel: "Batal",
    pin_not_set: "Kios ini belum diatur di perangkat ini, jadi panel petugas tidak dapat dibuka.",
    pin_wrong: "PIN salah. Sisa percobaan sebelum dikunci: {n}.",
    pin_locked: "Terlalu banyak PIN salah. Coba lagi dalam {n} detik.",
    panel_heading: "Panel petugas",
    panel_queued: "Menunggu dikirim",
    panel_delivered: "Terkirim",
    panel_failed: "Ditolak server (disimpan untuk ekspor)",
    panel_no_endpoint: "Tidak ada alamat server tujuan: hasil hanya disimpan di perangkat ini untuk diekspor.",
    panel_endpoint: "Hasil dikirim ke: {url}",
    panel_storage_ok: "Penyimpanan perangkat: cukup.",
    panel_export_json: "Ekspor JSON",
    panel_export_csv: "Ekspor CSV",
    panel_send_now: "Kirim sekarang",
    panel_close: "Tutup panel",
};

const EN: KioskText = KioskText {
    idle: "No activity. The questionnaire returns to the start in {n} seconds and these answers are deleted.",
    idle_continue: "Continue",
    finished_reset: "This screen returns to the start in {n} seconds.",
    next_candidate: "Next candidate",
    kept_on_device: "Kiosk mode: results are kept on this device and can be exported by staff, who delete them once sent or exported.",
    storage_unavailable: "Device storage is not available: results cannot be kept. Please call staff before starting.",
    storage_nearly_full: "Device storage is nearly full. Please call staff to export results before starting.",
    operator_button: "Staff panel (tap 5 times)",
    pin_heading: "Staff panel",
    pin_label: "Staff PIN",
    pin_submit: "Enter",
    pin_cancel: "Cancel",
    pin_not_set: "This kiosk is not set up on this device, so the staff panel cannot be opened.",
    pin_wrong: "Wrong PIN. Tries left before a lock: {n}.",
    pin_locked: "Too many wrong PINs. Try again in {n} seconds.",
    panel_heading: "Staff panel",
    panel_queued: "Waiting to be sent",
    panel_delivered: "Delivered",
    panel_failed: "Refused by the server (kept for export)",
    panel_no_endpoint: "No endpoint: results are only kept on this device for export.",
    panel_endpoint: "Results are sent to: {url}",
    panel_storage_ok: "Device storage: enough room.",
    panel_export_json: "Export JSON",
    panel_export_csv: "Export CSV",
    panel_send_now: "Send now",
    panel_close: "Close panel",
};

pub fn text(lang: Lang) -> &'static KioskText {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_says_who_deletes_results_and_not_that_sending_does() {
        // A delivered result stays on the device until staff delete it (the outbox rules' two-level
        // clearing), and without an endpoint nothing is ever sent: "until sent" would be untrue.
        for (lang, deleted, until_sent) in [
            (Lang::Id, "menghapus", "sampai terkirim"),
            (Lang::En, "delete", "until sent"),
        ] {
            let footer = text(lang).kept_on_device;
            assert!(footer.contains(deleted), "{footer}");
            assert!(!footer.contains(until_sent), "{footer}");
        }
        assert!(
            !ID.panel_no_endpoint.contains("endpoint"),
            "plain Indonesian for staff"
        );
    }
}
