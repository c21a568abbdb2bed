//! Finding JWTs in free text and decoding them without trusting them.
//!
//! Tokens in logs are cut off, redacted or re-encoded by whoever pasted them, so decoding
//! never fails as a whole: each segment yields what it can, and what is missing is said.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// Base64url as tokens are really found: padded or not, with stray trailing bits.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Longest token text considered; a real assertion is under 2 KiB.
const MAX_TOKEN_CHARS: usize = 16 * 1024;

/// A JWT-looking span of text: where it starts and its raw text.
pub(crate) struct Found<'a> {
    pub(crate) offset: usize,
    pub(crate) text: &'a str,
}

/// Every JWT-looking span in `text`: base64url segments starting with `eyJ` (`{"`).
pub(crate) fn find_tokens(text: &str) -> Vec<Found<'_>> {
    static TOKEN: OnceLock<Regex> = OnceLock::new();
    let re = TOKEN.get_or_init(|| {
        Regex::new(r"eyJ[A-Za-z0-9_=-]{4,}(?:\.[A-Za-z0-9_=-]*){0,2}").expect("static jwt pattern compiles")
    });
    if !crate::google::contains!(text, "eyJ") {
        return Vec::new();
    }
    re.find_iter(text)
        .filter(|m| m.as_str().len() <= MAX_TOKEN_CHARS)
        .map(|m| Found { offset: m.start(), text: m.as_str() })
        .collect()
}

/// One segment's decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Decoded and parsed completely.
    Complete(Map<String, Value>),
    /// Cut off or damaged: the fields that could be salvaged.
    Partial(Map<String, Value>),
    /// Not there at all.
    Missing,
    /// There, but nothing could be read.
    Unreadable,
}

impl Segment {
    pub(crate) fn fields(&self) -> Option<&Map<String, Value>> {
        match self {
            Segment::Complete(map) | Segment::Partial(map) => Some(map),
            Segment::Missing | Segment::Unreadable => None,
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.fields()?.get(key)
    }
}

/// A decoded token. The signature bytes are kept only for verification against dropped
/// keys; they never leave the core.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    pub(crate) header: Segment,
    pub(crate) claims: Segment,
    /// `header.claims` exactly as found: the bytes the signature covers.
    pub(crate) signing_input: String,
    pub(crate) signature: Option<Vec<u8>>,
    /// What was wrong with the token text, in words.
    pub(crate) problems: Vec<String>,
}

impl Decoded {
    pub(crate) fn str_claim(&self, key: &str) -> Option<&str> {
        self.claims.get(key)?.as_str()
    }

    pub(crate) fn header_str(&self, key: &str) -> Option<&str> {
        self.header.get(key)?.as_str()
    }

    /// A numeric claim in seconds; strings of digits are accepted because some libraries
    /// log claims re-serialised as text.
    pub(crate) fn seconds_claim(&self, key: &str) -> Option<i64> {
        match self.claims.get(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A stand-in until the token is decoded again (a token read from a shard).
pub(crate) fn undecoded() -> Decoded {
    Decoded {
        header: Segment::Missing,
        claims: Segment::Missing,
        signing_input: String::new(),
        signature: None,
        problems: Vec::new(),
    }
}

/// Decodes a token found by [`find_tokens`].
pub(crate) fn decode(token: &str) -> Decoded {
    let mut parts = token.splitn(3, '.');
    let header_text = parts.next().unwrap_or_default();
    let claims_text = parts.next();
    let signature_text = parts.next();
    let mut problems = Vec::new();

    let header = decode_segment("header", Some(header_text), &mut problems);
    let claims = decode_segment("claims", claims_text, &mut problems);
    let signature = match signature_text {
        None | Some("") => {
            problems.push("no signature segment: the token was cut off or redacted".to_owned());
            None
        }
        Some(text) => match LENIENT.decode(text.trim_end_matches('=')) {
            Ok(bytes) => Some(bytes),
            Err(_) => {
                problems.push("the signature segment is damaged".to_owned());
                None
            }
        },
    };
    let signing_input = match claims_text {
        Some(claims_text) => format!("{header_text}.{claims_text}"),
        None => header_text.to_owned(),
    };
    Decoded { header, claims, signing_input, signature, problems }
}

fn decode_segment(name: &str, text: Option<&str>, problems: &mut Vec<String>) -> Segment {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        problems.push(format!("no {name} segment: the token was cut off"));
        return Segment::Missing;
    };
    let trimmed = text.trim_end_matches('=');
    // A base64 text of length 4n+1 cannot be decoded: the last character is a fragment.
    let usable =
        if trimmed.len() % 4 == 1 { trimmed.get(..trimmed.len() - 1).unwrap_or(trimmed) } else { trimmed };
    let bytes = match LENIENT.decode(usable) {
        Ok(bytes) => bytes,
        Err(_) => {
            problems.push(format!("the {name} segment is not base64url"));
            return Segment::Unreadable;
        }
    };
    let json = String::from_utf8_lossy(&bytes);
    match serde_json::from_str::<Value>(&json) {
        Ok(Value::Object(map)) => Segment::Complete(map),
        _ => {
            let salvaged = salvage_fields(&json);
            problems.push(if salvaged.is_empty() {
                format!("the {name} segment is cut off or damaged; nothing could be read from it")
            } else {
                format!(
                    "the {name} segment is cut off or damaged; read {} field(s) from it: {}",
                    salvaged.len(),
                    salvaged.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            });
            if salvaged.is_empty() {
                Segment::Unreadable
            } else {
                Segment::Partial(salvaged)
            }
        }
    }
}

/// Reads the complete `"key": value` pairs (strings, numbers, booleans) of a cut-off JSON
/// object.
pub(crate) fn salvage_fields(json: &str) -> Map<String, Value> {
    static FIELD: OnceLock<Regex> = OnceLock::new();
    let re = FIELD.get_or_init(|| {
        Regex::new(r#""([A-Za-z0-9_]+)"\s*:\s*("(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[,}\s]|true|false)"#)
            .expect("static field pattern compiles")
    });
    let mut map = Map::new();
    for caps in re.captures_iter(json) {
        let (Some(key), Some(raw)) = (caps.get(1), caps.get(2)) else { continue };
        let raw = raw.as_str().trim_end_matches([',', '}', ' ', '\n', '\r', '\t']);
        if let Ok(value) = serde_json::from_str::<Value>(raw) {
            map.entry(key.as_str().to_owned()).or_insert(value);
        }
    }
    map
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn b64(json: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn complete_token_decodes() {
        let token = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"abc"}"#),
            b64(r#"{"iat":10,"exp":20}"#),
            b64("sig")
        );
        let line = format!("assertion={token}&grant_type=x");
        let found = find_tokens(&line);
        assert_eq!(found.len(), 1);
        let decoded = decode(found[0].text);
        assert_eq!(decoded.header_str("kid"), Some("abc"));
        assert_eq!(decoded.seconds_claim("exp"), Some(20));
        assert_eq!(decoded.signature.as_deref(), Some(&b"sig"[..]));
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    }

    #[test]
    fn truncated_claims_keep_what_they_can() {
        let claims = b64(
            r#"{"iss":"svc@p.iam.gserviceaccount.com","iat":1690553650,"exp":1690557250,"scope":"https://mail.google.com/"}"#,
        );
        let token = format!("{}.{}", b64(r#"{"alg":"RS256"}"#), &claims[..90]);
        let decoded = decode(&token);
        assert!(matches!(decoded.claims, Segment::Partial(_)));
        assert_eq!(decoded.seconds_claim("iat"), Some(1_690_553_650));
        assert_eq!(decoded.seconds_claim("exp"), None);
        assert!(decoded.signature.is_none());
        assert!(decoded.problems.iter().any(|p| p.contains("no signature")), "{:?}", decoded.problems);
    }

    #[test]
    fn tokens_are_found_in_headers_parameters_and_json() {
        let token = format!("{}.{}.{}", b64(r#"{"alg":"RS256"}"#), b64(r#"{"iat":1}"#), b64("s"));
        for line in [
            format!("Authorization: Bearer {token}"),
            format!("POST /token grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={token}&x=1"),
            format!(r#"{{"id_token":"{token}","expires_in":3599}}"#),
        ] {
            let found = find_tokens(&line);
            assert_eq!(found.iter().map(|f| f.text).collect::<Vec<_>>(), [token.as_str()], "{line}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        for text in ["eyJ", "eyJhbGci", "eyJ....", "eyJ!!!.eyJ===.==", "eyJhbGciOiJ\u{e9}"] {
            for found in find_tokens(text) {
                let _ = decode(found.text);
            }
            let _ = decode(text);
        }
    }
}
