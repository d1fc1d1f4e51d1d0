//! The results of one instrument version (one sha256) in one language, stored column-wise, and
//! their figures. Languages are never pooled: a translation is another measurement until a study
//! shows the two equivalent, so counts, descriptives, alpha, omega and flags are all per language.

use crate::correlation;
use crate::describe::{describe, histogram};
use crate::keying::Keying;
use crate::reliability::reliability;
use crate::report::*;
use std::collections::{BTreeSet, HashMap};

/// A longest identical-answer run of at least this many items is flagged (or the whole
/// questionnaire when it is shorter).
pub const LONG_RUN_MIN: usize = 10;
/// A median below this many seconds per item is flagged as very fast. The payload's figure is the
/// time between successive answers (psm_core::quality::AnswerClock), so it does not depend on how
/// many statements a page holds.
pub const FAST_SECONDS: f64 = 2.0;
/// Flag of an item whose corrected item-total correlation is negative.
pub const NEGATIVE_ITEM_TOTAL: &str = "negative_item_total";

pub struct Group {
    pub id: String,
    pub version: String,
    pub sha256: String,
    /// The language the statements were answered in.
    pub lang: String,
    pub dims: Vec<String>,
    pub items_total: usize,
    /// Row-major results x dims; NaN = null mean.
    pub scores: Vec<f64>,
    pub overall: Vec<f64>,
    /// Results whose overall mean was set aside because a dimension was not scored (payloads of
    /// releases that averaged the scored dimensions only).
    pub partial_overall: usize,
    pub methods: BTreeSet<String>,
    /// Scale maxima seen in payloads.
    pub scale_max: BTreeSet<u8>,
    pub max_value: f64,
    pub runs: Vec<Option<u64>>,
    pub seconds: Vec<f64>,
    /// Item ids seen in responses; responses refer to them by index.
    pub items: Vec<String>,
    pub item_index: HashMap<String, u16>,
    /// Responses of the results that carry them: row r spans resp_start[r]..resp_start[r+1].
    pub resp_start: Vec<usize>,
    pub resp_item: Vec<u16>,
    pub resp_value: Vec<u8>,
}

impl Group {
    pub fn new(
        id: &str,
        version: &str,
        sha256: &str,
        lang: &str,
        dims: Vec<String>,
        items_total: usize,
    ) -> Group {
        Group {
            id: id.into(),
            version: version.into(),
            sha256: sha256.into(),
            lang: lang.into(),
            dims,
            items_total,
            scores: Vec::new(),
            overall: Vec::new(),
            partial_overall: 0,
            methods: BTreeSet::new(),
            scale_max: BTreeSet::new(),
            max_value: 0.0,
            runs: Vec::new(),
            seconds: Vec::new(),
            items: Vec::new(),
            item_index: HashMap::new(),
            resp_start: vec![0],
            resp_item: Vec::new(),
            resp_value: Vec::new(),
        }
    }

    pub fn n(&self) -> usize {
        self.overall.len()
    }

    fn column(&self, d: usize) -> Vec<f64> {
        self.scores
            .iter()
            .skip(d)
            .step_by(self.dims.len())
            .copied()
            .collect()
    }

    /// The figures. `keying` is the instrument with this sha256, when known; `other_langs` the
    /// languages of the other groups of the same instrument version.
    pub fn report(&self, keying: Option<&Keying>, other_langs: &[&str]) -> GroupReport {
        let mut notes = Vec::new();
        if !other_langs.is_empty() {
            notes.push(Note {
                code: "languages_separate",
                detail: format!(
                    "results in {} are reported separately, never pooled with {}",
                    self.lang,
                    other_langs.join(", ")
                ),
            });
        }
        if self.partial_overall > 0 {
            notes.push(Note {
                code: "partial_overall_ignored",
                detail: format!(
                    "{} results carry an overall mean although a dimension is not scored; those overall means are left out",
                    self.partial_overall
                ),
            });
        }
        // Keying is usable only when its dimensions are exactly the payloads' dimensions.
        let keying = keying.filter(|k| {
            let same = k.dimensions.len() == self.dims.len()
                && k.dimensions.iter().all(|d| self.dims.contains(&d.id));
            if !same {
                notes.push(Note {
                    code: "keying_mismatch",
                    detail: format!(
                        "the instrument {} {} has other dimensions than its results",
                        k.id, k.version
                    ),
                });
            }
            same
        });
        if keying.is_none() {
            notes.push(Note {
                code: "keying_unknown",
                detail:
                    "instrument not known: no item keying or membership, so no reliability figures"
                        .into(),
            });
        }
        // Dimension order: the instrument's when known, else the first result's.
        let order: Vec<usize> = match keying {
            Some(k) => k
                .dimensions
                .iter()
                .map(|d| self.dims.iter().position(|x| *x == d.id).unwrap_or(0))
                .collect(),
            None => (0..self.dims.len()).collect(),
        };
        let (scale_max, scale_source) = match keying {
            Some(k) => (k.points, "instrument"),
            None => match self.scale_max.iter().next_back() {
                Some(&m) => (m, "payload"),
                None => ((self.max_value.ceil() as u8).max(2), "inferred"),
            },
        };
        if keying.is_some_and(|k| self.scale_max.iter().any(|&m| m != k.points))
            || self.scale_max.len() > 1
        {
            notes.push(Note {
                code: "scale_conflict",
                detail: format!("payload scales {:?}", self.scale_max),
            });
        }
        let columns: Vec<Vec<f64>> = order.iter().map(|&d| self.column(d)).collect();
        let name_of = |d: usize| {
            keying
                .map(|k| k.dimensions[d].name.clone())
                .unwrap_or_default()
        };
        let dimensions = order
            .iter()
            .enumerate()
            .map(|(pos, &d)| DimensionReport {
                id: self.dims[d].clone(),
                name: name_of(pos),
                describe: describe(&columns[pos]),
                histogram: histogram(&columns[pos], scale_max),
            })
            .collect();
        let overall = (!self.overall.iter().all(|x| x.is_nan())).then(|| OverallReport {
            methods: self.methods.iter().cloned().collect(),
            describe: describe(&self.overall),
            histogram: histogram(&self.overall, scale_max),
        });
        let with_responses = self.resp_start.len() - 1;
        let reliability = match keying {
            Some(k) if with_responses > 0 => self.reliability(k, &mut notes),
            _ => Vec::new(),
        };
        if keying.is_some() && with_responses == 0 {
            notes.push(Note {
                code: "no_responses",
                detail: "no result includes item responses".into(),
            });
        }
        let names = order.iter().map(|&d| self.dims[d].clone()).collect();
        GroupReport {
            instrument: InstrumentRef {
                id: self.id.clone(),
                version: self.version.clone(),
                sha256: self.sha256.clone(),
            },
            lang: self.lang.clone(),
            keying: keying.map_or("unknown", |k| k.source),
            title: keying.map(|k| k.title.clone()).unwrap_or_default(),
            n: self.n(),
            with_responses,
            scale_max,
            scale_source,
            notes,
            dimensions,
            overall,
            reliability,
            correlations: correlation::matrix(names, &columns),
            quality: self.quality(),
        }
    }

    fn reliability(&self, k: &Keying, notes: &mut Vec<Note>) -> Vec<ReliabilityReport> {
        // Map response item indices to instrument item indices.
        let map: Vec<Option<usize>> = self.items.iter().map(|id| k.item_index(id)).collect();
        let stray: Vec<&str> = self
            .items
            .iter()
            .zip(&map)
            .filter(|(_, m)| m.is_none())
            .map(|(id, _)| id.as_str())
            .collect();
        if !stray.is_empty() {
            notes.push(Note {
                code: "unknown_items",
                detail: format!(
                    "responses name items not in the instrument, ignored: {}",
                    stray.join(", ")
                ),
            });
        }
        let mut data: Vec<Vec<f64>> = vec![Vec::new(); k.dimensions.len()];
        let mut row = vec![f64::NAN; k.items.len()];
        for r in 0..self.resp_start.len() - 1 {
            row.iter_mut().for_each(|x| *x = f64::NAN);
            for p in self.resp_start[r]..self.resp_start[r + 1] {
                if let Some(i) = map[self.resp_item[p] as usize] {
                    row[i] = k.keyed(i, self.resp_value[p]);
                }
            }
            for (d, dim) in k.dimensions.iter().enumerate() {
                if dim.items.iter().all(|&i| !row[i].is_nan()) {
                    data[d].extend(dim.items.iter().map(|&i| row[i]));
                }
            }
        }
        let reports: Vec<ReliabilityReport> = k
            .dimensions
            .iter()
            .zip(data)
            .map(|(dim, data)| {
                let kk = dim.items.len();
                let rel = reliability(&data, kk);
                let note = if kk < 2 {
                    Some("one_item")
                } else if rel.n < 3 {
                    Some("too_few_complete")
                } else if rel.alpha.is_none() {
                    Some("no_variance")
                } else if kk < 3 {
                    Some("omega_needs_3_items")
                } else if rel.omega.is_none() {
                    Some("omega_not_estimated")
                } else {
                    None
                };
                let items: Vec<ItemReport> = dim
                    .items
                    .iter()
                    .zip(rel.items)
                    .map(|(&i, s)| ItemReport {
                        id: k.items[i].id.clone(),
                        reverse: k.items[i].reverse,
                        mean: s.mean,
                        sd: s.sd,
                        r_corrected: s.r_corrected,
                        alpha_if_deleted: s.alpha_if_deleted,
                        loading: s.loading,
                        flag: s
                            .r_corrected
                            .is_some_and(|r| r < 0.0)
                            .then_some(NEGATIVE_ITEM_TOTAL),
                    })
                    .collect();
                ReliabilityReport {
                    dimension: dim.id.clone(),
                    name: dim.name.clone(),
                    k: kk,
                    n: rel.n,
                    alpha: rel.alpha,
                    omega: rel.omega,
                    note,
                    negative_items: items
                        .iter()
                        .filter(|i| i.flag.is_some())
                        .map(|i| i.id.clone())
                        .collect(),
                    items,
                }
            })
            .collect();
        for r in reports.iter().filter(|r| !r.negative_items.is_empty()) {
            notes.push(Note {
                code: NEGATIVE_ITEM_TOTAL,
                detail: format!(
                    "{} of {}: corrected item-total r below 0; usual causes: a negation lost in translation, or a wrong reverse key",
                    r.negative_items.join(", "),
                    r.dimension
                ),
            });
        }
        reports
    }

    fn quality(&self) -> QualityReport {
        let long_run_min = LONG_RUN_MIN.min(self.items_total.max(1));
        let mut q = QualityReport {
            long_run_min,
            fast_seconds_per_item: FAST_SECONDS,
            with_run: 0,
            long_run: 0,
            with_time: 0,
            fast: 0,
            flagged: 0,
        };
        for (run, secs) in self.runs.iter().zip(&self.seconds) {
            let long = run.is_some_and(|r| r as usize >= long_run_min);
            let fast = !secs.is_nan() && *secs < FAST_SECONDS;
            q.with_run += usize::from(run.is_some());
            q.with_time += usize::from(!secs.is_nan());
            q.long_run += usize::from(long);
            q.fast += usize::from(fast);
            q.flagged += usize::from(long || fast);
        }
        q
    }
}
