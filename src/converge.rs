//! The findings list, brought to the latest findings a few changes at a time.
//!
//! A browser task that runs longer than 50 ms delays everything the user does meanwhile. A
//! snapshot of findings while a bundle is read can bring 30 new findings at once, and the
//! report changes every finding's count: drawn in one go, either cost the page 10 to 30 ms
//! of CPU in one task, which on a busy machine (the workers take every core) lasts over
//! 50 ms. So the list moves towards the latest findings by a budget of
//! changes per frame, the top of the list first: what is on screen is current at once, the
//! rest within a few frames. Findings that did not change are the same `Rc`s (see
//! `partials` and `state`), so telling them apart costs a pointer comparison.

use std::collections::HashMap;
use std::rc::Rc;

use loupe_core::Finding;

use crate::labels::finding_key;

/// What a finding newly drawn costs of a step's budget; redrawing one that changed costs 1.
pub const NEW_COST: usize = 4;

/// The findings drawn and in what version.
#[derive(Debug, Default)]
pub struct Converging {
    job: Option<u32>,
    drawn: HashMap<String, Rc<Finding>>,
}

/// One step's list.
#[derive(Debug, Default, PartialEq)]
pub struct Step {
    /// What to draw, in the latest list's order: the version drawn of each finding drawn.
    pub rows: Vec<Rc<Finding>>,
    /// Findings of the latest list not drawn at all yet.
    pub waiting: usize,
    /// Whether anything drawn is behind the latest list (new, changed or waiting).
    pub behind: bool,
}

impl Converging {
    /// Whether nothing of `job` is drawn yet: its first step may draw more.
    pub fn draws_nothing(&self, job: u32) -> bool {
        self.job != Some(job) || self.drawn.is_empty()
    }

    /// Moves the drawn list towards `latest` (of `job`) by at most `budget` (a new finding
    /// costs [`NEW_COST`], a changed one 1; the first new one always goes, so a step never
    /// stalls), top first, and returns what to draw now. Findings no longer in `latest` go
    /// at once: taking one out costs nothing to speak of. Another job starts from nothing.
    pub fn step(&mut self, job: u32, latest: &[Rc<Finding>], budget: usize) -> Step {
        if self.job != Some(job) {
            self.job = Some(job);
            self.drawn.clear();
        }
        let mut left = budget;
        let mut step = Step::default();
        let mut kept = HashMap::with_capacity(latest.len());
        for finding in latest {
            let key = finding_key(finding);
            let row = match self.drawn.remove(&key) {
                Some(row) if Rc::ptr_eq(&row, finding) => row,
                Some(_) if left >= 1 => {
                    left -= 1;
                    Rc::clone(finding)
                }
                Some(stale) => {
                    step.behind = true;
                    stale
                }
                None if left >= NEW_COST || left == budget && budget > 0 => {
                    left = left.saturating_sub(NEW_COST);
                    Rc::clone(finding)
                }
                None => {
                    step.behind = true;
                    step.waiting += 1;
                    continue;
                }
            };
            step.rows.push(Rc::clone(&row));
            kept.insert(key, row);
        }
        self.drawn = kept;
        step
    }
}

/// The line under the findings drawn while running: "and 3 more findings so far, listed
/// with the report".
pub fn more_found(more: usize) -> String {
    format!(
        "and {} so far, listed with the report",
        crate::format::plural(more, "more finding", "more findings")
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use loupe_core::{Category, Severity};

    /// A warning of rule `rule`, seen `count` times.
    pub(crate) fn finding(title: &str, count: u64) -> Rc<Finding> {
        Rc::new(Finding {
            rule: "rule".into(),
            category: Category::Scope,
            severity: Severity::Warning,
            title: title.into(),
            detail: String::new(),
            remedy: String::new(),
            count,
            first_seen: None,
            last_seen: None,
            evidence: Vec::new(),
        })
    }

    fn drawn(step: &Step) -> Vec<(String, u64)> {
        step.rows.iter().map(|r| (r.title.clone(), r.count)).collect()
    }

    /// Steps until nothing is behind, as frames would; returns how many it took and the last.
    fn settle(list: &mut Converging, job: u32, latest: &[Rc<Finding>], budget: usize) -> (usize, Step) {
        for frames in 1..1_000 {
            let step = list.step(job, latest, budget);
            if !step.behind {
                return (frames, step);
            }
        }
        panic!("never settled");
    }

    #[test]
    fn new_findings_come_a_few_a_step_in_the_lists_order() {
        let latest: Vec<Rc<Finding>> = (0..10).map(|i| finding(&format!("f{i}"), 1)).collect();
        let mut list = Converging::default();
        let first = list.step(1, &latest, 2 * NEW_COST);
        assert_eq!(drawn(&first), [("f0".into(), 1), ("f1".into(), 1)]);
        assert_eq!((first.waiting, first.behind), (8, true));
        let (frames, last) = settle(&mut list, 1, &latest, 2 * NEW_COST);
        assert_eq!(frames, 4);
        assert_eq!(last.rows.len(), 10);
        assert_eq!(last.waiting, 0);
    }

    #[test]
    fn a_changed_finding_shows_its_old_version_until_its_turn_then_the_final_state() {
        let old: Vec<Rc<Finding>> = (0..4).map(|i| finding(&format!("f{i}"), 1)).collect();
        let mut list = Converging::default();
        settle(&mut list, 1, &old, 100);
        // The report: every count changed, and one finding is new.
        let mut report: Vec<Rc<Finding>> = (0..4).map(|i| finding(&format!("f{i}"), 5)).collect();
        report.insert(2, finding("new", 1));
        let step = list.step(1, &report, 2);
        assert_eq!(drawn(&step), [("f0".into(), 5), ("f1".into(), 5), ("f2".into(), 1), ("f3".into(), 1)]);
        assert_eq!(step.waiting, 1);
        let (_, last) = settle(&mut list, 1, &report, 2);
        let expected: Vec<(String, u64)> = report.iter().map(|f| (f.title.clone(), f.count)).collect();
        assert_eq!(drawn(&last), expected);
    }

    #[test]
    fn unchanged_findings_cost_nothing_and_gone_ones_go_at_once() {
        let latest: Vec<Rc<Finding>> = (0..3).map(|i| finding(&format!("f{i}"), 1)).collect();
        let mut list = Converging::default();
        settle(&mut list, 1, &latest, 100);
        // The same pointers: nothing to do, even with no budget at all.
        let step = list.step(1, &latest, 0);
        assert!(!step.behind);
        assert_eq!(step.rows.len(), 3);
        let step = list.step(1, &latest[1..], 0);
        assert_eq!(drawn(&step), [("f1".into(), 1), ("f2".into(), 1)]);
    }

    #[test]
    fn the_findings_not_drawn_while_running_are_counted() {
        assert_eq!(more_found(1), "and 1 more finding so far, listed with the report");
        assert_eq!(more_found(130), "and 130 more findings so far, listed with the report");
    }

    #[test]
    fn a_budget_below_one_new_finding_still_draws_one_and_another_job_starts_over() {
        let latest = vec![finding("a", 1), finding("b", 1)];
        let mut list = Converging::default();
        assert_eq!(list.step(1, &latest, 1).rows.len(), 1);
        assert_eq!(list.step(2, &latest, 1).rows.len(), 1);
        assert_eq!(list.step(2, &latest, 1).rows.len(), 2);
    }
}
