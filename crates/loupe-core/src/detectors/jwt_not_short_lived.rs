//! `jwt-not-short-lived` (a data rule; this file adds the cause found in the inputs)
//!
//! **What it finds:** the "Token must be a short-lived token" answer is matched by its
//! signature in `data/rules/google-token.toml`; once every file is read, this names which of
//! its two causes the inputs show: a skewed clock (with the estimate) or an over-long token
//! lifetime, or says that neither was found.
//!
//! **Why it matters:** the error text names both causes; the fix differs (NTP or TTL).
//!
//! **What to do:** follow the cause named in the detail.

use crate::detectors::google_evidence::GoogleEvidence;
use crate::detectors::jwt_lifetime_over_hour::MAX_LIFETIME_SECONDS;
use crate::findings::FindingStore;
use crate::knowledge::knowledge;

const RULE: &str = "jwt-not-short-lived";
/// The skew the clock-skew rule reports; below it the clocks count as agreeing.
const SKEW_SECONDS: i64 = 60;

pub(super) fn check(evidence: &GoogleEvidence, findings: &mut FindingStore) {
    if findings.count(RULE) == 0 {
        return;
    }
    let longest = evidence
        .tokens
        .iter()
        .filter_map(|t| Some(t.decoded.seconds_claim("exp")? - t.decoded.seconds_claim("iat")?))
        .max();
    let skew = evidence.skew_section.as_ref();
    let mut causes = Vec::new();
    if let Some(skew) = skew.filter(|s| s.seconds.abs() >= SKEW_SECONDS) {
        causes.push(format!(
            "the server's clock is {} s {} Google's (confidence {}; see clock-skew)",
            skew.seconds.abs(),
            if skew.seconds > 0 { "ahead of" } else { "behind" },
            skew.confidence
        ));
    }
    if let Some(lifetime) = longest.filter(|&l| l > MAX_LIFETIME_SECONDS) {
        causes.push(format!("a logged token is valid for {lifetime} s, over the 3600 s limit"));
    }
    let found = match (causes.is_empty(), skew, longest) {
        (false, _, _) => format!("Cause found in these inputs: {}.", causes.join("; and ")),
        (true, Some(skew), Some(_)) => format!(
            "Neither cause shows in these inputs: the clocks agree ({}) and the logged tokens live \
             at most {MAX_LIFETIME_SECONDS} s. Check the clock of the node that signs the tokens, \
             which may not be the one whose logs were given.",
            skew.summary
        ),
        _ => "Loupe could not tell the cause from these inputs: add traces with the HTTP response \
              headers (Date) and the logged assertion, or the other nodes' traces."
            .to_owned(),
    };
    let base = knowledge().rule(RULE).map(|r| r.detail.clone()).unwrap_or_default();
    findings.set_detail(RULE, None, format!("{base}\n{found}"));
}
