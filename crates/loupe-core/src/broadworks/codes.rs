//! The Webex for BroadWorks error-code tables (`data/broadworks-error-codes.toml`): loading,
//! recognising codes in log text, and the offline lookup behind the page's lookup box.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const CODES_TOML: &str = include_str!("../../data/broadworks-error-codes.toml");

/// Which table of the troubleshooting guide a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeTable {
    /// Shown to end users by the user activation portal during sign-in.
    Portal,
    /// Returned by the BroadWorks external directory sync and phone list sync.
    DirectorySync,
}

/// One documented Webex for BroadWorks error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BroadWorksCode {
    /// The six-digit code.
    pub code: u32,
    /// The table it belongs to.
    pub table: CodeTable,
    /// What it means.
    pub message: String,
    /// What to do (the guide gives one for portal codes only).
    #[serde(default)]
    pub action: Option<String>,
    /// Fragments that identify the message when it is pasted without its code.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// A line that must be recognised as this code.
    pub sample: String,
}

#[derive(Deserialize)]
struct CodesFile {
    code: Vec<BroadWorksCode>,
}

/// Every documented code, in table order. The data ships inside the binary and the tests
/// load it, so a parse failure here is a build defect, not a user error.
pub fn broadworks_codes() -> &'static [BroadWorksCode] {
    static CODES: OnceLock<Vec<BroadWorksCode>> = OnceLock::new();
    CODES.get_or_init(|| match toml::from_str::<CodesFile>(CODES_TOML) {
        Ok(file) => file.code,
        Err(error) => panic!("data/broadworks-error-codes.toml is invalid: {error}"),
    })
}

/// The codes that best answer a query typed or pasted into the lookup box: a code (any
/// text holding six digits that are a documented code), else words of a message. Best
/// match first; empty when nothing fits.
///
/// ```
/// let hits = loupe_core::lookup_broadworks_code("Error 200018");
/// assert_eq!(hits[0].code, 200018);
/// let hits = loupe_core::lookup_broadworks_code("user is locked");
/// assert_eq!(hits[0].code, 200018);
/// ```
pub fn lookup_broadworks_code(query: &str) -> Vec<&'static BroadWorksCode> {
    let codes = broadworks_codes();
    let by_number: Vec<&BroadWorksCode> = six_digit_numbers(query)
        .filter_map(|n| codes.iter().find(|c| c.code == n))
        .fold(Vec::new(), |mut acc, code| {
            if !acc.contains(&code) {
                acc.push(code);
            }
            acc
        });
    if !by_number.is_empty() {
        return by_number;
    }
    let words: Vec<String> =
        query.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3).map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &BroadWorksCode)> = codes
        .iter()
        .filter_map(|code| {
            let haystack =
                format!("{} {}", code.message, code.action.as_deref().unwrap_or("")).to_lowercase();
            let score = words.iter().filter(|w| haystack.contains(w.as_str())).count();
            // Most query words must appear, so a stray common word does not list everything.
            (score * 3 >= words.len() * 2 && score > 0).then_some((score, code))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(&b.1.code)));
    scored.into_iter().map(|(_, code)| code).collect()
}

fn six_digit_numbers(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.split(|c: char| !c.is_ascii_digit()).filter(|d| d.len() == 6).filter_map(|d| d.parse().ok())
}

/// A documented code found in a piece of text, at a byte offset.
pub(crate) struct CodeMention {
    pub(crate) offset: usize,
    pub(crate) code: &'static BroadWorksCode,
}

/// Finds documented codes in `text`: a code next to a word such as "error" or "code"
/// (`Error 200039`, `"errorCode":"600014"`, `Error code: 200019`), a line that is nothing
/// but a code, or a pasted portal message. A six-digit number with no such context (a byte
/// count, a duration, an ID) is not a code. Each code is reported once per text.
pub(crate) fn codes_in(text: &str) -> Vec<CodeMention> {
    let scanner = scanner();
    let codes = broadworks_codes();
    let find_code =
        |digits: &str| digits.parse::<u32>().ok().and_then(|n| codes.iter().find(|c| c.code == n));
    let mut found: Vec<CodeMention> = Vec::new();
    let mut push = |offset: usize, code: &'static BroadWorksCode| {
        if !found.iter().any(|m| m.code.code == code.code) {
            found.push(CodeMention { offset, code });
        }
    };
    // Only a text with six digits in a row can name a code by number; that check is far
    // cheaper than the regex and the line walk, and most log entries fail it.
    if has_code_number(text) {
        for caps in scanner.in_context.captures_iter(text) {
            let Some(number) = caps.get(1) else { continue };
            if scanner.unit_after.is_match(&text[number.end()..]) {
                continue;
            }
            if let Some(code) = find_code(number.as_str()) {
                push(number.start(), code);
            }
        }
        let mut start = 0;
        for line in text.split('\n') {
            let bare = line.trim().trim_matches(|c: char| "\"'()[]{}.,;:#".contains(c));
            if bare.len() == 6 {
                if let Some(code) = find_code(bare) {
                    push(start + line.find(bare).unwrap_or(0), code);
                }
            }
            start += line.len() + 1;
        }
    }
    let leftmost = if scanner.phrase_codes.is_empty() { None } else { scanner.first_phrase.find(text) };
    if let Some(leftmost) = leftmost {
        let mut seen = vec![usize::MAX; scanner.phrase_count];
        let rest = Input::new(text).span(leftmost.start()..text.len());
        for hit in scanner.phrases.find_overlapping_iter(rest) {
            let slot = &mut seen[hit.pattern().as_usize()];
            if *slot == usize::MAX {
                *slot = hit.start();
            }
        }
        for (code_index, phrase_ids) in &scanner.phrase_codes {
            let offsets: Option<Vec<usize>> =
                phrase_ids.iter().map(|&id| (seen[id] != usize::MAX).then_some(seen[id])).collect();
            if let (Some(offsets), Some(code)) = (offsets, codes.get(*code_index)) {
                push(offsets.into_iter().min().unwrap_or(0), code);
            }
        }
    }
    found.sort_by_key(|m| m.offset);
    found
}

/// True when `text` holds a run of exactly six digits that is a documented code, the only
/// way a code is named by number. Phone numbers, byte counts and times are longer or
/// shorter runs, so most entries of a BroadWorks log are ruled out here.
pub(crate) fn has_code_number(text: &str) -> bool {
    static NUMBERS: OnceLock<Vec<u32>> = OnceLock::new();
    let numbers = NUMBERS.get_or_init(|| {
        let mut numbers: Vec<u32> = broadworks_codes().iter().map(|c| c.code).collect();
        numbers.sort_unstable();
        numbers
    });
    let bytes = text.as_bytes();
    // Look at the last byte of each six-byte window first: a non-digit there rules out
    // every run through it, so a text with few digits is read one byte in six. `start`
    // always follows a non-digit, so a run of digits found there starts there.
    let mut start = 0;
    while let Some(window) = bytes.get(start..start + 6) {
        if let Some(last_other) = window.iter().rposition(|b| !b.is_ascii_digit()) {
            start += last_other + 1;
            continue;
        }
        let end = start + 6 + bytes[start + 6..].iter().take_while(|b| b.is_ascii_digit()).count();
        if end == start + 6 {
            let value = window.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
            if numbers.binary_search(&value).is_ok() {
                return true;
            }
        }
        start = end + 1;
    }
    false
}

struct Scanner {
    in_context: Regex,
    unit_after: Regex,
    phrases: AhoCorasick,
    /// The same phrases, leftmost-first: its prefiltered `find` rules out almost every text
    /// far faster than the overlapping walk, and no overlapping hit starts before its hit.
    first_phrase: AhoCorasick,
    phrase_count: usize,
    /// For each code with phrases: its index and the ids of all its phrases.
    phrase_codes: Vec<(usize, Vec<usize>)>,
}

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let mut needles = Vec::new();
        let mut phrase_codes = Vec::new();
        for (index, code) in broadworks_codes().iter().enumerate() {
            if code.phrases.is_empty() {
                continue;
            }
            let mut ids = Vec::new();
            for phrase in &code.phrases {
                ids.push(needles.len());
                needles.push(phrase.to_ascii_lowercase());
            }
            phrase_codes.push((index, ids));
        }
        Scanner {
            // A word that names an error code, then at most a few non-digit characters
            // (`: `, `":"`, ` is `), then exactly six digits.
            in_context: Regex::new(
                r#"(?i)(?-u:\b)(?:error[ _-]?code|err(?:or)?|code|errcode)(?-u:\b)[^0-9\r\n]{0,12}?(?-u:\b)([0-9]{6})(?-u:\b)"#,
            )
            .expect("static code pattern compiles"),
            unit_after: Regex::new(r"(?i)^\s*(?:bytes?|ms|msecs?|millis|seconds?|secs?|[kmg]i?b|us|ns)(?-u:\b)")
                .expect("static unit pattern compiles"),
            phrases: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&needles)
                .expect("code phrases build an automaton"),
            first_phrase: AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&needles)
                .expect("code phrases build an automaton"),
            phrase_count: needles.len(),
            phrase_codes,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The skipping scan agrees with a plain split into digit runs, wherever the run sits.
    #[test]
    fn six_digit_scan_matches_a_run_count() {
        let naive = |text: &str| {
            text.split(|c: char| !c.is_ascii_digit())
                .any(|run| run.len() == 6 && broadworks_codes().iter().any(|c| c.code.to_string() == run))
        };
        for text in [
            "",
            "12345",
            "123456",
            "200039",
            "a200039",
            "12345a6789012",
            "x12345y200039",
            "1234567",
            "ab12cd600029",
            "20003 9200039",
        ] {
            assert_eq!(has_code_number(text), naive(text), "{text}");
        }
    }

    #[test]
    fn only_six_digit_runs_that_are_codes_count() {
        for (text, expected) in [
            ("Error 200039", true),
            ("200039", true),
            ("x200039y", true),
            ("2002003900", false),
            ("1200039", false),
            ("2000390", false),
            ("call 2145550564 code 123456", false),
            ("12345 600029.", true),
            ("", false),
        ] {
            assert_eq!(has_code_number(text), expected, "{text}");
        }
    }

    /// The guide's two tables, exactly: 25 end-user codes and 28 directory-sync codes.
    #[test]
    fn tables_hold_exactly_the_documented_codes() {
        let mut portal: Vec<u32> = vec![
            100006, 200010, 200013, 200014, 200016, 200018, 200019, 200022, 200025, 200026, 200054, 300005,
        ];
        portal.extend(200039..=200051);
        let directory: Vec<u32> = (600000..=600029).filter(|c| *c != 600016 && *c != 600021).collect();
        let in_table = |table: CodeTable| {
            let mut codes: Vec<u32> =
                broadworks_codes().iter().filter(|c| c.table == table).map(|c| c.code).collect();
            codes.sort_unstable();
            codes
        };
        portal.sort_unstable();
        assert_eq!(in_table(CodeTable::Portal), portal);
        assert_eq!(in_table(CodeTable::DirectorySync), directory);
        assert_eq!(portal.len(), 25);
        assert_eq!(directory.len(), 28);
    }

    #[test]
    fn portal_codes_have_an_action() {
        for code in broadworks_codes().iter().filter(|c| c.table == CodeTable::Portal) {
            assert!(code.action.as_deref().is_some_and(|a| !a.is_empty()), "{} has no action", code.code);
        }
    }

    #[test]
    fn every_sample_names_its_code() {
        for code in broadworks_codes() {
            let found: Vec<u32> = codes_in(&code.sample).iter().map(|m| m.code.code).collect();
            assert_eq!(found, vec![code.code], "sample of {}: {}", code.code, code.sample);
        }
    }

    #[test]
    fn numbers_without_error_context_are_not_codes() {
        for text in [
            "10.0.0.5 - - [28/Jul/2023:14:14:10 +0000] \"GET /x HTTP/1.1\" 200 100006",
            "Content-Length: 200019",
            "read 200039 bytes from socket; error count 0",
            "error: request took 200018 ms",
            "callId=600010 port=5060",
            "StatusCode=200 size=600014",
            "decoded 200010 records",
        ] {
            let found: Vec<u32> = codes_in(text).iter().map(|m| m.code.code).collect();
            assert!(found.is_empty(), "false hit {found:?} in {text}");
        }
    }

    #[test]
    fn pasted_message_without_code_is_recognised() {
        let found = codes_in("Failed to validate credentials as user is locked.");
        assert_eq!(found.first().map(|m| m.code.code), Some(200018));
    }

    #[test]
    fn lookup_by_words_ranks_the_best_message_first() {
        let hits = lookup_broadworks_code("phone list sync failed for users of enterprise");
        assert_eq!(hits.first().map(|c| c.code), Some(600018));
        assert!(lookup_broadworks_code("zzz qqq").is_empty());
        assert!(lookup_broadworks_code("").is_empty());
    }
}
