//! `scope-list-defects`, `scope-missing`, `scope-unexpected`, `scope-requested-not-authorised`
//! (and the scope details of `oauth-unauthorized-client`, `oauth-invalid-scope`,
//! `scope-insufficient`)
//!
//! **What it finds:** scope lists given to Loupe (as pasted into the Admin console's
//! domain-wide delegation entry), checked entry by entry against the required-scope profile
//! the user chose, or the one that fits them best: damaged entries with the corrected string, missing and unneeded
//! scopes, and the corrected comma-separated list. Scopes requested by logged tokens (the JWT
//! `scope` claim) are compared with the scopes the pasted list really grants.
//!
//! **Why it matters:** one damaged or missing scope makes Google refuse every token with
//! `unauthorized_client`, and the damage (a missing slash, two scopes run together) is hard
//! to see by eye.
//!
//! **What to do:** paste the corrected list into the delegation entry.

use crate::detectors::google_evidence::{GoogleEvidence, ScopeKind};
use crate::findings::{FindingStore, Hit};
use crate::google::scopes::{self, Scope};
use crate::google_report::{ScopeEntry, ScopeList};
use crate::knowledge::knowledge;

/// Defects that do not stop Google from matching the scope.
const HARMLESS: &[&str] = &["separator", "duplicate"];

pub(super) fn check(evidence: &mut GoogleEvidence, findings: &mut FindingStore) {
    let mut lists = Vec::new();
    let mut granted: Vec<String> = Vec::new();
    let mut pasted_entries: Vec<Scope> = Vec::new();
    let mut any_pasted = false;
    let mut requested: Vec<(String, Vec<String>)> = Vec::new();
    let mut wanted: Vec<String> = Vec::new();
    for source in &evidence.scope_sources {
        let parsed = match source.kind {
            ScopeKind::Pasted => scopes::parse(&source.text.text),
            ScopeKind::Requested | ScopeKind::Wanted => scopes::extract(&source.text.text),
        };
        if parsed.is_empty() {
            continue;
        }
        let path = evidence.path(source.file).to_owned();
        let first_line = source.text.lines.first().map_or(0, |l| l.0);
        let name = match source.kind {
            ScopeKind::Pasted => path.clone(),
            _ => format!("{path} line {first_line}"),
        };
        let comparison = scopes::compare(&parsed, evidence.scope_profile.as_deref());
        match source.kind {
            ScopeKind::Pasted => {
                any_pasted = true;
                granted.extend(
                    parsed
                        .iter()
                        .filter(|s| s.defects.iter().all(|d| HARMLESS.contains(&d.kind)))
                        .map(|s| s.scope.clone()),
                );
                pasted_entries.extend(parsed.iter().cloned());
                if let Some(comparison) = &comparison {
                    report_pasted(source, &path, &parsed, comparison, findings);
                }
            }
            ScopeKind::Requested => requested.push((name.clone(), scopes::distinct(&parsed))),
            ScopeKind::Wanted => wanted.extend(scopes::distinct(&parsed)),
        }
        let checked = comparison.as_ref().filter(|_| source.kind == ScopeKind::Pasted);
        lists.push(section(source.kind, &name, &parsed, checked));
    }
    for token in &evidence.tokens {
        let Some(claim) = token.decoded.str_claim("scope") else { continue };
        let parsed = scopes::extract(claim);
        if parsed.is_empty() {
            continue;
        }
        let distinct = scopes::distinct(&parsed);
        // Tokens signed one after another request the same scopes: list them once.
        if let Some(same) = lists.iter_mut().find(|l| {
            l.kind == "requested" && l.scopes.iter().map(|s| &s.scope).eq(parsed.iter().map(|s| &s.scope))
        }) {
            same.source.push_str(&format!(", {}", token.id));
        } else {
            lists.push(section(ScopeKind::Requested, &token.id, &parsed, None));
        }
        requested.push((token.id.clone(), distinct));
    }
    client_id_mismatch(evidence, findings);
    if any_pasted {
        not_authorised(evidence, &requested, &granted, &pasted_entries, findings);
    } else if findings.count("oauth-unauthorized-client") > 0 {
        if let Some((source, scopes)) = requested.first() {
            append_detail(
                findings,
                "oauth-unauthorized-client",
                format!(
                    "The logged request ({source}) asked for these {} scopes; the delegation entry must grant every one exactly: {}. Drop the Admin console's scope list here to have it checked.",
                    scopes.len(),
                    scopes.join(", ")
                ),
            );
        }
    }
    if !wanted.is_empty() {
        wanted.dedup();
        let named = format!("Google named the scope(s) it needed: {}.", wanted.join(", "));
        for rule in ["scope-insufficient", "oauth-invalid-scope"] {
            if findings.count(rule) > 0 {
                append_detail(findings, rule, named.clone());
            }
        }
    }
    evidence.scope_section = lists;
}

fn report_pasted(
    source: &crate::detectors::google_evidence::ScopeSource,
    path: &str,
    parsed: &[Scope],
    comparison: &scopes::Comparison,
    findings: &mut FindingStore,
) {
    let corrected = comparison.corrected.join(",");
    let subject = Some(path.to_owned());
    let damaged: Vec<&Scope> = parsed.iter().filter(|s| !s.defects.is_empty()).collect();
    for scope in &damaged {
        let (line, text) = source.text.line_at(scope.offset);
        findings.record(Hit {
            rule: "scope-list-defects",
            subject: subject.clone(),
            file: source.file,
            line,
            text,
            stamp: None,
        });
    }
    if !damaged.is_empty() {
        let mut detail = format!("{} of the {} entries in {path} need fixing:", damaged.len(), parsed.len());
        for scope in &damaged {
            let messages: Vec<&str> = scope.defects.iter().map(|d| d.message.as_str()).collect();
            let (line, _) = source.text.line_at(scope.offset);
            detail.push_str(&format!(
                "\n- line {line}, {:?} {} → {}",
                scope.raw,
                messages.join("; "),
                scope.scope
            ));
        }
        findings.set_detail("scope-list-defects", subject.clone(), detail);
        findings.set_remedy("scope-list-defects", subject.clone(), paste_remedy(&corrected));
    }
    let (line, text) = source.text.line_at(0);
    let record = |rule: &'static str, findings: &mut FindingStore| {
        findings.record(Hit { rule, subject: subject.clone(), file: source.file, line, text, stamp: None });
    };
    if !comparison.missing.is_empty() {
        record("scope-missing", findings);
        let detail = format!(
            "{path} lacks {} of the {} scopes that {} needs: {}.",
            comparison.missing.len(),
            comparison.profile.scopes.len(),
            comparison.profile.label,
            comparison.missing.join(", ")
        );
        findings.set_detail("scope-missing", subject.clone(), detail);
        findings.set_remedy("scope-missing", subject.clone(), paste_remedy(&corrected));
    }
    if !comparison.extra.is_empty() {
        record("scope-unexpected", findings);
        let detail = format!(
            "{path} grants {} scope(s) that {} does not need: {}. They are kept at the end of \
             the corrected list.",
            comparison.extra.len(),
            comparison.profile.label,
            comparison.extra.join(", ")
        );
        findings.set_detail("scope-unexpected", subject, detail);
    }
}

/// A pasted delegation entry usually shows its client ID; it must be a dropped key's.
fn client_id_mismatch(evidence: &GoogleEvidence, findings: &mut FindingStore) {
    let key_ids: Vec<(&str, String)> = evidence
        .keys
        .iter()
        .filter(|k| k.credential.kind == crate::google::credential::Kind::ServiceAccount)
        .filter_map(|k| Some((k.credential.client_id.as_deref()?, evidence.path(k.file).to_owned())))
        .collect();
    if key_ids.is_empty() {
        return;
    }
    let pasted_files: Vec<_> =
        evidence.scope_sources.iter().filter(|s| s.kind == ScopeKind::Pasted).map(|s| s.file).collect();
    for (file, line, text, id) in &evidence.client_id_lines {
        if !pasted_files.contains(file) || key_ids.iter().any(|(key_id, _)| key_id == id) {
            continue;
        }
        let path = evidence.path(*file).to_owned();
        findings.record(Hit {
            rule: "scope-client-id-mismatch",
            subject: Some(path.clone()),
            file: *file,
            line: *line,
            text,
            stamp: None,
        });
        let keys: Vec<String> = key_ids.iter().map(|(key_id, key)| format!("{key_id} ({key})")).collect();
        let detail = format!(
            "{path} is the delegation entry for client ID {id}, but the dropped service-account \
             key(s) have client ID {}: Google grants these scopes to {id} only, so the key CUC \
             signs with gets unauthorized_client.",
            keys.join(", ")
        );
        findings.set_detail("scope-client-id-mismatch", Some(path), detail);
    }
}

fn paste_remedy(corrected: &str) -> String {
    format!(
        "In Google Admin console > Security > Access and data control > API controls > Manage \
         domain-wide delegation, edit the entry for the service account's numeric client ID and \
         replace its OAuth scopes with this list (one line, comma-separated, nothing else):\n{corrected}"
    )
}

fn not_authorised(
    evidence: &GoogleEvidence,
    requested: &[(String, Vec<String>)],
    granted: &[String],
    pasted: &[Scope],
    findings: &mut FindingStore,
) {
    let mut lines = Vec::new();
    for (source, scopes) in requested {
        let missing: Vec<&String> = scopes.iter().filter(|s| !granted.contains(s)).collect();
        if missing.is_empty() {
            continue;
        }
        let token = evidence.tokens.iter().find(|t| &t.id == source);
        if let Some(first) = token.and_then(|t| t.sightings.first()) {
            findings.record(Hit {
                rule: "scope-requested-not-authorised",
                subject: None,
                file: first.file,
                line: first.line,
                text: &first.text,
                stamp: first.stamp,
            });
        } else if let Some(list) =
            evidence.scope_sources.iter().find(|s| source.starts_with(evidence.path(s.file)))
        {
            let (line, text) = list.text.line_at(0);
            findings.record(Hit {
                rule: "scope-requested-not-authorised",
                subject: None,
                file: list.file,
                line,
                text,
                stamp: None,
            });
        }
        for scope in missing {
            let written = pasted.iter().find(|p| &p.scope == scope).map_or_else(
                || "not in the pasted list".to_owned(),
                |p| {
                    format!(
                        "written as {:?} ({})",
                        p.raw,
                        p.defects.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; ")
                    )
                },
            );
            lines.push(format!("- {scope} (requested by {source}): {written}"));
        }
    }
    if lines.is_empty() {
        return;
    }
    lines.dedup();
    let mut detail = format!(
        "The tokens request scopes the pasted delegation list does not grant exactly:\n{}",
        lines.join("\n")
    );
    let refused = findings.count("oauth-unauthorized-client");
    if refused > 0 {
        detail.push_str(&format!("\nThis explains the {refused} unauthorized_client error(s)."));
    }
    findings.set_detail("scope-requested-not-authorised", None, detail);
}

fn section(
    kind: ScopeKind,
    source: &str,
    parsed: &[Scope],
    comparison: Option<&scopes::Comparison>,
) -> ScopeList {
    let profile = comparison.map(|c| c.profile);
    ScopeList {
        kind: kind.as_str().to_owned(),
        source: source.to_owned(),
        profile: profile.map(|p| p.id.clone()).unwrap_or_default(),
        profile_label: profile.map(|p| p.label.clone()).unwrap_or_default(),
        scopes: parsed
            .iter()
            .map(|s| ScopeEntry {
                raw: s.raw.clone(),
                scope: s.scope.clone(),
                defects: s.defects.iter().map(|d| d.message.clone()).collect(),
            })
            .collect(),
        missing: comparison.map(|c| c.missing.clone()).unwrap_or_default(),
        extra: comparison.map(|c| c.extra.clone()).unwrap_or_default(),
        corrected: match (kind, comparison) {
            (ScopeKind::Pasted, Some(c)) => c.corrected.join(","),
            _ => String::new(),
        },
    }
}

/// Adds a computed sentence to a data rule's own explanation.
fn append_detail(findings: &mut FindingStore, rule: &'static str, extra: String) {
    let base = knowledge().rule(rule).map(|r| r.detail.clone()).unwrap_or_default();
    findings.set_detail(rule, None, format!("{base}\n{extra}"));
}
