//! Entry assembly: a header line plus the continuation lines that belong to it.

use serde::{Deserialize, Serialize};

use crate::formats::LineClass;
use crate::lines::Line;
use crate::time::RawStamp;

/// Continuation lines kept per entry; a runaway entry (a huge XML dump) is cut here so that
/// detectors see a bounded amount of text.
const MAX_ENTRY_LINES: usize = 400;
const MAX_ENTRY_BYTES: usize = 512 * 1024;

/// One log entry as detectors see it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The entry's text, its lines joined by `\n`.
    pub(crate) text: String,
    /// `(line number in the file, byte offset in text)` for each kept line.
    pub(crate) lines: Vec<(u64, usize)>,
    pub(crate) stamp: Option<RawStamp>,
    /// True when the entry reached its size limit and later lines of it were left out (or,
    /// for formats that split, carried into the next entry).
    pub(crate) cut: bool,
}

/// How large one entry may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EntryLimits {
    pub(crate) max_lines: usize,
    pub(crate) max_bytes: usize,
    /// Start a new entry with the overflowing line instead of dropping it, so that nothing
    /// goes unsearched (a JSON document larger than the cap).
    pub(crate) split_on_overflow: bool,
}

impl Default for EntryLimits {
    fn default() -> Self {
        Self { max_lines: MAX_ENTRY_LINES, max_bytes: MAX_ENTRY_BYTES, split_on_overflow: false }
    }
}

impl Entry {
    /// The file line number and text of the line holding byte `offset` of the entry text.
    pub(crate) fn line_at(&self, offset: usize) -> (u64, &str) {
        let index = match self.lines.binary_search_by_key(&offset, |&(_, start)| start) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (number, start) = self.lines.get(index).copied().unwrap_or((0, 0));
        let end = self.lines.get(index + 1).map_or(self.text.len(), |&(_, next)| next.saturating_sub(1));
        (number, self.text.get(start..end).unwrap_or_default())
    }

    fn clear(&mut self) {
        self.text.clear();
        self.lines.clear();
        self.stamp = None;
        self.cut = false;
    }
}

/// Groups lines into entries and hands each finished entry on.
#[derive(Debug, Default)]
pub(crate) struct EntryAssembler {
    current: Entry,
    open: bool,
}

impl EntryAssembler {
    pub(crate) fn push(
        &mut self,
        line: Line<'_>,
        class: LineClass,
        limits: EntryLimits,
        emit: &mut dyn FnMut(&Entry),
    ) {
        if class.starts_entry || !self.open {
            self.flush(emit);
            self.open = true;
            self.current.stamp = class.stamp;
        } else if self.current.lines.len() >= limits.max_lines
            || self.current.text.len() + line.text.len() > limits.max_bytes
        {
            self.current.cut = true;
            if !limits.split_on_overflow {
                return;
            }
            let stamp = self.current.stamp;
            self.flush(emit);
            self.open = true;
            self.current.stamp = stamp;
            self.current.cut = true;
        }
        if !self.current.lines.is_empty() {
            self.current.text.push('\n');
        }
        self.current.lines.push((line.number, self.current.text.len()));
        self.current.text.push_str(line.text);
    }

    pub(crate) fn finish(&mut self, emit: &mut dyn FnMut(&Entry)) {
        self.flush(emit);
    }

    fn flush(&mut self, emit: &mut dyn FnMut(&Entry)) {
        if self.open {
            emit(&self.current);
            self.current.clear();
            self.open = false;
        }
    }
}
