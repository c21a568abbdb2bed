//! `jwt-incomplete`
//!
//! **What it finds:** logged JWTs that are cut off, redacted or damaged.
//!
//! **Why it matters:** timing and signature checks need the whole token; the user should
//! know which checks could not be made and why.
//!
//! **What to do:** log (or paste) the complete token.

use crate::detectors::google_evidence::GoogleEvidence;
use crate::findings::FindingStore;

const RULE: &str = "jwt-incomplete";

pub(super) fn check(evidence: &GoogleEvidence, findings: &mut FindingStore) {
    let mut lines = Vec::new();
    for token in evidence.tokens.iter().filter(|t| !t.decoded.problems.is_empty()) {
        let Some(first) = token.sightings.first() else { continue };
        first.record(RULE, None, findings);
        let missing: Vec<&str> = ["iat", "exp", "iss", "scope"]
            .into_iter()
            .filter(|c| token.decoded.claims.get(c).is_none())
            .collect();
        let mut line = format!("{}: {}", token.id, token.decoded.problems.join("; "));
        if !missing.is_empty() {
            line.push_str(&format!(" (claims not readable: {})", missing.join(", ")));
        }
        lines.push(line);
    }
    if !lines.is_empty() {
        let detail = format!(
            "{} logged token(s) could not be decoded completely. {}. Loupe used what it could \
             read; checks that need the missing parts were skipped.",
            lines.len(),
            lines.join(". ")
        );
        findings.set_detail(RULE, None, detail);
    }
}
