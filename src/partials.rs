//! The findings shown while the files are read.
//!
//! Each worker sends, about twice a second, the findings of its group that are new or
//! changed since its last message ([`Outbox`]); the page keeps every group's latest
//! version of each and shows them merged, as one analysis would have found them so far
//! ([`Partials`]). A message then costs the page what changed in it, not the whole list:
//! at 1 GB a group's full snapshot was 130 KB of JSON and 160 findings, every half second.

use std::collections::HashMap;
use std::rc::Rc;

use loupe_core::Finding;

use crate::labels::finding_key;

/// Evidence lines kept per merged finding: the core's own cap (`findings.rs`).
const EVIDENCE_CAP: usize = 8;

/// The worker's side: what it last sent of its group's findings.
#[derive(Default)]
pub struct Outbox {
    sent: HashMap<String, Finding>,
}

/// What changed in a group's findings since its last message.
#[derive(Debug, Default, PartialEq)]
pub struct Delta {
    /// New or changed findings, in the core's order.
    pub findings: Vec<Finding>,
    /// Keys (`labels::finding_key`) of findings sent before that are gone.
    pub removed: Vec<String>,
}

impl Outbox {
    /// What of `now` (the group's findings so far) the page has not seen yet; from then on
    /// the page is taken to have it.
    pub fn delta(&mut self, now: Vec<Finding>) -> Delta {
        let mut delta = Delta::default();
        let mut kept = HashMap::with_capacity(now.len());
        for finding in now {
            let key = finding_key(&finding);
            if self.sent.get(&key) != Some(&finding) {
                delta.findings.push(finding.clone());
            }
            kept.insert(key, finding);
        }
        delta.removed = self.sent.keys().filter(|key| !kept.contains_key(*key)).cloned().collect();
        // Stable for the tests and the page: the order is not the map's.
        delta.removed.sort();
        self.sent = kept;
        delta
    }
}

/// The page's side: every group's latest findings, and their merge.
#[derive(Debug, Default)]
pub struct Partials {
    /// By group: each finding's key, with the place it first came in and its latest version.
    groups: Vec<HashMap<String, (usize, Rc<Finding>)>>,
    /// By group: how many findings have come in, to place the next.
    arrived: Vec<usize>,
    /// Merged over the groups, by key: where it goes in the list, and the finding.
    merged: HashMap<String, (Rank, Rc<Finding>)>,
}

/// A merged finding's place: the report's order is by severity, then by first appearance,
/// and the files of a lower group come first.
type Rank = (loupe_core::Severity, usize, usize);

impl Partials {
    /// For a job read in `groups` groups.
    pub fn new(groups: usize) -> Self {
        Self { groups: vec![HashMap::new(); groups], arrived: vec![0; groups], merged: HashMap::new() }
    }

    /// Takes in one group's message: only the findings it names are merged again.
    pub fn update(&mut self, group: usize, delta: Delta) {
        let Some(own) = self.groups.get_mut(group) else { return };
        let mut touched = Vec::with_capacity(delta.findings.len() + delta.removed.len());
        for finding in delta.findings {
            let key = finding_key(&finding);
            let place = match own.get(&key) {
                Some(&(place, _)) => place,
                None => {
                    self.arrived[group] += 1;
                    self.arrived[group] - 1
                }
            };
            own.insert(key.clone(), (place, Rc::new(finding)));
            touched.push(key);
        }
        for key in delta.removed {
            if own.remove(&key).is_some() {
                touched.push(key);
            }
        }
        for key in touched {
            self.merge(key);
        }
    }

    /// Merges one key again from the groups that have it, in group order: the same rule and
    /// title make one finding (counts summed, time range widened, evidence appended up to
    /// the cap). A finding only one group has is shown as it came, without a copy.
    fn merge(&mut self, key: String) {
        let mut parts =
            self.groups.iter().enumerate().filter_map(|(group, own)| Some((group, own.get(&key)?)));
        let Some((group, (place, first))) = parts.next() else {
            self.merged.remove(&key);
            return;
        };
        let rank = (first.severity, group, *place);
        let mut merged = Rc::clone(first);
        for (_, (_, other)) in parts {
            absorb(Rc::make_mut(&mut merged), other);
        }
        self.merged.insert(key, (rank, merged));
    }

    /// True before any finding has come in.
    pub fn is_empty(&self) -> bool {
        self.merged.is_empty()
    }

    /// The merged findings in the report's order. Findings that did not change since the
    /// last call are the same `Rc`s, so the page can tell them apart by pointer.
    pub fn list(&self) -> Vec<Rc<Finding>> {
        let mut ranked: Vec<&(Rank, Rc<Finding>)> = self.merged.values().collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        ranked.into_iter().map(|(_, finding)| Rc::clone(finding)).collect()
    }
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

    /// The merge of full snapshots, one per group, as the page made it before deltas.
    fn merge(snapshots: &[Vec<Finding>]) -> Vec<Rc<Finding>> {
        let mut partials = Partials::new(snapshots.len());
        for (group, snapshot) in snapshots.iter().enumerate() {
            partials.update(group, Outbox::default().delta(snapshot.clone()));
        }
        partials.list()
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

    #[test]
    fn a_worker_sends_only_what_changed_and_what_is_gone() {
        let seen = ("10:00", "10:01");
        let one = finding("a", "A", Severity::Error, 1, seen, &[1]);
        let two = finding("b", "B", Severity::Info, 1, seen, &[2]);
        let mut outbox = Outbox::default();
        assert_eq!(outbox.delta(vec![one.clone()]).findings, std::slice::from_ref(&one));
        assert_eq!(outbox.delta(vec![one.clone()]), Delta::default());
        let mut more = one.clone();
        more.count = 2;
        let delta = outbox.delta(vec![more.clone(), two.clone()]);
        assert_eq!(delta.findings, [more.clone(), two]);
        let delta = outbox.delta(vec![more]);
        assert_eq!(
            (delta.findings, delta.removed),
            (Vec::new(), vec![finding_key(&finding("b", "B", Severity::Info, 1, seen, &[]))])
        );
    }

    #[test]
    fn deltas_add_up_to_the_latest_snapshots_and_unchanged_findings_keep_their_pointer() {
        let seen = ("10:00", "10:01");
        let mut outboxes = [Outbox::default(), Outbox::default()];
        let mut partials = Partials::new(2);
        let mut send = |group: usize, snapshot: Vec<Finding>, partials: &mut Partials| {
            partials.update(group, outboxes[group].delta(snapshot));
        };
        let a1 = finding("a", "A", Severity::Warning, 1, seen, &[1]);
        let b1 = finding("b", "B", Severity::Warning, 1, seen, &[2]);
        send(1, vec![b1.clone()], &mut partials);
        send(0, vec![a1.clone()], &mut partials);
        let before = partials.list();
        // Group 1 counts more of B; A, only in group 0, is the same finding as before.
        let mut b2 = b1.clone();
        b2.count = 3;
        send(1, vec![b2.clone()], &mut partials);
        let after = partials.list();
        assert_eq!(
            after.iter().map(|f| (f.rule.as_str(), f.count)).collect::<Vec<_>>(),
            [("a", 1), ("b", 3)]
        );
        assert!(Rc::ptr_eq(&before[0], &after[0]), "an unchanged finding was copied");
        assert!(!Rc::ptr_eq(&before[1], &after[1]));
        // The same as merging the latest full snapshots.
        assert_eq!(after, merge(&[vec![a1.clone()], vec![b2.clone()]]));
        // A finding gone from a group's snapshot goes from the merge.
        send(1, Vec::new(), &mut partials);
        assert_eq!(partials.list(), merge(&[vec![a1], Vec::new()]));
    }

    #[test]
    fn a_finding_of_a_later_group_seen_first_keeps_the_reports_order() {
        let seen = ("10:00", "10:01");
        let mut partials = Partials::new(2);
        partials
            .update(1, Outbox::default().delta(vec![finding("late", "L", Severity::Error, 1, seen, &[])]));
        partials
            .update(0, Outbox::default().delta(vec![finding("early", "E", Severity::Error, 1, seen, &[])]));
        let rules: Vec<String> = partials.list().iter().map(|f| f.rule.clone()).collect();
        assert_eq!(rules, ["early", "late"]);
        assert!(!partials.is_empty());
    }
}
