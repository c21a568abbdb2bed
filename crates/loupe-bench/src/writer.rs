//! A byte buffer that spills to a file: every log line is appended in place, so generating a
//! gigabyte allocates nothing per line and makes one `write` per megabyte.

use std::fs::File;
use std::io::{self, Write};

const SPILL_BYTES: usize = 1 << 20;

pub(crate) struct Writer {
    file: File,
    buf: Vec<u8>,
    spilled: u64,
    lines: u64,
    /// The first I/O error; later writes are dropped and the caller sees it at `finish`.
    error: Option<io::Error>,
}

impl Writer {
    pub(crate) fn new(file: File) -> Self {
        Self { file, buf: Vec::with_capacity(SPILL_BYTES + 64 * 1024), spilled: 0, lines: 0, error: None }
    }

    /// Bytes written so far, buffered or not.
    pub(crate) fn bytes(&self) -> u64 {
        self.spilled + self.buf.len() as u64
    }

    pub(crate) fn lines(&self) -> u64 {
        self.lines
    }

    pub(crate) fn s(&mut self, text: &str) {
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Text spanning several lines; its line breaks are counted.
    pub(crate) fn block(&mut self, text: &str) {
        self.lines += count_newlines(text.as_bytes());
        self.s(text);
        self.spill_if_full();
    }

    pub(crate) fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    /// Ends the current line.
    pub(crate) fn nl(&mut self) {
        self.buf.push(b'\n');
        self.lines += 1;
        self.spill_if_full();
    }

    pub(crate) fn num(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&digits[at..]);
    }

    /// `n` zero-padded to `width` digits (`width` ≤ 20).
    pub(crate) fn padded(&mut self, mut n: u64, width: usize) {
        let start = self.buf.len();
        self.buf.resize(start + width, b'0');
        for slot in self.buf[start..].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }

    /// The low `width` hex digits of `n`, lower case.
    pub(crate) fn hex(&mut self, n: u64, width: usize) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for shift in (0..width).rev() {
            self.buf.push(HEX[((n >> (shift * 4)) & 0xF) as usize]);
        }
    }

    pub(crate) fn finish(mut self) -> io::Result<(u64, u64)> {
        self.spill();
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.file.flush()?;
        Ok((self.spilled, self.lines))
    }

    fn spill_if_full(&mut self) {
        if self.buf.len() >= SPILL_BYTES {
            self.spill();
        }
    }

    fn spill(&mut self) {
        if self.error.is_none() {
            if let Err(error) = self.file.write_all(&self.buf) {
                self.error = Some(error);
            }
        }
        self.spilled += self.buf.len() as u64;
        self.buf.clear();
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_like_std() {
        let path = std::env::temp_dir().join(format!("loupe-bench-writer-{}", std::process::id()));
        let Ok(file) = File::create(&path) else { return };
        let mut w = Writer::new(file);
        w.num(0);
        w.byte(b' ');
        w.num(18_446_744_073_709_551_615);
        w.byte(b' ');
        w.padded(7, 3);
        w.byte(b' ');
        w.hex(0x7000_0476_b000, 12);
        w.nl();
        assert_eq!(w.lines(), 1);
        assert!(w.finish().is_ok());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        assert_eq!(text, "0 18446744073709551615 007 70000476b000\n");
    }
}
