//! Log-format recognition, driven by `data/formats.toml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::format::{parse, Item, Parsed, StrftimeItems};
use chrono::{NaiveDateTime, NaiveTime};
use memchr::memmem;
use regex::Regex;
use serde::Deserialize;

use crate::entry::{Entry, EntryLimits};
use crate::stamps;
use crate::time::{FileClock, RawStamp, Zone};

/// Non-blank lines inspected for a known header before a file is treated as plain text.
const SNIFF_LINES: u32 = 200;
/// A JSON document is kept whole up to this size so that detectors see all of it; larger
/// ones are read in pieces of this size.
const JSON_DOCUMENT_MAX_BYTES: usize = 1024 * 1024;
const JSON_DOCUMENT_MAX_LINES: usize = 100_000;

const FORMATS_TOML: &str = include_str!("../data/formats.toml");

#[derive(Debug, Deserialize)]
struct FormatsFile {
    format: Vec<FormatSpec>,
    zones: BTreeMap<String, i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatSpec {
    name: String,
    label: String,
    #[serde(default)]
    structure: Structure,
    #[serde(default)]
    shape: String,
    #[serde(default)]
    contains: String,
    #[serde(default)]
    header: String,
    #[serde(default)]
    time_kind: Option<TimeKind>,
    #[serde(default)]
    time_format: String,
    /// A hand-written header check (`header_checks.rs`) that answers as `header` does.
    #[serde(default)]
    check: String,
    samples: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Structure {
    #[default]
    Header,
    JsonDocument,
    JsonLines,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum TimeKind {
    TimeOfDay,
    Datetime,
    NoYear,
}

#[derive(Debug)]
enum TimeParser {
    Iso,
    Syslog,
    /// `HH:MM:SS.fff`, a time of day alone.
    Clock,
    /// `28/Jul/2023:14:14:10`, the Common Log Format's stamp.
    Clf,
    Chrono(Vec<Item<'static>>),
}

/// Where a zone sits relative to a timestamp at the start of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZonePlace {
    None,
    /// `...10.894Z`, `...10.894+02:00`: glued to the time.
    Glued,
    /// `...10:894 EDT |`: the word after one space.
    NextWord,
    /// `host - user [28/Jul/2023:14:14:10 +0000] "`: a bracketed stamp and zone inside the
    /// line (access logs).
    Bracketed,
}

/// A header format's compiled pattern.
#[derive(Debug)]
struct HeaderPattern {
    shape: Vec<u8>,
    contains: Option<memmem::Finder<'static>>,
    regex: Regex,
    time_group: usize,
    zone_group: Option<usize>,
    time_kind: TimeKind,
    time_parser: TimeParser,
    /// Set when the time opens the line and a hand-written reader can take the time and
    /// zone, so a header costs one DFA match instead of a capturing search.
    fast: Option<ZonePlace>,
    /// Replaces that DFA match where the format names a hand-written check.
    check: Option<fn(&[u8]) -> bool>,
}

/// A compiled format.
#[derive(Debug)]
pub(crate) struct Format {
    name: String,
    label: String,
    structure: Structure,
    header: Option<HeaderPattern>,
}

/// What one line means for entry assembly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineClass {
    pub(crate) starts_entry: bool,
    pub(crate) stamp: Option<RawStamp>,
}

const CONTINUES: LineClass = LineClass { starts_entry: false, stamp: None };

struct Catalogue {
    formats: Vec<Format>,
    zones: Vec<(String, i32)>,
}

impl Format {
    fn compile(spec: FormatSpec, zones: &[(String, i32)]) -> Result<Self, String> {
        let name = spec.name.clone();
        let header = match spec.structure {
            Structure::Header => {
                Some(HeaderPattern::compile(&spec).map_err(|e| format!("format {name}: {e}"))?)
            }
            Structure::JsonDocument | Structure::JsonLines => None,
        };
        let format = Self { name: spec.name, label: spec.label, structure: spec.structure, header };
        for sample in &spec.samples {
            let parses = match (&format.header, format.structure) {
                (Some(header), _) => {
                    let mut clock = FileClock::new("sample", None, None);
                    let class = header.parse(sample, &mut clock, zones);
                    // The hand-written fast path must read exactly what the pattern says.
                    let mut slow_clock = FileClock::new("sample", None, None);
                    let slow = header.parse_captures(sample, &mut slow_clock, zones);
                    class.is_some_and(|c| c.stamp.is_some())
                        && class.map(|c| c.stamp) == slow.map(|c| c.stamp)
                        && clock.zone_label() == slow_clock.zone_label()
                }
                (None, _) => json_error(sample).is_none(),
            };
            if !parses {
                return Err(format!("format {}: sample does not parse: {sample}", format.name));
            }
        }
        Ok(format)
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    #[allow(dead_code, reason = "for the page's format labels")]
    pub(crate) fn label(&self) -> &str {
        &self.label
    }
}

/// A timestamp as a hand parser reads it.
#[derive(Debug, Clone, Copy)]
enum HandStamp {
    DateTime(NaiveDateTime),
    Time(NaiveTime),
    /// Month, day and time of a syslog stamp, as `stamps::syslog` reads them.
    NoYear(u32, u32, NaiveTime),
}

impl HeaderPattern {
    fn compile(spec: &FormatSpec) -> Result<Self, String> {
        let regex = Regex::new(&spec.header).map_err(|e| e.to_string())?;
        let group = |name: &str| regex.capture_names().position(|n| n == Some(name));
        let time_group = group("time").ok_or("header has no `time` group")?;
        let zone_group = group("zone");
        let time_kind = spec.time_kind.ok_or("header formats need a time_kind")?;
        let time_parser = match spec.time_format.as_str() {
            "iso" => TimeParser::Iso,
            "syslog" => TimeParser::Syslog,
            "clock" => TimeParser::Clock,
            "clf" => TimeParser::Clf,
            "" => return Err("header formats need a time_format".to_owned()),
            other => {
                // Formats are compiled once per process, so leaking their text is bounded.
                let text: &'static str = Box::leak(other.to_owned().into_boxed_str());
                let items: Vec<Item<'static>> = StrftimeItems::new(text).collect();
                if items.iter().any(|item| matches!(item, Item::Error)) {
                    return Err(format!("bad time_format {other:?}"));
                }
                TimeParser::Chrono(items)
            }
        };
        let contains =
            (!spec.contains.is_empty()).then(|| memmem::Finder::new(spec.contains.as_bytes()).into_owned());
        let hand_parsed = !matches!(time_parser, TimeParser::Chrono(_));
        let fast = match (spec.header.starts_with("^(?P<time>") && hand_parsed, zone_group) {
            _ if matches!(time_parser, TimeParser::Clf) && zone_group.is_some() => Some(ZonePlace::Bracketed),
            (false, _) => None,
            (true, None) => Some(ZonePlace::None),
            (true, Some(_)) if spec.header.contains(")(?P<zone>") => Some(ZonePlace::Glued),
            (true, Some(_)) if spec.header.contains(") (?P<zone>") => Some(ZonePlace::NextWord),
            (true, Some(_)) => None,
        };
        let check = match spec.check.as_str() {
            "" => None,
            name => {
                Some(crate::header_checks::named(name).ok_or_else(|| format!("no header check {name:?}"))?)
            }
        };
        Ok(Self {
            check,
            shape: spec.shape.clone().into_bytes(),
            contains,
            regex,
            time_group,
            zone_group,
            time_kind,
            time_parser,
            fast,
        })
    }

    /// The cheap checks that reject most non-header lines before the regex runs.
    fn may_match(&self, line: &[u8]) -> bool {
        let shape_ok = line.len() >= self.shape.len()
            && self.shape.iter().zip(line).all(|(&want, &got)| match want {
                b'd' => got.is_ascii_digit(),
                b'?' => true,
                literal => literal == got,
            });
        shape_ok && self.contains.as_ref().is_none_or(|finder| finder.find(line).is_some())
    }

    fn parse(&self, line: &str, clock: &mut FileClock, zones: &[(String, i32)]) -> Option<LineClass> {
        if !self.may_match(line.as_bytes()) {
            return None;
        }
        match self.fast {
            Some(place) => self.parse_fast(line, place, clock, zones),
            None => self.parse_captures(line, clock, zones),
        }
    }

    fn parse_fast(
        &self,
        line: &str,
        place: ZonePlace,
        clock: &mut FileClock,
        zones: &[(String, i32)],
    ) -> Option<LineClass> {
        let matched = match self.check {
            Some(check) => check(line.as_bytes()),
            None => self.regex.is_match(line),
        };
        if !matched {
            return None;
        }
        let (hand, time_len) = self.hand_stamp(line.as_bytes()).map_or((None, 0), |(s, n)| (Some(s), n));
        let after = line.get(time_len..).unwrap_or_default();
        let zone_text = match place {
            ZonePlace::Bracketed => {
                return Some(LineClass { starts_entry: true, stamp: bracketed_stamp(line, clock, zones) })
            }
            ZonePlace::None => None,
            ZonePlace::Glued => after.split(' ').next(),
            ZonePlace::NextWord => after.strip_prefix(' ').and_then(|rest| rest.split(' ').next()),
        };
        let zone = zone_text.and_then(|z| clock.parse_zone(z, zones));
        let stamp = hand.and_then(|hand| self.stamp_of(hand, zone.as_ref(), clock));
        Some(LineClass { starts_entry: true, stamp })
    }

    /// The timestamp at the start of `text`, read by the format's hand parser, and how many
    /// bytes it takes. Read once per line: the stamp and its length come from one pass.
    fn hand_stamp(&self, text: &[u8]) -> Option<(HandStamp, usize)> {
        match self.time_parser {
            TimeParser::Iso => stamps::iso(text).map(|(t, used)| (HandStamp::DateTime(t), used)),
            TimeParser::Clf => stamps::clf(text).map(|(t, used)| (HandStamp::DateTime(t), used)),
            TimeParser::Clock => stamps::clock(text).map(|(t, used)| (HandStamp::Time(t), used)),
            TimeParser::Syslog => stamps::syslog(text).map(|(m, d, t)| (HandStamp::NoYear(m, d, t), 15)),
            TimeParser::Chrono(_) => None,
        }
    }

    /// What a hand-read stamp means for this format's kind of time.
    fn stamp_of(&self, hand: HandStamp, zone: Option<&Zone>, clock: &mut FileClock) -> Option<RawStamp> {
        match (self.time_kind, hand) {
            (TimeKind::TimeOfDay, HandStamp::DateTime(local)) => Some(clock.time_of_day(local.time())),
            (TimeKind::TimeOfDay, HandStamp::Time(time) | HandStamp::NoYear(_, _, time)) => {
                Some(clock.time_of_day(time))
            }
            (TimeKind::NoYear, HandStamp::NoYear(month, day, time)) => Some(clock.no_year(month, day, time)),
            (TimeKind::Datetime, HandStamp::DateTime(local)) => Some(match zone {
                Some(zone) => clock.zoned(local, zone),
                None => clock.local(local),
            }),
            _ => None,
        }
    }

    fn parse_captures(
        &self,
        line: &str,
        clock: &mut FileClock,
        zones: &[(String, i32)],
    ) -> Option<LineClass> {
        let mut locations = self.regex.capture_locations();
        self.regex.captures_read(&mut locations, line)?;
        let text = |group: usize| locations.get(group).map(|(start, end)| &line[start..end]);
        let zone = self.zone_group.and_then(text).and_then(|z| clock.parse_zone(z, zones));
        let stamp = text(self.time_group).and_then(|t| self.read_time(t, zone.as_ref(), clock));
        Some(LineClass { starts_entry: true, stamp })
    }

    fn read_time(&self, text: &str, zone: Option<&Zone>, clock: &mut FileClock) -> Option<RawStamp> {
        let TimeParser::Chrono(items) = &self.time_parser else {
            let (hand, _) = self.hand_stamp(text.as_bytes())?;
            return self.stamp_of(hand, zone, clock);
        };
        let mut parsed = Parsed::new();
        match self.time_kind {
            TimeKind::TimeOfDay => {
                parse(&mut parsed, text, items.iter()).ok()?;
                Some(clock.time_of_day(parsed.to_naive_time().ok()?))
            }
            TimeKind::NoYear => {
                let (month, day, time) = stamps::syslog(text.as_bytes())?;
                Some(clock.no_year(month, day, time))
            }
            TimeKind::Datetime => {
                parse(&mut parsed, text, items.iter()).ok()?;
                let local = parsed.to_naive_datetime_with_offset(0).ok()?;
                Some(match zone {
                    Some(zone) => clock.zoned(local, zone),
                    None => clock.local(local),
                })
            }
        }
    }
}

/// The stamp of an access log line the header pattern matched: the first ` [` that opens
/// `time zone]`, as the pattern's lazy user field would find it.
fn bracketed_stamp(line: &str, clock: &mut FileClock, zones: &[(String, i32)]) -> Option<RawStamp> {
    let bytes = line.as_bytes();
    crate::header_checks::bracket_openings(bytes).find_map(|at| {
        let (local, used) = stamps::clf(&bytes[at + 1..])?;
        let rest = line.get(at + 1 + used..)?.strip_prefix(' ')?;
        let mut closing = memchr::memchr_iter(b']', rest.as_bytes());
        let end = closing.find(|&end| rest.as_bytes().get(end + 1..end + 3) == Some(b" \""))?;
        let zone_text = &rest[..end];
        let zone = clock.parse_zone(zone_text, zones)?;
        Some(clock.zoned(local, &zone))
    })
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let file: FormatsFile = match toml::from_str(FORMATS_TOML) {
            Ok(file) => file,
            Err(error) => panic!("data/formats.toml is invalid: {error}"),
        };
        let zones: Vec<(String, i32)> =
            file.zones.into_iter().map(|(name, minutes)| (name.to_ascii_uppercase(), minutes)).collect();
        let formats = file
            .format
            .into_iter()
            .map(|spec| Format::compile(spec, &zones).unwrap_or_else(|e| panic!("data/formats.toml: {e}")))
            .collect();
        Catalogue { formats, zones }
    })
}

/// Every known format, compiled once.
pub(crate) fn formats() -> &'static [Format] {
    &catalogue().formats
}

/// Why a JSON text does not parse, or `None` when it does. Several top-level values one
/// after another (concatenated documents) count as valid.
fn json_error(text: &str) -> Option<serde_json::Error> {
    let values = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    for value in values {
        if let Err(error) = value {
            return Some(error);
        }
    }
    None
}

/// Does this first line open a JSON document or a JSON-lines file?
fn json_structure(line: &str) -> Option<Structure> {
    let trimmed = line.trim();
    match trimmed.as_bytes().first()? {
        b'{' => {}
        // `[2023-07-28 ...] INFO` is a log line, not an array: an array opens with a value.
        b'[' => {
            let inner = trimmed[1..].trim_start();
            if !(inner.is_empty() || inner.starts_with(['{', '[', '"', ']'])) {
                return None;
            }
        }
        _ => return None,
    }
    if serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok() {
        Some(Structure::JsonLines)
    } else {
        Some(Structure::JsonDocument)
    }
}

/// Decides a file's format from its opening lines, then classifies every line.
#[derive(Debug, Default)]
pub(crate) struct FormatSniffer {
    chosen: Option<&'static Format>,
    lines_seen: u32,
    /// JSON-lines entries that did not parse, and the first one's line number.
    invalid_json_lines: u64,
    first_invalid_json_line: Option<u64>,
    /// Why a JSON document could not be read whole.
    json_problem: Option<String>,
}

impl FormatSniffer {
    pub(crate) fn format_name(&self) -> &str {
        match self.chosen {
            Some(format) => format.name(),
            None => "plain",
        }
    }

    /// How big one entry of this file may grow.
    pub(crate) fn entry_limits(&self) -> EntryLimits {
        match self.chosen.map(|f| f.structure) {
            Some(Structure::JsonDocument) => EntryLimits {
                max_lines: JSON_DOCUMENT_MAX_LINES,
                max_bytes: JSON_DOCUMENT_MAX_BYTES,
                split_on_overflow: true,
            },
            _ => EntryLimits::default(),
        }
    }

    pub(crate) fn classify(&mut self, line: &str, clock: &mut FileClock) -> LineClass {
        let zones = &catalogue().zones;
        if let Some(format) = self.chosen {
            return match (&format.header, format.structure) {
                (Some(header), _) => header.parse(line, clock, zones).unwrap_or(CONTINUES),
                (None, Structure::JsonLines) if line.trim_start().starts_with(['{', '[']) => {
                    LineClass { starts_entry: true, stamp: plain_stamp(line, clock, zones) }
                }
                (None, _) => CONTINUES,
            };
        }
        if line.trim().is_empty() {
            return CONTINUES;
        }
        if self.lines_seen < SNIFF_LINES {
            self.lines_seen += 1;
            if self.lines_seen == 1 {
                if let Some(structure) = json_structure(line) {
                    self.chosen = formats().iter().find(|f| f.structure == structure);
                    let stamp = match structure {
                        Structure::JsonLines => plain_stamp(line, clock, zones),
                        _ => None,
                    };
                    return LineClass { starts_entry: true, stamp };
                }
            }
            for format in formats() {
                if let Some(class) = format.header.as_ref().and_then(|h| h.parse(line, clock, zones)) {
                    self.chosen = Some(format);
                    return class;
                }
            }
            clock.header_date(line);
        }
        LineClass { starts_entry: true, stamp: plain_stamp(line, clock, zones) }
    }

    /// Checks a finished entry of a JSON file, remembering what did not parse.
    pub(crate) fn check_entry(&mut self, entry: &Entry) {
        let Some(format) = self.chosen else { return };
        let first_line = entry.lines.first().map_or(0, |&(number, _)| number);
        match format.structure {
            Structure::Header => {}
            Structure::JsonLines => {
                if json_error(&entry.text).is_some() {
                    self.invalid_json_lines += 1;
                    self.first_invalid_json_line.get_or_insert(first_line);
                }
            }
            Structure::JsonDocument => {
                if self.json_problem.is_some() {
                    return;
                }
                if entry.cut {
                    self.json_problem = Some(format!(
                        "JSON document larger than {} KiB: read in pieces, so detectors may miss \
                         facts that span them",
                        JSON_DOCUMENT_MAX_BYTES / 1024
                    ));
                } else if let Some(error) = json_error(&entry.text) {
                    let line = first_line + error.line().saturating_sub(1) as u64;
                    self.json_problem = Some(format!(
                        "looks like JSON but is not valid JSON ({}) at line {line}, column {}; \
                         it was still searched as text",
                        json_error_kind(&error),
                        error.column()
                    ));
                }
            }
        }
    }

    /// A note about how the file's content was read, for its summary.
    pub(crate) fn problem(&self) -> Option<String> {
        if let Some(problem) = &self.json_problem {
            return Some(problem.clone());
        }
        self.first_invalid_json_line.map(|first| {
            format!(
                "{} line(s) are not valid JSON (first at line {first}); they were still searched as text",
                self.invalid_json_lines
            )
        })
    }
}

fn json_error_kind(error: &serde_json::Error) -> String {
    // serde_json's message ends with " at line L column C", which we restate in file terms.
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// A best-effort stamp for a line of a file without a known header.
fn plain_stamp(line: &str, clock: &mut FileClock, zones: &[(String, i32)]) -> Option<RawStamp> {
    let (time, zone) = stamps::sniff(line)?;
    Some(match zone.and_then(|z| clock.parse_zone(z, zones)) {
        Some(zone) => clock.zoned(time, &zone),
        None => clock.local(time),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_all(lines: &[&str]) -> (String, Vec<bool>, FileClock) {
        let mut sniffer = FormatSniffer::default();
        let mut clock = FileClock::new("x", None, None);
        let starts = lines.iter().map(|l| sniffer.classify(l, &mut clock).starts_entry).collect();
        (sniffer.format_name().to_owned(), starts, clock)
    }

    #[test]
    fn every_format_and_sample_compiles() {
        let names: Vec<_> = formats().iter().map(Format::name).collect();
        for expected in
            ["cuc-diag", "broadworks", "webex-client", "java-log", "syslog", "access-log", "json-document"]
        {
            assert!(names.contains(&expected), "{expected} missing from {names:?}");
        }
    }

    #[test]
    fn every_sample_is_recognised_as_its_own_format() {
        let file: FormatsFile = toml::from_str(FORMATS_TOML).expect("valid");
        for spec in file.format {
            for sample in &spec.samples {
                let lines: Vec<&str> = sample.lines().collect();
                let (name, _, _) = classify_all(&lines);
                assert_eq!(name, spec.name, "sample recognised as the wrong format: {sample}");
            }
        }
    }

    #[test]
    fn common_formats_take_the_fast_path() {
        for format in formats() {
            let fast = format.header.as_ref().is_some_and(|h| h.fast.is_some());
            let expected = ["cuc-diag", "broadworks", "webex-client", "java-log", "syslog", "access-log"]
                .contains(&format.name());
            assert_eq!(fast, expected, "{}", format.name());
        }
    }

    #[test]
    fn continuation_lines_do_not_start_entries() {
        let (name, starts, _) = classify_all(&[
            "14:14:10.894 |3917,,,CuGSuiteSyncSrv,22,T-1,400 Bad Request",
            "{ \"error\" : \"invalid_grant\",",
        ]);
        assert_eq!(name, "cuc-diag");
        assert_eq!(starts, [true, false]);
    }

    #[test]
    fn broadworks_blank_lines_and_indented_blocks_continue_the_entry() {
        let (name, starts, clock) = classify_all(&[
            "2023.07.28 10:14:10:894 EDT | Info       | WebexProvisioning | ",
            "\tHTTP/1.1 409 Conflict",
            "",
            "2023.07.28 10:14:11:002 EDT | Info       | WebexProvisioning | ",
        ]);
        assert_eq!(name, "broadworks");
        assert_eq!(starts, [true, false, false, true]);
        assert_eq!(clock.zone_label(), "EDT (UTC-04:00)");
        assert_eq!(clock.range_strings().0.as_deref(), Some("2023-07-28T14:14:10.894Z"));
    }

    #[test]
    fn unknown_zone_abbreviation_is_said_and_read_as_utc() {
        let (_, _, clock) = classify_all(&["2023.07.28 14:14:10:894 XYZT | Info | Cat | x"]);
        assert!(clock.zone_assumed());
        assert!(clock.zone_label().contains("unknown"), "{}", clock.zone_label());
    }

    #[test]
    fn json_document_is_one_entry_and_json_lines_one_per_line() {
        let (name, starts, _) = classify_all(&["{", "  \"error\": {", "    \"code\": 400", "  }", "}"]);
        assert_eq!(name, "json-document");
        assert_eq!(starts, [true, false, false, false, false]);
        let (name, starts, _) = classify_all(&["{\"a\":1}", "{\"a\":2}"]);
        assert_eq!(name, "json-lines");
        assert_eq!(starts, [true, true]);
    }

    #[test]
    fn bracketed_log_line_is_not_a_json_array() {
        let (name, _, _) = classify_all(&["[2023-07-28 14:14:10] INFO started"]);
        assert_eq!(name, "plain");
    }

    #[test]
    fn plain_lines_get_best_effort_stamps() {
        let (name, starts, clock) = classify_all(&["started at 2023-07-28 14:14:10", "", "more"]);
        assert_eq!(name, "plain");
        assert_eq!(starts, [true, false, true]);
        assert!(clock.zone_assumed());
        assert_eq!(clock.range_strings().0.as_deref(), Some("2023-07-28T14:14:10.000Z"));
    }
}
