//! Google credential JSON files: what kind a dropped file is, whether a service-account key
//! is usable, and whether it signed a given token.
//!
//! The private key is parsed into a public key and then dropped; nothing here keeps or
//! returns key material.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use regex::Regex;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::Verifier;
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Sha256;
use std::sync::OnceLock;

/// The token endpoint a service-account key names today.
pub(crate) const TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// The older endpoint, still answered by Google.
const LEGACY_TOKEN_URI: &str = "https://accounts.google.com/o/oauth2/token";

/// Service-account key fields CUC needs to sign its assertions.
const REQUIRED_FIELDS: &[&str] =
    &["type", "project_id", "private_key_id", "private_key", "client_email", "client_id", "token_uri"];

/// What a credential file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Kind {
    ServiceAccount,
    OAuthClient(#[serde(with = "crate::shard::interned")] crate::shard::StaticStr),
    AuthorizedUser,
    ExternalAccount,
    ImpersonatedServiceAccount,
    Unknown,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::ServiceAccount => "service_account",
            Kind::OAuthClient("web") => "oauth_client_web",
            Kind::OAuthClient(_) => "oauth_client_installed",
            Kind::AuthorizedUser => "authorized_user",
            Kind::ExternalAccount => "external_account",
            Kind::ImpersonatedServiceAccount => "impersonated_service_account",
            Kind::Unknown => "unknown",
        }
    }
}

/// One thing wrong with a credential file, under the rule that reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Problem {
    #[serde(with = "crate::shard::interned")]
    pub(crate) rule: crate::shard::StaticStr,
    /// The JSON field it concerns, to point at its line.
    #[serde(with = "crate::shard::interned")]
    pub(crate) field: crate::shard::StaticStr,
    pub(crate) message: String,
}

/// A classified credential file, without its secrets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Credential {
    pub(crate) kind: Kind,
    pub(crate) project_id: Option<String>,
    pub(crate) client_email: Option<String>,
    pub(crate) client_id: Option<String>,
    pub(crate) private_key_id: Option<String>,
    pub(crate) token_uri: Option<String>,
    pub(crate) key_bits: Option<usize>,
    #[serde(with = "crate::shard::interned_option")]
    pub(crate) key_format: Option<crate::shard::StaticStr>,
    /// Set when the file was not valid JSON and its fields were salvaged.
    pub(crate) json_error: Option<String>,
    pub(crate) problems: Vec<Problem>,
    #[serde(with = "public_key_der")]
    pub(crate) public_key: Option<RsaPublicKey>,
}

/// A public key travels in a shard as its PKCS#1 DER bytes.
mod public_key_der {
    use rsa::pkcs1::{DecodeRsaPublicKey, EncodeRsaPublicKey};
    use rsa::RsaPublicKey;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(
        key: &Option<RsaPublicKey>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let der = match key {
            Some(key) => Some(key.to_pkcs1_der().map_err(serde::ser::Error::custom)?.into_vec()),
            None => None,
        };
        der.serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<RsaPublicKey>, D::Error> {
        Option::<Vec<u8>>::deserialize(deserializer)?
            .map(|der| RsaPublicKey::from_pkcs1_der(&der).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Reads a JSON document and says what credential it is; `None` when it is not one.
pub(crate) fn read(document: &str) -> Option<Credential> {
    let document = document.trim_start_matches('\u{feff}').trim();
    let (fields, json_error) = match serde_json::from_str::<Value>(document) {
        Ok(Value::Object(map)) => (map, None),
        Ok(_) => return None,
        Err(error) => (salvage(document), Some(error.to_string())),
    };
    let kind = classify(&fields)?;
    let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
    let nested = match kind {
        Kind::OAuthClient(flavour) => fields.get(flavour).and_then(Value::as_object),
        _ => None,
    };
    let nested_text = |key: &str| nested.and_then(|n| n.get(key)).and_then(Value::as_str).map(str::to_owned);
    let mut credential = Credential {
        kind,
        project_id: text("project_id").or_else(|| nested_text("project_id")),
        client_email: text("client_email").or_else(|| nested_text("client_email")),
        client_id: text("client_id").or_else(|| nested_text("client_id")),
        private_key_id: text("private_key_id"),
        token_uri: text("token_uri").or_else(|| nested_text("token_uri")),
        key_bits: None,
        key_format: None,
        json_error,
        problems: Vec::new(),
        public_key: None,
    };
    if kind == Kind::ServiceAccount {
        check_service_account(&fields, &mut credential);
    }
    Some(credential)
}

fn classify(fields: &Map<String, Value>) -> Option<Kind> {
    let kind = match fields.get("type").and_then(Value::as_str) {
        Some("service_account") => Kind::ServiceAccount,
        Some("authorized_user") => Kind::AuthorizedUser,
        Some("external_account" | "external_account_authorized_user") => Kind::ExternalAccount,
        Some("impersonated_service_account") => Kind::ImpersonatedServiceAccount,
        _ if fields.get("installed").is_some_and(Value::is_object) => Kind::OAuthClient("installed"),
        _ if fields.get("web").is_some_and(Value::is_object) => Kind::OAuthClient("web"),
        Some(_) if fields.contains_key("client_id") || fields.contains_key("private_key") => Kind::Unknown,
        None if fields.contains_key("private_key") && fields.contains_key("client_email") => {
            Kind::ServiceAccount
        }
        None if fields.contains_key("client_secret") || fields.contains_key("private_key") => Kind::Unknown,
        _ => return None,
    };
    Some(kind)
}

/// The string fields of a document that is not valid JSON (a key pasted with real line
/// breaks inside the PEM, a missing brace): enough to classify and check it.
fn salvage(document: &str) -> Map<String, Value> {
    static FIELD: OnceLock<Regex> = OnceLock::new();
    static OBJECT: OnceLock<Regex> = OnceLock::new();
    let field = FIELD.get_or_init(|| {
        Regex::new(r#""([A-Za-z_]+)"\s*:\s*"((?:[^"\\]|\\.)*)""#).expect("static field pattern compiles")
    });
    let object = OBJECT
        .get_or_init(|| Regex::new(r#""(installed|web)"\s*:\s*\{"#).expect("static object pattern compiles"));
    let mut map = Map::new();
    for caps in field.captures_iter(document) {
        let (Some(key), Some(raw)) = (caps.get(1), caps.get(2)) else { continue };
        let escaped = raw.as_str().replace('\r', "").replace('\n', "\\n");
        let value = serde_json::from_str::<String>(&format!("\"{escaped}\"")).unwrap_or(escaped);
        map.entry(key.as_str().to_owned()).or_insert(Value::String(value));
    }
    if let Some(caps) = object.captures(document) {
        if let Some(name) = caps.get(1) {
            // The nested object's own fields were flattened above; keep them reachable.
            map.insert(name.as_str().to_owned(), Value::Object(map.clone()));
        }
    }
    map
}

fn check_service_account(fields: &Map<String, Value>, credential: &mut Credential) {
    let missing: Vec<&str> = REQUIRED_FIELDS
        .iter()
        .copied()
        .filter(|f| fields.get(*f).and_then(Value::as_str).is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !missing.is_empty() {
        credential.problems.push(Problem {
            rule: "key-missing-fields",
            field: missing[0],
            message: format!("missing or empty: {}", missing.join(", ")),
        });
    }
    if let Some(pem) = fields.get("private_key").and_then(Value::as_str) {
        match parse_private_key(pem) {
            Ok((key, format)) => {
                let bits = key.n().bits();
                credential.key_bits = Some(bits);
                credential.key_format = Some(format);
                if bits < 2048 {
                    credential.problems.push(Problem {
                        rule: "key-too-small",
                        field: "private_key",
                        message: format!("the RSA key has {bits} bits; Google issues 2048-bit keys"),
                    });
                }
                credential.public_key = Some(key.to_public_key());
            }
            Err(message) => credential.problems.push(Problem {
                rule: "key-private-key-unreadable",
                field: "private_key",
                message,
            }),
        }
    }
    check_formats(credential);
}

fn check_formats(credential: &mut Credential) {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    let email = EMAIL.get_or_init(|| {
        Regex::new(
            r"^(?:[a-z][a-z0-9-]{4,28}[a-z0-9]@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam|([a-z][a-z0-9-]{4,28}[a-z0-9])@appspot|[0-9]+-compute@developer)\.gserviceaccount\.com$",
        )
        .expect("static email pattern compiles")
    });
    let mut malformed = Vec::new();
    if let Some(id) = &credential.private_key_id {
        if id.len() != 40 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            malformed.push((
                "private_key_id",
                format!("private_key_id {id:?} is not 40 hexadecimal characters (it is the kid Google looks the key up by)"),
            ));
        }
    }
    if let Some(address) = &credential.client_email {
        match email.captures(address) {
            None => malformed.push((
                "client_email",
                format!("client_email {address:?} is not a service-account address (name@project.iam.gserviceaccount.com)"),
            )),
            Some(caps) => {
                let project = caps.get(1).or_else(|| caps.get(2)).map(|m| m.as_str());
                if let (Some(project), Some(project_id)) = (project, &credential.project_id) {
                    if project != project_id {
                        malformed.push((
                            "client_email",
                            format!("client_email belongs to project {project:?} but project_id is {project_id:?}: the file was edited or assembled from two keys"),
                        ));
                    }
                }
            }
        }
    }
    if let Some(id) = &credential.client_id {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            malformed.push((
                "client_id",
                format!("client_id {id:?} is not numeric: domain-wide delegation needs the service account's numeric client ID"),
            ));
        }
    }
    for (field, message) in malformed {
        credential.problems.push(Problem { rule: "key-field-malformed", field, message });
    }
    if let Some(uri) = &credential.token_uri {
        if uri != TOKEN_URI && uri != LEGACY_TOKEN_URI {
            credential.problems.push(Problem {
                rule: "key-token-uri-unexpected",
                field: "token_uri",
                message: format!("token_uri is {uri:?}; Google's token endpoint is {TOKEN_URI}"),
            });
        }
    }
}

/// Parses a PEM private key as Google's key files carry it (PKCS#8), or PKCS#1, tolerating
/// the damage copying does to line breaks.
fn parse_private_key(pem: &str) -> Result<(RsaPrivateKey, &'static str), String> {
    static BLOCK: OnceLock<Regex> = OnceLock::new();
    let block = BLOCK.get_or_init(|| {
        Regex::new(r"-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END ([A-Z ]+)-----")
            .expect("static pem pattern compiles")
    });
    let Some(caps) = block.captures(pem) else {
        return Err(if pem.contains("-----BEGIN") {
            "private_key is cut off: the PEM block has no END line".to_owned()
        } else {
            "private_key is not a PEM block (no -----BEGIN ... KEY----- line)".to_owned()
        });
    };
    let label = caps.get(1).map_or("", |m| m.as_str());
    let body: String = caps
        .get(2)
        .map_or("", |m| m.as_str())
        .replace("\\n", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = STANDARD_NO_PAD
        .decode(body.trim_end_matches('='))
        .map_err(|_| "private_key's PEM body is not valid base64 (damaged when copied?)".to_owned())?;
    match label {
        "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_der(&der)
            .map(|k| (k, "PKCS#8"))
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(&der).map(|k| (k, "PKCS#1")))
            .map_err(|_| "private_key is labelled PKCS#8 but is not a readable RSA key".to_owned()),
        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(&der)
            .map(|k| (k, "PKCS#1"))
            .map_err(|_| "private_key is labelled PKCS#1 but is not a readable RSA key".to_owned()),
        "ENCRYPTED PRIVATE KEY" => {
            Err("private_key is encrypted (password-protected); Google's JSON keys are not".to_owned())
        }
        other => Err(format!("private_key is a {other:?} block, not an RSA private key")),
    }
}

/// Whether `signature` is a valid RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of
/// `signing_input` under `key`.
pub(crate) fn verifies_rs256(key: &RsaPublicKey, signing_input: &[u8], signature: &[u8]) -> bool {
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else { return false };
    rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone()).verify(signing_input, &signature).is_ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rsa::signature::{SignatureEncoding, Signer};

    pub(crate) const CURRENT_PEM: &str = include_str!("../../../../tests/fixtures/google/keys/current.pem");
    pub(crate) const OLD_PEM: &str = include_str!("../../../../tests/fixtures/google/keys/old.pem");
    const WEAK_PEM: &str = include_str!("../../../../tests/fixtures/google/keys/weak-pkcs1.pem");

    /// Test-only RS256 signer: what CUC does with its key, so verification can be tested.
    pub(crate) fn sign_rs256(pem: &str, signing_input: &str) -> Vec<u8> {
        let (key, _) = parse_private_key(pem).expect("test key parses");
        rsa::pkcs1v15::SigningKey::<Sha256>::new(key).sign(signing_input.as_bytes()).to_vec()
    }

    pub(crate) fn service_account_json(pem: &str, key_id: &str) -> String {
        serde_json::json!({
            "type": "service_account",
            "project_id": "loupe-test",
            "private_key_id": key_id,
            "private_key": pem,
            "client_email": "cuc-um@loupe-test.iam.gserviceaccount.com",
            "client_id": "109876543210987654321",
            "token_uri": TOKEN_URI,
        })
        .to_string()
    }

    #[test]
    fn service_account_key_is_read() {
        let credential = read(&service_account_json(CURRENT_PEM, &"a".repeat(40))).expect("a credential");
        assert_eq!(credential.kind, Kind::ServiceAccount);
        assert_eq!(credential.key_bits, Some(2048));
        assert_eq!(credential.key_format, Some("PKCS#8"));
        assert!(credential.problems.is_empty(), "{:?}", credential.problems);
    }

    #[test]
    fn weak_pkcs1_key_is_flagged() {
        let credential = read(&service_account_json(WEAK_PEM, "short")).expect("a credential");
        assert_eq!(credential.key_format, Some("PKCS#1"));
        let rules: Vec<_> = credential.problems.iter().map(|p| p.rule).collect();
        assert_eq!(rules, ["key-too-small", "key-field-malformed"]);
    }

    #[test]
    fn signature_is_checked_against_the_right_key() {
        let current = read(&service_account_json(CURRENT_PEM, &"a".repeat(40))).expect("current");
        let old = read(&service_account_json(OLD_PEM, &"b".repeat(40))).expect("old");
        let signature = sign_rs256(CURRENT_PEM, "header.claims");
        assert!(verifies_rs256(current.public_key.as_ref().expect("key"), b"header.claims", &signature));
        assert!(!verifies_rs256(old.public_key.as_ref().expect("key"), b"header.claims", &signature));
        assert!(!verifies_rs256(current.public_key.as_ref().expect("key"), b"header.claimz", &signature));
    }

    #[test]
    fn oauth_client_and_other_documents() {
        let client = r#"{"installed":{"client_id":"1-abc.apps.googleusercontent.com","client_secret":"x","client_email":"a@b"}}"#;
        assert_eq!(read(client).map(|c| c.kind), Some(Kind::OAuthClient("installed")));
        assert_eq!(
            read(r#"{"type":"authorized_user","refresh_token":"x"}"#).map(|c| c.kind),
            Some(Kind::AuthorizedUser)
        );
        assert!(read(r#"{"name":"subscriptions/abc","state":"ACTIVE"}"#).is_none());
        assert!(read("[1,2]").is_none());
    }

    #[test]
    fn broken_json_is_salvaged() {
        let broken = service_account_json(CURRENT_PEM, &"c".repeat(40)).replace("\\n", "\n");
        let credential = read(&broken[..broken.len() - 1]).expect("salvaged");
        assert!(credential.json_error.is_some());
        assert_eq!(credential.key_bits, Some(2048));
    }
}
