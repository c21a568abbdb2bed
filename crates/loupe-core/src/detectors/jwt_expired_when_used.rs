//! `jwt-expired-when-used`
//!
//! **What it finds:** logged JWTs whose `exp` had already passed at the time of the line
//! carrying them.
//!
//! **Why it matters:** an expired assertion is refused; either it was reused from a cache,
//! or the logging clock runs ahead of the signing clock.
//!
//! **What to do:** sign a fresh assertion per request; check the clocks with NTP.

use crate::detectors::google_evidence::GoogleEvidence;
use crate::detectors::jwt_issued_in_future::TOLERANCE_MS;
use crate::detectors::TimeResolver;
use crate::findings::FindingStore;

const RULE: &str = "jwt-expired-when-used";

pub(super) fn check(evidence: &GoogleEvidence, time: &TimeResolver<'_>, findings: &mut FindingStore) {
    let mut worst: Option<(i64, bool, String)> = None;
    for gap in evidence.claim_gaps(time, "exp").filter(|g| -g.after_line_ms > TOLERANCE_MS) {
        gap.sighting.record(RULE, None, findings);
        if worst.as_ref().is_none_or(|(w, _, _)| -gap.after_line_ms > *w) {
            let place = format!("{} line {}", evidence.path(gap.sighting.file), gap.sighting.line);
            worst = Some((-gap.after_line_ms, gap.dated, format!("{} at {place}", gap.token.id)));
        }
    }
    if let Some((expired_ms, dated, place)) = worst {
        let seconds = expired_ms / 1000;
        let mut detail = format!(
            "The token had expired {seconds} s ({}) before the line that logs it ({place}): it \
             was reused after its expiry, or the clock that wrote the log is ahead of the one \
             that signed it.",
            super::clock_skew::human_duration(seconds)
        );
        if !dated {
            detail.push_str(" The log's date is unknown, so only the time of day was compared.");
        }
        findings.set_detail(RULE, None, detail);
    }
}
