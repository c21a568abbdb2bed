//! Intake of whole sources: plain files, folders' files and archives (`.zip`, `.gz`, `.tar`,
//! `.tar.gz`), nested to any reasonable depth, recognised by their magic bytes.
//!
//! The core owns this so that the browser worker and the CLI open bundles the same way. The
//! caller hands over a reader; the core pulls from it. A zip needs `Seek` (its directory is
//! at the end), so the browser implements `Read + Seek` over a `Blob` and never holds a
//! whole bundle in memory. Archive members are named `outer.zip!/inner/path`, and nested
//! ones `a.zip!/b.tar.gz!/c.log`.
//!
//! Every archive is guarded against decompression bombs: a cap on the bytes one top-level
//! source may expand to, and on the ratio of expanded to compressed bytes.

use std::cell::Cell;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;

use crate::analysis::Analysis;

/// Bytes handed to [`Analysis::feed`] per call.
const CHUNK_BYTES: usize = 256 * 1024;
/// Bytes inspected to recognise an archive (a tar header's magic sits at 257).
const MAGIC_BYTES: usize = 512;
/// Archives inside archives deeper than this are not opened (zip quines, mistakes).
const MAX_DEPTH: u32 = 8;
/// A zip inside another archive has no `Seek`, so it is read into memory, up to this size.
const MAX_NESTED_ZIP_BYTES: u64 = 256 << 20;
/// The compression ratio is only judged after this much output: small files compress oddly.
const RATIO_GRACE_BYTES: u64 = 8 << 20;

/// What a source's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Zip,
    Gzip,
    Tar,
    /// A compressed or archive format we do not open; the name is for the message.
    Unsupported(&'static str),
    Plain,
}

fn sniff(head: &[u8]) -> Kind {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") || head.starts_with(b"PK\x07\x08") {
        Kind::Zip
    } else if head.starts_with(&[0x1F, 0x8B]) {
        Kind::Gzip
    } else if head.get(257..262) == Some(b"ustar") {
        Kind::Tar
    } else if head.starts_with(b"BZh") && head.get(4..10) == Some(b"1AY&SY") {
        Kind::Unsupported("bzip2")
    } else if head.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0]) {
        Kind::Unsupported("xz")
    } else if head.starts_with(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        Kind::Unsupported("7-Zip")
    } else if head.starts_with(b"Rar!\x1A\x07") {
        Kind::Unsupported("RAR")
    } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Kind::Unsupported("zstd")
    } else {
        Kind::Plain
    }
}

/// How many of a source's first bytes [`is_plain_source`] needs to see.
pub const SOURCE_SNIFF_BYTES: usize = MAGIC_BYTES;

/// True when a source's first bytes (up to [`SOURCE_SNIFF_BYTES`]) show no archive or
/// compressed format. Such a source is read as one log: a caller that must stay
/// asynchronous (the browser worker, which has to notice a cancel) may then feed it itself
/// with `add_file`, `feed` and `finish_file`, with the same result as [`analyse_source`].
pub fn is_plain_source(head: &[u8]) -> bool {
    sniff(head) == Kind::Plain
}

/// Reads a source (a plain file or an archive) into the analysis, recognising archives by
/// their content. Nothing is returned: every file found, and every problem met, becomes a
/// row of the report.
pub fn analyse_source<R: Read + Seek>(analysis: &mut Analysis, path: &str, reader: R) {
    analyse_source_with_progress(analysis, path, reader, &mut |_| {});
}

/// [`analyse_source`], calling `progress` with the number of the source's own (compressed)
/// bytes read so far, for a progress bar. For a zip the count can slightly exceed the
/// source's size, since its directory is read first.
pub fn analyse_source_with_progress<R: Read + Seek>(
    analysis: &mut Analysis,
    path: &str,
    reader: R,
    progress: &mut dyn FnMut(u64),
) {
    analyse_source_observed(analysis, path, reader, &mut |bytes, _| progress(bytes));
}

/// [`analyse_source_with_progress`], also handing the callback the analysis itself, so a
/// caller can show the findings so far while a large archive is still being read.
pub fn analyse_source_observed<R: Read + Seek>(
    analysis: &mut Analysis,
    path: &str,
    reader: R,
    progress: &mut dyn FnMut(u64, &Analysis),
) {
    let consumed = Rc::new(Cell::new(0));
    let mut source = Counted { inner: reader, consumed: Rc::clone(&consumed) };
    let mut intake = Intake::new(analysis, consumed, progress);
    let mut head = Vec::with_capacity(MAGIC_BYTES);
    let read = (&mut source).take(MAGIC_BYTES as u64).read_to_end(&mut head);
    if let Err(error) = read {
        intake.fail_new(path, None, &format!("cannot read: {error}"));
        return;
    }
    if sniff(&head) == Kind::Zip {
        match source.seek(SeekFrom::Start(0)) {
            Ok(_) => intake.zip(path, source, 0),
            Err(error) => intake.fail_new(path, Some("zip"), &format!("cannot seek: {error}")),
        }
        return;
    }
    let mut rest = Cursor::new(head).chain(source);
    intake.stream(path, &mut rest, 0);
}

/// Reads a source that cannot seek (a pipe). Zips in it are read into memory, up to a cap.
pub fn analyse_stream<R: Read>(analysis: &mut Analysis, path: &str, reader: R) {
    let consumed = Rc::new(Cell::new(0));
    let mut source = Counted { inner: reader, consumed: Rc::clone(&consumed) };
    Intake::new(analysis, consumed, &mut |_, _| {}).stream(path, &mut source, 0);
}

/// Counts the bytes read from the caller's source: the "compressed" side of the ratio, and
/// the progress.
struct Counted<R> {
    inner: R,
    consumed: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.consumed.set(self.consumed.get() + read as u64);
        Ok(read)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Why reading stopped early.
#[derive(Debug)]
enum Stop {
    /// A decompression cap was hit: the rest of the top-level source is not read.
    Bomb(String),
    /// The reader failed: this member is cut short, the archive may go on.
    Read(std::io::Error),
}

/// One top-level source being read.
struct Intake<'a> {
    analysis: &'a mut Analysis,
    consumed: Rc<Cell<u64>>,
    expanded: u64,
    progress: &'a mut dyn FnMut(u64, &Analysis),
    /// Set once a cap is hit; everything after is left unread.
    stopped: Option<String>,
    /// The caps apply once an archive layer has been met: a loose 5 GB log is no bomb.
    in_archive: bool,
}

impl<'a> Intake<'a> {
    fn new(
        analysis: &'a mut Analysis,
        consumed: Rc<Cell<u64>>,
        progress: &'a mut dyn FnMut(u64, &Analysis),
    ) -> Self {
        Self { analysis, consumed, expanded: 0, progress, stopped: None, in_archive: false }
    }

    /// Adds a row for a problem with something that is not itself a log (an archive).
    fn fail_new(&mut self, path: &str, container: Option<&'static str>, message: &str) {
        let id = self.analysis.add_file(path);
        if let Some(kind) = container {
            self.analysis.set_container(id, kind);
        }
        self.analysis.fail_file(id, message);
    }

    fn skip_new(&mut self, path: &str, container: Option<&'static str>, message: &str) {
        let id = self.analysis.add_file(path);
        if let Some(kind) = container {
            self.analysis.set_container(id, kind);
        }
        self.analysis.skip_file(id, message);
    }

    /// Reads anything that does not need `Seek`, deciding what it is from its first bytes.
    fn stream(&mut self, path: &str, reader: &mut dyn Read, depth: u32) {
        if self.stopped.is_some() {
            return;
        }
        let mut head = Vec::with_capacity(MAGIC_BYTES);
        if let Err(error) = reader.take(MAGIC_BYTES as u64).read_to_end(&mut head) {
            // A small member that is damaged fails here, after its bytes were read: they are
            // still worth analysing.
            let id = self.analysis.add_file(path);
            self.analysis.feed(id, &head);
            self.analysis.fail_file(id, &read_failure(&error));
            return;
        }
        let kind = sniff(&head);
        self.in_archive |= kind != Kind::Plain;
        let mut reader = Cursor::new(head).chain(reader);
        if depth > MAX_DEPTH && kind != Kind::Plain {
            self.skip_new(path, None, &format!("archive nested more than {MAX_DEPTH} deep; not opened"));
            return;
        }
        match kind {
            Kind::Plain => self.plain(path, &mut reader),
            // A gzip layer keeps its name: `x.log.gz` is the log, `x.tar.gz` the archive.
            Kind::Gzip => self.stream(path, &mut MultiGzDecoder::new(reader), depth + 1),
            Kind::Tar => self.tar(path, &mut reader, depth),
            Kind::Zip => self.buffered_zip(path, &mut reader, depth),
            Kind::Unsupported(name) => self.skip_new(
                path,
                Some("archive"),
                &format!("{name} archive: not supported here; extract it and add its files"),
            ),
        }
    }

    /// Streams one log file into the analysis, enforcing the caps.
    fn plain(&mut self, path: &str, reader: &mut dyn Read) {
        let id = self.analysis.add_file(path);
        let mut buffer = vec![0u8; CHUNK_BYTES];
        loop {
            match self.read_chunk(reader, &mut buffer) {
                Ok(0) => break,
                Ok(read) => self.analysis.feed(id, &buffer[..read]),
                Err(Stop::Read(error)) => {
                    self.analysis.fail_file(id, &read_failure(&error));
                    return;
                }
                Err(Stop::Bomb(message)) => {
                    self.analysis.fail_file(id, &message);
                    return;
                }
            }
        }
        self.analysis.finish_file(id);
    }

    /// Reads one chunk, counting it against the caps and reporting progress.
    fn read_chunk(&mut self, reader: &mut dyn Read, buffer: &mut [u8]) -> Result<usize, Stop> {
        let read = loop {
            match reader.read(buffer) {
                Ok(read) => break read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(Stop::Read(error)),
            }
        };
        self.expanded += read as u64;
        (self.progress)(self.consumed.get(), self.analysis);
        self.check_caps()?;
        Ok(read)
    }

    fn check_caps(&mut self) -> Result<(), Stop> {
        if let Some(message) = &self.stopped {
            return Err(Stop::Bomb(message.clone()));
        }
        if !self.in_archive {
            return Ok(());
        }
        let options = &self.analysis.options;
        let consumed = self.consumed.get().max(1);
        let message = if self.expanded > options.max_archive_bytes {
            format!(
                "reading stopped: the archive expands past {} MiB (the cap for one source); \
                 possibly a decompression bomb. The rest of this archive was not read",
                options.max_archive_bytes >> 20
            )
        } else if self.expanded > RATIO_GRACE_BYTES
            && self.expanded / consumed > options.max_compression_ratio
        {
            format!(
                "reading stopped: the archive expands more than {}:1 ({} MiB from {} KiB); \
                 possibly a decompression bomb. The rest of this archive was not read",
                options.max_compression_ratio,
                self.expanded >> 20,
                consumed >> 10
            )
        } else {
            return Ok(());
        };
        self.stopped = Some(message.clone());
        Err(Stop::Bomb(message))
    }

    fn tar(&mut self, path: &str, reader: &mut dyn Read, depth: u32) {
        let mut archive = tar::Archive::new(reader);
        let entries = match archive.entries() {
            Ok(entries) => entries,
            Err(error) => {
                self.fail_new(path, Some("tar"), &format!("corrupt tar archive: {error}"));
                return;
            }
        };
        let mut members = 0u64;
        for entry in entries {
            if self.stopped.is_some() {
                return;
            }
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let message = format!(
                        "truncated or corrupt tar archive after {members} file(s): {error}; the files \
                         before this point were analysed"
                    );
                    self.fail_new(path, Some("tar"), &message);
                    return;
                }
            };
            if !matches!(entry.header().entry_type(), tar::EntryType::Regular | tar::EntryType::Continuous) {
                continue;
            }
            let name = match entry.path() {
                Ok(name) => name.to_string_lossy().trim_start_matches("./").to_owned(),
                Err(_) => String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
            };
            members += 1;
            self.stream(&member_path(path, &name), &mut entry, depth + 1);
        }
        if members == 0 {
            self.skip_new(path, Some("tar"), "archive holds no files");
        }
    }

    /// A zip met inside a stream (another archive): read into memory, then opened.
    fn buffered_zip(&mut self, path: &str, reader: &mut dyn Read, depth: u32) {
        let mut bytes = Vec::new();
        let mut buffer = vec![0u8; CHUNK_BYTES];
        loop {
            match self.read_chunk(reader, &mut buffer) {
                Ok(0) => break,
                Ok(read) => bytes.extend_from_slice(&buffer[..read]),
                Err(Stop::Read(error)) => {
                    self.fail_new(path, Some("zip"), &read_failure(&error));
                    return;
                }
                Err(Stop::Bomb(message)) => {
                    self.fail_new(path, Some("zip"), &message);
                    return;
                }
            }
            if bytes.len() as u64 > MAX_NESTED_ZIP_BYTES {
                let message = format!(
                    "zip inside another archive is larger than {} MiB; extract it and add it directly",
                    MAX_NESTED_ZIP_BYTES >> 20
                );
                self.skip_new(path, Some("zip"), &message);
                return;
            }
        }
        self.zip(path, Cursor::new(bytes), depth);
    }

    fn zip<R: Read + Seek>(&mut self, path: &str, mut reader: R, depth: u32) {
        self.in_archive = true;
        let mut archive = match zip::ZipArchive::new(&mut reader) {
            Ok(archive) => archive,
            Err(error) => {
                // No central directory (a cut-off download): walk the local headers instead,
                // which recovers every member stored before the cut.
                let recovered = match reader.seek(SeekFrom::Start(0)) {
                    Ok(_) => self.zip_from_local_headers(path, &mut reader, depth),
                    Err(_) => 0,
                };
                let message = format!(
                    "truncated or corrupt zip ({error}); {recovered} file(s) were recovered from \
                     what could be read"
                );
                self.fail_new(path, Some("zip"), &message);
                return;
            }
        };
        let mut members = 0u64;
        for index in 0..archive.len() {
            if self.stopped.is_some() {
                return;
            }
            let name = archive.name_for_index(index).unwrap_or("?").replace('\\', "/");
            let member = member_path(path, &name);
            match archive.by_index(index) {
                Ok(mut file) => {
                    if file.is_dir() {
                        continue;
                    }
                    members += 1;
                    self.stream(&member, &mut file, depth + 1);
                }
                Err(zip::result::ZipError::UnsupportedArchive(reason)) => {
                    members += 1;
                    self.skip_new(&member, None, &format!("not read: {reason}"));
                }
                Err(error) => {
                    members += 1;
                    self.fail_new(&member, None, &format!("cannot read from the zip: {error}"));
                }
            }
        }
        if members == 0 {
            self.skip_new(path, Some("zip"), "archive holds no files");
        }
    }

    /// Reads a zip front to back by its local headers; returns how many files it found.
    fn zip_from_local_headers<R: Read>(&mut self, path: &str, reader: &mut R, depth: u32) -> u64 {
        let mut found = 0;
        while self.stopped.is_none() {
            let mut file = match zip::read::read_zipfile_from_stream(reader) {
                Ok(Some(file)) => file,
                Ok(None) | Err(_) => break,
            };
            if file.is_dir() {
                continue;
            }
            found += 1;
            let name = file.name().replace('\\', "/");
            self.stream(&member_path(path, &name), &mut file, depth + 1);
        }
        found
    }
}

fn member_path(archive: &str, member: &str) -> String {
    format!("{archive}!/{member}")
}

fn read_failure(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            format!("file is cut short (truncated archive?): {error}; what came before was analysed")
        }
        std::io::ErrorKind::InvalidData if error.to_string().contains("checksum") => {
            "checksum mismatch: the file is damaged or cut short; what could be read was analysed".to_owned()
        }
        _ => format!("read failed: {error}; what came before was analysed"),
    }
}
