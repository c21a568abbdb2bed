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
