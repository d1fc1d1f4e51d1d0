//! What a result will carry, named from the same configuration that builds it.
//!
//! The consent screen lists [`disclosed`]`(config)`, one plain sentence per entry; the shell builds the
//! payload with [`payload_input`]`(config, run)`. Both read the same config fields here, and a test builds
//! the payload for every combination of options and checks that each of its fields is named by exactly
//! the entries listed, so the list cannot drift from what is sent.

use crate::config::QuizConfig;
use crate::model::{Answers, Timings};
use crate::payload::{ConsentRecord, PayloadInput, ResultSchema};

/// One thing the result tells the agency. The shell has one sentence per variant and language, in tables
/// indexed by the variant's position: add new variants at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Disclosed {
    /// Which questionnaire (id, version, hash), the schema id and the answer scale.
    Instrument,
    /// The language the statements were answered in.
    Lang,
    /// The score of each dimension, with how many of its statements were answered.
    Scores,
    /// The overall score and how it was computed.
    Overall,
    /// The answer to every statement.
    Responses,
    /// The longest run of identical answers in a row.
    SameAnswerRun,
    /// The median time taken per answer.
    AnswerTime,
    /// The order the statements were shown in (only when shuffled).
    Order,
    /// The date of completion, without time.
    CompletedOn,
    /// A random submission number (so a result is not counted twice).
    SubmissionId,
    /// The encoded candidate reference the agency can match with the application.
    CandidateRef,
    /// The date the candidate agreed (`psm-result/2`).
    ConsentDate,
    /// Which PDP notice was agreed to, by its hash (`psm-result/2` with a notice).
    ConsentNotice,
    /// The version of that notice (only when the notice has one).
    ConsentNoticeVersion,
}

impl Disclosed {
    /// A stable name (the consent list's `data-sent` attribute).
    pub fn key(self) -> &'static str {
        match self {
            Disclosed::Instrument => "instrument",
            Disclosed::Lang => "lang",
            Disclosed::Scores => "scores",
            Disclosed::Overall => "overall",
            Disclosed::Responses => "responses",
            Disclosed::SameAnswerRun => "longest_same_answer_run",
            Disclosed::AnswerTime => "seconds_median_per_item",
            Disclosed::Order => "order",
            Disclosed::CompletedOn => "completed_on",
            Disclosed::SubmissionId => "submission_id",
            Disclosed::CandidateRef => "candidate_ref",
            Disclosed::ConsentDate => "consent_date",
            Disclosed::ConsentNotice => "consent_notice",
            Disclosed::ConsentNoticeVersion => "consent_notice_version",
        }
    }

    /// The entry that names a payload field (`quality` and `consent` by their inner keys), if any.
    pub fn naming(field: &str) -> Option<Disclosed> {
        Some(match field {
            "schema" | "instrument" | "scale" => Disclosed::Instrument,
            "lang" => Disclosed::Lang,
            "scores" => Disclosed::Scores,
            "overall" => Disclosed::Overall,
            "responses" => Disclosed::Responses,
            "quality.longest_same_answer_run" => Disclosed::SameAnswerRun,
            "quality.seconds_median_per_item" => Disclosed::AnswerTime,
            "order" => Disclosed::Order,
            "completed_on" => Disclosed::CompletedOn,
            "submission_id" => Disclosed::SubmissionId,
            "candidate_ref" => Disclosed::CandidateRef,
            "consent.agreed_on" => Disclosed::ConsentDate,
            "consent.notice_sha256" => Disclosed::ConsentNotice,
            "consent.notice_version" => Disclosed::ConsentNoticeVersion,
            _ => return None,
        })
    }
}

/// Everything a result of this config carries, in the order the consent screen lists it.
pub fn disclosed(config: &QuizConfig) -> Vec<Disclosed> {
    let v2 = config.result_schema == ResultSchema::V2;
    let mut out = vec![
        Disclosed::Instrument,
        Disclosed::Lang,
        Disclosed::Scores,
        Disclosed::Overall,
    ];
    let optional = [
        (config.include_responses, Disclosed::Responses),
        (true, Disclosed::SameAnswerRun),
        (true, Disclosed::AnswerTime),
        (config.shuffle, Disclosed::Order),
        (true, Disclosed::CompletedOn),
        (true, Disclosed::SubmissionId),
        (config.candidate_ref.is_some(), Disclosed::CandidateRef),
        (v2, Disclosed::ConsentDate),
        (v2 && config.notice.is_some(), Disclosed::ConsentNotice),
        (
            v2 && config.notice.as_ref().is_some_and(|n| n.version.is_some()),
            Disclosed::ConsentNoticeVersion,
        ),
    ];
    out.extend(optional.into_iter().filter(|(on, _)| *on).map(|(_, d)| d));
    out
}

/// What the candidate agrees to, as one comparable text: the entries listed, whether the result is
/// linked to a person, the notice's hash, and what the consent screen says is kept on the device (a
/// finished result until an endpoint receives it; unfinished answers for `resume_hours`). A saved run is
/// resumed (without showing the consent screen again) only under the same terms: a run agreed to as
/// anonymous, or without its answers being sent, or without being told the result would wait on the
/// device, must not end in a result that is linked, carries them, or waits there. The last two parts are
/// written only when they differ from a plain embed's, so runs saved by earlier releases under a plain
/// config still resume.
pub fn terms(config: &QuizConfig) -> String {
    let mut out = String::new();
    for d in disclosed(config) {
        out.push_str(d.key());
        out.push(',');
    }
    out.push_str(if config.linked { "linked" } else { "unlinked" });
    if let Some(n) = &config.notice {
        out.push(':');
        out.push_str(&n.sha256());
    }
    if config.endpoint.is_some() {
        out.push_str(",kept-until-delivered");
    }
    if config.resume_hours != crate::config::DEFAULT_RESUME_HOURS {
        out.push_str(&format!(",resume-hours:{}", config.resume_hours));
    }
    out
}

/// What the shell knows of one finished run.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// The instrument language the statements were answered in.
    pub lang: &'a str,
    pub answers: &'a Answers,
    /// The presentation order (sent only when the config shuffles).
    pub order: &'a [String],
    /// Seconds per item; the median is sent when any were recorded.
    pub seconds: &'a Timings,
    pub completed_on: String,
    pub submission_id: String,
    /// `YYYY-MM-DD` the candidate agreed on.
    pub agreed_on: String,
}

/// The payload input for `run` under `config`: the only place the shell's options become payload parts.
pub fn payload_input<'a>(config: &'a QuizConfig, run: Run<'a>) -> PayloadInput<'a> {
    PayloadInput {
        instrument: &config.instrument,
        lang: run.lang,
        answers: run.answers,
        order: config.shuffle.then(|| run.order.to_vec()),
        seconds: Some(run.seconds),
        include_responses: config.include_responses,
        completed_on: run.completed_on,
        submission_id: run.submission_id,
        candidate: config.candidate(),
        consent: (config.result_schema == ResultSchema::V2)
            .then(|| ConsentRecord::new(run.agreed_on, config.notice.as_ref())),
        instrument_sha256: None,
    }
}
