//! The kiosk CSV export (format in the team brief): a fixed prefix of columns, then per dimension
//! `score_D, answered_D, items_D`, then optionally `resp_I` per item. One instrument sha256 per file.
//! RFC 4180: commas, double quotes doubled inside quoted fields, CRLF or LF line ends.

use crate::issue::{codes, Issue};
use crate::row::{self, Row, SCHEMA, SCHEMAS};
use crate::sink::Sink;
use std::borrow::Cow;

/// The fixed leading columns, exactly as the kiosk export writes them.
pub const PREFIX: [&str; 11] = psm_core::export::FIXED_COLUMNS;

/// True when the first line starts like the kiosk CSV header.
pub fn looks_like_csv(text: &str) -> bool {
    text.starts_with("schema,submission_id,")
}

/// RFC 4180 records with the line each one starts on.
struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

enum Next<'a> {
    Record(usize, Vec<Cow<'a, str>>),
    /// A quoted field never closed: the file was cut off.
    Unterminated(usize),
    End,
}

impl<'a> Records<'a> {
    fn next_record(&mut self) -> Next<'a> {
        let b = self.text.as_bytes();
        // Skip blank lines between records.
        while self.pos < b.len() && (b[self.pos] == b'\n' || b[self.pos] == b'\r') {
            if b[self.pos] == b'\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
        if self.pos >= b.len() {
            return Next::End;
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        loop {
            if b.get(self.pos) == Some(&b'"') {
                let begin = self.pos + 1;
                let mut i = begin;
                let mut doubled = false;
                loop {
                    match b.get(i) {
                        None => {
                            self.pos = b.len();
                            return Next::Unterminated(start_line);
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => {
                            doubled = true;
                            i += 2;
                        }
                        Some(b'"') => break,
                        Some(b'\n') => {
                            self.line += 1;
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                let raw = &self.text[begin..i];
                fields.push(if doubled {
                    Cow::Owned(raw.replace("\"\"", "\""))
                } else {
                    Cow::Borrowed(raw)
                });
                self.pos = i + 1;
            } else {
                let begin = self.pos;
                while self.pos < b.len() && !matches!(b[self.pos], b',' | b'\n' | b'\r') {
                    self.pos += 1;
                }
                fields.push(Cow::Borrowed(&self.text[begin..self.pos]));
            }
            match b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'\r') | Some(b'\n') | None => {
                    if b.get(self.pos) == Some(&b'\r') {
                        self.pos += 1;
                    }
                    if b.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                        self.line += 1;
                    }
                    return Next::Record(start_line, fields);
                }
                Some(_) => {
                    // Text after a closing quote is not RFC 4180: keep it in the field so the
                    // value check names it, up to the next separator.
                    let begin = self.pos;
                    while self.pos < b.len() && !matches!(b[self.pos], b',' | b'\n' | b'\r') {
                        self.pos += 1;
                    }
                    if let Some(last) = fields.last_mut() {
                        last.to_mut().push_str(&self.text[begin..self.pos]);
                    }
                }
            }
        }
    }
}

/// Columns after the fixed prefix.
struct Layout {
    dims: Vec<String>,
    items: Vec<String>,
}

fn layout(header: &[Cow<str>]) -> Result<Layout, String> {
    for (i, want) in PREFIX.iter().enumerate() {
        match header.get(i) {
            Some(h) if h == want => {}
            Some(h) => return Err(format!("column {} is '{h}', expected '{want}'", i + 1)),
            None => return Err(format!("the header ends before column '{want}'")),
        }
    }
    let mut dims = Vec::new();
    let mut items = Vec::new();
    let mut i = PREFIX.len();
    while i < header.len() {
        let h = &header[i];
        if let Some(d) = h.strip_prefix("score_") {
            if !items.is_empty() {
                return Err(format!(
                    "column {} '{h}' comes after the resp_ columns",
                    i + 1
                ));
            }
            let want = [format!("answered_{d}"), format!("items_{d}")];
            for (k, w) in want.iter().enumerate() {
                if header.get(i + 1 + k).map(|c| c.as_ref()) != Some(w.as_str()) {
                    return Err(format!("column {} should be '{w}'", i + 2 + k));
                }
            }
            dims.push(d.to_string());
            i += 3;
        } else if let Some(item) = h.strip_prefix("resp_") {
            items.push(item.to_string());
            i += 1;
        } else {
            return Err(format!(
                "column {} '{h}' is not a score_, answered_, items_ or resp_ column",
                i + 1
            ));
        }
    }
    if dims.is_empty() {
        return Err("no score_ columns".into());
    }
    Ok(Layout { dims, items })
}

fn opt_f64(cell: &str, field: &str, line: usize) -> Result<Option<f64>, Issue> {
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(Some)
        .ok_or_else(|| row::invalid(line, field, format!("'{cell}' is not a number")))
}

fn opt_u64(cell: &str, field: &str, line: usize) -> Result<Option<u64>, Issue> {
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<u64>()
        .map(Some)
        .map_err(|_| row::invalid(line, field, format!("'{cell}' is not a whole number")))
}

fn to_row<'a>(cells: Vec<Cow<'a, str>>, lay: &Layout, line: usize) -> Result<Row<'a>, Issue> {
    let mut it = cells.into_iter();
    let mut next = || it.next().unwrap_or(Cow::Borrowed(""));
    let schema = next();
    if !SCHEMAS.contains(&schema.as_ref()) {
        return Err(Issue::new(
            line,
            codes::WRONG_SCHEMA,
            format!("schema is \"{schema}\", expected {SCHEMA}"),
        ));
    }
    let submission_id = next();
    let instrument_id = next();
    let instrument_version = next();
    let instrument_sha256 = next();
    let lang = next();
    let completed_on = next();
    let overall_mean = opt_f64(&next(), "overall_mean", line)?;
    let overall_method = next();
    let longest_run = opt_u64(&next(), "longest_same_answer_run", line)?;
    let seconds_median = opt_f64(&next(), "seconds_median_per_item", line)?;
    let mut scores = Vec::with_capacity(lay.dims.len());
    let mut items_total = 0;
    for d in &lay.dims {
        let (score, answered, items) = (next(), next(), next());
        if score.is_empty() && answered.is_empty() && items.is_empty() {
            // A column of another instrument's dimension (the export writes the union of columns).
            continue;
        }
        let mean = opt_f64(&score, &format!("score_{d}"), line)?;
        let answered = opt_u64(&answered, &format!("answered_{d}"), line)?
            .ok_or_else(|| row::invalid(line, &format!("answered_{d}"), "is empty"))?;
        let items = opt_u64(&items, &format!("items_{d}"), line)?
            .ok_or_else(|| row::invalid(line, &format!("items_{d}"), "is empty"))?;
        row::check_counts(d, answered, items, line)?;
        items_total += items as usize;
        scores.push((Cow::Owned(d.clone()), mean));
    }
    let responses = if lay.items.is_empty() {
        None
    } else {
        let mut out = Vec::with_capacity(lay.items.len());
        for item in &lay.items {
            let field = format!("resp_{item}");
            if let Some(v) = opt_u64(&next(), &field, line)? {
                let v = u8::try_from(v).ok().filter(|v| *v >= 1).ok_or_else(|| {
                    row::invalid(line, &field, format!("{v} is outside the scale"))
                })?;
                out.push((Cow::Owned(item.clone()), v));
            }
        }
        // A row without any answer carries no responses (include_responses was off).
        (!out.is_empty()).then_some(out)
    };
    let r = Row {
        instrument_id,
        instrument_version,
        instrument_sha256,
        lang,
        scale_max: None,
        scores,
        items_total,
        overall_mean,
        overall_method,
        responses,
        longest_run,
        seconds_median,
        submission_id,
    };
    row::check(&r, &completed_on, line)?;
    Ok(r)
}

pub fn read_csv(text: &str, sink: &mut dyn Sink) {
    let mut rec = Records {
        text,
        pos: 0,
        line: 1,
    };
    let header = match rec.next_record() {
        Next::Record(_, h) => h,
        _ => {
            sink.issue(Issue::file(1, codes::CSV_HEADER, "no header row"));
            return;
        }
    };
    let lay = match layout(&header) {
        Ok(l) => l,
        Err(e) => {
            sink.issue(Issue::file(1, codes::CSV_HEADER, e));
            return;
        }
    };
    let width = PREFIX.len() + 3 * lay.dims.len() + lay.items.len();
    let mut first_sha: Option<String> = None;
    loop {
        match rec.next_record() {
            Next::End => return,
            Next::Unterminated(line) => {
                sink.issue(Issue::new(
                    line,
                    codes::TRUNCATED,
                    "a quoted cell is never closed: the file is cut off",
                ));
                return;
            }
            Next::Record(line, cells) => {
                if cells.len() != width {
                    let code = if rec.pos >= text.len() && cells.len() < width {
                        codes::TRUNCATED
                    } else {
                        codes::CSV_COLUMNS
                    };
                    sink.issue(Issue::new(
                        line,
                        code,
                        format!("{} cells, the header has {width}", cells.len()),
                    ));
                } else {
                    let sha = cells[4].to_string();
                    match &first_sha {
                        Some(first) if *first != sha => sink.issue(Issue::new(
                            line,
                            codes::MIXED_INSTRUMENTS,
                            format!(
                                "instrument_sha256 {} differs from the file's first row ({}): a kiosk CSV holds one instrument version",
                                short(&sha),
                                short(first)
                            ),
                        )),
                        _ => match to_row(cells, &lay, line) {
                            Ok(r) => {
                                first_sha.get_or_insert(sha);
                                sink.row(line, r)
                            }
                            Err(issue) => sink.issue(issue),
                        },
                    }
                }
                if sink.stop() {
                    return;
                }
            }
        }
    }
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}
