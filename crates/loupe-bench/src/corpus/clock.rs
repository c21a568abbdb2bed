//! Timestamps in each log family's own spelling, written straight into the buffer.

use crate::writer::Writer;

/// 2023-07-28T06:00:00Z: the day of the seed documents' examples.
pub(crate) const START_MS: i64 = 1_690_524_000_000;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A UTC moment split into calendar fields.
pub(crate) struct Parts {
    pub(crate) year: u64,
    pub(crate) month: u64,
    pub(crate) day: u64,
    pub(crate) hour: u64,
    pub(crate) minute: u64,
    pub(crate) second: u64,
    pub(crate) milli: u64,
}

pub(crate) fn parts(unix_ms: i64) -> Parts {
    let days = unix_ms.div_euclid(86_400_000);
    let in_day = unix_ms.rem_euclid(86_400_000) as u64;
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: in_day / 3_600_000,
        minute: in_day / 60_000 % 60,
        second: in_day / 1000 % 60,
        milli: in_day % 1000,
    }
}

/// Howard Hinnant's `civil_from_days`: proleptic Gregorian date of a day count since 1970.
fn civil_from_days(days: i64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year.max(0) as u64, month as u64, day as u64)
}

fn date(w: &mut Writer, p: &Parts, separator: u8) {
    w.padded(p.year, 4);
    w.byte(separator);
    w.padded(p.month, 2);
    w.byte(separator);
    w.padded(p.day, 2);
}

fn clock(w: &mut Writer, p: &Parts) {
    w.padded(p.hour, 2);
    w.byte(b':');
    w.padded(p.minute, 2);
    w.byte(b':');
    w.padded(p.second, 2);
}

/// CUC: `14:14:10.894` (no date, no zone).
pub(crate) fn time_of_day(w: &mut Writer, unix_ms: i64) {
    let p = parts(unix_ms);
    clock(w, &p);
    w.byte(b'.');
    w.padded(p.milli, 3);
}

/// BroadWorks AS/XSP: `2023.07.28 14:14:10:894 UTC`.
pub(crate) fn broadworks(w: &mut Writer, unix_ms: i64) {
    let p = parts(unix_ms);
    date(w, &p, b'.');
    w.byte(b' ');
    clock(w, &p);
    w.byte(b':');
    w.padded(p.milli, 3);
    w.s(" UTC");
}

/// Tomcat access log: `28/Jul/2023:14:14:10 +0000`.
pub(crate) fn access_log(w: &mut Writer, unix_ms: i64) {
    let p = parts(unix_ms);
    w.padded(p.day, 2);
    w.byte(b'/');
    w.s(MONTHS[(p.month as usize).saturating_sub(1) % 12]);
    w.byte(b'/');
    w.padded(p.year, 4);
    w.byte(b':');
    clock(w, &p);
    w.s(" +0000");
}

/// Webex client: `2023-07-28T14:14:10.894Z`.
pub(crate) fn iso(w: &mut Writer, unix_ms: i64) {
    let p = parts(unix_ms);
    date(w, &p, b'-');
    w.byte(b'T');
    clock(w, &p);
    w.byte(b'.');
    w.padded(p.milli, 3);
    w.byte(b'Z');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_is_the_seed_day() {
        let p = parts(START_MS + 8 * 3_600_000 + 14 * 60_000 + 10_894);
        assert_eq!((p.year, p.month, p.day), (2023, 7, 28));
        assert_eq!((p.hour, p.minute, p.second, p.milli), (14, 14, 10, 894));
    }

    #[test]
    fn leap_day_and_year_end() {
        let day = |y: i64, m: i64, d: i64| {
            // Days from 1970-01-01, by the inverse algorithm, for a few known dates.
            let y = if m <= 2 { y - 1 } else { y };
            let era = y.div_euclid(400);
            let yoe = y - era * 400;
            let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            era * 146_097 + doe - 719_468
        };
        assert_eq!(civil_from_days(day(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(civil_from_days(day(2023, 12, 31)), (2023, 12, 31));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }
}
