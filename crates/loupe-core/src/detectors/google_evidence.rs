//! Gathers the Google-side artifacts that several rules read together: JWTs, credential
//! files, HTTP `Date:` headers and scope lists. The rules themselves live one per file
//! (`jwt_*.rs`, `key_file_checks.rs`, `clock_skew.rs`, `scope_list_check.rs`) and run at
//! [`Detector::finish`], when every file has been read and every clock is settled.
//!
//! Memory stays bounded: a capped number of distinct tokens, headers, key files and scope
//! lists, each with a capped number of sightings. Key files are parsed when their file ends
//! and only their non-secret fields are kept.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::analysis::FileId;
use crate::detectors::{
    clock_skew, jwt_expired_when_used, jwt_incomplete, jwt_issued_in_future, jwt_key_link,
    jwt_lifetime_over_hour, jwt_not_short_lived, key_file_checks, scope_list_check, Detector, EntryContext,
    TimeResolver,
};
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::google::credential::{self, Credential};
use crate::google::document::DocumentBuffers;
use crate::google::jwt::{self, Decoded};
use crate::google::scopes;
use crate::google_report::{ClockSkew, JwtSummary, KeyCard, ScopeList};
use crate::mask::mask_secrets;
use crate::report::Report;
use crate::time::RawStamp;

const MAX_TOKENS: usize = 64;
const MAX_SIGHTINGS: usize = 8;
const MAX_DATES: usize = 64;
const MAX_KEYS: usize = 32;
const MAX_SCOPE_SOURCES: usize = 32;
const MAX_SCOPE_TEXT: usize = 64 * 1024;

/// Where something was seen.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Sighting {
    pub(crate) file: FileId,
    pub(crate) line: u64,
    pub(crate) stamp: Option<RawStamp>,
    /// The line's text, masked.
    pub(crate) text: String,
}

impl Sighting {
    /// Records this sighting as evidence of `rule`.
    pub(crate) fn record(&self, rule: &'static str, subject: Option<String>, findings: &mut FindingStore) {
        findings.record(Hit {
            rule,
            subject,
            file: self.file,
            line: self.line,
            text: &self.text,
            stamp: self.stamp,
        });
    }
}

/// A token's claim (`iat`, `exp`) against the time of a line that logged it.
pub(crate) struct ClaimGap<'a> {
    pub(crate) token: &'a Token,
    pub(crate) sighting: &'a Sighting,
    /// The claim minus the line's time, in milliseconds.
    pub(crate) after_line_ms: i64,
    /// False when only the time of day could be compared.
    pub(crate) dated: bool,
}

/// One distinct token and where it was seen.
#[derive(Serialize, Deserialize)]
pub(crate) struct Token {
    pub(crate) id: String,
    raw: String,
    /// Decoded again from `raw` when a shard is absorbed (see `merge`).
    #[serde(skip, default = "jwt::undecoded")]
    pub(crate) decoded: Decoded,
    pub(crate) sightings: Vec<Sighting>,
    pub(crate) count: u64,
    pub(crate) files: Vec<FileId>,
}

impl Token {
    /// Google minted it (an ID token from accounts.google.com), so its iat is Google's clock.
    pub(crate) fn issued_by_google(&self) -> bool {
        let iss = self.decoded.str_claim("iss").unwrap_or_default();
        iss == "accounts.google.com" || iss == "https://accounts.google.com"
    }

    /// A token sent as a JWT-bearer assertion is minted just before it is sent, so its iat
    /// is the signer's "now"; other tokens may be cached and their iat says nothing.
    pub(crate) fn is_assertion(&self) -> bool {
        let aud = self.decoded.claims.get("aud").and_then(|v| v.as_str()).unwrap_or_default();
        aud.ends_with("/token") || self.sightings.iter().any(|s| s.text.contains("assertion"))
    }
}

/// An HTTP `Date:` header: the answering server's clock next to the logger's.
#[derive(Serialize, Deserialize)]
pub(crate) struct DateHeader {
    pub(crate) sighting: Sighting,
    pub(crate) date_ms: i64,
}

/// A credential file and the lines its fields are on.
#[derive(Serialize, Deserialize)]
pub(crate) struct KeyFile {
    pub(crate) file: FileId,
    pub(crate) credential: Credential,
    /// `(field, line, masked text)` for the fields findings point at.
    pub(crate) field_lines: Vec<(String, u64, String)>,
}

impl KeyFile {
    pub(crate) fn line_of(&self, field: &str) -> (u64, &str) {
        self.field_lines
            .iter()
            .find(|(name, _, _)| name == field)
            .or_else(|| self.field_lines.first())
            .map_or((1, ""), |(_, line, text)| (*line, text.as_str()))
    }
}

/// What a scope list is, which decides how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ScopeKind {
    /// Given to Loupe as a list, as in the Admin console's delegation entry.
    Pasted,
    /// Asked for by a service (a logged request).
    Requested,
    /// Named by an API error as needed.
    Wanted,
}

impl ScopeKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Pasted => "pasted",
            ScopeKind::Requested => "requested",
            ScopeKind::Wanted => "wanted",
        }
    }
}

/// A scope list and its text, with line numbers.
#[derive(Serialize, Deserialize)]
pub(crate) struct ScopeSource {
    pub(crate) kind: ScopeKind,
    pub(crate) file: FileId,
    pub(crate) text: Entry,
}

/// Everything gathered, plus the report sections the rules build from it.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct GoogleEvidence {
    #[serde(skip)]
    documents: DocumentBuffers,
    pub(crate) paths: HashMap<FileId, String>,
    #[serde(skip)]
    last_file: Option<FileId>,
    pub(crate) tokens: Vec<Token>,
    pub(crate) dates: Vec<DateHeader>,
    pub(crate) keys: Vec<KeyFile>,
    pub(crate) scope_sources: Vec<ScopeSource>,
    #[serde(skip)]
    pasted: HashMap<FileId, Entry>,
    /// `(file, line, masked text, client ID)` of lines such as the Admin console's
    /// "Client ID 1048..." next to a pasted scope list.
    pub(crate) client_id_lines: Vec<(FileId, u64, String, String)>,
    #[serde(skip)]
    pub(crate) jwt_section: Vec<JwtSummary>,
    #[serde(skip)]
    pub(crate) key_section: Vec<KeyCard>,
    #[serde(skip)]
    pub(crate) skew_section: Option<ClockSkew>,
    #[serde(skip)]
    pub(crate) scope_section: Vec<ScopeList>,
    /// The profile the user chose for pasted scope lists, if any.
    #[serde(skip)]
    pub(crate) scope_profile: Option<String>,
}

impl GoogleEvidence {
    pub(crate) fn path(&self, file: FileId) -> &str {
        self.paths.get(&file).map_or("", String::as_str)
    }

    /// Every dated (or time-of-day) comparison of a token claim with the lines that logged
    /// the token.
    pub(crate) fn claim_gaps<'a>(
        &'a self,
        time: &'a TimeResolver<'_>,
        claim: &'a str,
    ) -> impl Iterator<Item = ClaimGap<'a>> + 'a {
        self.tokens.iter().flat_map(move |token| {
            let seconds = token.decoded.seconds_claim(claim);
            token.sightings.iter().filter_map(move |sighting| {
                let (after_line_ms, dated) =
                    time.after_line(sighting.file, sighting.stamp?, seconds? * 1000)?;
                Some(ClaimGap { token, sighting, after_line_ms, dated })
            })
        })
    }

    /// Takes in a later shard's evidence as reading its files here would have gathered it.
    fn merge(&mut self, later: Self) {
        use crate::shard::{extend_capped, union_keep_first};
        union_keep_first(&mut self.paths, later.paths);
        for mut theirs in later.tokens {
            let Some(ours) = self.tokens.iter_mut().find(|t| t.raw == theirs.raw) else {
                if self.tokens.len() < MAX_TOKENS {
                    theirs.id = format!("jwt-{}", self.tokens.len() + 1);
                    theirs.decoded = jwt::decode(&theirs.raw);
                    self.tokens.push(theirs);
                }
                continue;
            };
            ours.count += theirs.count;
            for sighting in theirs.sightings {
                let new_file = !ours.files.contains(&sighting.file);
                if new_file {
                    ours.files.push(sighting.file);
                }
                if ours.sightings.len() < MAX_SIGHTINGS || new_file {
                    ours.sightings.push(sighting);
                }
            }
        }
        extend_capped(&mut self.dates, later.dates, MAX_DATES);
        extend_capped(&mut self.keys, later.keys, MAX_KEYS);
        extend_capped(&mut self.scope_sources, later.scope_sources, MAX_SCOPE_SOURCES);
        extend_capped(&mut self.client_id_lines, later.client_id_lines, MAX_SCOPE_SOURCES);
    }

    fn gather_tokens(&mut self, file: FileId, entry: &Entry) {
        for found in jwt::find_tokens(&entry.text) {
            let sighting = || {
                let (line, text) = entry.line_at(found.offset);
                Sighting { file, line, stamp: entry.stamp, text: mask_secrets(text).into_owned() }
            };
            if let Some(token) = self.tokens.iter_mut().find(|t| t.raw == found.text) {
                token.count += 1;
                let new_file = !token.files.contains(&file);
                if new_file {
                    token.files.push(file);
                }
                if token.sightings.len() < MAX_SIGHTINGS || new_file {
                    token.sightings.push(sighting());
                }
                continue;
            }
            if self.tokens.len() >= MAX_TOKENS {
                continue;
            }
            let decoded = jwt::decode(found.text);
            let readable = decoded.header.fields().is_some_and(|h| h.contains_key("alg"))
                || decoded.claims.fields().is_some_and(|c| !c.is_empty());
            if !readable {
                continue;
            }
            self.tokens.push(Token {
                id: format!("jwt-{}", self.tokens.len() + 1),
                raw: found.text.to_owned(),
                decoded,
                sightings: vec![sighting()],
                count: 1,
                files: vec![file],
            });
        }
    }

    fn gather_dates(&mut self, file: FileId, entry: &Entry) {
        static DATE: OnceLock<Regex> = OnceLock::new();
        let Some(stamp) = entry.stamp else { return };
        if self.dates.len() >= MAX_DATES || !crate::google::contains!(entry.text, " GMT") {
            return;
        }
        let re = DATE.get_or_init(|| {
            Regex::new(
                r#"(?i)(?-u:\b)date["']?\s*[:=]\s*["']?((?:mon|tue|wed|thu|fri|sat|sun), [0-9]{1,2} [a-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} gmt)"#,
            )
            .expect("static date header pattern compiles")
        });
        if let Some(found) = re.captures(&entry.text).and_then(|c| c.get(1)) {
            let Ok(date) = chrono::DateTime::parse_from_rfc2822(found.as_str()) else { return };
            let (line, text) = entry.line_at(found.start());
            self.dates.push(DateHeader {
                sighting: Sighting { file, line, stamp: Some(stamp), text: mask_secrets(text).into_owned() },
                date_ms: date.timestamp_millis(),
            });
        }
    }

    fn gather_client_ids(&mut self, file: FileId, entry: &Entry) {
        static CLIENT_ID: OnceLock<Regex> = OnceLock::new();
        if self.client_id_lines.len() >= MAX_SCOPE_SOURCES || !crate::google::contains!(entry.text, "lient") {
            return;
        }
        let re = CLIENT_ID.get_or_init(|| {
            Regex::new(r"(?i)client[ _-]?id[^0-9]{0,5}([0-9]{15,25})(?-u:\b)")
                .expect("static client id pattern compiles")
        });
        for found in re.captures_iter(&entry.text).filter_map(|c| c.get(1)) {
            let (line, text) = entry.line_at(found.start());
            self.client_id_lines.push((
                file,
                line,
                mask_secrets(text).into_owned(),
                found.as_str().to_owned(),
            ));
        }
    }

    fn gather_scopes(&mut self, file: FileId, format: &str, entry: &Entry) {
        if !scopes::mentions_scope(&entry.text) {
            return;
        }
        let lower = entry.text.to_ascii_lowercase();
        let wanted = ["www-authenticate", "insufficient", "invalid=["].iter().any(|n| lower.contains(n));
        if !wanted && format == "plain" {
            let list = self.pasted.entry(file).or_default();
            if list.text.len() + entry.text.len() < MAX_SCOPE_TEXT {
                append(list, entry);
            }
            return;
        }
        if self.scope_sources.len() >= MAX_SCOPE_SOURCES {
            return;
        }
        let kind = if wanted { ScopeKind::Wanted } else { ScopeKind::Requested };
        let mut text = Entry::default();
        append(&mut text, entry);
        self.scope_sources.push(ScopeSource { kind, file, text });
    }

    fn read_document(&mut self, file: FileId) {
        let Some((document, _cut)) = self.documents.take(file) else { return };
        if self.keys.len() >= MAX_KEYS {
            return;
        }
        let Some(credential) = credential::read(&document.text) else { return };
        let mut field_lines = Vec::new();
        for field in [
            "type",
            "project_id",
            "private_key_id",
            "private_key",
            "client_email",
            "client_id",
            "token_uri",
            "installed",
            "web",
        ] {
            if let Some(offset) = document.text.find(&format!("\"{field}\"")) {
                let (line, text) = document.line_at(offset);
                field_lines.push((field.to_owned(), line, mask_secrets(text).into_owned()));
            }
        }
        field_lines.sort_by_key(|(_, line, _)| *line);
        self.keys.push(KeyFile { file, credential, field_lines });
    }
}

/// Appends an entry's lines to an accumulating text, keeping line numbers.
fn append(target: &mut Entry, entry: &Entry) {
    let base = if target.text.is_empty() && target.lines.is_empty() {
        0
    } else {
        target.text.push('\n');
        target.text.len()
    };
    target.lines.extend(entry.lines.iter().map(|&(number, start)| (number, base + start)));
    target.text.push_str(&entry.text);
    if target.stamp.is_none() {
        target.stamp = entry.stamp;
    }
}

impl Detector for GoogleEvidence {
    super::shard_through_serde!();

    fn configure(&mut self, options: &crate::analysis::AnalysisOptions) {
        self.scope_profile.clone_from(&options.scope_profile);
    }

    /// A token's header starts `eyJ`; a `Date:` header ends in GMT; scope lists name their
    /// URLs.
    fn triggers(&self) -> Vec<String> {
        ["eyJ", " GMT", "googleapis.com/auth/", "mail.google.com"].map(str::to_owned).to_vec()
    }

    /// Key files and pasted text (scope lists, client IDs) are read whole.
    fn wants_every_entry(&self, context: &EntryContext<'_>) -> bool {
        context.format == "plain" || self.documents.wants(context.file)
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, _findings: &mut FindingStore) {
        if self.last_file != Some(context.file) {
            self.last_file = Some(context.file);
            self.paths.entry(context.file).or_insert_with(|| context.path.to_owned());
        }
        let in_document = self.documents.offer(context.file, entry, false);
        self.gather_tokens(context.file, entry);
        self.gather_dates(context.file, entry);
        if !in_document {
            self.gather_scopes(context.file, context.format, entry);
            if context.format == "plain" {
                self.gather_client_ids(context.file, entry);
            }
        }
    }

    fn on_file_end(&mut self, file: FileId, _findings: &mut FindingStore) {
        self.read_document(file);
        if let Some(list) = self.pasted.remove(&file) {
            if scopes::count_scopes(&list.text) >= 2 && self.scope_sources.len() < MAX_SCOPE_SOURCES {
                self.scope_sources.push(ScopeSource { kind: ScopeKind::Pasted, file, text: list });
            }
        }
    }

    fn finish(&mut self, time: &TimeResolver<'_>, findings: &mut FindingStore) {
        key_file_checks::check(self, findings);
        jwt_lifetime_over_hour::check(self, findings);
        jwt_issued_in_future::check(self, time, findings);
        jwt_expired_when_used::check(self, time, findings);
        jwt_incomplete::check(self, findings);
        jwt_key_link::check(self, findings);
        clock_skew::check(self, time, findings);
        jwt_not_short_lived::check(self, findings);
        scope_list_check::check(self, findings);
        self.jwt_section = self.tokens.iter().map(|token| summarize_token(self, token, time)).collect();
    }

    fn report(&mut self, report: &mut Report) {
        report.jwts = std::mem::take(&mut self.jwt_section);
        report.keys = std::mem::take(&mut self.key_section);
        report.clock_skew = self.skew_section.take();
        report.scopes = std::mem::take(&mut self.scope_section);
    }
}

/// The inspector's view of a token; the signature is described, never shown.
fn summarize_token(evidence: &GoogleEvidence, token: &Token, time: &TimeResolver<'_>) -> JwtSummary {
    let decoded = &token.decoded;
    let first = &token.sightings[0];
    let iat = decoded.seconds_claim("iat");
    let exp = decoded.seconds_claim("exp");
    let comparison = match (first.stamp, iat) {
        (Some(stamp), Some(iat)) => time.after_line(first.file, stamp, iat * 1000),
        _ => None,
    };
    let link = evidence.key_section.iter();
    let signed_by: Option<String> =
        link.clone().find(|card| card.signed_tokens.contains(&token.id)).map(|card| card.path.clone());
    let kid_matches: Vec<String> = match decoded.header_str("kid") {
        Some(kid) => link
            .filter(|card| card.private_key_id.as_deref() == Some(kid))
            .map(|card| card.path.clone())
            .collect(),
        None => Vec::new(),
    };
    let verification = jwt_key_link::describe(evidence, token, signed_by.as_deref());
    JwtSummary {
        id: token.id.clone(),
        path: evidence.path(first.file).to_owned(),
        line: first.line,
        occurrences: token.count,
        files: token.files.iter().map(|f| evidence.path(*f).to_owned()).collect(),
        header: decoded.header.fields().cloned().unwrap_or_default(),
        claims: decoded.claims.fields().cloned().unwrap_or_default(),
        complete: decoded.problems.is_empty(),
        problems: decoded.problems.clone(),
        signature: match &decoded.signature {
            Some(bytes) => format!("present ({} bytes)", bytes.len()),
            None => "missing or damaged".to_owned(),
        },
        issued_at: iat.map(|s| crate::time::render_utc(s * 1000)),
        expires_at: exp.map(|s| crate::time::render_utc(s * 1000)),
        lifetime_seconds: iat.zip(exp).map(|(i, e)| e - i),
        line_time: first.stamp.map(|s| time.render(first.file, s)),
        iat_minus_line_seconds: comparison.map(|(ms, _)| (ms as f64 / 1000.0).round() as i64),
        compared_time_of_day_only: comparison.is_some_and(|(_, dated)| !dated),
        kid_matches,
        signed_by,
        verification,
    }
}
