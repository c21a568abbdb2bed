//! `clock-skew`
//!
//! **What it finds:** how far the logging server's clock is from Google's, from every signal
//! in the inputs: HTTP `Date:` response headers against the line that logged them, a token's
//! `iat` against the line that carries it when the two come from different clocks, and the
//! same token logged in two files. Each signal is kept with its evidence; the estimate comes
//! with a direction and a confidence.
//!
//! **Why it matters:** Google judges `iat`/`exp` by its own clock. A server a few minutes
//! ahead signs assertions "from the future", which Google refuses with `invalid_grant`
//! ("Token must be a short-lived token ... in a reasonable timeframe").
//!
//! **What to do:** synchronise every node with NTP.

use crate::detectors::google_evidence::{GoogleEvidence, Sighting};
use crate::detectors::jwt_issued_in_future::TOLERANCE_MS;
use crate::detectors::TimeResolver;
use crate::findings::{FindingStore, Hit};
use crate::google_report::{ClockSkew, SkewSignal};

const RULE: &str = "clock-skew";
/// A skew Google starts to notice; below it the estimate is shown but not reported.
const REPORT_SECONDS: i64 = 60;
/// Signals closer than this agree (HTTP dates have one-second resolution, plus latency).
const AGREE_SECONDS: i64 = 5;

struct Signal {
    report: SkewSignal,
    /// The signal in milliseconds; reports round to seconds only at the end.
    ms: i64,
    file: crate::analysis::FileId,
    stamp: Option<crate::time::RawStamp>,
}

pub(super) fn check(evidence: &mut GoogleEvidence, time: &TimeResolver<'_>, findings: &mut FindingStore) {
    let signals = gather(evidence, time);
    if signals.is_empty() {
        return;
    }
    let of_kind =
        |kind: &str| -> Vec<i64> { signals.iter().filter(|s| s.report.kind == kind).map(|s| s.ms).collect() };
    let (dates, google, iats, events) =
        (of_kind("http-date"), of_kind("google-iat"), of_kind("jwt-iat"), of_kind("same-event"));
    let (primary, reference, base) = if !dates.is_empty() {
        let base = if dates.len() >= 3 { 3 } else { 2 };
        (&dates, "Google's clock (HTTP Date headers of its answers)", base)
    } else if !google.is_empty() {
        (&google, "Google's clock (iat of tokens Google issued)", 2)
    } else if !iats.is_empty() {
        let base = if iats.len() >= 2 { 2 } else { 1 };
        (&iats, "the clock of the log that carries the token", base)
    } else {
        (&events, "the clock of the other log file", 1)
    };
    let estimate_ms = median(primary);
    let estimate = round_seconds(estimate_ms);
    let spread = primary.iter().max().copied().unwrap_or(0) - primary.iter().min().copied().unwrap_or(0);
    let mut level: i32 = base;
    if spread > 6 * AGREE_SECONDS * 1000 {
        level = 1;
    }
    let corroborating = [&dates, &google, &iats, &events]
        .into_iter()
        .filter(|values| !std::ptr::eq(*values, primary) && !values.is_empty())
        .filter(|values| (median(values) - estimate_ms).abs() <= AGREE_SECONDS * 1000)
        .count();
    level += corroborating as i32;
    if signals.iter().all(|s| s.report.time_of_day_only) {
        level -= 1;
    }
    let confidence = match level {
        i32::MIN..=1 => "low",
        2 => "medium",
        _ => "high",
    };
    let direction = if estimate > 2 {
        "ahead"
    } else if estimate < -2 {
        "behind"
    } else {
        "in sync"
    };
    let mut summary = match direction {
        "in sync" => format!("The clocks agree to within 2 s (confidence {confidence})."),
        _ => format!(
            "The server's clock is {} s ({}) {} {reference}, confidence {confidence}, from {} signal(s).",
            estimate.abs(),
            human_duration(estimate.abs()),
            if estimate > 0 { "ahead of" } else { "behind" },
            signals.len()
        ),
    };
    if signals.iter().any(|s| s.report.time_of_day_only) {
        summary.push_str(
            " Some logs carry no date, so their lines were compared by time of day only (in the \
             zone shown for each file).",
        );
    }
    if estimate.abs() >= REPORT_SECONDS {
        for signal in &signals {
            findings.record(Hit {
                rule: RULE,
                subject: None,
                file: signal.file,
                line: signal.report.line,
                text: &signal.report.text,
                stamp: signal.stamp,
            });
        }
        let mut detail = summary.clone();
        for signal in &signals {
            detail.push_str(&format!(
                "\n- {} {:+} s: {} ({} line {})",
                signal.report.kind,
                signal.report.seconds,
                signal.report.meaning,
                signal.report.path,
                signal.report.line
            ));
        }
        let short_lived = findings.count("jwt-not-short-lived");
        if short_lived > 0 {
            detail.push_str(&format!(
                "\nThis explains the {short_lived} \"Token must be a short-lived token\" error(s): \
                 Google sees the assertions' iat {} s in its {}.",
                estimate.abs(),
                if estimate > 0 { "future" } else { "past" }
            ));
        }
        findings.set_detail(RULE, None, detail);
    } else if findings.count("oauth-invalid-jwt-signature") > 0 {
        summary.push_str(" The \"Invalid JWT Signature\" errors are therefore not caused by clock skew.");
    }
    evidence.skew_section = Some(ClockSkew {
        seconds: estimate,
        direction: direction.to_owned(),
        confidence: confidence.to_owned(),
        reference: reference.to_owned(),
        summary,
        signals: signals.into_iter().map(|s| s.report).collect(),
    });
}

impl Signal {
    fn new(kind: &str, ms: i64, meaning: String, path: String, sighting: &Sighting, dated: bool) -> Self {
        Signal {
            ms,
            report: SkewSignal {
                kind: kind.to_owned(),
                seconds: round_seconds(ms),
                meaning,
                path,
                line: sighting.line,
                text: sighting.text.clone(),
                time_of_day_only: !dated,
            },
            file: sighting.file,
            stamp: sighting.stamp,
        }
    }
}

fn gather(evidence: &GoogleEvidence, time: &TimeResolver<'_>) -> Vec<Signal> {
    let mut signals = Vec::new();
    for date in &evidence.dates {
        let sighting = &date.sighting;
        let Some(stamp) = sighting.stamp else { continue };
        let Some((after_ms, dated)) = time.after_line(sighting.file, stamp, date.date_ms) else { continue };
        let path = evidence.path(sighting.file).to_owned();
        let meaning = format!("{path}'s clock against the Date header of the server's answer");
        signals.push(Signal::new("http-date", -after_ms, meaning, path, sighting, dated));
    }
    for gap in evidence.claim_gaps(time, "iat") {
        if gap.token.issued_by_google() {
            // Google's iat against the local line: a line earlier than iat means the local
            // clock is behind; a later one may just be the token's age.
            let local_ahead_ms = -gap.after_line_ms;
            if local_ahead_ms < -TOLERANCE_MS {
                let path = evidence.path(gap.sighting.file).to_owned();
                let meaning = format!("{path}'s clock against Google's iat in {}", gap.token.id);
                signals.push(Signal::new(
                    "google-iat",
                    local_ahead_ms,
                    meaning,
                    path,
                    gap.sighting,
                    gap.dated,
                ));
            }
            continue;
        }
        // Within tolerance, the line was written by the clock that signed the token; a
        // negative gap on a cached token is its age, not skew.
        let ahead_ms = gap.after_line_ms;
        if ahead_ms.abs() <= TOLERANCE_MS || (ahead_ms < 0 && !gap.token.is_assertion()) {
            continue;
        }
        let path = evidence.path(gap.sighting.file).to_owned();
        let meaning = format!("the clock that signed {} against {path}'s clock", gap.token.id);
        signals.push(Signal::new("jwt-iat", ahead_ms, meaning, path, gap.sighting, gap.dated));
    }
    for token in evidence.tokens.iter().filter(|t| t.files.len() > 1) {
        let firsts: Vec<_> = token
            .files
            .iter()
            .filter_map(|file| token.sightings.iter().find(|s| s.file == *file && s.stamp.is_some()))
            .collect();
        // The file whose clock signed the token (iat equal to its line time) is the one under
        // test; without one, the first file is.
        let signer = firsts
            .iter()
            .position(|s| {
                let iat = token.decoded.seconds_claim("iat");
                match (s.stamp, iat) {
                    (Some(stamp), Some(iat)) => time
                        .after_line(s.file, stamp, iat * 1000)
                        .is_some_and(|(ms, _)| ms.abs() <= TOLERANCE_MS),
                    _ => false,
                }
            })
            .unwrap_or(0);
        let Some(a) = firsts.get(signer) else { continue };
        for b in firsts.iter().filter(|b| b.file != a.file) {
            let (Some(stamp_a), Some(stamp_b)) = (a.stamp, b.stamp) else { continue };
            let Some((ms, dated)) = time.between_lines((a.file, stamp_a), (b.file, stamp_b)) else {
                continue;
            };
            let (path_a, path_b) = (evidence.path(a.file).to_owned(), evidence.path(b.file).to_owned());
            signals.push(Signal {
                ms,
                report: SkewSignal {
                    kind: "same-event".to_owned(),
                    seconds: round_seconds(ms),
                    meaning: format!(
                        "{path_a}'s clock against {path_b}'s, which logged the same token {} (line {})",
                        token.id, b.line
                    ),
                    path: path_a,
                    line: a.line,
                    text: a.text.clone(),
                    time_of_day_only: !dated,
                },
                file: a.file,
                stamp: Some(stamp_a),
            });
        }
    }
    signals
}

fn round_seconds(ms: i64) -> i64 {
    (ms as f64 / 1000.0).round() as i64
}

fn median(values: &[i64]) -> i64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match (sorted.len() % 2, sorted.get(middle)) {
        (_, None) => 0,
        (1, Some(&value)) => value,
        (_, Some(&value)) => (sorted[middle - 1] + value) / 2,
    }
}

/// `7 min 0 s`, `2 h 5 min`, `45 s`.
pub(crate) fn human_duration(seconds: i64) -> String {
    let s = seconds.abs();
    if s >= 3600 {
        format!("{} h {} min", s / 3600, s / 60 % 60)
    } else if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}
