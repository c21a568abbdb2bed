//! `jwt-issued-in-future`
//!
//! **What it finds:** logged JWTs whose `iat` is later than the time of the line carrying
//! them.
//!
//! **Why it matters:** the clock that signed the token is ahead of the clock that logged it;
//! Google rejects assertions issued in its future.
//!
//! **What to do:** synchronise the servers' clocks (NTP); see `clock-skew`.

use crate::detectors::google_evidence::GoogleEvidence;
use crate::detectors::TimeResolver;
use crate::findings::FindingStore;

const RULE: &str = "jwt-issued-in-future";
/// Below this, a difference is rounding and logging delay, not a clock problem.
pub(crate) const TOLERANCE_MS: i64 = 5_000;

pub(super) fn check(evidence: &GoogleEvidence, time: &TimeResolver<'_>, findings: &mut FindingStore) {
    let mut worst: Option<(i64, bool, String)> = None;
    for gap in evidence.claim_gaps(time, "iat").filter(|g| g.after_line_ms > TOLERANCE_MS) {
        gap.sighting.record(RULE, None, findings);
        if worst.as_ref().is_none_or(|(w, _, _)| gap.after_line_ms > *w) {
            let place = format!("{} line {}", evidence.path(gap.sighting.file), gap.sighting.line);
            worst = Some((gap.after_line_ms, gap.dated, format!("{} at {place}", gap.token.id)));
        }
    }
    if let Some((ahead_ms, dated, place)) = worst {
        let seconds = ahead_ms / 1000;
        let mut detail = format!(
            "The token's iat is {seconds} s ({}) later than the time of the line that logs it \
             ({place}): the clock that signed it is ahead of the clock that wrote the log. \
             Google rejects assertions whose iat is ahead of its own clock.",
            super::clock_skew::human_duration(seconds)
        );
        if !dated {
            detail.push_str(
                " The log's date is unknown, so only the time of day was compared (assuming the \
                 log's zone shown in the file list); set the date to confirm.",
            );
        }
        findings.set_detail(RULE, None, detail);
    }
}
