//! The kiosk operator's export of the outbox: one JSON file with every stored result and one CSV per
//! instrument version ([`export_files`]).

use crate::outbox::rules::Entry;
use psm_core::export::to_csv;
use psm_core::payload::ResultPayload;
use psm_core::value::ReadText;
use std::borrow::Cow;

/// One export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub mime: &'static str,
    pub contents: String,
}

/// The operator's export of every stored result (queued, delivered and failed): one JSON file with
/// all payloads (an array, in storage order, each byte for byte as sent), and one CSV per instrument
/// version, as the CSV format requires. Each entry carries `export::to_csv` of its own payload, so a
/// file is the shared header plus every entry's row: exactly `to_csv` of the group. Should one
/// version's results differ in columns (responses switched on for some), each column set gets its
/// own file, so no value is dropped. An entry stored without its CSV (an embed's result waiting for
/// delivery on the same origin) gets it from its payload here, so the CSV files hold every result the
/// JSON file holds. `read` is the platform's JSON reader (the browser's in the widget).
pub fn export_files(entries: &[Entry], date: &str, read: ReadText) -> Vec<ExportFile> {
    let made: Vec<Cow<str>> = entries.iter().map(|e| csv_of(e, read)).collect();
    let payloads: Vec<&str> = entries.iter().map(|e| e.payload.as_str()).collect();
    let mut files = vec![ExportFile {
        name: format!("psm-results-{date}.json"),
        mime: "application/json",
        contents: format!("[{}]", payloads.join(",")),
    }];
    // (sha256, header) -> rows, in order of first appearance.
    let mut groups: Vec<(&str, &str, &str, String)> = Vec::new();
    for (e, csv) in entries.iter().zip(&made) {
        let Some((header, row)) = csv.split_once("\r\n") else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|g| g.0 == e.instrument_sha256 && g.1 == header)
        {
            Some(group) => group.3.push_str(row),
            None => groups.push((
                &e.instrument_sha256,
                header,
                &e.instrument_id,
                row.to_string(),
            )),
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (sha, header, id, rows) in groups {
        let n = seen.iter().filter(|s| **s == sha).count();
        seen.push(sha);
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{}", n + 1)
        };
        let short: String = sha.chars().take(8).collect();
        files.push(ExportFile {
            name: format!("psm-results-{date}-{}-{short}{suffix}.csv", safe_name(id)),
            mime: "text/csv",
            contents: format!("{header}\r\n{rows}"),
        });
    }
    files
}

/// The entry's CSV (header + row), made from its payload when it was stored without one. A payload
/// that cannot be read (which `Entry::from_json` already rules out) has no row; it stays in the JSON.
fn csv_of(e: &Entry, read: ReadText) -> Cow<'_, str> {
    if !e.csv.is_empty() {
        return Cow::Borrowed(&e.csv);
    }
    let made = ResultPayload::from_text(&e.payload, read).map(|p| to_csv(std::slice::from_ref(&p)));
    Cow::Owned(made.unwrap_or_default())
}

/// A file-name-safe form of an instrument id.
fn safe_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::rules::tests::sample;
    use psm_core::export::to_csv;
    use psm_core::payload::ResultPayload;
    use psm_core::value::read_text;

    fn with_responses(id: char) -> ResultPayload {
        let ins = psm_core::builtin::get("perry-24").expect("built-in");
        let answers: psm_core::Answers = ins.items.iter().map(|i| (i.id.clone(), 2)).collect();
        psm_core::payload::build(psm_core::payload::PayloadInput {
            instrument: &ins,
            lang: "en",
            answers: &answers,
            order: None,
            seconds: None,
            include_responses: true,
            completed_on: "2026-11-24".into(),
            submission_id: id.to_string().repeat(32),
            candidate: None,
            consent: None,
            instrument_sha256: None,
        })
        .expect("payload builds")
    }

    #[test]
    fn an_embed_result_on_the_same_origin_is_in_the_csv_too() {
        // An embed stores its pending result without a CSV; the kiosk's export makes it.
        let entries = vec![
            Entry::kept(&sample('a'), None, 0),
            Entry::new(&sample('b'), Some("https://x.example/r".into()), 0),
        ];
        assert!(entries[1].csv.is_empty());
        let files = export_files(&entries, "2026-11-23", read_text);
        assert_eq!(files.len(), 2, "{files:?}");
        assert_eq!(files[1].contents, to_csv(&[sample('a'), sample('b')]));
    }

    #[test]
    fn export_holds_every_result_once_and_csv_equals_to_csv_of_the_group() {
        let mut entries = vec![
            Entry::kept(&sample('a'), None, 0),
            Entry::kept(&sample('b'), Some("https://x.example/r".into()), 0),
        ];
        entries[1].record(crate::outbox::rules::Answer::Status(200), 0, 0.5, None);
        let files = export_files(&entries, "2026-11-23", read_text);
        assert_eq!(
            files.len(),
            2,
            "one JSON + one CSV for the one instrument version"
        );
        assert_eq!(files[0].name, "psm-results-2026-11-23.json");
        let json = psm_core::value::from_text(&files[0].contents).unwrap();
        let psm_core::value::Json::Arr(items) = json else {
            panic!("a JSON array")
        };
        assert_eq!(items.len(), 2);
        let (a, b) = (sample('a').to_json(), sample('b').to_json());
        assert_eq!(files[0].contents, format!("[{a},{b}]"));
        assert_eq!(ResultPayload::from_json(&a).unwrap(), sample('a'));
        assert!(files[1]
            .name
            .starts_with("psm-results-2026-11-23-perry-24-"));
        assert!(files[1].name.ends_with(".csv"));
        assert_eq!(files[1].mime, "text/csv");
        assert_eq!(files[1].contents, to_csv(&[sample('a'), sample('b')]));
        let none = export_files(&[], "2026-11-23", read_text);
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].contents, "[]");
    }

    #[test]
    fn results_with_other_columns_get_their_own_file() {
        let entries = [
            Entry::kept(&sample('a'), None, 0),
            Entry::kept(&with_responses('b'), None, 0),
            Entry::kept(&sample('c'), None, 0),
        ];
        let files = export_files(&entries, "d", read_text);
        assert_eq!(files.len(), 3);
        assert_eq!(files[1].contents, to_csv(&[sample('a'), sample('c')]));
        assert_eq!(files[2].contents, to_csv(&[with_responses('b')]));
        assert!(files[2].name.ends_with("-2.csv"), "{}", files[2].name);
        assert_ne!(files[1].name, files[2].name);
    }

    #[test]
    fn file_names_stay_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "______etc_passwd");
        assert_eq!(safe_name("perry-24"), "perry-24");
    }
}
