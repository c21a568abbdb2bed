//! Code detectors: the diagnoses that need state or arithmetic, one per file, each named
//! after the rule id it reports. Plain text signatures live in `data/rules/` instead.

use crate::analysis::FileId;
use crate::entry::Entry;
use crate::findings::FindingStore;
use crate::report::Report;
use crate::time::{FileClock, RawStamp};

mod bw_error_codes;
mod bw_provisioning;
mod bw_signin;
mod cuc_https_request_failures;

/// Where an entry comes from.
pub(crate) struct EntryContext<'a> {
    pub(crate) file: FileId,
    /// The file's path as the report names it.
    #[allow(dead_code, reason = "for detectors that key on file names (key files, Webex logs)")]
    pub(crate) path: &'a str,
    /// The file's recognised format name (`cuc-diag`, `plain`, ...).
    #[allow(dead_code, reason = "for detectors that only apply to one log format")]
    pub(crate) format: &'a str,
    /// The caller's "now", for ages and expiry; the core never reads a clock.
    #[allow(dead_code, reason = "for detectors that compare with the present (expired tokens)")]
    pub(crate) now_unix_ms: i64,
}

/// Turns raw stamps into UTC once every file's date and zone are settled.
pub(crate) struct TimeResolver<'a> {
    pub(crate) clocks: &'a [FileClock],
}

#[allow(dead_code, reason = "used by detectors that correlate times across files")]
impl TimeResolver<'_> {
    /// UTC milliseconds, when the file's date is known.
    pub(crate) fn utc_ms(&self, file: FileId, stamp: RawStamp) -> Option<i64> {
        self.clocks.get(file.0)?.resolve(stamp)
    }

    /// A stamp for people: ISO 8601 UTC, or a bare time of day when the date is unknown.
    pub(crate) fn render(&self, file: FileId, stamp: RawStamp) -> String {
        self.clocks.get(file.0).map(|c| c.render(stamp)).unwrap_or_default()
    }
}

/// A stateful diagnosis fed every entry of every file.
pub(crate) trait Detector {
    /// Sees one complete entry.
    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore);

    /// A file has ended.
    fn on_file_end(&mut self, _file: FileId, _findings: &mut FindingStore) {}

    /// Every file has ended: report what needs the whole picture.
    fn finish(&mut self, _time: &TimeResolver<'_>, _findings: &mut FindingStore) {}

    /// Adds the tables this detector builds (provisioning rows, sign-in trails) to the
    /// finished report. `paths` names each file by its `FileId` index.
    fn contribute(&mut self, _time: &TimeResolver<'_>, _paths: &[&str], _report: &mut Report) {}
}

pub(crate) fn all_detectors() -> Vec<Box<dyn Detector>> {
    vec![
        Box::new(cuc_https_request_failures::CucHttpsRequestFailures::default()),
        Box::new(bw_error_codes::BwErrorCodes::default()),
        Box::new(bw_provisioning::BwProvisioning::default()),
        Box::new(bw_signin::BwSignin::default()),
    ]
}
