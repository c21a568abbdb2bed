//! `cuc-https-request-failures`
//!
//! **What it finds:** CUC's running counter of failed HTTPS requests to Google
//! (`CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after
//! update: N`), and how far it rose during the logs.
//!
//! **Why it matters:** one failure is noise; a counter climbing by thousands shows that sync
//! has been failing continuously, and for how long.
//!
//! **What to do:** fix the error behind it, usually a token-endpoint finding.

use crate::detectors::{Detector, EntryContext, TimeResolver};
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};

const RULE: &str = "cuc-https-request-failures";
const MARKER: &str = "Total Http Request Failed after update:";

#[derive(Default)]
pub(crate) struct CucHttpsRequestFailures {
    lowest: Option<u64>,
    highest: Option<u64>,
}

impl Detector for CucHttpsRequestFailures {
    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore) {
        // Built once: building a searcher per entry cost a fifth of the whole run.
        static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
        let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(MARKER.as_bytes()));
        let Some(position) = finder.find(entry.text.as_bytes()) else {
            return;
        };
        let digits: String = entry.text[position + MARKER.len()..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(value) = digits.parse::<u64>() else { return };
        self.lowest = Some(self.lowest.map_or(value, |v| v.min(value)));
        self.highest = Some(self.highest.map_or(value, |v| v.max(value)));
        let (line, text) = entry.line_at(position);
        findings.record(Hit {
            rule: RULE,
            subject: None,
            file: context.file,
            line,
            text,
            stamp: entry.stamp,
        });
    }

    fn finish(&mut self, _time: &TimeResolver<'_>, findings: &mut FindingStore) {
        let (Some(lowest), Some(highest)) = (self.lowest, self.highest) else { return };
        let detail = format!(
            "CuGsuiteSyncPerfCounters counts every HTTPS request to Google that failed. In these \
             logs it went from {lowest} to {highest} ({} more failures): mailbox sync is failing \
             continuously, not once.",
            highest - lowest
        );
        findings.set_detail(RULE, None, detail);
    }
}
