//! Per-file time keeping: dates that logs omit, zones they do not name, midnight rollover.
//!
//! Stamps are kept raw while a file streams: absolute UTC milliseconds when the line carries
//! a full date, or milliseconds since the file's first day when it carries only a time of day
//! (CUC traces). A date found later (in another file, say) is applied when the report is made,
//! so nothing has to be re-read.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

pub(crate) const DAY_MS: i64 = 86_400_000;
/// A time of day that jumps back by more than this is read as the next day, not disorder.
const ROLLOVER_BACKSTEP_MS: i64 = 12 * 3_600_000;
/// Slots per month and per year in the packed form of [`RawStamp::NoYear`]: every month gets
/// 31 days so that the packing never depends on which year it turns out to be.
const MONTH_SLOT_MS: i64 = 31 * DAY_MS;
const YEAR_SLOT_MS: i64 = 12 * MONTH_SLOT_MS;

/// A moment as a line gave it, before the file's date and zone are known for sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum RawStamp {
    /// Milliseconds since the Unix epoch, in UTC.
    Absolute(i64),
    /// Milliseconds since midnight of the file's first day, in the file's local zone.
    TimeOfDay(i64),
    /// A full date and time that named no zone, as milliseconds since the epoch as if it were
    /// UTC; the file's assumed or overridden offset is applied when resolving.
    Local(i64),
    /// Month, day and time without a year (classic syslog), packed as
    /// `year_index * YEAR_SLOT + month0 * MONTH_SLOT + day0 * DAY + ms`, where `year_index`
    /// counts New Year rollovers since the file's first line. Local time.
    NoYear(i64),
}

/// Where a file's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum DateSource {
    Line,
    Override,
    FileName,
    Header,
    OtherFiles,
    /// Syslog without a year: the year of the caller's "now" was assumed.
    CurrentYear,
}

impl DateSource {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DateSource::Line => "line",
            DateSource::Override => "override",
            DateSource::FileName => "file name",
            DateSource::Header => "file header",
            DateSource::OtherFiles => "other files",
            DateSource::CurrentYear => "current year",
        }
    }
}

/// One file's clock: its date, its zone, and the range of times seen.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FileClock {
    date: Option<(NaiveDate, DateSource)>,
    borrowed_date: Option<NaiveDate>,
    offset_minutes: i32,
    zone_overridden: bool,
    saw_absolute: bool,
    /// The zone the lines named, as first seen, and whether later lines named another.
    named_zone: Option<String>,
    zones_mixed: bool,
    /// A zone abbreviation the table does not know: its lines were read as UTC.
    unknown_zone: Option<String>,
    /// Some lines named no zone: the offset override, or UTC, was assumed for them.
    saw_unzoned: bool,
    /// The caller's "now", for years that syslog lines omit.
    now_ms: Option<i64>,
    last_time_of_day: Option<i64>,
    day_index: i64,
    /// `(month0, day0)` of the last syslog line and the New Year rollovers seen so far.
    last_month_day: Option<(i64, i64)>,
    year_index: i64,
    min: Option<RawStamp>,
    max: Option<RawStamp>,
    /// The zone text the last zoned line named, and what it parsed to: a log names the same
    /// zone on every line, and parsing it costs allocations and a table search.
    last_zone: Option<(String, Option<Zone>)>,
}

impl FileClock {
    pub(crate) fn new(path: &str, date_override: Option<NaiveDate>, offset_override: Option<i32>) -> Self {
        let date = match date_override {
            Some(date) => Some((date, DateSource::Override)),
            None => date_in_text(file_name(path)).map(|d| (d, DateSource::FileName)),
        };
        Self {
            date,
            borrowed_date: None,
            offset_minutes: offset_override.unwrap_or(0),
            zone_overridden: offset_override.is_some(),
            saw_absolute: false,
            named_zone: None,
            zones_mixed: false,
            unknown_zone: None,
            saw_unzoned: false,
            last_zone: None,
            now_ms: None,
            last_time_of_day: None,
            day_index: 0,
            last_month_day: None,
            year_index: 0,
            min: None,
            max: None,
        }
    }

    /// Records a time of day read from a line, turning midnight rollover into a day count.
    pub(crate) fn time_of_day(&mut self, time: NaiveTime) -> RawStamp {
        let ms =
            i64::from(time.num_seconds_from_midnight()) * 1000 + i64::from(time.nanosecond() / 1_000_000);
        if let Some(last) = self.last_time_of_day {
            if last - ms > ROLLOVER_BACKSTEP_MS {
                self.day_index += 1;
            }
        }
        self.last_time_of_day = Some(ms);
        self.saw_unzoned = true;
        self.note(RawStamp::TimeOfDay(self.day_index * DAY_MS + ms))
    }

    /// Gives the clock the caller's "now", used only for years that lines omit.
    pub(crate) fn with_now(mut self, now_ms: i64) -> Self {
        self.now_ms = Some(now_ms);
        self
    }

    /// Records a full timestamp read from a line.
    pub(crate) fn absolute(&mut self, utc_ms: i64) -> RawStamp {
        self.saw_absolute = true;
        self.note(RawStamp::Absolute(utc_ms))
    }

    /// Records a date and time whose line named its zone.
    pub(crate) fn zoned(&mut self, local: NaiveDateTime, zone: &Zone) -> RawStamp {
        match zone {
            Zone::Known { label, .. } => self.name_zone(label),
            Zone::Unknown(name) => {
                if self.unknown_zone.is_none() {
                    self.unknown_zone = Some(name.clone());
                }
                self.name_zone(&format!("{name} (unknown zone, read as UTC)"));
            }
        }
        let offset = match zone {
            Zone::Known { offset_minutes, .. } => *offset_minutes,
            Zone::Unknown(_) => 0,
        };
        self.absolute(local.and_utc().timestamp_millis() - i64::from(offset) * 60_000)
    }

    /// [`Zone::parse`], remembering the last text read: see `last_zone`.
    pub(crate) fn parse_zone(&mut self, text: &str, abbreviations: &[(String, i32)]) -> Option<Zone> {
        match &self.last_zone {
            Some((last, zone)) if last == text => zone.clone(),
            _ => {
                let zone = Zone::parse(text, abbreviations);
                self.last_zone = Some((text.to_owned(), zone.clone()));
                zone
            }
        }
    }

    fn name_zone(&mut self, label: &str) {
        match &self.named_zone {
            None => self.named_zone = Some(label.to_owned()),
            Some(first) if first != label => self.zones_mixed = true,
            Some(_) => {}
        }
    }

    /// Records a date and time whose line named no zone.
    pub(crate) fn local(&mut self, local: NaiveDateTime) -> RawStamp {
        self.saw_absolute = true;
        self.saw_unzoned = true;
        self.note(RawStamp::Local(local.and_utc().timestamp_millis()))
    }

    /// Records a month, day and time without a year, counting New Year rollovers (a month
    /// that jumps back by more than half a year).
    pub(crate) fn no_year(&mut self, month: u32, day: u32, time: NaiveTime) -> RawStamp {
        let month0 = i64::from(month.saturating_sub(1));
        let day0 = i64::from(day.saturating_sub(1));
        if let Some((last_month, _)) = self.last_month_day {
            if last_month - month0 > 6 {
                self.year_index += 1;
            }
        }
        self.last_month_day = Some((month0, day0));
        self.saw_unzoned = true;
        let ms =
            i64::from(time.num_seconds_from_midnight()) * 1000 + i64::from(time.nanosecond() / 1_000_000);
        self.note(RawStamp::NoYear(
            self.year_index * YEAR_SLOT_MS + month0 * MONTH_SLOT_MS + day0 * DAY_MS + ms,
        ))
    }

    /// Offers a date seen in a file's header lines; the file name or an override wins.
    pub(crate) fn header_date(&mut self, line: &str) {
        if self.date.is_none() {
            self.date = date_in_text(line).map(|d| (d, DateSource::Header));
        }
    }

    pub(crate) fn own_date(&self) -> Option<NaiveDate> {
        match self.date {
            Some((date, _)) => Some(date),
            None => self.min.and_then(|m| match m {
                RawStamp::Absolute(ms) | RawStamp::Local(ms) => {
                    DateTime::from_timestamp_millis(ms).map(|t| t.date_naive())
                }
                RawStamp::TimeOfDay(_) | RawStamp::NoYear(_) => None,
            }),
        }
    }

    pub(crate) fn borrow_date(&mut self, date: NaiveDate) {
        if self.date.is_none() {
            self.borrowed_date = Some(date);
        }
    }

    pub(crate) fn date_source(&self) -> Option<DateSource> {
        if self.saw_absolute {
            return Some(DateSource::Line);
        }
        match (self.date, self.borrowed_date) {
            (Some((_, source)), _) => Some(source),
            // A file with no times has no use for a borrowed date.
            _ if self.min.is_none() => None,
            (None, Some(_)) => Some(DateSource::OtherFiles),
            (None, None) if self.last_month_day.is_some() && self.now_ms.is_some() => {
                Some(DateSource::CurrentYear)
            }
            (None, None) => None,
        }
    }

    pub(crate) fn zone_label(&self) -> String {
        let Some(named) = &self.named_zone else { return offset_label(self.offset_minutes) };
        let named = if self.zones_mixed { format!("mixed (first {named})") } else { named.clone() };
        if self.saw_unzoned {
            format!("{named}; lines without a zone: {}", offset_label(self.offset_minutes))
        } else {
            named
        }
    }

    /// True when the file's lines named no zone (or one the table does not know) and none
    /// was given, so UTC was assumed.
    pub(crate) fn zone_assumed(&self) -> bool {
        self.unknown_zone.is_some() || (self.saw_unzoned && !self.zone_overridden)
    }

    /// The year that syslog lines (month and day only) start in.
    fn base_year(&self) -> Option<i32> {
        if let Some(date) = self.date.map(|(d, _)| d).or(self.borrowed_date) {
            return Some(self.year_nearest(date));
        }
        let now = DateTime::from_timestamp_millis(self.now_ms?)?.naive_utc();
        let year = now.year() - i32::try_from(self.year_index).unwrap_or(0);
        // The last line is taken to be from this year, unless its month and day are later
        // in the year than "now": a log cannot come from the future.
        let last_ms = match self.max {
            Some(RawStamp::NoYear(packed)) => packed.rem_euclid(YEAR_SLOT_MS),
            _ => 0,
        };
        let now_ms = i64::from(now.month0()) * MONTH_SLOT_MS
            + i64::from(now.day0()) * DAY_MS
            + i64::from(now.num_seconds_from_midnight()) * 1000;
        Some(if last_ms > now_ms + DAY_MS { year - 1 } else { year })
    }

    /// The UTC time of day of a raw stamp, in milliseconds since midnight: all that can be
    /// compared with another clock when the file's date is unknown.
    pub(crate) fn utc_time_of_day(&self, stamp: RawStamp) -> i64 {
        match stamp {
            RawStamp::Absolute(ms) => ms.rem_euclid(DAY_MS),
            RawStamp::TimeOfDay(ms) | RawStamp::Local(ms) | RawStamp::NoYear(ms) => {
                (ms - self.offset_ms()).rem_euclid(DAY_MS)
            }
        }
    }

    /// Like [`FileClock::resolve`], but refuses a time of day whose date was only borrowed
    /// from other files: such a date is a guess, and measuring clock skew against it turns
    /// an unrelated bundle's date into months of "skew".
    pub(crate) fn resolve_measurable(&self, stamp: RawStamp) -> Option<i64> {
        if matches!(stamp, RawStamp::TimeOfDay(_)) && self.date.is_none() {
            return None;
        }
        self.resolve(stamp)
    }

    /// UTC milliseconds for a raw stamp, when the file's date is known.
    pub(crate) fn resolve(&self, stamp: RawStamp) -> Option<i64> {
        match stamp {
            RawStamp::Absolute(ms) => Some(ms),
            RawStamp::TimeOfDay(ms) => {
                let date = self.date.map(|(d, _)| d).or(self.borrowed_date)?;
                let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
                Some(midnight + ms - self.offset_ms())
            }
            RawStamp::Local(ms) => Some(ms - self.offset_ms()),
            RawStamp::NoYear(packed) => {
                let year = self.base_year()? + i32::try_from(packed.div_euclid(YEAR_SLOT_MS)).ok()?;
                let rest = packed.rem_euclid(YEAR_SLOT_MS);
                let month = u32::try_from(rest / MONTH_SLOT_MS + 1).ok()?;
                let day = u32::try_from(rest % MONTH_SLOT_MS / DAY_MS + 1).ok()?;
                let midnight = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(0, 0, 0)?;
                Some(midnight.and_utc().timestamp_millis() + rest % DAY_MS - self.offset_ms())
            }
        }
    }

    /// The year that puts the file's first month and day closest to a date known from
    /// elsewhere (a rotated file's name, another file), so a log spanning New Year is placed
    /// around it rather than a year off.
    fn year_nearest(&self, reference: NaiveDate) -> i32 {
        let Some(RawStamp::NoYear(packed)) = self.min else { return reference.year() };
        let rest = packed.rem_euclid(YEAR_SLOT_MS);
        let (month, day) = ((rest / MONTH_SLOT_MS + 1) as u32, (rest % MONTH_SLOT_MS / DAY_MS + 1) as u32);
        (reference.year() - 1..=reference.year() + 1)
            .filter_map(|year| {
                let date = NaiveDate::from_ymd_opt(year, month, day)?;
                Some(((date - reference).num_days().abs(), year))
            })
            .min()
            .map_or(reference.year(), |(_, year)| year)
    }

    fn offset_ms(&self) -> i64 {
        i64::from(self.offset_minutes) * 60_000
    }

    /// A stamp for people: ISO 8601 in UTC when dated, the bare time of day otherwise.
    pub(crate) fn render(&self, stamp: RawStamp) -> String {
        match self.resolve(stamp) {
            Some(ms) => render_utc(ms),
            None => match stamp {
                RawStamp::TimeOfDay(ms) => render_time_of_day(ms),
                RawStamp::Absolute(ms) | RawStamp::Local(ms) => render_utc(ms),
                RawStamp::NoYear(packed) => render_no_year(packed),
            },
        }
    }

    pub(crate) fn range_strings(&self) -> (Option<String>, Option<String>) {
        (self.min.map(|s| self.render(s)), self.max.map(|s| self.render(s)))
    }

    fn note(&mut self, stamp: RawStamp) -> RawStamp {
        self.min = Some(self.min.map_or(stamp, |m| m.min(stamp)));
        self.max = Some(self.max.map_or(stamp, |m| m.max(stamp)));
        stamp
    }
}

/// The signed difference between two times of day, wrapped to within half a day: the best
/// comparison when dates are unknown.
pub(crate) fn time_of_day_difference(a_ms: i64, b_ms: i64) -> i64 {
    let difference = (a_ms - b_ms).rem_euclid(DAY_MS);
    if difference > DAY_MS / 2 {
        difference - DAY_MS
    } else {
        difference
    }
}

pub(crate) fn render_utc(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| format!("@{ms}ms"))
}

fn render_time_of_day(ms: i64) -> String {
    let day = ms.div_euclid(DAY_MS);
    let rest = ms.rem_euclid(DAY_MS);
    let clock = format!(
        "{:02}:{:02}:{:02}.{:03}",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000
    );
    if day == 0 {
        format!("{clock} (date unknown)")
    } else {
        format!("{clock} (date unknown, day +{day})")
    }
}

fn render_no_year(packed: i64) -> String {
    let rest = packed.rem_euclid(YEAR_SLOT_MS);
    format!(
        "--{:02}-{:02}T{} (year unknown)",
        rest / MONTH_SLOT_MS + 1,
        rest % MONTH_SLOT_MS / DAY_MS + 1,
        &render_time_of_day(rest % DAY_MS)[..12]
    )
}

/// `UTC`, or `UTC+02:00` style for other offsets.
pub(crate) fn offset_label(minutes: i32) -> String {
    if minutes == 0 {
        "UTC".to_owned()
    } else {
        let sign = if minutes < 0 { '-' } else { '+' };
        format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
    }
}

/// A zone as a log line named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Zone {
    /// A zone with a known offset, and how the report names it (`UTC`, `EDT (UTC-04:00)`).
    Known { offset_minutes: i32, label: String },
    /// An abbreviation the zone table does not know.
    Unknown(String),
}

impl Zone {
    /// Reads `Z`, `UTC`, `+0200`, `-05:00`, `+02` or an abbreviation from `abbreviations`
    /// (name, minutes east of UTC).
    pub(crate) fn parse(text: &str, abbreviations: &[(String, i32)]) -> Option<Zone> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(minutes) = numeric_offset(text) {
            return Some(Zone::Known { offset_minutes: minutes, label: offset_label(minutes) });
        }
        if !text.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let upper = text.to_ascii_uppercase();
        Some(match abbreviations.iter().find(|(name, _)| *name == upper) {
            Some((_, 0)) => Zone::Known { offset_minutes: 0, label: "UTC".to_owned() },
            Some((name, minutes)) => Zone::Known {
                offset_minutes: *minutes,
                label: format!("{name} ({})", offset_label(*minutes)),
            },
            None => Zone::Unknown(text.to_owned()),
        })
    }
}

fn numeric_offset(text: &str) -> Option<i32> {
    if text.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: Vec<i32> = rest.bytes().filter(u8::is_ascii_digit).map(|b| i32::from(b - b'0')).collect();
    if rest.bytes().any(|b| !b.is_ascii_digit() && b != b':') {
        return None;
    }
    let (hours, minutes) = match digits.as_slice() {
        [h1, h2] => (h1 * 10 + h2, 0),
        [h1, h2, m1, m2] => (h1 * 10 + h2, m1 * 10 + m2),
        _ => return None,
    };
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\', '!']).next().unwrap_or(path)
}

/// Finds a plausible calendar date (2000 to 2099) in free text: `2023-07-28`, `20230728`,
/// `2023.07.28`, `2023_07_28`.
fn date_in_text(text: &str) -> Option<NaiveDate> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let re = DATE.get_or_init(|| {
        Regex::new(
            r"(?:^|[^0-9])(20[0-9]{2})[-_./]?(0[1-9]|1[0-2])[-_./]?(0[1-9]|[12][0-9]|3[01])(?:[^0-9]|$)",
        )
        .expect("static date pattern compiles")
    });
    let caps = re.captures(text)?;
    let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    NaiveDate::from_ymd_opt(number(1)? as i32, number(2)?, number(3)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_comes_from_the_file_name() {
        let clock = FileClock::new("logs/diag_CuGSuiteSyncSrv_20230728_0001.uc", None, None);
        assert_eq!(clock.date_source(), Some(DateSource::FileName));
        assert_eq!(clock.own_date(), NaiveDate::from_ymd_opt(2023, 7, 28));
    }

    #[test]
    fn midnight_rollover_moves_to_the_next_day() {
        let mut clock = FileClock::new("a.uc", NaiveDate::from_ymd_opt(2023, 7, 28), None);
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M:%S%.3f").expect("valid time");
        clock.time_of_day(t("23:59:59.000"));
        let after = clock.time_of_day(t("00:00:01.000"));
        assert_eq!(clock.render(after), "2023-07-29T00:00:01.000Z");
    }

    #[test]
    fn small_backstep_is_disorder_not_a_new_day() {
        let mut clock = FileClock::new("a.uc", NaiveDate::from_ymd_opt(2023, 7, 28), None);
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M:%S%.3f").expect("valid time");
        clock.time_of_day(t("10:00:05.000"));
        let earlier = clock.time_of_day(t("10:00:01.000"));
        assert_eq!(clock.render(earlier), "2023-07-28T10:00:01.000Z");
    }

    #[test]
    fn undated_file_says_so() {
        let mut clock = FileClock::new("trace.uc", None, None);
        let stamp = clock.time_of_day(NaiveTime::from_hms_opt(14, 14, 10).expect("valid"));
        assert_eq!(clock.render(stamp), "14:14:10.000 (date unknown)");
        assert!(clock.zone_assumed());
    }
}
