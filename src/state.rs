//! The page's state and its one reducer.
//!
//! Every change goes through [`AppState::apply`], a plain function so it is tested on the
//! host. Worker answers carry the id of the job they belong to: answers from a job the user
//! has cancelled or replaced are ignored here, which is what keeps a late message from
//! reviving an old analysis.

use std::collections::HashMap;
use std::rc::Rc;

use loupe_core::{FileSummary, Finding, Report, Severity};

use crate::labels::finding_key;

use crate::reading::Lane;
use crate::sections::Sections;

/// Where the page is in an analysis; shown as the status line's `data-state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Nothing running: before the first analysis, or after a cancel.
    #[default]
    Idle,
    /// The worker is reading files.
    Running,
    /// The report is complete.
    Done,
    /// The analysis or the engine failed.
    Error,
}

impl Phase {
    /// The value of the status line's `data-state` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Done => "done",
            Phase::Error => "error",
        }
    }
}

/// A file the user gave, as the page knows it before the report arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The name, or the path inside a dropped folder.
    pub path: String,
    /// Size in bytes, once known (see [`Action::Sized`]).
    pub size: Option<u64>,
}

/// The user's correction of the time for files that do not say it themselves: the core
/// applies it only to files whose lines carry no date, or name no zone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimeCorrection {
    /// The date the logs were written, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The zone they were written in, in minutes east of UTC.
    pub utc_offset_minutes: Option<i32>,
}

impl TimeCorrection {
    /// True when nothing is corrected.
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.utc_offset_minutes.is_none()
    }
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Where the analysis is.
    pub phase: Phase,
    /// The job whose answers count; answers from any other job are stale.
    pub job: u32,
    /// The files of the current job, in the order given to the worker.
    pub inputs: Rc<Vec<InputFile>>,
    /// Sum of the input sizes; 0 until they are known.
    pub bytes_total: u64,
    /// Bytes the workers have read so far, in all.
    pub bytes_done: u64,
    /// The workers' shares of the inputs and how far each is: one lane unless the job was
    /// split (see [`Action::Groups`]).
    pub lanes: Vec<Lane>,
    /// Findings: early snapshots while running, the report's once done. Each is an `Rc`
    /// so that the list can tell a finding that did not change by its pointer.
    pub findings: Rc<Vec<Rc<Finding>>>,
    /// The report's file summaries, once it has arrived: one per input file, or several
    /// for an archive (its members, in order, then a row for the archive itself if it had a
    /// problem).
    pub summaries: Rc<Vec<FileSummary>>,
    /// The whole report, once it has arrived: what the exports are made from.
    pub report: Option<Rc<Report>>,
    /// A one-line note for the status line (a cancel, or what failed).
    pub notice: Option<String>,
    /// When the current job started, in milliseconds since the epoch.
    pub started_ms: f64,
    /// How long the finished job took, in milliseconds.
    pub elapsed_ms: Option<f64>,
    /// The time correction the current job runs with; new files start without one.
    pub correction: TimeCorrection,
    /// The report's sections for the panels (provisioning, sign-ins, ...), once it has arrived.
    pub sections: Rc<Sections>,
}

/// A change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user gave files and the page handed them to the worker as `job`.
    Started {
        /// The new job's id.
        job: u32,
        /// The files, in the order sent.
        inputs: Vec<InputFile>,
        /// The page's clock when it started.
        at_ms: f64,
    },
    /// The sizes of the files of `job`, in order. Asking the browser for a file's size is a
    /// synchronous call to its own process (a few ms on a busy machine; 65 ms in one task
    /// for a bundle of 66 files), so the page learns them a few files per task after the
    /// job has started.
    Sized {
        /// The job it is about.
        job: u32,
        /// One size per input, in bytes.
        sizes: Vec<u64>,
    },
    /// `job` is read by several workers, each a contiguous group of the inputs.
    Groups {
        /// The job it is about.
        job: u32,
        /// The index of each group's first input, in order, the first being 0.
        starts: Vec<usize>,
    },
    /// The worker reading `group` of `job` has read `bytes_done` bytes of it.
    Progress {
        /// The job it is about.
        job: u32,
        /// Which group (0 unless the job was split).
        group: usize,
        /// Bytes read so far, across the group's files.
        bytes_done: u64,
    },
    /// A snapshot of the findings so far.
    Partial {
        /// The job it is about.
        job: u32,
        /// The findings so far; those that did not change since the last snapshot are the
        /// same `Rc`s.
        findings: Vec<Rc<Finding>>,
    },
    /// The final report.
    Finished {
        /// The job it is about.
        job: u32,
        /// The report.
        report: Box<Report>,
        /// The page's clock when it arrived.
        at_ms: f64,
    },
    /// The same files are analysed again, as `job`, with a time correction.
    Restarted {
        /// The new job's id.
        job: u32,
        /// The correction it runs with.
        correction: TimeCorrection,
        /// The page's clock when it started.
        at_ms: f64,
    },
    /// The user cancelled the running job.
    Cancelled,
    /// The worker reported a failure, for one job or (`None`) for the engine itself.
    Failed {
        /// The job it is about, if any.
        job: Option<u32>,
        /// What went wrong, for the user.
        message: String,
    },
}

impl AppState {
    /// Returns the state after `action`.
    pub fn apply(mut self, action: Action) -> Self {
        match action {
            Action::Started { job, inputs, at_ms } => {
                let bytes_total = inputs.iter().filter_map(|f| f.size).sum();
                self = AppState {
                    phase: Phase::Running,
                    job,
                    inputs: Rc::new(inputs),
                    bytes_total,
                    lanes: vec![Lane::default()],
                    started_ms: at_ms,
                    ..AppState::default()
                };
            }
            Action::Restarted { job, correction, at_ms } => {
                self = AppState {
                    phase: Phase::Running,
                    job,
                    inputs: self.inputs,
                    bytes_total: self.bytes_total,
                    lanes: vec![Lane::default()],
                    started_ms: at_ms,
                    correction,
                    ..AppState::default()
                };
            }
            Action::Sized { job, sizes } if self.is_running(job) => {
                for (input, size) in Rc::make_mut(&mut self.inputs).iter_mut().zip(sizes) {
                    input.size = Some(size);
                }
                self.bytes_total = self.inputs.iter().filter_map(|f| f.size).sum();
            }
            Action::Groups { job, starts } if self.is_running(job) => {
                let ordered = starts.first() == Some(&0) && starts.windows(2).all(|w| w[0] < w[1]);
                if ordered && starts.last().is_some_and(|&last| last < self.inputs.len()) {
                    self.lanes = starts.into_iter().map(|first| Lane { first, bytes_done: 0 }).collect();
                }
            }
            Action::Progress { job, group, bytes_done } if self.is_running(job) => {
                let end = self.lanes.get(group + 1).map_or(self.inputs.len(), |next| next.first);
                if let Some(lane) = self.lanes.get_mut(group) {
                    let group_total: u64 = self
                        .inputs
                        .get(lane.first..end)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|f| f.size)
                        .sum();
                    // Progress only moves forward, whatever order messages arrive in.
                    lane.bytes_done = bytes_done.min(group_total).max(lane.bytes_done);
                    self.bytes_done = self.lanes.iter().map(|lane| lane.bytes_done).sum();
                }
            }
            Action::Partial { job, findings } if self.is_running(job) => {
                self.findings = Rc::new(findings);
            }
            Action::Finished { job, mut report, at_ms } if self.is_running(job) => {
                self.sections = Rc::new(Sections::take(&mut report));
                self.phase = Phase::Done;
                self.bytes_done = self.bytes_total;
                self.findings = Rc::new(settled(&self.findings, &report.findings));
                self.summaries = Rc::new(report.files.clone());
                self.report = Some(Rc::from(report));
                self.elapsed_ms = Some((at_ms - self.started_ms).max(0.0));
            }
            Action::Cancelled if self.phase == Phase::Running => {
                // Partial findings of a cancelled run would read as a clean bill of health
                // for the files not reached yet, so they go.
                self.phase = Phase::Idle;
                self.findings = Rc::default();
                self.bytes_done = 0;
                self.notice = Some("Analysis cancelled. Add files to start again.".to_owned());
            }
            Action::Failed { job, message } => {
                let concerns_us = match job {
                    Some(job) => self.is_running(job),
                    // The engine itself failed: whatever runs now is lost, and the next run
                    // has to start a new engine, so the user should know either way.
                    None => true,
                };
                if concerns_us {
                    self.phase = Phase::Error;
                    self.notice = Some(message);
                }
            }
            // A stale answer from a job that was cancelled or replaced.
            Action::Sized { .. }
            | Action::Groups { .. }
            | Action::Progress { .. }
            | Action::Partial { .. }
            | Action::Finished { .. }
            | Action::Cancelled => {}
        }
        self
    }

    fn is_running(&self, job: u32) -> bool {
        self.phase == Phase::Running && self.job == job
    }

    /// How many findings have each severity: (errors, warnings, infos).
    pub fn severity_counts(&self) -> (usize, usize, usize) {
        let count = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        (count(Severity::Error), count(Severity::Warning), count(Severity::Info))
    }
}

/// The report's findings, each the `Rc` already shown when the last snapshot had it
/// unchanged: the list then redraws only what the report changed.
fn settled(shown: &[Rc<Finding>], report: &[Finding]) -> Vec<Rc<Finding>> {
    let shown: HashMap<String, &Rc<Finding>> = shown.iter().map(|f| (finding_key(f), f)).collect();
    report
        .iter()
        .map(|finding| match shown.get(&finding_key(finding)) {
            Some(&same) if **same == *finding => Rc::clone(same),
            _ => Rc::new(finding.clone()),
        })
        .collect()
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started(job: u32) -> AppState {
        AppState::default()
            .apply(Action::Started {
                job,
                inputs: vec![
                    InputFile { path: "a.log".into(), size: None },
                    InputFile { path: "b.log".into(), size: None },
                ],
                at_ms: 1_000.0,
            })
            .apply(Action::Sized { job, sizes: vec![100, 50] })
    }

    fn empty_report() -> Report {
        Report::default()
    }

    #[test]
    fn start_runs_and_the_worker_sizes_add_up() {
        let state = started(1);
        assert_eq!(state.phase, Phase::Running);
        assert_eq!(state.bytes_total, 150);
        assert_eq!(state.bytes_done, 0);
        assert_eq!(state.inputs[1].size, Some(50));
    }

    #[test]
    fn sizes_of_a_replaced_job_are_ignored() {
        let state = started(1)
            .apply(Action::Started {
                job: 2,
                inputs: vec![InputFile { path: "c.log".into(), size: None }],
                at_ms: 2.0,
            })
            .apply(Action::Sized { job: 1, sizes: vec![7] });
        assert_eq!((state.inputs[0].size, state.bytes_total), (None, 0));
    }

    #[test]
    fn progress_never_goes_backwards_or_past_the_total() {
        let state = started(1)
            .apply(Action::Progress { job: 1, group: 0, bytes_done: 80 })
            .apply(Action::Progress { job: 1, group: 0, bytes_done: 40 });
        assert_eq!(state.bytes_done, 80);
        let state = state.apply(Action::Progress { job: 1, group: 0, bytes_done: 900 });
        assert_eq!(state.bytes_done, 150);
    }

    #[test]
    fn a_split_job_adds_up_the_progress_of_its_groups() {
        let state = started(1).apply(Action::Groups { job: 1, starts: vec![0, 1] });
        assert_eq!(state.lanes.len(), 2);
        let state = state
            .apply(Action::Progress { job: 1, group: 1, bytes_done: 30 })
            .apply(Action::Progress { job: 1, group: 0, bytes_done: 60 })
            .apply(Action::Progress { job: 1, group: 1, bytes_done: 20 });
        assert_eq!(state.bytes_done, 90);
        // Each group is capped by its own files' sizes.
        let state = state.apply(Action::Progress { job: 1, group: 1, bytes_done: 500 });
        assert_eq!((state.lanes[1].bytes_done, state.bytes_done), (50, 110));
        assert_eq!(state.apply(Action::Progress { job: 1, group: 7, bytes_done: 5 }).bytes_done, 110);
    }

    #[test]
    fn groups_that_do_not_fit_the_inputs_are_ignored() {
        for starts in [vec![], vec![1], vec![0, 0], vec![0, 2]] {
            let state = started(1).apply(Action::Groups { job: 1, starts: starts.clone() });
            assert_eq!(state.lanes.len(), 1, "{starts:?}");
        }
        assert_eq!(started(1).apply(Action::Groups { job: 2, starts: vec![0, 1] }).lanes.len(), 1);
    }

    #[test]
    fn answers_from_a_replaced_job_are_ignored() {
        let state = started(1).apply(Action::Started { job: 2, inputs: Vec::new(), at_ms: 0.0 });
        let state = state.apply(Action::Finished { job: 1, report: Box::new(empty_report()), at_ms: 5.0 });
        assert_eq!(state.phase, Phase::Running);
        assert_eq!(state.job, 2);
    }

    #[test]
    fn cancel_returns_to_idle_and_ignores_the_late_report() {
        let state = started(1).apply(Action::Cancelled);
        assert_eq!(state.phase, Phase::Idle);
        assert!(state.notice.is_some());
        let state = state.apply(Action::Finished { job: 1, report: Box::new(empty_report()), at_ms: 5.0 });
        assert_eq!(state.phase, Phase::Idle);
    }

    #[test]
    fn finish_records_elapsed_time_and_completes_progress() {
        let state =
            started(1).apply(Action::Finished { job: 1, report: Box::new(empty_report()), at_ms: 1_250.0 });
        assert_eq!(state.phase, Phase::Done);
        assert_eq!(state.bytes_done, 150);
        assert_eq!(state.elapsed_ms, Some(250.0));
    }

    #[test]
    fn finish_keeps_the_panel_sections_and_a_new_start_clears_them() {
        let report = crate::sections::tests::report_with_a_signin();
        let state = started(1).apply(Action::Finished { job: 1, report: Box::new(report), at_ms: 2_000.0 });
        assert_eq!(state.sections.signins.len(), 1);
        assert!(started(2).sections.is_empty());
    }

    #[test]
    fn the_report_is_kept_for_export_until_the_next_job() {
        let state =
            started(1).apply(Action::Finished { job: 1, report: Box::new(empty_report()), at_ms: 2.0 });
        assert_eq!(state.report.as_deref(), Some(&empty_report()));
        let state = state.apply(Action::Started { job: 2, inputs: Vec::new(), at_ms: 3.0 });
        assert_eq!(state.report, None);
    }

    #[test]
    fn a_correction_reruns_the_same_files_and_new_files_drop_it() {
        let correction = TimeCorrection { date: Some("2023-07-28".into()), utc_offset_minutes: Some(120) };
        let done =
            started(1).apply(Action::Finished { job: 1, report: Box::new(empty_report()), at_ms: 1_250.0 });
        let state = done.apply(Action::Restarted { job: 2, correction: correction.clone(), at_ms: 2_000.0 });
        assert_eq!(state.phase, Phase::Running);
        assert_eq!(state.inputs.len(), 2);
        assert_eq!(state.bytes_total, 150);
        assert_eq!(state.bytes_done, 0);
        assert!(state.summaries.is_empty());
        assert_eq!(state.correction, correction);
        let state = state.apply(Action::Started { job: 3, inputs: Vec::new(), at_ms: 3_000.0 });
        assert!(state.correction.is_empty());
    }

    #[test]
    fn the_report_keeps_the_findings_it_did_not_change() {
        let mut report = empty_report();
        let finding = |title: &str, count| Rc::unwrap_or_clone(crate::converge::tests::finding(title, count));
        let (same, grown) = (Rc::new(finding("same", 1)), Rc::new(finding("grown", 1)));
        let state = started(1).apply(Action::Partial { job: 1, findings: vec![same.clone(), grown.clone()] });
        report.findings = vec![finding("new", 1), finding("same", 1), finding("grown", 2)];
        let state = state.apply(Action::Finished { job: 1, report: Box::new(report), at_ms: 2.0 });
        let titles: Vec<(&str, u64)> = state.findings.iter().map(|f| (f.title.as_str(), f.count)).collect();
        assert_eq!(titles, [("new", 1), ("same", 1), ("grown", 2)]);
        assert!(Rc::ptr_eq(&state.findings[1], &same));
        assert!(!Rc::ptr_eq(&state.findings[2], &grown));
    }

    #[test]
    fn an_engine_failure_is_shown_even_when_idle() {
        let state =
            AppState::default().apply(Action::Failed { job: None, message: "engine did not load".into() });
        assert_eq!(state.phase, Phase::Error);
        assert_eq!(state.notice.as_deref(), Some("engine did not load"));
    }

    #[test]
    fn a_failure_of_a_stale_job_is_ignored() {
        let state = started(2).apply(Action::Failed { job: Some(1), message: "old".into() });
        assert_eq!(state.phase, Phase::Running);
    }
}
