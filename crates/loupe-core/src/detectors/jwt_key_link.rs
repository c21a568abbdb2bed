//! `jwt-signed-by-dropped-key`, `jwt-not-signed-by-dropped-key`, `jwt-kid-signature-mismatch`
//!
//! **What it finds:** which dropped service-account key signed each logged RS256 token: the
//! header's `kid` is matched against every key's `private_key_id`, and the signature is
//! verified (RSASSA-PKCS1-v1_5, SHA-256) against every key's public key.
//!
//! **Why it matters:** "Invalid JWT Signature" means Google no longer knows the signing key.
//! A token that none of the current keys verifies shows that the server still holds an old
//! (deleted or rotated) key; a kid that names a key which does not verify shows an edited or
//! mixed-up key file.
//!
//! **What to do:** upload the current key to the server; never edit key files.

use crate::detectors::google_evidence::{GoogleEvidence, Token};
use crate::findings::FindingStore;
use crate::google::credential::verifies_rs256;

const SIGNED: &str = "jwt-signed-by-dropped-key";
const UNKNOWN: &str = "jwt-not-signed-by-dropped-key";
const MISMATCH: &str = "jwt-kid-signature-mismatch";

pub(super) fn check(evidence: &mut GoogleEvidence, findings: &mut FindingStore) {
    let usable: Vec<usize> =
        (0..evidence.keys.len()).filter(|&i| evidence.keys[i].credential.public_key.is_some()).collect();
    if usable.is_empty() {
        return;
    }
    let mut unknown_kids: Vec<String> = Vec::new();
    for token in &evidence.tokens {
        let (Some(signature), Some("RS256")) = (&token.decoded.signature, token.decoded.header_str("alg"))
        else {
            continue;
        };
        let kid = token.decoded.header_str("kid");
        if !is_google_assertion(token, kid, evidence, &usable) {
            continue;
        }
        let Some(first) = token.sightings.first() else { continue };
        let signer = usable.iter().copied().find(|&i| {
            evidence.keys[i]
                .credential
                .public_key
                .as_ref()
                .is_some_and(|key| verifies_rs256(key, token.decoded.signing_input.as_bytes(), signature))
        });
        if let Some(i) = signer {
            let path = evidence.path(evidence.keys[i].file).to_owned();
            first.record(SIGNED, Some(path.clone()), findings);
            if let Some(card) = evidence.key_section.iter_mut().find(|c| c.path == path) {
                card.signed_tokens.push(token.id.clone());
            }
            let key_id = evidence.keys[i].credential.private_key_id.clone().unwrap_or_default();
            findings.set_detail(
                SIGNED,
                Some(path.clone()),
                format!("{path} (key ID {key_id}) verifies the signature of the logged tokens: it is the key the server signs with."),
            );
            continue;
        }
        let named = usable
            .iter()
            .copied()
            .find(|&i| kid.is_some() && evidence.keys[i].credential.private_key_id.as_deref() == kid);
        match named {
            Some(i) => {
                let path = evidence.path(evidence.keys[i].file).to_owned();
                first.record(MISMATCH, Some(path.clone()), findings);
                findings.set_detail(
                    MISMATCH,
                    Some(path.clone()),
                    format!(
                        "{} carries kid {} which is the private_key_id of {path}, but that file's \
                         public key does not verify the token's signature: the file's \
                         private_key_id and private_key come from different keys, or the token \
                         was altered.",
                        token.id,
                        kid.unwrap_or_default()
                    ),
                );
            }
            None => {
                first.record(UNKNOWN, None, findings);
                let kid = kid.unwrap_or("(none)").to_owned();
                if !unknown_kids.contains(&kid) {
                    unknown_kids.push(kid);
                }
            }
        }
    }
    if !unknown_kids.is_empty() {
        let dropped: Vec<String> = usable
            .iter()
            .map(|&i| {
                let key = &evidence.keys[i];
                format!(
                    "{} (key ID {})",
                    evidence.path(key.file),
                    key.credential.private_key_id.as_deref().unwrap_or("?")
                )
            })
            .collect();
        let detail = format!(
            "The logged tokens carry kid {} and none of the dropped keys verifies their signature: \
             {}. The server still signs with another key, most likely an old one that was \
             deleted or rotated in Google Cloud console (Google then answers \"Invalid JWT \
             Signature\").",
            unknown_kids.join(", "),
            dropped.join(", ")
        );
        findings.set_detail(UNKNOWN, None, detail);
    }
}

/// Only Google JWT-bearer assertions can be signed by a service-account key: a BroadWorks
/// long-lived token or any other RS256 token in the same bundle says nothing about which key
/// CUC holds, and counting it as "not signed by any dropped key" sends people after a key
/// problem they do not have.
fn is_google_assertion(
    token: &Token,
    kid: Option<&str>,
    evidence: &GoogleEvidence,
    usable: &[usize],
) -> bool {
    let claim = |name: &str| token.decoded.str_claim(name).unwrap_or_default();
    claim("iss").ends_with(".gserviceaccount.com")
        || claim("aud").contains("googleapis.com")
        || usable
            .iter()
            .any(|&i| kid.is_some() && evidence.keys[i].credential.private_key_id.as_deref() == kid)
}

/// The verification outcome in words, for the token inspector.
pub(super) fn describe(evidence: &GoogleEvidence, token: &Token, signed_by: Option<&str>) -> String {
    if let Some(path) = signed_by {
        return format!("signed by {path}");
    }
    if evidence.keys.iter().all(|k| k.credential.public_key.is_none()) {
        return "not checked: no readable service-account key was dropped".to_owned();
    }
    match (&token.decoded.signature, token.decoded.header_str("alg")) {
        (None, _) => "not checked: the signature is missing or damaged".to_owned(),
        (Some(_), Some("RS256")) => "not signed by any dropped key".to_owned(),
        (Some(_), alg) => format!("not checked: algorithm {} is not RS256", alg.unwrap_or("unknown")),
    }
}
