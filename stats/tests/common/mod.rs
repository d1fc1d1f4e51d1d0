//! Test data: a small custom instrument, payload writers and a seeded generator of results with a
//! known factor structure.
#![allow(dead_code)]

use serde_json::{json, Value};

/// xorshift64*: deterministic, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.uniform().max(1e-300);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// Three dimensions of four items; the second item of each is reverse-keyed.
pub const DIMS: [&str; 3] = ["AAA", "BBB", "CCC"];
pub const LOADINGS: [f64; 4] = [0.8, 0.7, 0.6, 0.5];

pub fn item_ids() -> Vec<String> {
    (1..=12).map(|i| format!("T{i:02}")).collect()
}

pub fn is_reverse(item: usize) -> bool {
    item % 4 == 1
}

pub fn instrument_json() -> String {
    let labels: Vec<&str> = vec!["1", "2", "3", "4", "5"];
    let dims: Vec<Value> = DIMS
        .iter()
        .map(|d| json!({"id": d, "name": {"id": format!("Dimensi {d}"), "en": format!("Dimension {d}")}}))
        .collect();
    let items: Vec<Value> = item_ids()
        .iter()
        .enumerate()
        .map(|(i, id)| {
            json!({"id": id, "dimension": DIMS[i / 4], "reverse": is_reverse(i),
                   "text": {"id": format!("Butir {id}"), "en": format!("Item {id}")}})
        })
        .collect();
    json!({
        "id": "test-12", "version": "1.0.0", "languages": ["id", "en"],
        "title": {"id": "Uji 12", "en": "Test 12"},
        "instructions": {"id": "Pilih satu.", "en": "Pick one."},
        "scale": {"points": 5, "labels": {"id": labels, "en": labels}},
        "dimensions": dims, "items": items,
        "source": {"citation": "Synthetic test instrument of the psm-quiz test suite."},
        "translation": {"id": "working", "en": "working"}
    })
    .to_string()
}

pub fn sha_of_test_instrument() -> String {
    psm_stats::keying::from_json(&instrument_json())
        .expect("test instrument validates")
        .sha256
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A payload of the test instrument from raw answers (None = unanswered).
pub fn payload(
    sha: &str,
    sub: &str,
    raw: &[Option<u8>],
    seconds: Option<f64>,
    with_responses: bool,
) -> Value {
    let mut scores = serde_json::Map::new();
    let mut dim_means = Vec::new();
    for (d, dim) in DIMS.iter().enumerate() {
        let keyed: Vec<f64> = (d * 4..d * 4 + 4)
            .filter_map(|i| {
                raw[i].map(|x| {
                    if is_reverse(i) {
                        6.0 - f64::from(x)
                    } else {
                        f64::from(x)
                    }
                })
            })
            .collect();
        let mean =
            (keyed.len() >= 3).then(|| round2(keyed.iter().sum::<f64>() / keyed.len() as f64));
        if let Some(m) = mean {
            dim_means.push(m);
        }
        scores.insert(
            dim.to_string(),
            json!({"mean": mean, "answered": keyed.len(), "items": 4}),
        );
    }
    // As the widget does: an overall only when every dimension is scored.
    let overall = (dim_means.len() == DIMS.len())
        .then(|| round2(dim_means.iter().sum::<f64>() / dim_means.len() as f64));
    // Longest run of identical raw answers in item order.
    let (mut best, mut run, mut prev) = (0usize, 0usize, None);
    for a in raw {
        match (a, prev) {
            (Some(x), Some(p)) if *x == p => run += 1,
            (Some(_), _) => run = 1,
            (None, _) => run = 0,
        }
        prev = *a;
        best = best.max(run);
    }
    let mut p = json!({
        "schema": "psm-result/1",
        "instrument": {"id": "test-12", "version": "1.0.0", "sha256": sha},
        "lang": "id",
        "scale": {"min": 1, "max": 5},
        "scores": scores,
        "overall": {"mean": overall, "method": "mean_of_dimensions"},
        "quality": {"longest_same_answer_run": best},
        "completed_on": "2026-11-23",
        "submission_id": submission_id(sub),
    });
    if let Some(s) = seconds {
        p["quality"]["seconds_median_per_item"] = json!(s);
    }
    if with_responses {
        let r: serde_json::Map<String, Value> = item_ids()
            .into_iter()
            .zip(raw)
            .map(|(id, a)| (id, json!(a)))
            .collect();
        p["responses"] = Value::Object(r);
    }
    p
}

/// `n` results with a known structure: three correlated factors (r = 0.5), item loadings
/// [`LOADINGS`] within each dimension, answers cut to 1..5, 2 % of answers missing,
/// 3 % straight-liners (all 4) and 5 % very fast responders.
/// A valid submission id (32 lowercase hex digits) made from a readable test label: FNV-1a, 128 bits.
pub fn submission_id(label: &str) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in label.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    format!("{h:032x}")
}

pub fn generate(n: usize, seed: u64) -> Vec<Value> {
    generate_in(n, seed, "id", false)
}

/// The reverse-keyed item that [`generate_in`] can "mistranslate".
pub const LOST_NEGATION_ITEM: usize = 1;

/// As [`generate`], answered in `lang`. With `lost_negation` the reverse-keyed statement
/// T02 reads positively in this language (its negation lost in translation): candidates answer it
/// like the other statements, and the scoring key, still reversed, turns it against its dimension.
pub fn generate_in(n: usize, seed: u64, lang: &str, lost_negation: bool) -> Vec<Value> {
    let sha = sha_of_test_instrument();
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let g = rng.normal();
            let f: Vec<f64> = (0..3)
                .map(|_| 0.5f64.sqrt() * g + 0.5f64.sqrt() * rng.normal())
                .collect();
            let straight = rng.uniform() < 0.03;
            let raw: Vec<Option<u8>> = (0..12)
                .map(|it| {
                    if straight {
                        return Some(4);
                    }
                    if rng.uniform() < 0.02 {
                        return None;
                    }
                    let l = LOADINGS[it % 4];
                    let latent = l * f[it / 4] + (1.0 - l * l).sqrt() * rng.normal();
                    let keyed = (3.3 + 1.2 * latent).round().clamp(1.0, 5.0) as u8;
                    let reads_reversed =
                        is_reverse(it) && !(lost_negation && it == LOST_NEGATION_ITEM);
                    Some(if reads_reversed { 6 - keyed } else { keyed })
                })
                .collect();
            let fast = rng.uniform() < 0.05;
            let secs = if fast {
                1.0 + rng.uniform() * 0.9
            } else {
                2.5 + 6.0 * rng.uniform()
            };
            let secs = (rng.uniform() > 0.1).then_some((secs * 10.0).round() / 10.0);
            let mut p = payload(&sha, &format!("s{seed}-{lang}-{i}"), &raw, secs, true);
            p["lang"] = json!(lang);
            p
        })
        .collect()
}

pub fn ndjson(payloads: &[Value]) -> String {
    payloads.iter().map(|p| p.to_string() + "\n").collect()
}
