//! Writes the widget's first screens, rendered at build time by the live app's own views
//! (`psm_quiz_web::prerender`), as one small file per built-in instrument and language:
//!   cargo run -p psm-prerender -- OUT_DIR      (scripts/post-build.sh runs it for every build)
//! `OUT_DIR/psm-first-<instrument>.<lang>.json` = `{ instrument, lang, for, html, page, counts, saved }`: the
//! consent screen, the first page of statements after an agree and, per count of its statements answered, the
//! progress and status lines, and where the answers given there are kept (scripts/inline-first.mjs
//! then carries them inside psm-quiz.js with the stylesheet), where `for` lists the
//! exact host configs (data fields, callbacks aside) this screen is the live first screen of. psm-quiz.js
//! shows `html` only for a config equal to one of them (README "What a candidate sees first"); every
//! other config waits for the wasm as before.

use psm_core::config::{parse_config, DEFAULT_LANG};
use psm_core::{builtin, PsmError};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The configs one fragment is for: the instrument in that language, and the bare instrument when that
/// language is the default one.
fn configs_for(id: &str, lang: &str) -> Vec<Value> {
    let mut configs = vec![json!({ "instrument": id, "lang": lang })];
    if lang == DEFAULT_LANG {
        configs.push(json!({ "instrument": id }));
    }
    configs
}

async fn render(config: &Value) -> Result<String, PsmError> {
    let config = parse_config(&config.to_string())?;
    Ok(psm_quiz_web::prerender::render(config).await)
}

async fn render_page(config: &Value) -> Result<(String, Vec<[String; 2]>), PsmError> {
    let config = parse_config(&config.to_string())?;
    let page = psm_quiz_web::prerender::render_page(config).await;
    Ok((page.html, page.counts))
}

/// The one value every listed config gives (`values[i]` is `configs[i]`'s), or the first that differs, named:
/// then the `for` list is wrong.
fn one_for_all<T: PartialEq>(
    configs: &[Value],
    values: Vec<T>,
    differs: &str,
) -> Result<T, String> {
    if let Some(i) = values.iter().position(|v| *v != values[0]) {
        return Err(format!("{} {differs} {}", configs[i], configs[0]));
    }
    values
        .into_iter()
        .next()
        .ok_or_else(|| "no config".to_string())
}

/// Where and how psm-quiz.js keeps the answers given on the first page before the wasm: the key of the live
/// app's saved run and the fields of one (`storage::resume::Saved`) that do not change while the page is
/// answered; psm-quiz.js adds `saved_at`, `agreed_on`, `answers` and `seconds` (none: an answer's time is
/// the live app's to count). Every listed config must keep its run in the same place, on the same terms.
fn saved_for(configs: &[Value], lang: &str) -> Result<Value, String> {
    let mut values = Vec::new();
    for config in configs {
        let parsed = parse_config(&config.to_string()).map_err(|e| format!("{config}: {e:?}"))?;
        let kept = psm_quiz_web::prerender::kept(&parsed);
        values.push(
            json!({ "key": kept.key, "entry": { "v": kept.version, "sha256": kept.sha256,
            "lang": lang, "terms": kept.terms, "page_start": 0 } }),
        );
    }
    one_for_all(configs, values, "keeps its run elsewhere than")
}

async fn write_all(out: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for id in builtin::ids() {
        let instrument = builtin::get(id).ok_or(format!("{id}: built-in does not load"))?;
        for lang in &instrument.languages {
            let configs = configs_for(id, lang);
            let mut screens = Vec::new();
            for config in &configs {
                screens.push(
                    render(config)
                        .await
                        .map_err(|e| format!("{config}: {e:?}"))?,
                );
            }
            // Every listed config must render to the same screen, or the list is wrong.
            let html = one_for_all(&configs, screens, "renders another screen than")?;
            // The configs listed render one consent screen, so one page of statements follows it.
            let (page, counts) = render_page(&configs[0])
                .await
                .map_err(|e| format!("{}: {e:?}", configs[0]))?;
            let saved = saved_for(&configs, lang)?;
            let file = out.join(format!("psm-first-{id}.{lang}.json"));
            let body = json!({ "instrument": id, "lang": lang, "for": configs, "html": html,
                "page": page, "counts": counts, "saved": saved });
            std::fs::write(&file, body.to_string())
                .map_err(|e| format!("{}: {e}", file.display()))?;
            written.push(file);
        }
    }
    Ok(written)
}

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: psm-prerender OUT_DIR"),
    );
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("prerender: {}: {e}", out.display());
        std::process::exit(1);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("tokio runtime");
    // Yew's local renderer runs inside a local task set.
    let result = tokio::task::LocalSet::new().block_on(&runtime, write_all(&out));
    match result {
        Ok(files) => {
            for f in files {
                let size = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
                println!("prerender: {} ({size} bytes)", f.display());
            }
        }
        Err(e) => {
            eprintln!("prerender: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_config_that_differs_stops_the_build_by_name() {
        let configs = configs_for("kim-16", DEFAULT_LANG);
        assert_eq!(one_for_all(&configs, vec![1, 1], "differs from"), Ok(1));
        let err = one_for_all(&configs, vec![1, 2], "differs from").unwrap_err();
        assert_eq!(err, format!("{} differs from {}", configs[1], configs[0]));
    }

    #[test]
    fn every_listed_config_keeps_its_early_answers_where_the_live_app_keeps_its_run() {
        for id in builtin::ids() {
            for lang in &builtin::get(id).unwrap().languages {
                let configs = configs_for(id, lang);
                let saved = saved_for(&configs, lang).unwrap();
                let config = parse_config(&configs[0].to_string()).unwrap();
                let sha = psm_core::canonical::instrument_sha256(&config.instrument);
                // No session, no candidate: the live app's owner is "-" (src/storage/session.rs).
                assert_eq!(saved["key"], format!("psm-resume/2/{sha}/-"));
                assert_eq!(saved["entry"]["sha256"], sha.as_str());
                assert_eq!(saved["entry"]["lang"], lang.as_str());
                assert_eq!(
                    saved["entry"]["terms"],
                    psm_core::disclosure::terms(&config)
                );
            }
        }
    }

    fn render_now(config: &Value) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        tokio::task::LocalSet::new()
            .block_on(&runtime, render(config))
            .unwrap()
    }

    #[test]
    fn every_screen_is_plain_markup_in_its_language() {
        for id in builtin::ids() {
            for (lang, heading) in [("id", "Sebelum mulai"), ("en", "Before you start")] {
                let html = render_now(&json!({ "instrument": id, "lang": lang }));
                assert!(
                    html.starts_with(&format!("<div lang=\"{lang}\" class=\"psm-quiz\">")),
                    "{html}"
                );
                assert!(html.contains(heading));
                // Strict CSP: no inline style, handler or script; ids scoped by the fixed prefix.
                for bad in ["<script", " style=", " onclick", " onload", "javascript:"] {
                    assert!(!html.contains(bad), "{id}.{lang}: {bad}");
                }
                assert!(html.contains("id=\"psm-first-consent-q\""));
            }
        }
    }

    #[test]
    fn the_first_page_of_statements_is_a_phones_page_with_a_line_per_count() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        for id in builtin::ids() {
            let instrument = builtin::get(id).unwrap();
            for lang in &instrument.languages {
                let config = json!({ "instrument": id, "lang": lang });
                let (html, counts) = tokio::task::LocalSet::new()
                    .block_on(&runtime, render_page(&config))
                    .unwrap();
                // The phone layout's first page: 4 statements in the instrument's order, none answered.
                assert_eq!(html.matches("<fieldset ").count(), 4, "{id}.{lang}");
                for item in &instrument.items[..4] {
                    assert!(html.contains(&format!("id=\"psm-first-item-{}\"", item.id)));
                }
                assert!(!html.contains(&format!("psm-first-item-{}\"", instrument.items[4].id)));
                assert!(!html.contains("checked"), "{id}.{lang}: nothing answered");
                for bad in ["<script", " style=", " onclick", " onload", "javascript:"] {
                    assert!(!html.contains(bad), "{id}.{lang}: {bad}");
                }
                // A progress line and a status line for 0 to 4 answered, counting up, total as the instrument's.
                let total = instrument.items.len();
                assert_eq!(counts.len(), 5);
                for (n, [progress, status]) in counts.iter().enumerate() {
                    assert!(progress.starts_with(&format!("{n} ")), "{progress}");
                    assert!(progress.contains(&total.to_string()), "{progress}");
                    assert!(status.contains(&format!(" {n} ")), "{status}");
                }
                assert!(html.contains(&counts[0][0]) && html.contains(&counts[0][1]));
            }
        }
    }

    #[test]
    fn other_configs_say_other_things_so_they_are_not_listed() {
        // Why a fragment lists exact configs: a linked result with a notice, shuffling or no saved progress
        // each change the words of the consent screen.
        let plain = render_now(&json!({ "instrument": "perry-24", "lang": "id" }));
        let notice = json!({ "controller": { "name": "BKD", "contact": "ppid@bkd.go.id" }, "legal_basis": "a",
            "purpose": "b", "retention": "c", "processing_period": "d" });
        for other in [
            json!({ "instrument": "perry-24", "lang": "id", "candidate_ref": "R1", "candidate_key": "k", "notice": notice }),
            json!({ "instrument": "perry-24", "lang": "id", "shuffle": true }),
            json!({ "instrument": "perry-24", "lang": "id", "resume_hours": 0 }),
        ] {
            assert_ne!(render_now(&other), plain, "{other}");
        }
        for (id, lang) in [("perry-24", "id"), ("kim-16", "en")] {
            for config in configs_for(id, lang) {
                assert!(config.get("instrument").is_some());
            }
        }
        assert_eq!(
            configs_for("kim-16", "en").len(),
            1,
            "the bare instrument is Indonesian"
        );
    }
}
