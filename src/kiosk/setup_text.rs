//! Strings of the kiosk's setup (first start, re-provisioning) and of the staff notices, Indonesian first.

use crate::i18n::Lang;

pub struct SetupText {
    pub heading: &'static str,
    pub first_start: &'static str,
    pub again: &'static str,
    pub saved_here: &'static str,
    pub no_endpoint: &'static str,
    pub pin: &'static str,
    pub pin_again: &'static str,
    pub pin_hint: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,
    pub too_short: &'static str,
    pub too_long: &'static str,
    pub different: &'static str,
    pub not_saved: &'static str,
    pub no_crypto: &'static str,
    pub storage_closed: &'static str,
    pub checking: &'static str,
    pub address_differs: &'static str,
    pub change_pin: &'static str,
    pub apply_address: &'static str,
    pub update_rejected: &'static str,
}

const ID: SetupText = SetupText {
    heading: "Pengaturan kios",
    first_start: "Kios ini belum diatur. Petugas: buat PIN petugas. Pengaturan ini disimpan bersama PIN dan tidak dapat diubah lewat alamat halaman tanpa PIN.",
    again: "Atur ulang kios: buat PIN petugas baru (boleh sama dengan yang lama).",
    saved_here: "Disimpan di perangkat ini (kuesioner, versi, bahasa, tujuan hasil, waktu kembali ke awal):",
    no_endpoint: "hanya ekspor",
    pin: "PIN petugas baru",
    pin_again: "Ulangi PIN petugas",
    pin_hint: "Minimal {n} karakter. PIN tidak disimpan; perangkat hanya menyimpan hash PIN yang diberi salt.",
    save: "Simpan pengaturan",
    saving: "Menyimpan…",
    cancel: "Batal",
    too_short: "PIN terlalu pendek: minimal {n} karakter.",
    too_long: "PIN terlalu panjang: maksimal {n} karakter.",
    different: "Kedua PIN tidak sama. Ketik ulang keduanya.",
    not_saved: "Pengaturan tidak dapat disimpan: penyimpanan perangkat tidak tersedia.",
    no_crypto: "Peramban ini tidak menyediakan WebCrypto (halaman harus dibuka lewat https), jadi PIN tidak dapat disimpan dengan aman.",
    storage_closed: "Penyimpanan perangkat tidak tersedia, jadi percobaan PIN tidak dapat dihitung. Panel petugas tetap tertutup.",
    checking: "Memeriksa PIN…",
    address_differs: "Alamat halaman ini meminta pengaturan lain (kuesioner, bahasa, endpoint, atau waktu). Kios tetap memakai pengaturan yang tersimpan sampai petugas menerapkannya.",
    change_pin: "Ganti PIN petugas",
    apply_address: "Terapkan pengaturan dari alamat ini",
    update_rejected: "Pembaruan aplikasi ditolak: berkas {file} tidak cocok dengan daftar periksanya. Versi sebelumnya tetap dipakai; pembaruan dicoba lagi nanti.",
};

const EN: SetupText = SetupText {
    heading: "Kiosk setup",
    first_start: "This kiosk is not set up yet. Staff: create a staff PIN. These settings are saved with the PIN and cannot be changed through the page address without it.",
    again: "Set up the kiosk again: create a new staff PIN (it may be the old one).",
    saved_here: "Saved on this device (questionnaire, version, language, where results go, reset times):",
    no_endpoint: "export only",
    pin: "New staff PIN",
    pin_again: "Repeat the staff PIN",
    pin_hint: "At least {n} characters. The PIN is not stored; the device keeps only a salted hash of it.",
    save: "Save settings",
    saving: "Saving…",
    cancel: "Cancel",
    too_short: "The PIN is too short: at least {n} characters.",
    too_long: "The PIN is too long: at most {n} characters.",
    different: "The two PINs differ. Type both again.",
    not_saved: "The settings cannot be saved: device storage is not available.",
    no_crypto: "This browser offers no WebCrypto (the page must be opened over https), so the PIN cannot be stored safely.",
    storage_closed: "Device storage is not available, so PIN attempts cannot be counted. The staff panel stays closed.",
    checking: "Checking the PIN…",
    address_differs: "This page's address asks for other settings (questionnaire, language, endpoint or timers). The kiosk keeps its saved settings until staff apply them.",
    change_pin: "Change the staff PIN",
    apply_address: "Apply the settings from this address",
    update_rejected: "An app update was refused: the file {file} does not match its checksum. The previous version stays in use; the update is tried again later.",
};

pub fn setup_text(lang: Lang) -> &'static SetupText {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}
