//! Per-file time keeping: dates that logs omit, zones they do not name, midnight rollover.
//!
//! Stamps are kept raw while a file streams: absolute UTC milliseconds when the line carries
//! a full date, or milliseconds since the file's first day when it carries only a time of day
//! (CUC traces). A date found later (in another file, say) is applied when the report is made,
//! so nothing has to be re-read.

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike};
use regex::Regex;
use std::sync::OnceLock;

pub(crate) const DAY_MS: i64 = 86_400_000;
/// A time of day that jumps back by more than this is read as the next day, not disorder.
const ROLLOVER_BACKSTEP_MS: i64 = 12 * 3_600_000;

/// A moment as a line gave it, before the file's date and zone are known for sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum RawStamp {
    /// Milliseconds since the Unix epoch, in UTC.
    Absolute(i64),
    /// Milliseconds since midnight of the file's first day, in the file's local zone.
    TimeOfDay(i64),
}

/// Where a file's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateSource {
    Line,
    Override,
    FileName,
    Header,
    OtherFiles,
}

impl DateSource {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DateSource::Line => "line",
            DateSource::Override => "override",
            DateSource::FileName => "file name",
            DateSource::Header => "file header",
            DateSource::OtherFiles => "other files",
        }
    }
}

/// One file's clock: its date, its zone, and the range of times seen.
#[derive(Debug, Clone)]
pub(crate) struct FileClock {
    date: Option<(NaiveDate, DateSource)>,
    borrowed_date: Option<NaiveDate>,
    offset_minutes: i32,
    zone_known: bool,
    zone_overridden: bool,
    saw_absolute: bool,
    last_time_of_day: Option<i64>,
    day_index: i64,
    min: Option<RawStamp>,
    max: Option<RawStamp>,
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
            zone_known: false,
            zone_overridden: offset_override.is_some(),
            saw_absolute: false,
            last_time_of_day: None,
            day_index: 0,
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
        self.note(RawStamp::TimeOfDay(self.day_index * DAY_MS + ms))
    }

    /// Records a full timestamp read from a line.
    pub(crate) fn absolute(&mut self, utc_ms: i64) -> RawStamp {
        self.saw_absolute = true;
        self.zone_known = true;
        self.note(RawStamp::Absolute(utc_ms))
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
                RawStamp::Absolute(ms) => DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()),
                RawStamp::TimeOfDay(_) => None,
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
            (None, Some(_)) => Some(DateSource::OtherFiles),
            (None, None) => None,
        }
    }

    pub(crate) fn zone_label(&self) -> String {
        if self.saw_absolute && !self.zone_overridden {
            return "UTC".to_owned();
        }
        let minutes = self.offset_minutes;
        if minutes == 0 {
            "UTC".to_owned()
        } else {
            let sign = if minutes < 0 { '-' } else { '+' };
            format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
        }
    }

    /// True when the file's lines named no zone and none was given, so UTC was assumed.
    pub(crate) fn zone_assumed(&self) -> bool {
        !self.zone_known && !self.zone_overridden && self.min.is_some()
    }

    /// The UTC time of day of a raw stamp, in milliseconds since midnight: all that can be
    /// compared with another clock when the file's date is unknown.
    pub(crate) fn utc_time_of_day(&self, stamp: RawStamp) -> i64 {
        match stamp {
            RawStamp::Absolute(ms) => ms.rem_euclid(DAY_MS),
            RawStamp::TimeOfDay(ms) => (ms - i64::from(self.offset_minutes) * 60_000).rem_euclid(DAY_MS),
        }
    }

    /// UTC milliseconds for a raw stamp, when the file's date is known.
    pub(crate) fn resolve(&self, stamp: RawStamp) -> Option<i64> {
        match stamp {
            RawStamp::Absolute(ms) => Some(ms),
            RawStamp::TimeOfDay(ms) => {
                let date = self.date.map(|(d, _)| d).or(self.borrowed_date)?;
                let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
                Some(midnight + ms - i64::from(self.offset_minutes) * 60_000)
            }
        }
    }

    /// A stamp for people: ISO 8601 in UTC when dated, the bare time of day otherwise.
    pub(crate) fn render(&self, stamp: RawStamp) -> String {
        match self.resolve(stamp) {
            Some(ms) => render_utc(ms),
            None => match stamp {
                RawStamp::TimeOfDay(ms) => render_time_of_day(ms),
                RawStamp::Absolute(ms) => render_utc(ms),
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
