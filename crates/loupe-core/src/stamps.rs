//! Hand-written timestamp readers for the shapes that nearly every log uses. They are
//! cheaper than chrono's format parser (which re-reads its format string on every call)
//! and accept the small variations real files have (`T` or space, `.` `,` or `:` before
//! the fraction).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Bytes at the start of a plain-text line searched for a timestamp.
const PLAIN_SNIFF_BYTES: usize = 64;

/// Reads `YYYY-MM-DD[T ]HH:MM:SS[.fff]` (also `.` or `/` between date parts, and `,` or `:`
/// before the fraction) at the start of `text`. Returns the time and the bytes consumed.
pub(crate) fn iso(text: &[u8]) -> Option<(NaiveDateTime, usize)> {
    if text.len() < 19 {
        return None;
    }
    let date_sep = text[4];
    if !matches!(date_sep, b'-' | b'.' | b'/') || text[7] != date_sep || !matches!(text[10], b'T' | b' ') {
        return None;
    }
    if text[13] != b':' || text[16] != b':' {
        return None;
    }
    let year = digits(&text[0..4])?;
    let month = digits(&text[5..7])?;
    let day = digits(&text[8..10])?;
    let hour = digits(&text[11..13])?;
    let minute = digits(&text[14..16])?;
    let second = digits(&text[17..19])?;
    let mut used = 19;
    let mut nanos = 0u32;
    if matches!(text.get(19), Some(b'.' | b',' | b':')) {
        let fraction: &[u8] = &text[20..];
        let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if count > 0 {
            let kept = count.min(9);
            nanos = digits(&fraction[..kept])? * 10u32.pow(9 - kept as u32);
            used = 20 + count;
        }
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)?;
    Some((date.and_time(time), used))
}

/// Reads a time of day, `HH:MM:SS` with an optional `.fff`, at the start of `text`. Returns
/// the time and the bytes consumed.
pub(crate) fn clock(text: &[u8]) -> Option<(NaiveTime, usize)> {
    if text.len() < 8 || text[2] != b':' || text[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (digits(&text[0..2])?, digits(&text[3..5])?, digits(&text[6..8])?);
    let mut used = 8;
    let mut nanos = 0;
    if text.get(8) == Some(&b'.') {
        let count = text[9..].iter().take_while(|b| b.is_ascii_digit()).count();
        if count > 0 {
            let kept = count.min(9);
            nanos = digits(&text[9..9 + kept])? * 10u32.pow(9 - kept as u32);
            used = 9 + count;
        }
    }
    Some((NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)?, used))
}

/// Reads an access log's `28/Jul/2023:14:14:10` (Common Log Format, optionally with `.fff`)
/// at the start of `text`. Returns the time and the bytes consumed.
pub(crate) fn clf(text: &[u8]) -> Option<(NaiveDateTime, usize)> {
    if text.len() < 20 || text[2] != b'/' || text[6] != b'/' || text[11] != b':' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(digits(&text[7..11])?).ok()?,
        month_number(&text[3..6])?,
        digits(&text[0..2])?,
    )?;
    let (time, used) = clock(&text[12..])?;
    Some((date.and_time(time), 12 + used))
}

/// Reads a classic syslog stamp, `Jul 28 14:14:10` or `Aug  1 00:00:03`, as month, day and
/// time of day.
pub(crate) fn syslog(text: &[u8]) -> Option<(u32, u32, NaiveTime)> {
    if text.len() < 15 || text[3] != b' ' || text[6] != b' ' {
        return None;
    }
    let month = month_number(&text[0..3])?;
    let day = match text[4] {
        b' ' => digits(&text[5..6])?,
        _ => digits(&text[4..6])?,
    };
    if text[9] != b':' || text[12] != b':' {
        return None;
    }
    let time = NaiveTime::from_hms_opt(digits(&text[7..9])?, digits(&text[10..12])?, digits(&text[13..15])?)?;
    (1..=31).contains(&day).then_some((month, day, time))
}

/// A best-effort timestamp near the start of a line of unknown format: the first ISO-like
/// date-time in its opening bytes, with a zone when one follows it directly.
pub(crate) fn sniff(line: &str) -> Option<(NaiveDateTime, Option<&str>)> {
    let bytes = line.as_bytes();
    let window = &bytes[..bytes.len().min(PLAIN_SNIFF_BYTES)];
    // Cheap rejection: every shape we read has a `:` between hours and minutes.
    memchr::memchr(b':', window)?;
    for start in 0..window.len().saturating_sub(18) {
        let at_boundary = start == 0 || !bytes[start - 1].is_ascii_digit();
        if !at_boundary || !bytes[start].is_ascii_digit() || bytes[start] == b'0' {
            continue;
        }
        if let Some((time, used)) = iso(&bytes[start..]) {
            let rest = &line[start + used..];
            return Some((time, zone_prefix(rest)));
        }
    }
    None
}

/// A zone glued to a timestamp: `Z`, `+02:00`, `-0500`.
fn zone_prefix(rest: &str) -> Option<&str> {
    let bytes = rest.as_bytes();
    match bytes.first()? {
        b'Z' => Some(&rest[..1]),
        b'+' | b'-' => {
            let len = bytes[1..].iter().take_while(|b| b.is_ascii_digit() || **b == b':').count();
            matches!(len, 2 | 4 | 5).then(|| &rest[..=len])
        }
        _ => None,
    }
}

fn month_number(name: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] =
        [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];
    MONTHS.iter().position(|m| m.eq_ignore_ascii_case(name)).map(|i| i as u32 + 1)
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clf_reads_access_log_stamps() {
        let (time, used) = clf(b"28/Jul/2023:14:14:10 +0000]").expect("a stamp");
        assert_eq!(time.to_string(), "2023-07-28 14:14:10");
        assert_eq!(used, 20);
        let (time, used) = clf(b"01/Aug/2023:00:00:03.250 -0500]").expect("a stamp");
        assert_eq!(time.to_string(), "2023-08-01 00:00:03.250");
        assert_eq!(used, 24);
        assert_eq!(clf(b"28/Foo/2023:14:14:10 +0000]"), None);
        assert_eq!(clf(b"2023-07-28T14:14:10"), None);
    }

    #[test]
    fn iso_variants_all_read() {
        for text in [
            "2023-07-28T14:14:10.894Z",
            "2023-07-28 14:14:10,894 ERROR",
            "2023.07.28 14:14:10:894 UTC",
            "2023/07/28 14:14:10.894000",
        ] {
            let (time, _) = iso(text.as_bytes()).unwrap_or_else(|| panic!("{text} should parse"));
            assert_eq!(time.format("%Y-%m-%d %H:%M:%S%.3f").to_string(), "2023-07-28 14:14:10.894");
        }
        assert!(iso(b"2023-07-28 14:14:10").is_some());
        assert!(iso(b"2023-13-28 14:14:10").is_none());
    }

    #[test]
    fn clock_reads_times_of_day() {
        let (time, used) = clock(b"14:14:10.894 |3917").expect("parses");
        assert_eq!((time.format("%H:%M:%S%.3f").to_string(), used), ("14:14:10.894".to_owned(), 12));
        assert_eq!(clock(b"09:02:33 x").map(|(_, used)| used), Some(8));
        assert!(clock(b"9:02:33").is_none());
    }

    #[test]
    fn syslog_reads_space_padded_days() {
        let (month, day, time) = syslog(b"Aug  1 00:00:03 host").expect("parses");
        assert_eq!((month, day), (8, 1));
        assert_eq!(time, NaiveTime::from_hms_opt(0, 0, 3).expect("valid"));
    }

    #[test]
    fn plain_sniff_finds_a_stamp_after_a_prefix() {
        let (time, zone) = sniff("[main] 2023-07-28T14:14:10+02:00 started").expect("found");
        assert_eq!(time.format("%H:%M").to_string(), "14:14");
        assert_eq!(zone, Some("+02:00"));
        assert!(sniff("no time here at all").is_none());
        assert!(sniff("{\"time\":\"2023-07-28T14:14:10.894Z\",\"level\":\"error\"}").is_some());
    }
}
