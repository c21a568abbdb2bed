//! Log-format recognition, driven by `data/formats.toml`.

use chrono::{NaiveDateTime, NaiveTime};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

use crate::time::{FileClock, RawStamp};

/// Lines inspected for a known header before a file is treated as plain text.
const SNIFF_LINES: u32 = 200;

const FORMATS_TOML: &str = include_str!("../data/formats.toml");

#[derive(Debug, Deserialize)]
struct FormatsFile {
    format: Vec<FormatSpec>,
}

#[derive(Debug, Deserialize)]
struct FormatSpec {
    name: String,
    #[allow(dead_code, reason = "kept in the data for people and future UI labels")]
    label: String,
    #[serde(default)]
    shape: String,
    header: String,
    time_kind: TimeKind,
    time_format: String,
    samples: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum TimeKind {
    TimeOfDay,
    Datetime,
}

/// A compiled format.
#[derive(Debug)]
pub(crate) struct Format {
    name: String,
    shape: Vec<u8>,
    header: Regex,
    time_group: usize,
    time_kind: TimeKind,
    time_format: String,
}

/// What one line means for entry assembly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineClass {
    pub(crate) starts_entry: bool,
    pub(crate) stamp: Option<RawStamp>,
}

impl Format {
    fn compile(spec: FormatSpec) -> Result<Self, String> {
        let header = Regex::new(&spec.header).map_err(|e| format!("format {}: {e}", spec.name))?;
        let time_group = header
            .capture_names()
            .position(|n| n == Some("time"))
            .ok_or_else(|| format!("format {}: header has no `time` group", spec.name))?;
        let format = Self {
            name: spec.name,
            shape: spec.shape.into_bytes(),
            header,
            time_group,
            time_kind: spec.time_kind,
            time_format: spec.time_format,
        };
        for sample in &spec.samples {
            let mut clock = FileClock::new("sample", None, None);
            match format.parse_header(sample, &mut clock) {
                Some(class) if class.stamp.is_some() => {}
                _ => return Err(format!("format {}: sample does not parse: {sample}", format.name)),
            }
        }
        Ok(format)
    }

    fn shape_matches(&self, line: &[u8]) -> bool {
        line.len() >= self.shape.len()
            && self.shape.iter().zip(line).all(|(&want, &got)| match want {
                b'd' => got.is_ascii_digit(),
                b'?' => true,
                literal => literal == got,
            })
    }

    fn parse_header(&self, line: &str, clock: &mut FileClock) -> Option<LineClass> {
        if !self.shape_matches(line.as_bytes()) {
            return None;
        }
        let mut locations = self.header.capture_locations();
        self.header.captures_read(&mut locations, line)?;
        let stamp =
            locations.get(self.time_group).and_then(|(start, end)| self.read_time(&line[start..end], clock));
        Some(LineClass { starts_entry: true, stamp })
    }

    fn read_time(&self, text: &str, clock: &mut FileClock) -> Option<RawStamp> {
        match self.time_kind {
            TimeKind::TimeOfDay => {
                NaiveTime::parse_from_str(text, &self.time_format).ok().map(|t| clock.time_of_day(t))
            }
            TimeKind::Datetime => NaiveDateTime::parse_from_str(text, &self.time_format)
                .ok()
                .map(|t| clock.absolute(t.and_utc().timestamp_millis())),
        }
    }
}

/// Every known format, compiled once.
pub(crate) fn formats() -> &'static [Format] {
    static FORMATS: OnceLock<Vec<Format>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        let file: FormatsFile = match toml::from_str(FORMATS_TOML) {
            Ok(file) => file,
            Err(error) => panic!("data/formats.toml is invalid: {error}"),
        };
        file.format
            .into_iter()
            .map(|spec| Format::compile(spec).unwrap_or_else(|e| panic!("data/formats.toml: {e}")))
            .collect()
    })
}

/// Decides a file's format from its opening lines, then classifies every line.
#[derive(Debug, Default)]
pub(crate) struct FormatSniffer {
    chosen: Option<&'static Format>,
    lines_seen: u32,
}

impl FormatSniffer {
    pub(crate) fn format_name(&self) -> &str {
        match self.chosen {
            Some(format) => &format.name,
            None => "plain",
        }
    }

    pub(crate) fn classify(&mut self, line: &str, clock: &mut FileClock) -> LineClass {
        if let Some(format) = self.chosen {
            return format
                .parse_header(line, clock)
                .unwrap_or(LineClass { starts_entry: false, stamp: None });
        }
        if self.lines_seen < SNIFF_LINES {
            self.lines_seen += 1;
            for format in formats() {
                if let Some(class) = format.parse_header(line, clock) {
                    self.chosen = Some(format);
                    return class;
                }
            }
            clock.header_date(line);
        }
        LineClass { starts_entry: true, stamp: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_and_sample_compiles() {
        assert!(formats().iter().any(|f| f.name == "cuc-diag"));
    }

    #[test]
    fn continuation_lines_do_not_start_entries() {
        let mut sniffer = FormatSniffer::default();
        let mut clock = FileClock::new("x", None, None);
        let header = "14:14:10.894 |3917,,,CuGSuiteSyncSrv,22,T-1,400 Bad Request";
        assert!(sniffer.classify(header, &mut clock).starts_entry);
        assert!(!sniffer.classify("{ \"error\" : \"invalid_grant\",", &mut clock).starts_entry);
        assert_eq!(sniffer.format_name(), "cuc-diag");
    }
}
