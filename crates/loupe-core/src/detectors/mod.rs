//! Code detectors: the diagnoses that need state or arithmetic, one per file, each named
//! after the rule id it reports. Plain text signatures live in `data/rules/` instead.

use crate::analysis::FileId;
use crate::entry::Entry;
use crate::findings::FindingStore;

mod cuc_https_request_failures;

/// A stateful diagnosis fed every entry of every file.
pub(crate) trait Detector {
    /// Sees one complete entry.
    fn on_entry(&mut self, file: FileId, entry: &Entry, findings: &mut FindingStore);

    /// A file has ended.
    fn on_file_end(&mut self, _file: FileId, _findings: &mut FindingStore) {}

    /// Every file has ended: report what needs the whole picture.
    fn finish(&mut self, _findings: &mut FindingStore) {}
}

pub(crate) fn all_detectors() -> Vec<Box<dyn Detector>> {
    vec![Box::new(cuc_https_request_failures::CucHttpsRequestFailures::default())]
}
