//! OAuth scope lists as people paste them, and the required-scope profiles they are checked
//! against (`data/scope-profiles.toml`).
//!
//! A list copied from a web page or the Admin console arrives damaged in a handful of known
//! ways; each scope is repaired and every repair is reported, so the user learns what was
//! wrong and gets a list that works.

use serde::Deserialize;
use std::sync::OnceLock;

const PROFILES_TOML: &str = include_str!("../../data/scope-profiles.toml");

/// A named set of scopes an integration needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) scopes: Vec<String>,
    #[serde(default)]
    #[allow(dead_code, reason = "read by the tests that run every sample")]
    pub(crate) samples: Vec<ProfileSample>,
}

/// A pasted list and what must be concluded from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read by the tests that run every sample")]
pub(crate) struct ProfileSample {
    pub(crate) text: String,
    pub(crate) missing: Vec<String>,
    pub(crate) extra: Vec<String>,
    pub(crate) defects: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ProfilesFile {
    profile: Vec<Profile>,
}

/// The compiled-in profiles; the data is checked by the tests, so a parse failure here is a
/// build defect.
pub(crate) fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| match toml::from_str::<ProfilesFile>(PROFILES_TOML) {
        Ok(file) => file.profile,
        Err(error) => panic!("data/scope-profiles.toml is invalid: {error}"),
    })
}

/// One thing wrong with how a scope was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Defect {
    /// A stable kind: `missing-slash`, `http`, `glued`, `quotes`, `bullet`, `duplicate`,
    /// `separator`, `trailing-slash`, `no-scheme`, `short-name`, `not-a-scope`,
    /// `trailing-comma`, `empty-entry`.
    pub(crate) kind: &'static str,
    pub(crate) message: String,
}

/// One scope of a pasted list: as written, as it should be, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) raw: String,
    /// The repaired scope; empty when the entry is not a scope at all.
    pub(crate) scope: String,
    /// Byte offset of the entry in the parsed text.
    pub(crate) offset: usize,
    pub(crate) defects: Vec<Defect>,
}

/// Characters people's tools wrap around list items.
fn is_junk(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '[' | ']' | '(' | ')' | '{' | '}' | '<' | '>' | '|'
    ) || is_bullet(c)
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '·' | '▪' | '◦' | '‣' | '●' | '■' | '○' | '–' | '—')
}

fn is_separator(c: char) -> bool {
    c == ',' || c == ';' || c.is_whitespace()
}

/// Whether a text holds something that looks like an OAuth scope.
pub(crate) fn mentions_scope(text: &str) -> bool {
    crate::google::contains!(text, "googleapis.com/auth/")
        || crate::google::contains!(text, "mail.google.com")
}

/// How many scope URLs a text holds.
pub(crate) fn count_scopes(text: &str) -> usize {
    static AUTH: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    static MAIL: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    let bytes = text.as_bytes();
    crate::google::finder(&AUTH, "googleapis.com/auth/").find_iter(bytes).count()
        + crate::google::finder(&MAIL, "mail.google.com").find_iter(bytes).count()
}

/// The scope URLs in a log line, an error or a token claim, each repaired on its own: the
/// text around them is not a list, so its separators and quotes say nothing.
pub(crate) fn extract(text: &str) -> Vec<Scope> {
    static URL: OnceLock<regex::Regex> = OnceLock::new();
    let re = URL.get_or_init(|| {
        regex::Regex::new(
            r"(?i)(?-u:\b)https?://(?:www\.googleapis\.com/auth/[A-Za-z0-9._-]+/?|mail\.google\.com/?)",
        )
        .expect("static scope pattern compiles")
    });
    let mut scopes: Vec<Scope> = re.find_iter(text).map(|m| repair(m.as_str(), m.start())).collect();
    mark_duplicates(&mut scopes);
    scopes
}

/// Parses a pasted scope list, repairing and reporting each entry.
pub(crate) fn parse(text: &str) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = Vec::new();
    let mut separator = String::new();
    let mut pending_bullet = false;
    let mut token_start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let at_end = chars.peek().is_none();
        if !is_separator(c) && token_start.is_none() {
            token_start = Some(index);
        }
        let token_end = if is_separator(c) {
            Some(index)
        } else if at_end {
            Some(text.len())
        } else {
            None
        };
        if let (Some(start), Some(end)) = (token_start, token_end) {
            let token = &text[start..end];
            let had_bullet = token.chars().any(is_bullet);
            let pieces = token_pieces(token, start);
            let had_scope = !pieces.is_empty();
            if pieces.is_empty() {
                pending_bullet |= had_bullet;
            }
            for (i, (offset, raw, junk)) in pieces.into_iter().enumerate() {
                let mut scope = repair(raw, offset);
                if junk.quotes {
                    scope.defects.push(defect(
                        "quotes",
                        "wrapped in quotes or brackets; the Admin console takes bare scopes",
                    ));
                }
                if junk.bullet || pending_bullet {
                    scope
                        .defects
                        .push(defect("bullet", "carries a bullet character (•) copied from a web page"));
                    pending_bullet = false;
                }
                if i > 0 {
                    scope
                        .defects
                        .push(defect("glued", "runs into the previous scope with no comma between them"));
                } else if !scopes.is_empty() && !separator.contains(',') && !scope.scope.is_empty() {
                    scope.defects.push(defect(
                        "separator",
                        "separated from the previous scope by a line break or space instead of a comma",
                    ));
                }
                scopes.push(scope);
            }
            if had_scope {
                separator.clear();
            }
            token_start = None;
        }
        if is_separator(c) {
            separator.push(c);
        }
    }
    mark_list_ends(text, &mut scopes);
    mark_duplicates(&mut scopes);
    scopes
}

/// A comma after the last scope, or two commas in a row, leave an empty entry that the Admin
/// console rejects.
fn mark_list_ends(text: &str, scopes: &mut [Scope]) {
    for i in 1..scopes.len() {
        let previous_end = scopes[i - 1].offset + scopes[i - 1].raw.len();
        let between = text.get(previous_end..scopes[i].offset).unwrap_or_default();
        if between.matches(',').count() > 1 {
            scopes[i].defects.push(defect("empty-entry", "follows two commas in a row (an empty entry)"));
        }
    }
    if let Some(last) = scopes.last_mut() {
        let after = text.get(last.offset + last.raw.len()..).unwrap_or_default();
        if after.trim_start_matches(|c: char| is_junk(c) || c.is_whitespace()).starts_with(',') {
            last.defects.push(defect(
                "trailing-comma",
                "is followed by a comma that ends the list with an empty entry",
            ));
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Junk {
    quotes: bool,
    bullet: bool,
}

/// Splits one separator-free token into scope candidates: junk stripped, and scopes run
/// together cut apart at each `http`.
fn token_pieces(token: &str, start: usize) -> Vec<(usize, &str, Junk)> {
    let mut junk = Junk::default();
    for c in token.chars().filter(|&c| is_junk(c)) {
        if is_bullet(c) {
            junk.bullet = true;
        } else {
            junk.quotes = true;
        }
    }
    let trimmed_start = token.len() - token.trim_start_matches(is_junk).len();
    let core = token.trim_matches(is_junk);
    if core.is_empty() || !looks_like_scope(core) {
        return Vec::new();
    }
    let lower = core.to_ascii_lowercase();
    let mut cuts: Vec<usize> = lower.match_indices("http").map(|(i, _)| i).filter(|&i| i > 0).collect();
    cuts.retain(|&i| lower[i..].starts_with("https://") || lower[i..].starts_with("http://"));
    let mut pieces = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain(std::iter::once(core.len())) {
        let piece = core[from..cut].trim_matches(is_junk);
        if !piece.is_empty() {
            pieces.push((start + trimmed_start + from, piece, junk));
        }
        from = cut;
    }
    pieces
}

fn looks_like_scope(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("googleapis.com") || lower.contains("mail.google.com") || short_name(&lower).is_some()
}

/// A bare scope name such as `gmail.modify`, when a profile knows it.
fn short_name(lower: &str) -> Option<&'static str> {
    profiles()
        .iter()
        .flat_map(|p| p.scopes.iter())
        .find(|s| s.rsplit('/').next() == Some(lower) && s.contains("/auth/"))
        .map(String::as_str)
}

fn defect(kind: &'static str, message: &str) -> Defect {
    Defect { kind, message: message.to_owned() }
}

/// Repairs one scope as written.
fn repair(raw: &str, offset: usize) -> Scope {
    let mut defects = Vec::new();
    let mut text = raw.trim_end_matches(['.', ':']).to_owned();
    let lower = text.to_ascii_lowercase();
    if let Some(full) = short_name(&lower) {
        defects.push(defect("short-name", "is a bare scope name; the Admin console needs the full URL"));
        return Scope { raw: raw.to_owned(), scope: full.to_owned(), offset, defects };
    }
    if lower.starts_with("http://") {
        defects.push(defect("http", "starts with http:// instead of https://"));
        text = format!("https://{}", &text["http://".len()..]);
    } else if !lower.starts_with("https://") {
        defects.push(defect("no-scheme", "has no https:// in front"));
        let from = lower.find("mail.google.com").or_else(|| lower.find("www.googleapis.com")).unwrap_or(0);
        text = format!("https://{}", &text[from..]);
    }
    // Scheme and host are case-insensitive, the path is not.
    let host_end = text["https://".len()..].find('/').map_or(text.len(), |i| i + "https://".len());
    let host = text[..host_end].to_ascii_lowercase();
    let mut path = text[host_end..].to_owned();
    if host == "https://mail.google.com" {
        if path.is_empty() {
            defects.push(defect(
                "missing-slash",
                "lacks the trailing slash: the scope is https://mail.google.com/",
            ));
        }
        path = "/".to_owned();
    } else if path.len() > 1 && path.ends_with('/') {
        defects.push(defect("trailing-slash", "ends with a slash that is not part of the scope"));
        path = path.trim_end_matches('/').to_owned();
    }
    let scope = format!("{host}{path}");
    let valid = host == "https://mail.google.com"
        || (host == "https://www.googleapis.com"
            && path.len() > "/auth/".len()
            && path.starts_with("/auth/"));
    if !valid {
        defects.push(defect("not-a-scope", "is not a Google OAuth scope URL"));
    }
    Scope { raw: raw.to_owned(), scope, offset, defects }
}

fn mark_duplicates(scopes: &mut [Scope]) {
    for i in 1..scopes.len() {
        if scopes[i].scope.is_empty() {
            continue;
        }
        if let Some(first) = scopes[..i].iter().position(|s| s.scope == scopes[i].scope) {
            let message = format!("is listed again (already entry {})", first + 1);
            scopes[i].defects.push(Defect { kind: "duplicate", message });
        }
    }
}

/// A list compared with a profile.
#[derive(Debug, Clone)]
pub(crate) struct Comparison {
    pub(crate) profile: &'static Profile,
    pub(crate) missing: Vec<String>,
    pub(crate) extra: Vec<String>,
    /// The list to paste: the profile's scopes in order, then the user's other valid ones.
    pub(crate) corrected: Vec<String>,
}

/// The distinct valid scopes of a parsed list, in order.
pub(crate) fn distinct(scopes: &[Scope]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for scope in scopes {
        let valid = !scope.scope.is_empty() && !scope.defects.iter().any(|d| d.kind == "not-a-scope");
        if valid && !seen.contains(&scope.scope) {
            seen.push(scope.scope.clone());
        }
    }
    seen
}

/// Compares a list with the chosen profile, or with the one it matches best when none (or
/// an unknown one) is chosen.
pub(crate) fn compare(scopes: &[Scope], chosen: Option<&str>) -> Option<Comparison> {
    let have = distinct(scopes);
    let profile = match profiles().iter().find(|p| Some(p.id.as_str()) == chosen) {
        Some(profile) => profile,
        None => profiles().iter().max_by_key(|p| p.scopes.iter().filter(|s| have.contains(s)).count())?,
    };
    let missing: Vec<String> = profile.scopes.iter().filter(|s| !have.contains(s)).cloned().collect();
    let extra: Vec<String> = have.iter().filter(|s| !profile.scopes.contains(s)).cloned().collect();
    let corrected = profile.scopes.iter().chain(extra.iter()).cloned().collect();
    Some(Comparison { profile, missing, extra, corrected })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_sample_concludes_as_declared() {
        for profile in profiles() {
            assert_eq!(profile.scopes.len(), distinct(&parse(&profile.scopes.join(","))).len());
            for sample in &profile.samples {
                let scopes = parse(&sample.text);
                let comparison = compare(&scopes, None).expect("a profile");
                assert_eq!(comparison.profile.id, profile.id, "{}", sample.text);
                assert_eq!(comparison.missing, sample.missing, "missing, for {}", sample.text);
                assert_eq!(comparison.extra, sample.extra, "extra, for {}", sample.text);
                let mut kinds: Vec<&str> =
                    scopes.iter().flat_map(|s| s.defects.iter().map(|d| d.kind)).collect();
                kinds.sort_unstable();
                kinds.dedup();
                let mut expected: Vec<&str> = sample.defects.iter().map(String::as_str).collect();
                expected.sort_unstable();
                assert_eq!(kinds, expected, "defects, for {}", sample.text);
            }
        }
    }

    #[test]
    fn a_chosen_profile_wins_and_an_unknown_one_falls_back() {
        let scopes = parse("https://mail.google.com/");
        let chosen = compare(&scopes, Some("cuc-unified-messaging")).expect("a profile");
        assert_eq!(chosen.profile.id, "cuc-unified-messaging");
        let fallback = compare(&scopes, Some("no-such-profile")).expect("a profile");
        assert_eq!(fallback.profile.id, "cuc-unified-messaging");
        assert_eq!(fallback.missing.len(), 12);
    }

    #[test]
    fn glued_scopes_are_cut_apart() {
        let scopes = parse("https://www.googleapis.com/auth/admin.directory.customer.readonlyhttps://www.googleapis.com/auth/admin.directory.rolemanagement.readonly,");
        let names: Vec<&str> = scopes.iter().map(|s| s.scope.as_str()).collect();
        assert_eq!(
            names,
            [
                "https://www.googleapis.com/auth/admin.directory.customer.readonly",
                "https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly"
            ]
        );
        assert_eq!(scopes[1].defects[0].kind, "glued");
    }

    #[test]
    fn short_names_and_words_around_them() {
        let scopes = parse("Scopes: gmail.modify, drive and HTTPS://MAIL.GOOGLE.COM");
        let names: Vec<&str> = scopes.iter().map(|s| s.scope.as_str()).collect();
        assert_eq!(
            names,
            [
                "https://www.googleapis.com/auth/gmail.modify",
                "https://www.googleapis.com/auth/drive",
                "https://mail.google.com/"
            ]
        );
    }
}
