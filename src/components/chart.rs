//! Dimension scores as horizontal bars on the 1..max scale, drawn with SVG geometry attributes
//! only (strict CSP: no style attributes). `role="img"` with a title and a description that
//! reads every score; the result screen also has the same numbers as a table.

use crate::i18n::{decimal, Lang};
use yew::prelude::*;

/// One bar: a label and a score (None = not scored).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub score: Option<f64>,
}

pub struct ChartProps {
    pub dom_id: AttrValue,
    pub lang: Lang,
    pub title: AttrValue,
    pub bars: Vec<Bar>,
    pub max: u8,
}

const WIDTH: f64 = 320.0;
const PAD: f64 = 8.0;
const ROW: f64 = 48.0;
const BAR_H: f64 = 14.0;
const AXIS_H: f64 = 24.0;

/// x of `value` on the 1..max track.
fn x_of(value: f64, max: u8) -> f64 {
    let span = f64::from(max.max(2)) - 1.0;
    PAD + ((value - 1.0) / span).clamp(0.0, 1.0) * (WIDTH - 2.0 * PAD)
}

fn n(v: f64) -> String {
    // One decimal is plenty for geometry and keeps the markup short. Integer formatting: f64's
    // Display would add its float-printing code (about 15 KB) to the wasm for this alone.
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    match t % 10 {
        0 => format!("{sign}{}", t / 10),
        d => format!("{sign}{}.{d}", t / 10),
    }
}

pub fn chart(props: &ChartProps) -> Html {
    let t = props.lang.t();
    let max = props.max;
    let height = props.bars.len() as f64 * ROW + AXIS_H;
    let grid_bottom = props.bars.len() as f64 * ROW;
    let title_id = format!("{}-title", props.dom_id);
    let desc_id = format!("{}-desc", props.dom_id);
    let score_text = |s: Option<f64>| match s {
        Some(v) => decimal(props.lang, v),
        None => t.result_not_scored.to_string(),
    };
    let desc = props
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, score_text(b.score)))
        .collect::<Vec<_>>()
        .join("; ");
    // Axis numbers under the bars; the grid lines are drawn inside each track so they never
    // cross a label.
    let ticks = (1..=max).map(|v| {
        html! {
            <text class="psm-chart-tick" x={n(x_of(f64::from(v), max))} y={n(grid_bottom + 16.0)}
                text-anchor="middle">{ v }</text>
        }
    });
    let rows = props.bars.iter().enumerate().map(|(i, bar)| {
        let top = i as f64 * ROW;
        let bar_y = top + 24.0;
        let value = html! {
            <text class="psm-chart-value" x={n(WIDTH - PAD)} y={n(top + 16.0)} text-anchor="end">
                { bar.score.map(|v| decimal(props.lang, v)).unwrap_or_else(|| "–".into()) }
            </text>
        };
        let fill = match bar.score {
            Some(v) => {
                let x = x_of(v, max);
                html! {
                    <>
                        <rect class="psm-chart-bar" x={n(PAD)} y={n(bar_y)} width={n(x - PAD)} height={n(BAR_H)} rx="3" />
                        <circle class="psm-chart-dot" cx={n(x)} cy={n(bar_y + BAR_H / 2.0)} r="6" />
                    </>
                }
            }
            None => html! {},
        };
        let grid = (2..max).map(|v| {
            let x = n(x_of(f64::from(v), max));
            html! {
                <line class="psm-chart-grid" x1={x.clone()} x2={x} y1={n(bar_y)} y2={n(bar_y + BAR_H)} />
            }
        });
        html! {
            <g class="psm-chart-row">
                <text class="psm-chart-label" x={n(PAD)} y={n(top + 16.0)}>{ bar.label.clone() }</text>
                { value }
                <rect class="psm-chart-track" x={n(PAD)} y={n(bar_y)} width={n(WIDTH - 2.0 * PAD)} height={n(BAR_H)} rx="3" />
                { for grid }
                { fill }
            </g>
        }
    });
    html! {
        <svg class="psm-chart" id={props.dom_id.clone()} viewBox={format!("0 0 {} {}", n(WIDTH), n(height))}
            role="img" aria-labelledby={format!("{title_id} {desc_id}")} focusable="false">
            <title id={title_id}>{ props.title.clone() }</title>
            <desc id={desc_id}>{ desc }</desc>
            { for rows }
            { for ticks }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_ends_map_to_the_track_ends() {
        assert_eq!(x_of(1.0, 5), PAD);
        assert_eq!(x_of(5.0, 5), WIDTH - PAD);
        assert_eq!(x_of(9.0, 5), WIDTH - PAD, "clamped");
        assert_eq!(x_of(3.0, 5), WIDTH / 2.0);
    }
}
