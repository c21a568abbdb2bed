//! Byte-level intake: byte-order marks, UTF-16 transcoding and binary detection.
//!
//! The decoder sits before line splitting, so that UTF-16 logs (Windows Webex clients) reach
//! the rest of the pipeline as UTF-8. Lines that are still not valid UTF-8 are decoded as
//! Latin-1 later, line by line, which keeps every byte and never fails.

/// How much of a file's start is inspected before deciding what it holds.
const SNIFF_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Undecided,
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Binary,
}

/// Streams bytes through encoding detection; chunk boundaries never change the output.
#[derive(Debug)]
pub(crate) struct Decoder {
    encoding: Encoding,
    sniff: Vec<u8>,
    /// An odd trailing byte of UTF-16 waiting for its partner.
    odd_byte: Option<u8>,
    /// A UTF-16 high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    /// UTF-16 recognised by its NUL pattern rather than a byte-order mark.
    bomless: bool,
    scratch: Vec<u8>,
}

impl Default for Decoder {
    fn default() -> Self {
        Self {
            encoding: Encoding::Undecided,
            sniff: Vec::new(),
            odd_byte: None,
            high_surrogate: None,
            bomless: false,
            scratch: Vec::new(),
        }
    }
}

/// UTF-16 without a byte-order mark, told from binary by where its NUL bytes fall: text that
/// is mostly ASCII has a NUL in every other byte, on the same side, and (almost) none on the
/// other; binary data has NULs on both sides or in runs.
fn bomless_utf16(head: &[u8]) -> Option<Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let hardly = |n: usize| n * 100 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(Encoding::Utf16Le)
    } else if mostly(even) && hardly(odd) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

impl Decoder {
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut dyn FnMut(&[u8])) {
        if self.encoding == Encoding::Undecided {
            self.sniff.extend_from_slice(chunk);
            if self.sniff.len() < SNIFF_BYTES {
                return;
            }
            self.decide();
            let sniffed = std::mem::take(&mut self.sniff);
            self.pass(&sniffed, out);
            return;
        }
        self.pass(chunk, out);
    }

    pub(crate) fn finish(&mut self, out: &mut dyn FnMut(&[u8])) {
        if self.encoding == Encoding::Undecided {
            self.decide();
            let sniffed = std::mem::take(&mut self.sniff);
            self.pass(&sniffed, out);
        }
        if self.odd_byte.take().is_some() || self.high_surrogate.take().is_some() {
            out("\u{FFFD}".as_bytes());
        }
    }

    pub(crate) fn is_binary(&self) -> bool {
        self.encoding == Encoding::Binary
    }

    pub(crate) fn encoding_name(&self) -> &'static str {
        match self.encoding {
            Encoding::Undecided | Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8 (BOM)",
            Encoding::Utf16Le if self.bomless => "utf-16le (no BOM)",
            Encoding::Utf16Be if self.bomless => "utf-16be (no BOM)",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Binary => "binary",
        }
    }

    fn decide(&mut self) {
        let head = &self.sniff;
        let (encoding, bom) = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (Encoding::Utf8Bom, 3)
        } else if head.starts_with(&[0xFF, 0xFE]) {
            (Encoding::Utf16Le, 2)
        } else if head.starts_with(&[0xFE, 0xFF]) {
            (Encoding::Utf16Be, 2)
        } else if memchr::memchr(0, head).is_some() {
            self.bomless = true;
            (bomless_utf16(head).unwrap_or(Encoding::Binary), 0)
        } else {
            (Encoding::Utf8, 0)
        };
        self.encoding = encoding;
        self.sniff.drain(..bom);
    }

    fn pass(&mut self, bytes: &[u8], out: &mut dyn FnMut(&[u8])) {
        match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => out(bytes),
            Encoding::Utf16Le => self.transcode_utf16(bytes, u16::from_le_bytes, out),
            Encoding::Utf16Be => self.transcode_utf16(bytes, u16::from_be_bytes, out),
            Encoding::Binary | Encoding::Undecided => {}
        }
    }

    fn transcode_utf16(&mut self, bytes: &[u8], unit_of: fn([u8; 2]) -> u16, out: &mut dyn FnMut(&[u8])) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let mut rest = bytes;
        if let Some(first) = self.odd_byte.take() {
            match rest.split_first() {
                Some((&second, tail)) => {
                    self.push_unit(unit_of([first, second]), &mut scratch);
                    rest = tail;
                }
                None => {
                    self.odd_byte = Some(first);
                    self.scratch = scratch;
                    return;
                }
            }
        }
        let mut pairs = rest.chunks_exact(2);
        for pair in &mut pairs {
            self.push_unit(unit_of([pair[0], pair[1]]), &mut scratch);
        }
        self.odd_byte = pairs.remainder().first().copied();
        out(&scratch);
        self.scratch = scratch;
    }

    fn push_unit(&mut self, unit: u16, scratch: &mut Vec<u8>) {
        let mut buf = [0u8; 4];
        if let Some(high) = self.high_surrogate.take() {
            if (0xDC00..0xE000).contains(&unit) {
                let code = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                let ch = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
                scratch.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                return;
            }
            scratch.extend_from_slice(char::REPLACEMENT_CHARACTER.encode_utf8(&mut buf).as_bytes());
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.high_surrogate = Some(unit);
            return;
        }
        let ch = char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
        scratch.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (String, &'static str) {
        let mut decoder = Decoder::default();
        let mut out = Vec::new();
        for chunk in bytes.chunks(3) {
            decoder.feed(chunk, &mut |b| out.extend_from_slice(b));
        }
        decoder.finish(&mut |b| out.extend_from_slice(b));
        (String::from_utf8_lossy(&out).into_owned(), decoder.encoding_name())
    }

    // See: UTF-16 exports without a byte-order mark were reported as binary and skipped.
    #[test]
    fn utf16_without_bom_is_not_binary() {
        let text = "14:14:10.894 |3917,,,CuGSuiteSyncSrv,22,T-1,400 Bad Request\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le), (text.to_owned(), "utf-16le (no BOM)"));
        assert_eq!(decode(&be), (text.to_owned(), "utf-16be (no BOM)"));
    }

    #[test]
    fn binary_with_scattered_nuls_stays_binary() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| if i % 7 == 0 { 0 } else { (i % 251) as u8 }).collect();
        assert_eq!(decode(&bytes).1, "binary");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc\n"), ("abc\n".to_owned(), "utf-8 (BOM)"));
    }
}
