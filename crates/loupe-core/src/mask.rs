//! Masking of secrets in text that leaves the core (evidence lines, exports).

use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

use crate::needle_table::NeedleTable;

/// Replaces tokens, passwords and key material in `text` with short, recognisable stubs.
///
/// JWTs keep their first characters so that a person can tell two tokens apart; the
/// signature, which is the secret part, never survives.
///
/// ```
/// let masked = loupe_core::mask_secrets("authorization: Bearer ya29.a0AfH6SMBxyz123456789");
/// assert_eq!(masked, "authorization: Bearer ya29.a0…[masked]");
/// ```
pub fn mask_secrets(text: &str) -> Cow<'_, str> {
    static PATTERNS: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            // PEM blocks, complete or cut off mid-way.
            (r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[^-]|-[^-])*(?:-----END [A-Z ]*PRIVATE KEY-----)?", "-----BEGIN PRIVATE KEY-----[masked]"),
            (r#"("private_key"\s*:\s*")[^"]*"#, "${1}[masked]"),
            // Named secrets before bare JWTs, so that `assertion=eyJ...` masks as one value.
            (r#"(?i)((?:client_secret|password|passwd|refresh_token|access_token|assertion)["']?\s*[:=]\s*["']?)[^"'&\s,}]+"#, "${1}[masked]"),
            (r"(?i)(?-u:\b)(bearer\s+[A-Za-z0-9._~+/-]{0,7})[A-Za-z0-9._~+/=-]+", "${1}…[masked]"),
            (r"(?i)(?-u:\b)(basic\s+)[A-Za-z0-9+/=]{8,}", "${1}[masked]"),
            (r"(?i)(<(?:password|passwd)>)[^<]*", "${1}[masked]"),
            (r"(?-u:\b)(eyJ[A-Za-z0-9_-]{6})[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?", "${1}…[jwt masked]"),
        ]
        .into_iter()
        .map(|(pattern, replacement)| (Regex::new(pattern).expect("static mask pattern compiles"), replacement))
        .collect()
    });
    if !may_hold_secret(text) {
        return Cow::Borrowed(text);
    }
    let mut text = Cow::Borrowed(text);
    for (pattern, replacement) in patterns {
        if pattern.is_match(&text) {
            text = Cow::Owned(pattern.replace_all(&text, *replacement).into_owned());
        }
    }
    text
}

/// True when `text` holds a word that every secret pattern needs (in any letter case, a
/// superset of what they match). Evidence and excerpts are masked line by line, and most
/// lines hold none, so one literal pass saves seven regex searches.
fn may_hold_secret(text: &str) -> bool {
    // The shared scan's compact table: every cited line passes here, and aho-corasick's
    // search cost 2,100 instructions a line, this walk about half of that.
    static WORDS: OnceLock<NeedleTable> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            let words = [
                "-----begin",
                "private_key",
                "client_secret",
                "password",
                "passwd",
                "refresh_token",
                "access_token",
                "assertion",
                "bearer",
                "basic",
                "eyj",
            ];
            NeedleTable::new(&words.map(str::to_owned))
        })
        .holds_any(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_signature_never_survives() {
        let jwt = "assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl";
        let masked = mask_secrets(jwt);
        assert!(!masked.contains("c2lnbmF0dXJl"), "{masked}");
    }

    #[test]
    fn pem_body_is_removed() {
        let pem = "key: -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n";
        let masked = mask_secrets(pem);
        assert!(!masked.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"), "{masked}");
    }

    #[test]
    fn oci_password_element_is_masked() {
        let masked = mask_secrets("<userId>alice</userId><password>WebAccess1!</password>");
        assert!(!masked.contains("WebAccess1!"), "{masked}");
    }

    /// Each pattern's literal must be among the prefilter's words, in any letter case.
    #[test]
    fn every_secret_pattern_passes_the_prefilter() {
        for secret in [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE",
            r#"{"private_key": "abc"}"#,
            "Client_Secret=abc",
            "PASSWORD: hunter2",
            "passwd=x",
            "refresh_token=1//abc",
            "access_token=ya29.abc",
            "assertion=abc",
            "Authorization: BEARER ya29.a0AfH6SMBxyz",
            "authorization: Basic dXNlcjpwYXNzd29yZA==",
            "<PASSWD>x</PASSWD>",
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln",
        ] {
            assert!(may_hold_secret(secret), "{secret}");
            assert_ne!(mask_secrets(secret), secret, "{secret}");
        }
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(mask_secrets("400 Bad Request"), Cow::Borrowed(_)));
    }
}
