//! Loupe's analysis core: it turns raw log bytes into diagnoses.
//!
//! The core is pure. It never touches the file system, the network or the clock ("now" is
//! an option), so the same code runs in the browser's Web Worker and in the `loupe` CLI.
//!
//! The API is a stream, sized for gigabyte bundles: open an [`Analysis`], register files,
//! feed each file's bytes in chunks of any size, then finish. Memory stays bounded: the
//! core keeps counts, time ranges and a capped number of evidence lines, never the text.
//!
//! ```
//! use loupe_core::{Analysis, AnalysisOptions};
//!
//! let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(1_690_553_650_894));
//! let file = analysis.add_file("diag_CuGSuiteSyncSrv_00000001.uc");
//! analysis.feed(file, b"14:14:10.894 |3917,,,CuGSuiteSyncSrv,22,GSuiteServiceOpTh-40,400 Bad Request\n");
//! analysis.feed(file, b"{ \"error\" : \"invalid_grant\",\n");
//! analysis.feed(file, b"  \"error_description\" : \"Invalid JWT: Token must be a short-lived token (60 minutes)\" }\n");
//! let report = analysis.finish();
//! assert_eq!(report.findings[0].rule, "jwt-not-short-lived");
//! assert_eq!(report.findings[0].evidence[0].line, 3);
//! ```
#![deny(missing_docs)]

mod analysis;
mod broadworks;
mod decode;
mod detectors;
mod entry;
mod fast_map;
mod findings;
mod formats;
mod google;
mod google_report;
mod groups;
mod header_checks;
mod intake;
mod knowledge;
mod lines;
mod mask;
mod needle_table;
mod report;
mod settled;
mod shard;
mod signatures;
mod stamps;
mod time;
mod triggers;

pub use analysis::{Analysis, AnalysisOptions, FileId};
pub use broadworks::codes::{broadworks_codes, lookup_broadworks_code, BroadWorksCode, CodeTable};
pub use google_report::{
    ClockSkew, CounterPoint, CounterSeries, JwtSummary, KeyCard, ScopeEntry, ScopeList, SkewSignal,
    SubscriptionSummary,
};
pub use groups::{contiguous_groups, groups_for_workers, GROUPS_PER_WORKER, MIN_GROUP_BYTES};
pub use intake::{
    analyse_source, analyse_source_observed, analyse_source_with_progress, analyse_stream, is_plain_source,
    SOURCE_SNIFF_BYTES,
};
pub use knowledge::{knowledge, Knowledge, Rule, RuleSample};

/// The required-scope profiles pasted scope lists can be checked against, as
/// `(id, label, scopes)`, for a picker; pass the id as [`AnalysisOptions::scope_profile`].
pub fn scope_profiles() -> Vec<(&'static str, &'static str, &'static [String])> {
    google::scopes::profiles()
        .iter()
        .map(|p| (p.id.as_str(), p.label.as_str(), p.scopes.as_slice()))
        .collect()
}
pub use mask::mask_secrets;
pub use report::{
    Category, Evidence, FileStatus, FileSummary, Finding, ProvisioningRow, ProvisioningStatus, Report,
    Severity, SignIn, SignInStatus, SignInStep, SignInStepKind, StepOutcome,
};
