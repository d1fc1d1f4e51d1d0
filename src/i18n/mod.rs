//! Every UI string, one catalogue per language. `Catalogue` has one field per string, so a key
//! missing from a language is a compile error; `entries()` lists them for the tests below.
//! Templates use `{name}` placeholders filled by [`fill`] (no format machinery in the binary).

mod en;
mod id;

use psm_core::disclosure::Disclosed;

/// UI languages with a catalogue. An instrument language without one falls back to Indonesian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Unknown codes fall back to Indonesian, the default language of the quiz.
    pub fn from_code(code: &str) -> Lang {
        match code {
            "en" => Lang::En,
            _ => Lang::Id,
        }
    }

    pub fn t(self) -> &'static Catalogue {
        match self {
            Lang::Id => &id::CATALOGUE,
            Lang::En => &en::CATALOGUE,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident),* $(,)?) => {
        pub struct Catalogue {
            $(pub $key: &'static str,)*
        }

        impl Catalogue {
            /// `(key, text)` for every string, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key),)*]
            }
        }
    };
}

catalogue! {
    // The language's own name, shown on the switch.
    lang_name,
    lang_switch_label,
    // Consent.
    consent_heading,
    consent_measures,
    consent_length,
    consent_anonymous,
    consent_linked,
    consent_sent_heading,
    consent_sent,
    consent_sent_to_agency,
    consent_why,
    consent_not_decisive,
    notice_heading,
    notice_as_given,
    notice_controller,
    notice_contact,
    notice_legal_basis,
    notice_purpose,
    notice_processing_period,
    notice_retention,
    notice_version,
    notice_rights,
    lang_fixed,
    consent_storage,
    consent_no_storage,
    consent_kept_delivery,
    consent_kept_kiosk,
    consent_translation_working,
    consent_wording_unverified,
    consent_question,
    consent_agree,
    consent_decline,
    declined_heading,
    declined_body,
    declined_back,
    resumed,
    // Items.
    page_heading,
    progress_label,
    progress_text,
    page_status,
    keys_hint,
    next,
    back,
    to_review,
    required_prompt,
    item_unanswered,
    // Review.
    review_heading,
    review_all_answered,
    review_missing,
    review_item,
    review_submit,
    review_blocked,
    review_back,
    // Result.
    result_heading,
    result_intro,
    result_chart_title,
    result_dimension,
    result_score,
    result_not_scored,
    result_overall,
    result_overall_method,
    result_overall_missing,
    result_explanations,
    result_caveat,
    result_bands_heading,
    result_bands,
    band_low,
    band_mid,
    band_high,
    result_source,
    // Errors.
    error_heading,
    error_body,
    error_code,
}

/// The consent screen's sentence naming one thing the result carries ([`Disclosed`] comes from the same
/// config that builds the payload).
pub fn sent_text(lang: Lang, d: Disclosed) -> &'static str {
    let table = match lang {
        Lang::Id => &id::SENT,
        Lang::En => &en::SENT,
    };
    table[d as usize]
}

/// Replaces each `{name}` in `template` with its value; unknown placeholders stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A score with two decimals in the language's style: `3,25` in Indonesian, `3.25` in English.
pub fn decimal(lang: Lang, value: f64) -> String {
    let hundredths = (value * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    let sep = match lang {
        Lang::Id => ',',
        Lang::En => '.',
    };
    let frac = h % 100;
    let mut s = String::new();
    s.push_str(sign);
    s.push_str(&(h / 100).to_string());
    s.push(sep);
    if frac < 10 {
        s.push('0');
    }
    s.push_str(&frac.to_string());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<String> {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_key_exists_in_both_languages_with_the_same_placeholders() {
        let id = Lang::Id.t().entries();
        let en = Lang::En.t().entries();
        assert_eq!(id.len(), en.len());
        assert!(id.len() > 40, "the catalogue lists its strings");
        for ((key_id, text_id), (key_en, text_en)) in id.iter().zip(en.iter()) {
            assert_eq!(key_id, key_en);
            assert!(!text_id.trim().is_empty(), "id.{key_id} is empty");
            assert!(!text_en.trim().is_empty(), "en.{key_en} is empty");
            assert_eq!(
                placeholders(text_id),
                placeholders(text_en),
                "{key_id}: placeholders differ between id and en"
            );
        }
    }

    #[test]
    fn languages_are_really_translated() {
        // Copy-paste between catalogues shows up as identical long strings.
        let same: Vec<&str> = Lang::Id
            .t()
            .entries()
            .into_iter()
            .zip(Lang::En.t().entries())
            .filter(|((_, a), (_, b))| a == b && a.len() > 12)
            .map(|((k, _), _)| k)
            .collect();
        assert!(same.is_empty(), "untranslated: {same:?}");
    }

    #[test]
    fn result_texts_never_speak_of_passing() {
        for lang in Lang::ALL {
            for (key, text) in lang.t().entries() {
                if key.starts_with("result_") && key != "result_caveat" {
                    let lower = text.to_lowercase();
                    assert!(
                        !lower.contains("lulus") && !lower.contains(" pass"),
                        "{key}"
                    );
                }
            }
        }
    }

    #[test]
    fn consent_texts_say_anonymous_only_where_true() {
        for lang in Lang::ALL {
            let t = lang.t();
            let linked = t.consent_linked.to_lowercase();
            // The linked text may only deny anonymity ("tidak anonim", "not anonymous").
            assert!(
                linked.contains("tidak anonim") || linked.contains("not anonymous"),
                "{linked}"
            );
            for (key, text) in t.entries() {
                let lower = text.to_lowercase();
                if key != "consent_anonymous" && key != "consent_linked" {
                    assert!(
                        !lower.contains("anonim") && !lower.contains("anonymous"),
                        "{key}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_sent_entry_has_its_own_sentence() {
        use psm_core::disclosure::Disclosed::*;
        let all = [
            Instrument,
            Lang,
            Scores,
            Overall,
            Responses,
            SameAnswerRun,
            AnswerTime,
            Order,
            CompletedOn,
            SubmissionId,
            CandidateRef,
            ConsentDate,
            ConsentNotice,
            ConsentNoticeVersion,
        ];
        for lang in super::Lang::ALL {
            let mut texts: Vec<&str> = all.iter().map(|d| sent_text(lang, *d)).collect();
            texts.sort();
            texts.dedup();
            assert_eq!(texts.len(), all.len(), "{lang:?}");
        }
        // The tables follow the enum's order.
        for (d, word) in [
            (AnswerTime, "time"),
            (SameAnswerRun, "identical"),
            (Order, "order"),
            (SubmissionId, "submission"),
            (CandidateRef, "reference"),
            (ConsentDate, "agreement"),
            (ConsentNotice, "notice"),
            (ConsentNoticeVersion, "version of the notice"),
            (Responses, "every statement"),
        ] {
            assert!(sent_text(super::Lang::En, d).contains(word), "{d:?}");
        }
        assert!(sent_text(super::Lang::Id, AnswerTime).contains("waktu"));
        assert!(sent_text(super::Lang::Id, CandidateRef).contains("rujukan"));
    }

    #[test]
    fn the_notice_entry_promises_a_version_only_where_one_is_sent() {
        // A notice without a version sends only its hash: its entry must not name a version.
        use psm_core::disclosure::Disclosed::{ConsentNotice, ConsentNoticeVersion};
        assert!(!sent_text(Lang::Id, ConsentNotice).contains("versi"));
        assert!(!sent_text(Lang::En, ConsentNotice).contains("version"));
        assert!(sent_text(Lang::Id, ConsentNoticeVersion).contains("versi"));
        assert!(sent_text(Lang::En, ConsentNoticeVersion).contains("version"));
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(
            fill("{n} dari {total}", &[("n", "3"), ("total", "24")]),
            "3 dari 24"
        );
        assert_eq!(fill("{x} stays", &[]), "{x} stays");
        assert_eq!(fill("unclosed {n", &[("n", "1")]), "unclosed {n");
        assert_eq!(fill("", &[("n", "1")]), "");
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(decimal(Lang::Id, 3.333), "3,33");
        assert_eq!(decimal(Lang::En, 4.0), "4.00");
        assert_eq!(decimal(Lang::En, 0.0), "0.00");
        assert_eq!(decimal(Lang::Id, 1.05), "1,05");
        assert_eq!(Lang::from_code("xx"), Lang::Id);
        assert_eq!(Lang::from_code("en").code(), "en");
    }
}
