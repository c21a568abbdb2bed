//! How numbers, sizes and times read on the page.

/// A byte count for people: `950 B`, `3.0 KiB`, `12.4 MiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// A count with thousands separators: `1,234,567`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 file`, `3 files`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", count(n as u64))
    }
}

/// A whole percentage of `done` over `total`; an empty total counts as complete.
pub fn percent(done: u64, total: u64) -> u64 {
    if total == 0 {
        100
    } else {
        (done.min(total) as u128 * 100 / total as u128) as u64
    }
}

/// An elapsed time: `850 ms`, `2.4 s`, `3 min 05 s`.
pub fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", ms.round() as u64)
    } else if ms < 60_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        let secs = (ms / 1000.0).round() as u64;
        format!("{} min {:02} s", secs / 60, secs % 60)
    }
}

/// A time from the report, made easier to scan: the ISO `T` becomes a space and a `Z`
/// becomes ` UTC`. Times of day (no date known) are left as they are.
pub fn timestamp(iso: &str) -> String {
    let spaced = iso.replacen('T', " ", 1);
    match spaced.strip_suffix('Z') {
        Some(rest) => format!("{rest} UTC"),
        None => spaced,
    }
}

/// A report time split for a narrow column: the time of day, and the date with its zone
/// when the time has them (`2023-07-28T14:02:11.305Z` -> `14:02:11.305`, `2023-07-28 UTC`).
pub fn time_then_date(iso: &str) -> (String, Option<String>) {
    match timestamp(iso).split_once(' ') {
        Some((date, rest)) if iso.contains('T') => match rest.split_once(' ') {
            Some((time, zone)) => (time.to_owned(), Some(format!("{date} {zone}"))),
            None => (rest.to_owned(), Some(date.to_owned())),
        },
        _ => (iso.to_owned(), None),
    }
}

/// A Unix time in seconds as `2023-07-28 14:14:10`, in a zone `offset_minutes` east of UTC
/// (0 for UTC). Days are counted with the proleptic Gregorian calendar, as JWT times are.
pub fn unix_time(secs: i64, offset_minutes: i64) -> String {
    let t = secs + offset_minutes * 60;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}", rem / 3_600, rem % 3_600 / 60, rem % 60)
}

/// A zone offset in minutes east of UTC as `UTC+02:00`.
pub fn utc_offset(offset_minutes: i64) -> String {
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let m = offset_minutes.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A length of time for people: `45 s`, `7 min 0 s`, `1 h 0 min`, `2 d 3 h`.
pub fn span(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let sign = if seconds < 0 { "-" } else { "" };
    let text = match s {
        0..60 => format!("{s} s"),
        60..3_600 => format!("{} min {} s", s / 60, s % 60),
        3_600..86_400 => format!("{} h {} min", s / 3_600, s % 3_600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3_600),
    };
    format!("{sign}{text}")
}

/// A first/last pair as one range; one end alone, or an equal pair, reads as one time.
/// A note both ends share, such as the core's `(date unknown)`, is said once, at the end.
pub fn time_range(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let (range, note) = time_range_parts(first, last)?;
    Some(match note {
        Some(note) => format!("{range} ({note})"),
        None => range,
    })
}

/// [`time_range`] with the shared note kept apart, for callers that show it their own way.
pub fn time_range_parts(first: Option<&str>, last: Option<&str>) -> Option<(String, Option<String>)> {
    let (first, last) = match (first, last) {
        (Some(a), Some(b)) => (a, b),
        (Some(a), None) | (None, Some(a)) => (a, a),
        (None, None) => return None,
    };
    let ((a, a_note), (b, b_note)) = (split_note(first), split_note(last));
    let (a, b, note) = if a_note == b_note { (a, b, a_note) } else { (first, last, None) };
    let range = if a == b { timestamp(a) } else { format!("{} – {}", timestamp(a), timestamp(b)) };
    Some((range, note.map(str::to_owned)))
}

/// `14:14:11.002 (date unknown)` -> (`14:14:11.002`, `date unknown`).
fn split_note(time: &str) -> (&str, Option<&str>) {
    match time.strip_suffix(')').and_then(|rest| rest.rsplit_once(" (")) {
        Some((time, note)) => (time, Some(note)),
        None => (time, None),
    }
}

/// The last component of a path, for short mentions (`logs/a/b.uc` -> `b.uc`).
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\', '!']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_pick_a_readable_unit() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(3040), "3.0 KiB");
        assert_eq!(bytes(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn percent_handles_empty_and_overshoot() {
        assert_eq!(percent(0, 0), 100);
        assert_eq!(percent(50, 200), 25);
        assert_eq!(percent(300, 200), 100);
    }

    #[test]
    fn durations_scale() {
        assert_eq!(duration(850.0), "850 ms");
        assert_eq!(duration(2_400.0), "2.4 s");
        assert_eq!(duration(185_000.0), "3 min 05 s");
    }

    #[test]
    fn timestamps_read_naturally() {
        assert_eq!(timestamp("2023-07-28T14:14:10.894Z"), "2023-07-28 14:14:10.894 UTC");
        assert_eq!(timestamp("14:14:10.894"), "14:14:10.894");
        assert_eq!(time_range(Some("14:00"), Some("14:00")).as_deref(), Some("14:00"));
        assert_eq!(time_range(Some("14:00"), Some("15:00")).as_deref(), Some("14:00 – 15:00"));
        assert_eq!(time_range(None, None), None);
    }

    #[test]
    fn a_time_splits_into_time_of_day_then_date() {
        assert_eq!(
            time_then_date("2023-07-28T14:02:11.305Z"),
            ("14:02:11.305".to_owned(), Some("2023-07-28 UTC".to_owned()))
        );
        assert_eq!(
            time_then_date("14:02:11.305 (date unknown)"),
            ("14:02:11.305 (date unknown)".to_owned(), None)
        );
    }

    #[test]
    fn unix_times_in_utc_and_in_a_zone() {
        assert_eq!(unix_time(1_690_553_650, 0), "2023-07-28 14:14:10");
        assert_eq!(unix_time(1_690_553_650, 120), "2023-07-28 16:14:10");
        assert_eq!(unix_time(1_690_553_650, -15 * 60), "2023-07-27 23:14:10");
        assert_eq!(unix_time(0, 0), "1970-01-01 00:00:00");
        assert_eq!(unix_time(951_782_400, 0), "2000-02-29 00:00:00");
        assert_eq!(unix_time(-1, 0), "1969-12-31 23:59:59");
        assert_eq!(utc_offset(120), "UTC+02:00");
        assert_eq!(utc_offset(-270), "UTC-04:30");
    }

    #[test]
    fn spans_pick_their_units() {
        assert_eq!(span(45), "45 s");
        assert_eq!(span(420), "7 min 0 s");
        assert_eq!(span(-420), "-7 min 0 s");
        assert_eq!(span(3_600), "1 h 0 min");
        assert_eq!(span(90_000), "1 d 1 h");
    }

    #[test]
    fn a_shared_note_is_said_once() {
        let (a, b) = ("14:14:11.002 (date unknown)", "14:24:10.330 (date unknown)");
        assert_eq!(
            time_range(Some(a), Some(b)).as_deref(),
            Some("14:14:11.002 – 14:24:10.330 (date unknown)")
        );
        assert_eq!(
            time_range_parts(Some(a), Some(a)),
            Some(("14:14:11.002".to_owned(), Some("date unknown".to_owned())))
        );
        let mixed = time_range(Some(a), Some("2023-07-28T14:00:00Z"));
        assert_eq!(mixed.as_deref(), Some("14:14:11.002 (date unknown) – 2023-07-28 14:00:00 UTC"));
    }

    #[test]
    fn file_names_drop_folders_and_archives() {
        assert_eq!(file_name("logs/a/b.uc"), "b.uc");
        assert_eq!(file_name("bundle.zip!/inner.log"), "inner.log");
        assert_eq!(file_name("plain.log"), "plain.log");
    }
}
