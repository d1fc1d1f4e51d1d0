//! The result screen: chart, the same scores as a table, the overall score, what each dimension
//! means, descriptive ranges of the scale (labelled as such, no norms), and the caveat that the
//! score describes and does not decide.

use super::chart::{chart, Bar, ChartProps};
use crate::env::EnvRef;
use crate::i18n::{decimal, fill, Lang};
use psm_core::payload::ResultPayload;
use std::rc::Rc;
use yew::prelude::*;

pub struct ResultProps {
    pub env: EnvRef,
    pub lang: Lang,
    pub payload: Rc<ResultPayload>,
    pub heading: NodeRef,
}

/// Thirds of the 1..max scale, on the two-decimal grid the payload uses:
/// `(low_max, mid_max)`; a score above `mid_max` is in the upper third.
pub fn band_limits(max: u8) -> (f64, f64) {
    let third = (f64::from(max.max(2)) - 1.0) / 3.0;
    let floor2 = |v: f64| (v * 100.0 + 1e-9).floor() / 100.0;
    (floor2(1.0 + third), floor2(1.0 + 2.0 * third))
}

pub fn band(lang: Lang, score: f64, max: u8) -> &'static str {
    let t = lang.t();
    let (low, mid) = band_limits(max);
    if score <= low {
        t.band_low
    } else if score <= mid {
        t.band_mid
    } else {
        t.band_high
    }
}

pub fn result_screen(props: &ResultProps) -> Html {
    let env = &props.env;
    let lang = props.lang;
    let t = lang.t();
    let payload = &props.payload;
    let max = payload.scale.max;
    let max_s = max.to_string();
    let dims = &env.instrument().dimensions;
    let name_of = |id: &str| {
        dims.iter()
            .find(|d| d.id == id)
            .map(|d| env.text(&d.name, lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let bars: Vec<Bar> = payload
        .scores
        .iter()
        .map(|(id, s)| Bar {
            label: name_of(id),
            score: s.mean,
        })
        .collect();
    let score_cell = |s: Option<f64>| match s {
        Some(v) => format!("{} ({})", decimal(lang, v), band(lang, v, max)),
        None => t.result_not_scored.to_string(),
    };
    let rows = bars.iter().map(|b| {
        html! {
            <tr>
                <th scope="row">{ b.label.clone() }</th>
                <td>{ score_cell(b.score) }</td>
            </tr>
        }
    });
    let explanations = dims.iter().filter_map(|d| {
        let text = env.text(&d.description, lang);
        (!text.is_empty()).then(|| {
            html! {
                <>
                    <dt>{ env.text(&d.name, lang) }</dt>
                    <dd>{ text }</dd>
                </>
            }
        })
    });
    let (low, mid) = band_limits(max);
    let range = |a: f64, b: f64| format!("{}–{}", decimal(lang, a), decimal(lang, b));
    let bands_text = fill(
        t.result_bands,
        &[
            ("max", &max_s),
            ("low", &format!("{} {}", t.band_low, range(1.0, low))),
            ("mid", &format!("{} {}", t.band_mid, range(low + 0.01, mid))),
            (
                "high",
                &format!("{} {}", t.band_high, range(mid + 0.01, f64::from(max))),
            ),
        ],
    );
    let source = &env.instrument().source;
    html! {
        <section key="result" class="psm-card psm-result">
            <h2 class="psm-heading" tabindex="-1" ref={props.heading.clone()}>{ t.result_heading }</h2>
            <p>{ fill(t.result_intro, &[("max", &max_s)]) }</p>
            <p class="psm-overall">
                <span class="psm-overall-label">{ t.result_overall }{ ": " }</span>
                // No overall unless every dimension is scored: say why instead of a bare dash.
                if let Some(mean) = payload.overall.mean {
                    <strong class="psm-overall-value">{ score_cell(Some(mean)) }</strong>
                    <span class="psm-overall-method">{ " — " }{ t.result_overall_method }</span>
                } else {
                    <span class="psm-overall-value">{ t.result_overall_missing }</span>
                }
            </p>
            <figure class="psm-figure">
                { chart(&ChartProps {
                    dom_id: env.id("chart").into(),
                    lang,
                    bars: bars.clone(),
                    max,
                    title: fill(t.result_chart_title, &[("max", &max_s)]).into(),
                }) }
            </figure>
            <table class="psm-table">
                <caption>{ fill(t.result_chart_title, &[("max", &max_s)]) }</caption>
                <thead><tr>
                    <th scope="col">{ t.result_dimension }</th>
                    <th scope="col">{ fill(t.result_score, &[("max", &max_s)]) }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="psm-caveat"><strong>{ t.result_caveat }</strong></p>
            <h3 class="psm-subheading">{ t.result_explanations }</h3>
            <dl class="psm-dims">{ for explanations }</dl>
            <h3 class="psm-subheading">{ t.result_bands_heading }</h3>
            <p>{ bands_text }</p>
            <p class="psm-source">
                { t.result_source }{ ": " }{ source.citation.clone() }
                if let Some(doi) = &source.doi { { " doi:" }{ doi.clone() } }
            </p>
        </section>
    }
}
