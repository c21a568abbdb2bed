//! `Read + Seek` over a `File`, for the core's archive intake, which pulls its bytes.
//!
//! Workers may read blobs synchronously (`FileReaderSync`), so a slice is read only when
//! asked for: a zip's directory at the end of a 2 GB bundle costs a read of its size, and
//! the bundle is never held in memory. Callers wrap it in a `BufReader`, which turns the
//! many small reads of a zip parser into large slices.

use std::io::{self, Read, Seek, SeekFrom};

use js_sys::Uint8Array;
use web_sys::{File, FileReaderSync};

use crate::js_error::describe;

pub(crate) struct BlobReader {
    file: File,
    reader: FileReaderSync,
    size: u64,
    position: u64,
}

impl BlobReader {
    pub(crate) fn new(file: File) -> Result<Self, String> {
        let reader = FileReaderSync::new().map_err(describe)?;
        let size = file.size() as u64;
        Ok(Self { file, reader, size, position: 0 })
    }
}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let end = self.size.min(self.position.saturating_add(buf.len() as u64));
        if end <= self.position {
            return Ok(0);
        }
        let slice = self.file.slice_with_f64_and_f64(self.position as f64, end as f64).map_err(js_io)?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(js_io)?;
        let bytes = Uint8Array::new(&buffer);
        let read = bytes.length() as usize;
        if read == 0 || read > buf.len() {
            return Err(io::Error::other("the browser returned an unexpected slice"));
        }
        bytes.copy_to(&mut buf[..read]);
        self.position += read as u64;
        Ok(read)
    }
}

impl Seek for BlobReader {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.size.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        self.position =
            target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.position)
    }
}

fn js_io(error: wasm_bindgen::JsValue) -> io::Error {
    io::Error::other(describe(error))
}
