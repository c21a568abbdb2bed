//! Line splitting that tolerates CRLF, LF, bare CR and lines of any length.

use std::borrow::Cow;

/// Bytes of one line kept for matching and display; the rest of a longer line is counted
/// and dropped, so a 20 MB single-line file costs linear time and bounded memory.
pub(crate) const MAX_LINE_BYTES: usize = 256 * 1024;

/// One line of a file, already decoded.
#[derive(Debug)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the original file.
    pub(crate) number: u64,
    pub(crate) text: &'a str,
}

/// Splits a byte stream into lines; the result does not depend on chunk boundaries.
#[derive(Debug, Default)]
pub(crate) struct LineSplitter {
    partial: Vec<u8>,
    partial_truncated: bool,
    /// The previous chunk ended in `\r`: a `\n` opening the next chunk belongs to that break.
    skip_leading_lf: bool,
    lines: u64,
    /// Lines longer than [`MAX_LINE_BYTES`], cut for matching and display.
    truncated_lines: u64,
    /// Lines that were not valid UTF-8 and were read as Latin-1.
    latin1_lines: u64,
}

impl LineSplitter {
    pub(crate) fn lines(&self) -> u64 {
        self.lines
    }

    pub(crate) fn truncated_lines(&self) -> u64 {
        self.truncated_lines
    }

    pub(crate) fn latin1_lines(&self) -> u64 {
        self.latin1_lines
    }

    pub(crate) fn feed(&mut self, mut bytes: &[u8], on_line: &mut dyn FnMut(Line<'_>)) {
        if self.skip_leading_lf {
            self.skip_leading_lf = false;
            if let Some(rest) = bytes.strip_prefix(b"\n") {
                bytes = rest;
            }
        }
        // One UTF-8 check for the whole chunk instead of one per line: lines inside its
        // valid part are borrowed from it as they are.
        let chunk = bytes;
        let valid = match std::str::from_utf8(chunk) {
            Ok(text) => text,
            Err(error) => std::str::from_utf8(&chunk[..error.valid_up_to()]).unwrap_or_default(),
        };
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', bytes) {
            let body = &bytes[..pos];
            let start = chunk.len() - bytes.len();
            let after = if bytes[pos] == b'\r' {
                match bytes.get(pos + 1) {
                    Some(b'\n') => pos + 2,
                    Some(_) => pos + 1,
                    None => {
                        self.skip_leading_lf = true;
                        pos + 1
                    }
                }
            } else {
                pos + 1
            };
            if self.partial.is_empty() && !self.partial_truncated {
                match valid.get(start..start + pos) {
                    Some(text) if pos <= MAX_LINE_BYTES => self.emit_text(text, on_line),
                    _ => {
                        let (kept, truncated) = cap(body);
                        self.emit(kept, truncated, on_line);
                    }
                }
            } else {
                self.append(body);
                let partial = std::mem::take(&mut self.partial);
                let truncated = std::mem::take(&mut self.partial_truncated);
                self.emit(&partial, truncated, on_line);
                self.partial = partial;
                self.partial.clear();
            }
            bytes = &bytes[after..];
        }
        self.append(bytes);
    }

    pub(crate) fn finish(&mut self, on_line: &mut dyn FnMut(Line<'_>)) {
        if !self.partial.is_empty() || self.partial_truncated {
            let partial = std::mem::take(&mut self.partial);
            let truncated = std::mem::take(&mut self.partial_truncated);
            self.emit(&partial, truncated, on_line);
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        let room = MAX_LINE_BYTES.saturating_sub(self.partial.len());
        if bytes.len() > room {
            self.partial_truncated = true;
        }
        self.partial.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// A whole line already known to be UTF-8.
    fn emit_text(&mut self, text: &str, on_line: &mut dyn FnMut(Line<'_>)) {
        self.lines += 1;
        on_line(Line { number: self.lines, text });
    }

    fn emit(&mut self, bytes: &[u8], truncated: bool, on_line: &mut dyn FnMut(Line<'_>)) {
        self.lines += 1;
        self.truncated_lines += u64::from(truncated);
        let text = decode_line(bytes, truncated);
        self.latin1_lines += u64::from(matches!(text, Cow::Owned(_)));
        on_line(Line { number: self.lines, text: &text });
    }
}

fn cap(body: &[u8]) -> (&[u8], bool) {
    if body.len() > MAX_LINE_BYTES {
        (&body[..MAX_LINE_BYTES], true)
    } else {
        (body, false)
    }
}

/// UTF-8 when valid; otherwise Latin-1, which maps every byte to a character and so never
/// fails. A UTF-8 sequence cut by the line cap is trimmed rather than turned into Latin-1.
fn decode_line(bytes: &[u8], truncated: bool) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(error) if truncated && error.error_len().is_none() => {
            Cow::Borrowed(std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default())
        }
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(chunks: &[&[u8]]) -> Vec<(u64, String)> {
        let mut splitter = LineSplitter::default();
        let mut out = Vec::new();
        for chunk in chunks {
            splitter.feed(chunk, &mut |l| out.push((l.number, l.text.to_owned())));
        }
        splitter.finish(&mut |l| out.push((l.number, l.text.to_owned())));
        assert_eq!(
            splitter.truncated_lines(),
            out.iter().filter(|l| l.1.len() == MAX_LINE_BYTES).count() as u64
        );
        out
    }

    #[test]
    fn crlf_split_across_chunks_is_one_break() {
        let lines = split(&[b"a\r", b"\nb\rc\n"]);
        let texts: Vec<_> = lines.iter().map(|l| l.1.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }

    #[test]
    fn latin1_line_is_decoded_not_dropped() {
        let lines = split(&[b"caf\xe9\n"]);
        assert_eq!(lines[0].1, "café");
    }

    #[test]
    fn long_line_is_truncated_but_counted_once() {
        let long = vec![b'x'; MAX_LINE_BYTES * 3];
        let lines = split(&[&long[..1000], &long[1000..], b"\nnext"]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].1.len(), MAX_LINE_BYTES);
        assert_eq!(lines[1], (2, "next".to_owned()));
    }
}
