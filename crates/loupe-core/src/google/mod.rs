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

#[cfg(test)]
mod hostile {
    use proptest::prelude::*;

    /// Fragments of the real inputs, shuffled and cut, so that the generator reaches the
    /// parsers' deep paths instead of failing at the first byte.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "eyJ",
            "eyJhbGciOiJSUzI1NiJ9",
            ".",
            "=",
            "{",
            "}",
            "[",
            "]",
            "\"",
            "'",
            ",",
            "\n",
            " ",
            "é",
            "•",
            "https://",
            "http://",
            "mail.google.com",
            "www.googleapis.com/auth/",
            "gmail.modify",
            "/",
            "subscriptions/",
            "abc",
            "state",
            ":",
            "SUSPENDED",
            "suspensionReason",
            "ENDPOINT_NOT_FOUND",
            "reactivate",
            "failed",
            "\"type\"",
            "service_account",
            "private_key",
            "-----BEGIN PRIVATE KEY-----",
            "-----END PRIVATE KEY-----",
            "MIIEvQ",
            "installed",
            "client_id",
            "123456789012345678901",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn parsers_never_panic(input in text()) {
            for found in super::jwt::find_tokens(&input) {
                let _ = super::jwt::decode(found.text);
            }
            let _ = super::jwt::decode(&input);
            let _ = super::credential::read(&input);
            let _ = super::scopes::parse(&input);
            let _ = super::scopes::extract(&input);
            let _ = super::subscription::find(&input);
            let _ = super::subscription::failed_reactivations(&input);
        }
    }
}
