//! Small JSON documents (key files, subscription resources) reassembled from whatever entries
//! the pipeline cut them into, so they can be parsed whole at the end of the file.
//!
//! Only files whose first non-blank text is `{` or `[` are kept, and only up to a cap: a key
//! file is a few KiB, and a log that merely starts with a brace must not fill memory.

use crate::analysis::FileId;
use crate::entry::Entry;

/// The largest document kept.
const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

enum State {
    Undecided,
    NotADocument,
    Document { entry: Entry, overflow: bool },
}

/// One buffer per file still being read, indexed by file: looked up for every entry, so a
/// vector beats hashing.
#[derive(Default)]
pub(crate) struct DocumentBuffers {
    files: Vec<State>,
}

impl DocumentBuffers {
    /// Keeps the entry if it belongs to a JSON document (or, with `whole_file`, to any
    /// document: a plain text with no log structure); returns whether it was kept. Past the
    /// cap nothing more is kept, and the caller reads the rest entry by entry.
    pub(crate) fn offer(&mut self, file: FileId, entry: &Entry, whole_file: bool) -> bool {
        if self.files.len() <= file.0 {
            self.files.resize_with(file.0 + 1, || State::Undecided);
        }
        let state = &mut self.files[file.0];
        if matches!(state, State::Undecided) {
            let start = entry.text.trim_start_matches('\u{feff}').trim_start();
            if start.is_empty() && !whole_file {
                return false;
            }
            *state = if whole_file || start.starts_with('{') || start.starts_with('[') {
                State::Document { entry: Entry::default(), overflow: false }
            } else {
                State::NotADocument
            };
        }
        let State::Document { entry: document, overflow } = state else { return false };
        if *overflow || document.text.len() + entry.text.len() + 1 > MAX_DOCUMENT_BYTES {
            *overflow = true;
            return false;
        }
        for &(number, start) in &entry.lines {
            if !document.text.is_empty() || !document.lines.is_empty() {
                document.text.push('\n');
            }
            let end = entry
                .lines
                .iter()
                .find(|&&(_, next)| next > start)
                .map_or(entry.text.len(), |&(_, next)| next.saturating_sub(1));
            document.lines.push((number, document.text.len()));
            document.text.push_str(entry.text.get(start..end).unwrap_or_default());
        }
        true
    }

    /// The document a file held, once the file has ended; `None` for other files. A document
    /// cut at the cap is returned as far as it went, with `true`.
    /// True while `file` may still turn out to be a document, or is one with room left.
    pub(crate) fn wants(&self, file: FileId) -> bool {
        match self.files.get(file.0) {
            None | Some(State::Undecided) => true,
            Some(State::Document { overflow, .. }) => !overflow,
            Some(State::NotADocument) => false,
        }
    }

    pub(crate) fn take(&mut self, file: FileId) -> Option<(Entry, bool)> {
        let state = std::mem::replace(self.files.get_mut(file.0)?, State::NotADocument);
        match state {
            State::Document { entry, overflow } => Some((entry, overflow)),
            State::Undecided | State::NotADocument => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(lines: &[(u64, &str)]) -> Entry {
        let mut entry = Entry::default();
        for (number, text) in lines {
            if !entry.text.is_empty() || !entry.lines.is_empty() {
                entry.text.push('\n');
            }
            entry.lines.push((*number, entry.text.len()));
            entry.text.push_str(text);
        }
        entry
    }

    #[test]
    fn lines_keep_their_numbers_across_entries() {
        let mut buffers = DocumentBuffers::default();
        let file = FileId(0);
        assert!(!buffers.offer(file, &entry(&[(1, "")]), false));
        assert!(buffers.offer(file, &entry(&[(2, "{"), (3, "\"type\": \"x\",")]), false));
        assert!(buffers.offer(file, &entry(&[(4, "}")]), false));
        let (document, overflow) = buffers.take(file).expect("a document");
        assert!(!overflow);
        assert_eq!(document.text, "{\n\"type\": \"x\",\n}");
        assert_eq!(document.line_at(document.text.find("type").unwrap_or(0)).0, 3);
    }

    #[test]
    fn logs_are_not_documents() {
        let mut buffers = DocumentBuffers::default();
        assert!(!buffers.offer(FileId(1), &entry(&[(1, "14:14:10.894 |3917,,,x")]), false));
        assert!(!buffers.offer(FileId(1), &entry(&[(2, "{ \"error\": 1 }")]), false));
        assert!(buffers.take(FileId(1)).is_none());
    }
}
