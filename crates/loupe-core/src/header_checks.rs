//! Hand-written header checks for the busiest formats. A format's `header` pattern in
//! `data/formats.toml` stays its definition; a check named by its `check` key answers the
//! same yes or no for a line, at a fraction of the cost (a header line took the pattern's
//! DFA about 700 instructions, and support bundles are mostly header lines). Tests hold
//! every check to its pattern on the samples and on every single-byte edit of them.

/// The check named `name` in `data/formats.toml`.
pub(crate) fn named(name: &str) -> Option<fn(&[u8]) -> bool> {
    match name {
        "cuc-diag" => Some(cuc_diag),
        "broadworks" => Some(broadworks),
        "webex-client" => Some(webex_client),
        "access-log" => Some(access_log),
        _ => None,
    }
}

/// `^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} \|[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,`
fn cuc_diag(line: &[u8]) -> bool {
    let Some(rest) = shaped(line, b"dd:dd:dd.ddd |") else { return false };
    let rest = skip(rest, |b| b.is_ascii_digit());
    rest.first() == Some(&b',') && memchr::memchr_iter(b',', &rest[1..]).nth(4).is_some()
}

/// `^[0-9]{4}\.[0-9]{2}\.[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}:[0-9]{3} ZONE +\| *[A-Za-z]+ *\|`
/// with ZONE `[A-Za-z]{1,6}|[+-][0-9]{2}:?[0-9]{2}`; the pattern's category part after that
/// (`[^|]*? *(?:\||$)`) matches whatever follows, so it needs no check.
fn broadworks(line: &[u8]) -> bool {
    let Some(rest) = shaped(line, b"dddd.dd.dd dd:dd:dd:ddd ") else { return false };
    let Some(rest) = zone(rest, false) else { return false };
    let after_spaces = skip(rest, |b| b == b' ');
    if after_spaces.len() == rest.len() || after_spaces.first() != Some(&b'|') {
        return false;
    }
    let rest = skip(&after_spaces[1..], |b| b == b' ');
    let after_level = skip(rest, |b| b.is_ascii_alphabetic());
    after_level.len() < rest.len() && skip(after_level, |b| b == b' ').first() == Some(&b'|')
}

/// `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?ZONE <[0-9A-Za-z_]+> \[[^\]]*\] `
/// with ZONE `Z|[+-][0-9]{2}:?[0-9]{2}`.
fn webex_client(line: &[u8]) -> bool {
    let Some(mut rest) = shaped(line, b"dddd-dd-ddTdd:dd:dd") else { return false };
    if let Some(fraction) = rest.strip_prefix(b".") {
        let after = skip(fraction, |b| b.is_ascii_digit());
        let digits = fraction.len() - after.len();
        if !(1..=9).contains(&digits) {
            return false;
        }
        rest = after;
    }
    let Some(rest) = zone(rest, true) else { return false };
    let Some(rest) = rest.strip_prefix(b" <") else { return false };
    let after_level = skip(rest, |b| b.is_ascii_alphanumeric() || b == b'_');
    if after_level.len() == rest.len() {
        return false;
    }
    let Some(thread) = after_level.strip_prefix(b"> [") else { return false };
    memchr::memchr(b']', thread).is_some_and(|end| thread.get(end + 1) == Some(&b' '))
}

/// `^\S+ \S+ .+? \[TIME ZONE\] "[^"]*" (?:[0-9]{3}|-) (?:[0-9]+|-)` with TIME
/// `[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?` and ZONE
/// `[+-][0-9]{4}`. The user field may hold anything, ` [` included, so every ` [` after it
/// is tried.
fn access_log(line: &[u8]) -> bool {
    let Some(rest) = field_then_space(line).and_then(field_then_space) else { return false };
    // The user field is not empty: its ` [` starts at byte 1 or later.
    bracket_openings(rest).filter(|&at| at >= 2).any(|at| access_log_tail(&rest[at + 1..]))
}

/// Where each ` [` of `text` has its `[`. By `memchr` and a look back: a `memmem` searcher
/// costs more to set up than an access-log header's whole check.
pub(crate) fn bracket_openings(text: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'[', text).filter(|&at| at > 0 && text[at - 1] == b' ')
}

/// A non-empty run of non-white-space characters, then one space: the rest after it.
fn field_then_space(text: &[u8]) -> Option<&[u8]> {
    let end = text.iter().position(|&b| b.is_ascii_whitespace() || b == 0x0b || !b.is_ascii())?;
    if !text[end].is_ascii() {
        // Unicode white space (a no-break space, ...) ends the field too: decode to know.
        let text = std::str::from_utf8(text).ok()?;
        // The bytes before `end` are ASCII and not white space, so the field is not empty.
        let (end, space) = text.char_indices().find(|(_, c)| c.is_whitespace())?;
        return (space == ' ').then(|| &text.as_bytes()[end + 1..]);
    }
    (end > 0 && text[end] == b' ').then(|| &text[end + 1..])
}

/// What follows `[` in an access log header: stamp, zone, request, status and size.
fn access_log_tail(text: &[u8]) -> bool {
    let Some(date) = shaped(text, b"dd/") else { return false };
    let Some(month) = date.get(..3).filter(|m| m.iter().all(u8::is_ascii_alphabetic)) else { return false };
    let Some(mut rest) = shaped(&date[month.len()..], b"/dddd:dd:dd:dd") else { return false };
    if let Some(fraction) = rest.strip_prefix(b".") {
        let after = skip(fraction, |b| b.is_ascii_digit());
        if !(1..=6).contains(&(fraction.len() - after.len())) {
            return false;
        }
        rest = after;
    }
    let Some(rest) = rest.strip_prefix(b" ").filter(|r| matches!(r.first(), Some(b'+' | b'-'))) else {
        return false;
    };
    let Some(request) = shaped(&rest[1..], b"dddd] \"") else { return false };
    let Some(end) = memchr::memchr(b'"', request) else { return false };
    let Some(status) = request[end + 1..].strip_prefix(b" ") else { return false };
    let size = match status.strip_prefix(b"-") {
        Some(after) => after,
        None => match shaped(status, b"ddd") {
            Some(after) => after,
            None => return false,
        },
    };
    matches!(size.strip_prefix(b" ").and_then(|s| s.first()), Some(b) if b.is_ascii_digit() || *b == b'-')
}

/// The rest of `line` after a fixed shape (`d` a digit, anything else itself).
fn shaped<'a>(line: &'a [u8], shape: &[u8]) -> Option<&'a [u8]> {
    let head = line.get(..shape.len())?;
    let fits = shape
        .iter()
        .zip(head)
        .all(|(&want, &got)| if want == b'd' { got.is_ascii_digit() } else { want == got });
    fits.then(|| &line[shape.len()..])
}

/// A zone: `Z` (when `z_allowed`) or one to six letters (otherwise), or `+hh:mm` / `+hhmm`;
/// the rest after it. Letters must end where the zone does, as the pattern's next item is
/// never a letter.
fn zone(text: &[u8], z_allowed: bool) -> Option<&[u8]> {
    match text.first()? {
        b'+' | b'-' => {
            let rest = shaped(&text[1..], b"dd")?;
            let rest = rest.strip_prefix(b":").unwrap_or(rest);
            shaped(rest, b"dd")
        }
        b'Z' if z_allowed => Some(&text[1..]),
        _ if z_allowed => None,
        _ => {
            let rest = skip(text, |b| b.is_ascii_alphabetic());
            (1..=6).contains(&(text.len() - rest.len())).then_some(rest)
        }
    }
}

fn skip(text: &[u8], wanted: impl Fn(u8) -> bool) -> &[u8] {
    let end = text.iter().position(|&b| !wanted(b)).unwrap_or(text.len());
    &text[end..]
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::named;

    /// The bytes the patterns care about, to edit samples with.
    const EDITS: &[u8] = b"0195aZzT _|,:.+-[]<>\t\x0b\"\xc3";

    fn pattern_of(format: &str) -> (Regex, Vec<String>) {
        let text = include_str!("../data/formats.toml");
        let file: toml::Value = toml::from_str(text).expect("formats.toml parses");
        let spec = file["format"]
            .as_array()
            .and_then(|formats| formats.iter().find(|f| f["name"].as_str() == Some(format)))
            .expect("the format is in formats.toml");
        let header = spec["header"].as_str().expect("a header pattern");
        let samples =
            spec["samples"].as_array().expect("samples").iter().filter_map(|s| s.as_str()).map(str::to_owned);
        (Regex::new(header).expect("the pattern compiles"), samples.collect())
    }

    /// Every sample, and every line one byte away from one (replaced, inserted, deleted).
    fn neighbours(samples: &[String]) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        for sample in samples {
            let bytes = sample.as_bytes();
            lines.push(bytes.to_vec());
            for at in 0..=bytes.len() {
                for &edit in EDITS {
                    let mut inserted = bytes.to_vec();
                    inserted.insert(at, edit);
                    lines.push(inserted);
                    if at < bytes.len() {
                        let mut replaced = bytes.to_vec();
                        replaced[at] = edit;
                        lines.push(replaced);
                    }
                }
                if at < bytes.len() {
                    let mut deleted = bytes.to_vec();
                    deleted.remove(at);
                    lines.push(deleted);
                    lines.push(bytes[..at].to_vec());
                }
            }
        }
        lines
    }

    #[test]
    fn every_check_answers_as_its_pattern_does() {
        for format in ["cuc-diag", "broadworks", "webex-client", "access-log"] {
            let check = named(format).expect("a check of that name");
            let (pattern, mut samples) = pattern_of(format);
            samples.extend(extra_samples(format).iter().map(|s| (*s).to_owned()));
            let mut matching = 0;
            for line in neighbours(&samples) {
                let Ok(text) = std::str::from_utf8(&line) else { continue };
                let expected = pattern.is_match(text);
                matching += usize::from(expected);
                assert_eq!(
                    check(&line),
                    expected,
                    "{format}: the check and the pattern disagree on {text:?}"
                );
            }
            assert!(matching > 100, "{format}: too few matching lines to mean anything ({matching})");
        }
    }

    /// Lines that reach the corners of each pattern the data's samples do not.
    fn extra_samples(format: &str) -> &'static [&'static str] {
        match format {
            "cuc-diag" => &["00:00:00.000 |,,,,,,", "23:59:59.999 |12,a,b,c,d,e,f,g"],
            "broadworks" => &[
                "2023.07.28 16:14:10:894 +02:00   |Error|",
                "2023.07.28 16:14:10:894 ABCDEF | Info |",
                "2023.07.28 16:14:10:894 -0500 |x|",
            ],
            "webex-client" => &[
                "2023-07-28T14:14:10Z <I> [] x",
                "2023-07-28T14:14:10.123456789+02:00 <Info_2> [a b] x",
                "2023-07-28T14:14:10.1-0500 <9> [[x] ",
            ],
            "access-log" => &[
                "h i u [01/Jan/2023:00:00:00.123456 -0000] \"\" 200 -",
                "h i a [b] c [01/Jan/2023:00:00:00 +0100] \"GET / \" - 0 x",
                "h\u{a0}x i u [01/Jan/2023:00:00:00 +0100] \"GET /\" 200 1",
                "h i\u{2003} u [01/Jan/2023:00:00:00 +0100] \"GET /\" 200 1",
                "h i é [01/Jan/2023:00:00:00 +0100] \"GET /\" 200 1",
                "\u{a0}h i u [01/Jan/2023:00:00:00 +0100] \"GET /\" 200 1",
                "h\ti u [01/Jan/2023:00:00:00 +0100] \"GET /\" 200 1",
                "h i  [01/Jan/2023:00:00:00 +0100] \"GET /\" 200 1",
                "h i u [01/Jan/2023:00:00:00.1234567 +0100] \"GET /\" 200 1",
            ],
            _ => &[],
        }
    }
}
