//! `key-not-service-account`, `key-missing-fields`, `key-private-key-unreadable`,
//! `key-too-small`, `key-field-malformed`, `key-token-uri-unexpected`, `key-service-account`
//!
//! **What it finds:** every JSON credential file dropped with the logs, classified
//! (service-account key, OAuth client file, user credentials, workload identity
//! configuration, unknown), and everything wrong with a service-account key: missing
//! fields, an unreadable or weak private key, malformed ids, an odd token endpoint.
//!
//! **Why it matters:** CUC can only use an intact service-account key; an OAuth client file
//! looks similar and is a common upload mistake. The key's client ID is what domain-wide
//! delegation must name.
//!
//! **What to do:** upload an unedited JSON key created in Google Cloud console; use its
//! numeric client ID for domain-wide delegation.

use crate::detectors::google_evidence::GoogleEvidence;
use crate::findings::{FindingStore, Hit};
use crate::google::credential::Kind;
use crate::google_report::KeyCard;

pub(super) fn check(evidence: &mut GoogleEvidence, findings: &mut FindingStore) {
    let mut cards = Vec::new();
    for key in &evidence.keys {
        let path = evidence.path(key.file).to_owned();
        let credential = &key.credential;
        let mut problems: Vec<String> = Vec::new();
        if let Some(error) = &credential.json_error {
            problems.push(format!("not valid JSON ({error}); its fields were read anyway"));
        }
        let hit = |rule: &'static str, subject: &str, field: &str, findings: &mut FindingStore| {
            let (line, text) = key.line_of(field);
            findings.record(Hit {
                rule,
                subject: Some(subject.to_owned()),
                file: key.file,
                line,
                text,
                stamp: None,
            });
        };
        if credential.kind == Kind::ServiceAccount {
            hit("key-service-account", &path, "client_id", findings);
            findings.set_detail(
                "key-service-account",
                Some(path.clone()),
                service_account_detail(&path, key),
            );
            for rule in [
                "key-missing-fields",
                "key-private-key-unreadable",
                "key-too-small",
                "key-field-malformed",
                "key-token-uri-unexpected",
            ] {
                let messages: Vec<&str> = credential
                    .problems
                    .iter()
                    .filter(|p| p.rule == rule)
                    .map(|p| p.message.as_str())
                    .collect();
                let Some(first) = credential.problems.iter().find(|p| p.rule == rule) else { continue };
                hit(rule, &path, first.field, findings);
                let detail = format!("{}: {}.", path, messages.join("; "));
                findings.set_detail(rule, Some(path.clone()), detail);
            }
            problems.extend(credential.problems.iter().map(|p| p.message.clone()));
        } else {
            hit("key-not-service-account", &path, "type", findings);
            let why = not_service_account_detail(credential.kind, credential.client_email.is_some());
            problems.push(why.clone());
            findings.set_detail("key-not-service-account", Some(path.clone()), format!("{path}: {why}"));
        }
        cards.push(KeyCard {
            path,
            kind: credential.kind.as_str().to_owned(),
            usable_by_cuc: credential.kind == Kind::ServiceAccount
                && credential.public_key.is_some()
                && !credential.problems.iter().any(|p| p.rule == "key-missing-fields"),
            project_id: credential.project_id.clone(),
            client_email: credential.client_email.clone(),
            client_id: credential.client_id.clone(),
            private_key_id: credential.private_key_id.clone(),
            key_bits: credential.key_bits,
            key_format: credential.key_format.map(str::to_owned),
            token_uri: credential.token_uri.clone(),
            problems,
            signed_tokens: Vec::new(),
        });
    }
    evidence.key_section = cards;
}

fn service_account_detail(path: &str, key: &crate::detectors::google_evidence::KeyFile) -> String {
    let c = &key.credential;
    let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(missing)".to_owned());
    let key_text = match (c.key_bits, c.key_format) {
        (Some(bits), Some(format)) => format!("{bits}-bit RSA ({format})"),
        _ => "unreadable".to_owned(),
    };
    format!(
        "{path} is a service-account key of project {}, for {}. Client ID (for domain-wide \
         delegation): {}. Key ID (the kid of the tokens it signs): {}. Private key: {key_text}.",
        or_unknown(&c.project_id),
        or_unknown(&c.client_email),
        or_unknown(&c.client_id),
        or_unknown(&c.private_key_id),
    )
}

fn not_service_account_detail(kind: Kind, has_client_email: bool) -> String {
    match kind {
        Kind::OAuthClient(flavour) => {
            let mut text = format!(
                "it is an OAuth 2.0 client ID file (client_secret.json, a top-level \"{flavour}\" \
                 object): it identifies an app that asks people to sign in, holds a client_secret \
                 but no private key, so CUC cannot sign its JWT assertions with it."
            );
            if has_client_email {
                text.push_str(
                    " It carries a client_email, which makes it look like a service-account key, \
                     but it is still an OAuth client.",
                );
            }
            text
        }
        Kind::AuthorizedUser => "it holds a person's gcloud / application-default credentials \
             (\"type\": \"authorized_user\", a refresh token): it acts as that user, has no \
             private key and cannot use domain-wide delegation."
            .to_owned(),
        Kind::ExternalAccount => "it is a workload identity federation configuration \
             (\"type\": \"external_account\"): it exchanges another platform's token and holds \
             no key CUC could sign with."
            .to_owned(),
        Kind::ImpersonatedServiceAccount => "it is an impersonated service account \
             configuration: it relies on another credential to act as the account and holds \
             no private key."
            .to_owned(),
        Kind::ServiceAccount | Kind::Unknown => "it has credential fields but no recognisable \
             \"type\" and no usable private key, so it is not a service-account key."
            .to_owned(),
    }
}
