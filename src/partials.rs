//! The findings shown while several workers read one job: each worker's latest snapshot
//! covers its own files only, so the page shows them merged, as one analysis would have
//! found them so far.

use std::collections::HashMap;

use loupe_core::Finding;

/// Evidence lines kept per merged finding: the core's own cap (`findings.rs`).
const EVIDENCE_CAP: usize = 8;

/// One list from the workers' latest snapshots, given in the order of their files: the same
/// rule and title make one finding (counts summed, time range widened, evidence appended up
/// to the cap); the order is the report's, by severity and then by first appearance.
pub fn merge(snapshots: &[Vec<Finding>]) -> Vec<Finding> {
    let mut merged: Vec<Finding> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for finding in snapshots.iter().flatten() {
        match index.get(&(finding.rule.as_str(), finding.title.as_str())) {
            Some(&at) => absorb(&mut merged[at], finding),
            None => {
                index.insert((&finding.rule, &finding.title), merged.len());
                merged.push(finding.clone());
            }
        }
    }
    // Stable: within a severity, first appearance across the files in order.
    merged.sort_by_key(|f| f.severity);
    merged
}

fn absorb(into: &mut Finding, other: &Finding) {
    into.count += other.count;
    // Times are ISO 8601 UTC (or times of day when undated), so text order is time order;
    // the report settles mixed cases once every file's date is known.
    into.first_seen = combine(into.first_seen.take(), other.first_seen.clone(), std::cmp::min);
    into.last_seen = combine(into.last_seen.take(), other.last_seen.clone(), std::cmp::max);
    let room = EVIDENCE_CAP.saturating_sub(into.evidence.len());
    into.evidence.extend(other.evidence.iter().take(room).cloned());
}

/// `pick` of both when both are known, else whichever is.
fn combine(a: Option<String>, b: Option<String>, pick: fn(String, String) -> String) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loupe_core::{Category, Evidence, Severity};

    fn finding(
        rule: &str,
        title: &str,
        severity: Severity,
        count: u64,
        seen: (&str, &str),
        lines: &[u64],
    ) -> Finding {
        Finding {
            rule: rule.to_owned(),
            category: Category::Jwt,
            severity,
            title: title.to_owned(),
            detail: String::new(),
            remedy: String::new(),
            count,
            first_seen: Some(seen.0.to_owned()),
            last_seen: Some(seen.1.to_owned()),
            evidence: lines
                .iter()
                .map(|&line| Evidence { path: format!("{rule}.log"), line, text: format!("line {line}") })
                .collect(),
        }
    }

    #[test]
    fn the_same_rule_and_title_make_one_finding_with_counts_summed() {
        let a = vec![finding(
            "jwt-401",
            "JWT refused",
            Severity::Error,
            3,
            ("2023-07-28T10:00:00Z", "2023-07-28T11:00:00Z"),
            &[1, 2, 3],
        )];
        let b = vec![finding(
            "jwt-401",
            "JWT refused",
            Severity::Error,
            4,
            ("2023-07-28T09:00:00Z", "2023-07-28T10:30:00Z"),
            &[7, 8, 9, 10, 11, 12],
        )];
        let merged = merge(&[a, b]);
        assert_eq!(merged.len(), 1);
        let only = &merged[0];
        assert_eq!(only.count, 7);
        assert_eq!(only.first_seen.as_deref(), Some("2023-07-28T09:00:00Z"));
        assert_eq!(only.last_seen.as_deref(), Some("2023-07-28T11:00:00Z"));
        // The first worker's lines first, then the next one's, up to the core's cap.
        let lines: Vec<u64> = only.evidence.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3, 7, 8, 9, 10, 11]);
    }

    #[test]
    fn other_subjects_stay_apart_and_the_order_is_the_reports() {
        let seen = ("10:00:00.000", "10:00:01.000");
        let a = vec![
            finding("scope", "Scope missing: mail", Severity::Warning, 1, seen, &[1]),
            finding("note", "Sync started", Severity::Info, 1, seen, &[2]),
        ];
        let b = vec![
            finding("jwt-401", "JWT refused", Severity::Error, 1, seen, &[3]),
            finding("scope", "Scope missing: calendar", Severity::Warning, 2, seen, &[4]),
            finding("scope", "Scope missing: mail", Severity::Warning, 5, seen, &[5]),
        ];
        let merged = merge(&[a, b]);
        let titles: Vec<(&str, u64)> = merged.iter().map(|f| (f.title.as_str(), f.count)).collect();
        assert_eq!(
            titles,
            [
                ("JWT refused", 1),
                ("Scope missing: mail", 6),
                ("Scope missing: calendar", 2),
                ("Sync started", 1)
            ]
        );
    }

    #[test]
    fn a_missing_time_takes_the_known_one() {
        let mut a = finding("x", "X", Severity::Info, 1, ("b", "c"), &[]);
        a.first_seen = None;
        let b = finding("x", "X", Severity::Info, 1, ("d", "e"), &[]);
        let merged = merge(&[vec![a], vec![b], Vec::new()]);
        assert_eq!((merged[0].first_seen.as_deref(), merged[0].last_seen.as_deref()), (Some("d"), Some("e")));
    }
}
