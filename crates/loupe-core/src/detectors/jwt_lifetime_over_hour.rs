//! `jwt-lifetime-over-hour`
//!
//! **What it finds:** logged JWTs whose `exp - iat` is over 3600 seconds.
//!
//! **Why it matters:** Google's token endpoint refuses assertions valid for more than an hour
//! ("Token must be a short-lived token (60 minutes)"), whatever the clocks say.
//!
//! **What to do:** make the signer use a lifetime of at most 3600 seconds.

use crate::detectors::google_evidence::GoogleEvidence;
use crate::findings::FindingStore;

const RULE: &str = "jwt-lifetime-over-hour";
/// Google's limit on `exp - iat` for JWT-bearer assertions.
pub(crate) const MAX_LIFETIME_SECONDS: i64 = 3600;

pub(super) fn check(evidence: &GoogleEvidence, findings: &mut FindingStore) {
    let mut longest: Option<(i64, &str)> = None;
    let mut tokens = 0;
    for token in &evidence.tokens {
        let (Some(iat), Some(exp)) = (token.decoded.seconds_claim("iat"), token.decoded.seconds_claim("exp"))
        else {
            continue;
        };
        let lifetime = exp - iat;
        if lifetime <= MAX_LIFETIME_SECONDS {
            continue;
        }
        tokens += 1;
        if longest.is_none_or(|(l, _)| lifetime > l) {
            longest = Some((lifetime, &token.id));
        }
        for sighting in &token.sightings {
            sighting.record(RULE, None, findings);
        }
    }
    if let Some((lifetime, id)) = longest {
        let detail = format!(
            "{tokens} logged token(s) are valid for more than 60 minutes; the longest, {id}, for \
             {lifetime} seconds ({}), {} seconds over Google's limit of {MAX_LIFETIME_SECONDS}. \
             Google refuses such assertions with invalid_grant (\"Token must be a short-lived \
             token\") whatever the clocks say.",
            super::clock_skew::human_duration(lifetime),
            lifetime - MAX_LIFETIME_SECONDS
        );
        findings.set_detail(RULE, None, detail);
    }
}
