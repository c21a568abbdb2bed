//! Google-side parsing: JWTs, credential files, scope lists and Workspace Events
//! subscriptions. Pure functions over text; the detectors decide what is a finding.

pub(crate) mod credential;
pub(crate) mod document;
pub(crate) mod jwt;
pub(crate) mod scopes;
pub(crate) mod subscription;

use memchr::memmem::Finder;
use std::sync::OnceLock;

/// Whether `haystack` contains `needle`, with the searcher built once per call site:
/// building a memmem finder costs more than searching a log line with it.
macro_rules! contains {
    ($haystack:expr, $needle:expr) => {{
        static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
        $crate::google::finder(&FINDER, $needle).find($haystack.as_bytes()).is_some()
    }};
}
pub(crate) use contains;

/// The finder cached in `slot`.
pub(crate) fn finder(
    slot: &'static OnceLock<Finder<'static>>,
    needle: &'static str,
) -> &'static Finder<'static> {
    slot.get_or_init(|| Finder::new(needle))
}
