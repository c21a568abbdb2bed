//! `Read + Seek` over a `Blob`, so the core's intake can open archives in the worker.
//!
//! A zip's directory sits at its end, so the intake needs to seek; `FileReaderSync` (only
//! available in workers) reads any slice of a `Blob` synchronously without loading the rest.
//! Reads go through a small window so the many small reads of an inflater cost one slice
//! every few megabytes, not one each.

use std::io::{self, Read, Seek, SeekFrom};

use js_sys::Uint8Array;
use web_sys::{Blob, FileReaderSync};

use crate::js_error::describe;

/// Bytes fetched per slice: each slice costs the browser a fixed ~10 ms on top of its bytes,
/// so windows are large; small enough that memory stays flat whatever the file's size.
const WINDOW_BYTES: u64 = 4 * 1024 * 1024;

/// A seekable reader over a `Blob`, holding at most one window of it.
pub(crate) struct BlobReader {
    blob: Blob,
    size: u64,
    reader: FileReaderSync,
    pos: u64,
    window: Vec<u8>,
    window_start: u64,
}

impl BlobReader {
    pub(crate) fn new(blob: Blob) -> io::Result<Self> {
        let reader = FileReaderSync::new().map_err(|e| io::Error::other(describe(e)))?;
        let size = blob.size() as u64;
        Ok(Self { blob, size, reader, pos: 0, window: Vec::new(), window_start: 0 })
    }

    fn window_end(&self) -> u64 {
        self.window_start + self.window.len() as u64
    }

    /// Loads a window holding `self.pos`. A miss just before the current window (a backwards
    /// scan, such as the search for a zip's directory) loads the window that ends where the
    /// current one starts, so stepping back costs one slice a window.
    fn fill(&mut self) -> io::Result<()> {
        let behind = self.pos < self.window_start && self.window_start - self.pos <= WINDOW_BYTES;
        let start = if behind { self.window_start.saturating_sub(WINDOW_BYTES) } else { self.pos };
        let end = (start + WINDOW_BYTES).min(self.size);
        let slice = self.blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(read_error)?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(read_error)?;
        let bytes = Uint8Array::new(&buffer);
        self.window.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.window);
        self.window_start = start;
        if self.window.is_empty() && start < self.size {
            // The file shrank since it was chosen: say so rather than end quietly.
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file changed while being read"));
        }
        Ok(())
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.size || out.is_empty() {
            return Ok(0);
        }
        if self.pos < self.window_start || self.pos >= self.window_end() {
            self.fill()?;
        }
        let offset = (self.pos - self.window_start) as usize;
        let available = &self.window[offset.min(self.window.len())..];
        let count = available.len().min(out.len());
        out[..count].copy_from_slice(&available[..count]);
        self.pos += count as u64;
        Ok(count)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.size.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
        };
        let target =
            target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        self.pos = target;
        Ok(target)
    }
}

fn read_error(error: wasm_bindgen::JsValue) -> io::Error {
    io::Error::other(format!("the browser could not read the file: {}", describe(error)))
}
