//! Files in, report out. Results are grouped by instrument sha256 and language (versions and
//! languages are never mixed), checked for duplicates (portals retry deliveries) and stored
//! column-wise; figures are computed once at the end, when every file, including instrument
//! definitions, has been read.

use crate::describe::BIN_WIDTH;
use crate::group::{Group, FAST_SECONDS, LONG_RUN_MIN};
use crate::issue::{codes, Issue};
use crate::keying::{self, Keying};
use crate::read::{self, MAX_FILE_BYTES};
use crate::report::*;
use crate::row::Row;
use crate::sink::Sink;
use std::collections::{BTreeMap, HashMap};

/// Issues listed per file; the rest are counted.
pub const ISSUES_LISTED: usize = 20;
/// A file is abandoned after this many issues without a single valid result.
pub const ABANDON_AFTER: usize = 1000;

pub struct Analysis {
    files: Vec<FileSummary>,
    groups: Vec<Group>,
    /// sha256 -> the first group of that instrument version: the others must agree with it.
    by_sha: HashMap<String, usize>,
    /// sha256 -> submission_id -> (file index, line) of its first use, across languages.
    seen: HashMap<String, HashMap<Box<str>, (u32, u32)>>,
    known: Vec<Keying>,
    counts: BTreeMap<&'static str, usize>,
}

impl Default for Analysis {
    fn default() -> Self {
        Self::new()
    }
}

impl Analysis {
    /// An analysis that knows the built-in instruments.
    pub fn new() -> Analysis {
        Self::with_known(keying::builtins())
    }

    pub fn with_known(known: Vec<Keying>) -> Analysis {
        Analysis {
            files: Vec::new(),
            groups: Vec::new(),
            by_sha: HashMap::new(),
            seen: HashMap::new(),
            known,
            counts: BTreeMap::new(),
        }
    }

    /// Reads one file completely. Its good results are kept whatever is wrong elsewhere in it.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) {
        self.files.push(FileSummary {
            name: name.to_string(),
            format: "unknown",
            bytes: bytes.len(),
            used: 0,
            rejected: 0,
            issues: Vec::new(),
            more_issues: 0,
            instruments: Vec::new(),
        });
        let file = self.files.len() - 1;
        let mut sink = FileSink {
            a: self,
            file,
            issues: 0,
        };
        let format = read::read_file(bytes, &mut sink);
        if sink.stop() {
            sink.record(Issue::file(
                0,
                codes::ABANDONED,
                format!("reading stopped after {ABANDON_AFTER} errors without one valid result"),
            ));
        }
        let f = &mut self.files[file];
        f.format =
            if format == "json" && f.used == 0 && f.rejected == 0 && !f.instruments.is_empty() {
                "instrument"
            } else {
                format
            };
    }

    /// A file the page could not hand over (too large to read, read error).
    pub fn add_unreadable(&mut self, name: &str, bytes: usize, code: &'static str, detail: &str) {
        self.files.push(FileSummary {
            name: name.to_string(),
            format: "unknown",
            bytes,
            used: 0,
            rejected: 0,
            issues: vec![Issue::file(0, code, detail)],
            more_issues: 0,
            instruments: Vec::new(),
        });
        *self.counts.entry(code).or_default() += 1;
    }

    pub fn finish(&self) -> Report {
        // The languages of one instrument version side by side, in the order versions were met.
        // A group whose first result was refused (another identity, a duplicate) stays empty.
        let mut order: Vec<usize> = (0..self.groups.len())
            .filter(|&g| self.groups[g].n() > 0)
            .collect();
        order.sort_by_key(|&g| {
            let group = &self.groups[g];
            (self.by_sha[&group.sha256], group.lang.clone())
        });
        let groups = order
            .iter()
            .map(|&g| {
                let g = &self.groups[g];
                let k = self
                    .known
                    .iter()
                    .rev()
                    .find(|k| k.sha256 == g.sha256 && k.id == g.id);
                let others: Vec<&str> = self
                    .groups
                    .iter()
                    .filter(|o| o.sha256 == g.sha256 && o.lang != g.lang && o.n() > 0)
                    .map(|o| o.lang.as_str())
                    .collect();
                g.report(k, &others)
            })
            .collect();
        Report {
            schema: REPORT_SCHEMA,
            used: self.files.iter().map(|f| f.used).sum(),
            rejected: self.files.iter().map(|f| f.rejected).sum(),
            rejected_files: self
                .files
                .iter()
                .filter(|f| {
                    f.used == 0
                        && f.format != "instrument"
                        && (f.rejected > 0 || !f.issues.is_empty())
                })
                .count(),
            rejected_by_code: self
                .counts
                .iter()
                .map(|(&code, &count)| CodeCount { code, count })
                .collect(),
            files: self.files.clone(),
            groups,
            settings: Settings {
                long_run_min: LONG_RUN_MIN,
                fast_seconds_per_item: FAST_SECONDS,
                histogram_bin_width: BIN_WIDTH,
                max_file_bytes: MAX_FILE_BYTES,
                issues_listed_per_file: ISSUES_LISTED,
            },
        }
    }

    /// Admits a checked row into its group, or says why not.
    fn admit(&mut self, file: usize, line: usize, row: Row<'_>) -> Result<(), Issue> {
        let sha = row.instrument_sha256.as_ref();
        if row.scale_max.is_none() {
            if let Some(k) = self.known.iter().find(|k| k.sha256 == sha) {
                crate::row::check_scale(&row, k.points, line)?;
            }
        }
        // A handful of groups at most: a scan allocates nothing per result.
        let found = self
            .groups
            .iter()
            .position(|g| g.sha256 == sha && g.lang == row.lang);
        let g = match found {
            Some(g) => g,
            None => {
                // Another language of a version already seen starts from that version's
                // identity and dimensions, so the checks below hold it to them.
                let first = self.by_sha.get(sha).map(|&f| &self.groups[f]);
                let group = match first {
                    Some(f) => Group::new(
                        &f.id,
                        &f.version,
                        sha,
                        &row.lang,
                        f.dims.clone(),
                        f.items_total,
                    ),
                    None => Group::new(
                        &row.instrument_id,
                        &row.instrument_version,
                        sha,
                        &row.lang,
                        row.scores.iter().map(|(d, _)| d.to_string()).collect(),
                        row.items_total,
                    ),
                };
                self.groups.push(group);
                let g = self.groups.len() - 1;
                self.by_sha.entry(sha.to_string()).or_insert(g);
                self.seen.entry(sha.to_string()).or_default();
                g
            }
        };
        let group = &mut self.groups[g];
        if group.id != row.instrument_id || group.version != row.instrument_version {
            return Err(Issue::new(
                line,
                codes::INCONSISTENT,
                format!(
                    "instrument {} {} with the sha256 of {} {} read earlier",
                    row.instrument_id, row.instrument_version, group.id, group.version
                ),
            ));
        }
        // Dimension set must equal the group's (same sha256 means same instrument).
        let mut slots = vec![usize::MAX; group.dims.len()];
        let same_len = row.scores.len() == group.dims.len() && row.items_total == group.items_total;
        for (i, (d, _)) in row.scores.iter().enumerate() {
            match group.dims.iter().position(|x| x == d) {
                Some(p) if same_len => slots[p] = i,
                _ => {
                    return Err(Issue::new(
                        line,
                        codes::INCONSISTENT,
                        format!(
                            "dimensions {} differ from earlier results of this instrument ({})",
                            row.scores
                                .iter()
                                .map(|(d, _)| d.as_ref())
                                .collect::<Vec<_>>()
                                .join(", "),
                            group.dims.join(", ")
                        ),
                    ))
                }
            }
        }
        let seen = self
            .seen
            .get_mut(sha)
            .expect("every group's sha256 has a duplicate register");
        if let Some(&(f, l)) = seen.get(row.submission_id.as_ref()) {
            return Err(Issue::new(
                line,
                codes::DUPLICATE,
                format!(
                    "submission_id {} was already read from {} line {l}",
                    row.submission_id, self.files[f as usize].name
                ),
            ));
        }
        seen.insert(
            row.submission_id.as_ref().into(),
            (file as u32, line as u32),
        );
        for &s in &slots {
            let m = row.scores[s].1;
            group.max_value = group.max_value.max(m.unwrap_or(0.0));
            group.scores.push(m.unwrap_or(f64::NAN));
        }
        // An overall mean stands for the whole questionnaire only when every dimension is scored;
        // earlier releases averaged the scored dimensions alone.
        let complete = row.scores.iter().all(|(_, m)| m.is_some());
        if row.overall_mean.is_some() && !complete {
            group.partial_overall += 1;
        }
        group
            .overall
            .push(row.overall_mean.filter(|_| complete).unwrap_or(f64::NAN));
        if !group.methods.contains(row.overall_method.as_ref()) && group.methods.len() < 8 {
            group.methods.insert(row.overall_method.to_string());
        }
        if let Some(m) = row.scale_max {
            group.scale_max.insert(m);
        }
        group.runs.push(row.longest_run);
        group.seconds.push(row.seconds_median.unwrap_or(f64::NAN));
        if let Some(responses) = &row.responses {
            for (item, v) in responses {
                let idx = match group.item_index.get(item.as_ref()) {
                    Some(&i) => i,
                    None => {
                        let i = group.items.len() as u16;
                        group.items.push(item.to_string());
                        group.item_index.insert(item.to_string(), i);
                        i
                    }
                };
                group.max_value = group.max_value.max(f64::from(*v));
                group.resp_item.push(idx);
                group.resp_value.push(*v);
            }
            group.resp_start.push(group.resp_item.len());
        }
        Ok(())
    }
}

/// Delivers one file's findings into the analysis.
struct FileSink<'x> {
    a: &'x mut Analysis,
    file: usize,
    issues: usize,
}

impl FileSink<'_> {
    fn record(&mut self, issue: Issue) {
        *self.a.counts.entry(issue.code).or_default() += 1;
        self.issues += 1;
        let f = &mut self.a.files[self.file];
        if issue.scope == "result" {
            f.rejected += 1;
        }
        // The reason reading stopped is always listed.
        if f.issues.len() < ISSUES_LISTED || issue.code == codes::ABANDONED {
            f.issues.push(issue);
        } else {
            f.more_issues += 1;
        }
    }
}

impl Sink for FileSink<'_> {
    fn row(&mut self, line: usize, row: Row<'_>) {
        match self.a.admit(self.file, line, row) {
            Ok(()) => self.a.files[self.file].used += 1,
            Err(issue) => self.record(issue),
        }
    }

    fn issue(&mut self, issue: Issue) {
        self.record(issue);
    }

    fn instrument(&mut self, line: usize, json: &str) {
        match keying::from_json(json) {
            Ok(k) => {
                self.a.files[self.file]
                    .instruments
                    .push(format!("{}@{}", k.id, k.version));
                self.a.known.push(k);
            }
            Err(e) => self.record(Issue::file(line, codes::INSTRUMENT_INVALID, e)),
        }
    }

    fn stop(&self) -> bool {
        self.issues >= ABANDON_AFTER && self.a.files[self.file].used == 0
    }
}
