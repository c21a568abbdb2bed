//! Files once they are read: what the report says about each, kept apart from the
//! machinery that read it so that a shard can carry it to another analysis.

use serde::{Deserialize, Serialize};

use crate::analysis::FileState;
use crate::report::{FileStatus, FileSummary};
use crate::time::{DateSource, FileClock};

/// A file as an analysis holds it: still being read, or read (here, or by a shard).
pub(crate) enum FileSlot {
    Open(Box<FileState>),
    Settled(Box<SettledFile>),
}

impl FileSlot {
    pub(crate) fn path(&self) -> &str {
        match self {
            FileSlot::Open(state) => &state.path,
            FileSlot::Settled(settled) => &settled.path,
        }
    }

    pub(crate) fn clock(&self) -> &FileClock {
        match self {
            FileSlot::Open(state) => &state.clock,
            FileSlot::Settled(settled) => &settled.clock,
        }
    }

    pub(crate) fn settled(&self) -> SettledFile {
        match self {
            FileSlot::Open(state) => settle(state),
            FileSlot::Settled(settled) => (**settled).clone(),
        }
    }
}

/// Everything the report says about a read file, but its times: those wait until every
/// file's clock is known (undated files borrow a date from the others).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SettledFile {
    path: String,
    format: String,
    status: FileStatus,
    message: Option<String>,
    bytes: u64,
    lines: u64,
    entries: u64,
    encoding: String,
    clock: FileClock,
}

/// A whole shard (see `shard.rs`): its files in order, then the findings store's and each
/// detector's state, packed on their own because only they know their types.
#[derive(Serialize, Deserialize)]
pub(crate) struct Shard {
    pub(crate) layout: String,
    pub(crate) files: Vec<SettledFile>,
    pub(crate) findings: Vec<u8>,
    pub(crate) detectors: Vec<Vec<u8>>,
}

impl SettledFile {
    /// The report's row, with times read through `clock`, the file's resolved clock.
    pub(crate) fn summary(self, clock: &FileClock) -> FileSummary {
        let (first_time, last_time) = clock.range_strings();
        FileSummary {
            path: self.path,
            format: self.format,
            status: self.status,
            message: self.message,
            bytes: self.bytes,
            lines: self.lines,
            entries: self.entries,
            encoding: self.encoding,
            first_time,
            last_time,
            date_source: clock.date_source().map(DateSource::as_str).map(str::to_owned),
            zone: clock.zone_label(),
            zone_assumed: clock.zone_assumed(),
        }
    }
}

fn settle(state: &FileState) -> SettledFile {
    let (status, message) = if let Some(error) = &state.read_error {
        (FileStatus::Error, Some(error.clone()))
    } else if let Some(reason) = &state.skip_reason {
        (FileStatus::Skipped, Some(reason.clone()))
    } else if state.decoder.is_binary() {
        (FileStatus::Skipped, Some("binary file (NUL bytes near the start); not a log".to_owned()))
    } else if state.bytes == 0 {
        (FileStatus::Skipped, Some("empty file".to_owned()))
    } else if let Some(problem) = state.sniffer.problem() {
        (FileStatus::Ok, Some(problem))
    } else if state.splitter.truncated_lines() > 0 {
        let cut = state.splitter.truncated_lines();
        (
            FileStatus::Ok,
            Some(format!("{cut} very long line(s) were cut to 256 KiB for matching and display")),
        )
    } else {
        (FileStatus::Ok, None)
    };
    SettledFile {
        path: state.path.clone(),
        format: state.container.unwrap_or_else(|| state.sniffer.format_name()).to_owned(),
        status,
        message,
        bytes: state.bytes,
        lines: state.splitter.lines(),
        entries: state.entries,
        encoding: encoding_label(state),
        clock: state.clock.clone(),
    }
}

fn encoding_label(state: &FileState) -> String {
    if state.container.is_some() {
        return "archive".to_owned();
    }
    let name = state.decoder.encoding_name();
    match state.splitter.latin1_lines() {
        0 => name.to_owned(),
        n => format!("{name}; {n} line(s) not UTF-8, read as Latin-1"),
    }
}
