//! `cuc-traces-to-enable`
//!
//! **What it finds:** inputs that show a CUC unified messaging problem (an out-of-sync
//! account status, CUC traces) but hold no trace of CUC's Google Workspace sync service
//! (`CuGSuiteSyncSrv`).
//!
//! **Why it matters:** without that trace there is no token request, no Google answer and no
//! timing to diagnose from; the user needs to know which traces to turn on.
//!
//! **What to do:** enable the traces in the checklist (the rule's remedy), reproduce, collect.

use crate::analysis::FileId;
use crate::detectors::{Detector, EntryContext, TimeResolver};
use serde::{Deserialize, Serialize};

use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::time::RawStamp;

const RULE: &str = "cuc-traces-to-enable";
const SYNC_SERVICE: &str = "CuGSuiteSyncSrv";

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct CucTracesToEnable {
    saw_sync_trace: bool,
    /// The first line that shows a CUC unified messaging context.
    first_sign: Option<(FileId, u64, String, Option<RawStamp>)>,
    cuc_files: Vec<String>,
}

impl CucTracesToEnable {
    fn merge(&mut self, later: Self) {
        if self.saw_sync_trace {
            return;
        }
        self.saw_sync_trace = later.saw_sync_trace;
        self.first_sign = self.first_sign.take().or(later.first_sign);
        for path in later.cuc_files {
            if !self.cuc_files.contains(&path) {
                self.cuc_files.push(path);
            }
        }
    }
}

impl Detector for CucTracesToEnable {
    super::shard_through_serde!();

    fn triggers(&self) -> Vec<String> {
        vec![crate::detectors::cuc_mailbox_out_of_sync::MARKER.to_owned()]
    }

    /// Until a sync trace turns up, every entry may be it; the service name is in every line
    /// of such a trace, so it is found at once and makes a poor trigger.
    fn wants_every_entry(&self, _context: &EntryContext<'_>) -> bool {
        !self.saw_sync_trace
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, _findings: &mut FindingStore) {
        if self.saw_sync_trace {
            return;
        }
        if crate::google::contains!(entry.text, SYNC_SERVICE) {
            self.saw_sync_trace = true;
            return;
        }
        let is_cuc_trace = context.format == "cuc-diag";
        if is_cuc_trace && !self.cuc_files.iter().any(|p| p == context.path) {
            self.cuc_files.push(context.path.to_owned());
        }
        if self.first_sign.is_some() {
            return;
        }
        let status = context.triggers.at(0);
        if is_cuc_trace || status.is_some() {
            let (line, text) = entry.line_at(status.unwrap_or(0));
            self.first_sign = Some((context.file, line, text.to_owned(), entry.stamp));
        }
    }

    fn finish(&mut self, _time: &TimeResolver<'_>, findings: &mut FindingStore) {
        if self.saw_sync_trace {
            return;
        }
        let Some((file, line, text, stamp)) = &self.first_sign else { return };
        findings.record(Hit { rule: RULE, subject: None, file: *file, line: *line, text, stamp: *stamp });
        let given = if self.cuc_files.is_empty() {
            "No CUC trace was given at all".to_owned()
        } else {
            format!("The CUC traces given ({}) hold no CuGSuiteSyncSrv line", self.cuc_files.join(", "))
        };
        let base = crate::knowledge::knowledge().rule(RULE).map(|r| r.detail.clone()).unwrap_or_default();
        findings.set_detail(RULE, None, format!("{base} {given}."));
    }
}
