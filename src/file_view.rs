//! How the file list reads the report's rows: grouped under the files the user gave (an
//! archive yields many rows), archive paths split for display, and where each file's times
//! came from.

use std::ops::Range;

use loupe_core::FileSummary;

use crate::state::{InputFile, TimeCorrection};

/// Separates an archive from a path inside it: `bundle.zip!/logs/a.log`.
const MEMBER_SEPARATOR: &str = "!/";

/// The report's rows that came from one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileGroup {
    /// The input, by its index in the job; `None` for rows no input claims (should not
    /// happen, but such rows are still shown).
    pub input: Option<usize>,
    /// The rows, as a range of the report's `files`.
    pub rows: Range<usize>,
}

/// Groups rows under inputs. The worker reads inputs in order and the core names an
/// archive's rows after it (`a.zip!/...`, then `a.zip` if the archive itself had a problem),
/// so each input's rows are the next run of rows that carry its path, ending at the first
/// row named exactly like it; walking in order keeps two inputs of the same name apart.
pub fn group(inputs: &[InputFile], rows: &[FileSummary]) -> Vec<FileGroup> {
    let mut groups = Vec::with_capacity(inputs.len());
    let mut next = 0;
    for (index, input) in inputs.iter().enumerate() {
        let start = next;
        while let Some(row) = rows.get(next).filter(|row| belongs_to(&row.path, &input.path)) {
            next += 1;
            // A row for the input itself comes last: after an archive's members, if at all.
            if row.path == input.path {
                break;
            }
        }
        groups.push(FileGroup { input: Some(index), rows: start..next });
    }
    groups.extend((next..rows.len()).map(|row| FileGroup { input: None, rows: row..row + 1 }));
    groups
}

fn belongs_to(row: &str, input: &str) -> bool {
    row == input || row.strip_prefix(input).is_some_and(|rest| rest.starts_with(MEMBER_SEPARATOR))
}

/// True for a row that stands for an archive itself (its problem, or its emptiness) rather
/// than a log: the core labels those rows' encoding `archive`.
pub fn is_archive_row(row: &FileSummary) -> bool {
    row.encoding == "archive"
}

/// A member's path split for display: the archives it sits in (`a.zip!/x/b.tgz!/`), dimmed
/// on the page, and its own path inside the innermost one (`logs/c.log`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberPath<'a> {
    /// Everything up to and including the last `!/`; empty for a loose file.
    pub containers: &'a str,
    /// The path inside the innermost archive.
    pub inner: &'a str,
    /// How many archives deep it is: 0 for a loose file.
    pub depth: usize,
}

/// Splits `a.zip!/x/b.tgz!/logs/c.log`.
pub fn member_path(path: &str) -> MemberPath<'_> {
    match path.rfind(MEMBER_SEPARATOR) {
        Some(at) => {
            let (containers, inner) = path.split_at(at + MEMBER_SEPARATOR.len());
            MemberPath { containers, inner, depth: path.matches(MEMBER_SEPARATOR).count() }
        }
        None => MemberPath { containers: "", inner: path, depth: 0 },
    }
}

/// The row that stands for the files a table leaves out: "and 46 more files (656.0 MiB),
/// listed with the report".
pub fn more_files(hidden: &[InputFile], running: bool) -> String {
    let files = crate::format::plural(hidden.len(), "more file", "more files");
    let bytes = hidden.iter().map(|f| f.size).sum::<Option<u64>>();
    let bytes = bytes.map(|b| format!(" ({})", crate::format::bytes(b))).unwrap_or_default();
    let then = if running { ", listed with the report" } else { "" };
    format!("and {files}{bytes}{then}")
}

/// A file's time range, short enough for a table cell: a range within one day names the
/// day once (`2023-07-28 14:14:10.894 – 14:24:12.002 UTC`). The core's "(date unknown)"
/// note is left out: the row says where its date came from.
pub fn compact_range(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let same_day = |a: &str, b: &str| {
        let (a, b) = (a.strip_suffix('Z')?, b.strip_suffix('Z')?);
        let ((day_a, time_a), (day_b, time_b)) = (a.split_once('T')?, b.split_once('T')?);
        (day_a == day_b && time_a != time_b).then(|| format!("{day_a} {time_a} – {time_b} UTC"))
    };
    if let (Some(a), Some(b)) = (first, last) {
        if let Some(range) = same_day(a, b) {
            return Some(range);
        }
    }
    crate::format::time_range_parts(first, last).map(|(range, _)| range)
}

/// Where a file's date came from, for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrigin {
    /// Short text: `from the lines`, `no date`, ...
    pub label: &'static str,
    /// The date was guessed, so the times may be off by days.
    pub assumed: bool,
    /// The user set it.
    pub corrected: bool,
}

/// Reads the core's `date_source`; `None` for a file without times, where a date is moot.
pub fn date_origin(row: &FileSummary) -> Option<DateOrigin> {
    if row.first_time.is_none() && row.last_time.is_none() {
        return None;
    }
    let (label, assumed, corrected) = match row.date_source.as_deref() {
        Some("line") => ("date from the lines", false, false),
        Some("file name") => ("date from the file name", false, false),
        Some("file header") => ("date from the file header", false, false),
        // The badge completes these: "date set by you", "date from other files assumed".
        Some("override") => ("date", false, true),
        Some("other files") => ("date from other files", true, false),
        Some("current year") => ("year: the current one", true, false),
        // A source this page does not know yet is still not the lines themselves.
        Some(_) => ("date inferred", true, false),
        None => ("no date, time of day only", true, false),
    };
    Some(DateOrigin { label, assumed, corrected })
}

/// What kind of archive a name suggests, for the heading of an archive the core opened
/// (it judged by content; this is only the label).
pub fn archive_kind(path: &str) -> &'static str {
    let name = path.to_ascii_lowercase();
    [(".tar.gz", "tar.gz"), (".tgz", "tar.gz"), (".zip", "zip"), (".tar", "tar"), (".gz", "gzip")]
        .into_iter()
        .find(|(ending, _)| name.ends_with(ending))
        .map_or("archive", |(_, kind)| kind)
}

/// True when the file's zone is the one the user set (its lines named none). A correction
/// to UTC cannot be told apart from lines that say UTC, so it is claimed only for the lines
/// of a file that named some other zone too.
pub fn zone_corrected(row: &FileSummary, correction: &TimeCorrection) -> bool {
    let Some(minutes) = correction.utc_offset_minutes else { return false };
    let label = utc_offset_label(minutes);
    !row.zone_assumed
        && ((minutes != 0 && row.zone == label)
            || row.zone.ends_with(&format!("lines without a zone: {label}")))
}

/// True when some of a file's times rest on a guess the user can correct.
pub fn time_assumed(row: &FileSummary) -> bool {
    date_origin(row).is_some_and(|origin| origin.assumed) || (row.zone_assumed && date_origin(row).is_some())
}

/// `UTC`, `UTC+05:30`, `UTC-03:00`: the same words the core uses for an offset.
pub fn utc_offset_label(minutes: i32) -> String {
    if minutes == 0 {
        "UTC".to_owned()
    } else {
        let sign = if minutes < 0 { '-' } else { '+' };
        format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
    }
}

/// The offsets in use somewhere on Earth, west to east, in minutes: the choices of the zone
/// correction (a list of every quarter hour would bury the real ones).
pub const UTC_OFFSETS: [i32; 38] = [
    -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0, 60, 120, 180, 210,
    240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765, 780, 840,
];

#[cfg(test)]
mod tests {
    use super::*;
    use loupe_core::FileStatus;

    fn row(path: &str) -> FileSummary {
        FileSummary {
            path: path.to_owned(),
            format: "plain".to_owned(),
            status: FileStatus::Ok,
            message: None,
            bytes: 1,
            lines: 1,
            entries: 1,
            encoding: "utf-8".to_owned(),
            first_time: Some("14:14:10.894".to_owned()),
            last_time: None,
            date_source: None,
            zone: "UTC".to_owned(),
            zone_assumed: true,
        }
    }

    fn input(path: &str) -> InputFile {
        InputFile { path: path.to_owned(), size: Some(1) }
    }

    #[test]
    fn archive_members_and_its_own_row_group_under_it() {
        let inputs = [input("a.log"), input("b.zip"), input("c.log")];
        let rows = [row("a.log"), row("b.zip!/x/1.log"), row("b.zip!/2.log"), row("b.zip"), row("c.log")];
        let groups = group(&inputs, &rows);
        assert_eq!(groups.iter().map(|g| g.rows.clone()).collect::<Vec<_>>(), [0..1, 1..4, 4..5]);
    }

    #[test]
    fn a_name_that_merely_starts_alike_is_not_a_member() {
        let groups = group(&[input("b.zip"), input("b.zip2")], &[row("b.zip"), row("b.zip2")]);
        assert_eq!(groups[0].rows, 0..1);
        assert_eq!(groups[1].rows, 1..2);
    }

    #[test]
    fn same_named_inputs_each_keep_their_own_row() {
        let groups = group(&[input("a.log"), input("a.log")], &[row("a.log"), row("a.log")]);
        assert_eq!(groups[0].rows, 0..1);
        assert_eq!(groups[1].rows, 1..2);
    }

    #[test]
    fn unclaimed_rows_are_still_shown() {
        let groups = group(&[input("a.log")], &[row("a.log"), row("other.log")]);
        assert_eq!(groups[1], FileGroup { input: None, rows: 1..2 });
    }

    #[test]
    fn the_files_left_out_are_counted_with_their_size_once_known() {
        let mut hidden = vec![input("a.log"), input("b.log")];
        assert_eq!(more_files(&hidden, true), "and 2 more files (2 B), listed with the report");
        assert_eq!(more_files(&hidden[..1], false), "and 1 more file (1 B)");
        hidden[1].size = None;
        assert_eq!(more_files(&hidden, true), "and 2 more files, listed with the report");
    }

    #[test]
    fn member_paths_split_at_the_innermost_archive() {
        let nested = member_path("a.zip!/x/b.tgz!/logs/c.log");
        assert_eq!((nested.containers, nested.inner, nested.depth), ("a.zip!/x/b.tgz!/", "logs/c.log", 2));
        let loose = member_path("traces/node1/diag.uc");
        assert_eq!((loose.containers, loose.inner, loose.depth), ("", "traces/node1/diag.uc", 0));
    }

    #[test]
    fn assumed_times_are_told_apart_from_read_ones() {
        let mut cuc = row("diag.uc");
        assert!(time_assumed(&cuc));
        assert_eq!(date_origin(&cuc).map(|o| o.label), Some("no date, time of day only"));
        cuc.date_source = Some("override".into());
        cuc.zone_assumed = false;
        cuc.zone = "UTC+02:00".into();
        assert!(!time_assumed(&cuc));
        assert!(date_origin(&cuc).is_some_and(|o| o.corrected));
        let correction = TimeCorrection { date: None, utc_offset_minutes: Some(120) };
        assert!(zone_corrected(&cuc, &correction));
        let mut webex = row("current_log.txt");
        webex.zone_assumed = false;
        let to_utc = TimeCorrection { date: None, utc_offset_minutes: Some(0) };
        assert!(!zone_corrected(&webex, &to_utc), "lines that say UTC were not corrected");
        let mut untimed = row("empty.log");
        untimed.first_time = None;
        assert!(!time_assumed(&untimed));
    }

    #[test]
    fn a_range_within_one_day_names_the_day_once() {
        let (a, b) = ("2023-07-28T14:14:10.894Z", "2023-07-28T14:24:12.002Z");
        assert_eq!(
            compact_range(Some(a), Some(b)).as_deref(),
            Some("2023-07-28 14:14:10.894 – 14:24:12.002 UTC")
        );
        let next_day = compact_range(Some(a), Some("2023-07-29T01:00:00.000Z"));
        assert_eq!(next_day.as_deref(), Some("2023-07-28 14:14:10.894 UTC – 2023-07-29 01:00:00.000 UTC"));
        assert_eq!(compact_range(Some(a), Some(a)).as_deref(), Some("2023-07-28 14:14:10.894 UTC"));
        let undated = compact_range(Some("14:14:10.894 (date unknown)"), Some("14:24:12.002 (date unknown)"));
        assert_eq!(undated.as_deref(), Some("14:14:10.894 – 14:24:12.002"));
    }

    #[test]
    fn offsets_read_like_the_core_and_run_west_to_east() {
        assert_eq!(utc_offset_label(0), "UTC");
        assert_eq!(utc_offset_label(330), "UTC+05:30");
        assert_eq!(utc_offset_label(-210), "UTC-03:30");
        assert!(UTC_OFFSETS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!((UTC_OFFSETS[0], UTC_OFFSETS[UTC_OFFSETS.len() - 1]), (-720, 840));
    }
}
