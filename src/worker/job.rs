//! One analysis job: stream every file through the core, then send the report. Logs are
//! read slice by slice, asynchronously, so a cancel is honoured between slices; archives go
//! through the core's intake (see `open_container`).

use std::cell::Cell;
use std::io::BufReader;
use std::rc::Rc;

use js_sys::Uint8Array;
use loupe_core::{Analysis, AnalysisOptions, FileStatus};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File};

use super::blob_reader::BlobReader;
use super::pace::Pace;
use super::post;
use crate::js_error::describe;
use crate::protocol::{Event, InputFile, Options};

/// Bytes read per step. Large enough that per-slice overhead vanishes, small enough that a
/// cancel is honoured within milliseconds and memory stays flat.
const SLICE_BYTES: f64 = 1024.0 * 1024.0;
/// Enough of a file to tell an archive from a log by its magic bytes.
const HEAD_BYTES: f64 = 512.0;

/// A running job and what it needs to answer and to notice a cancel.
pub(crate) struct Job {
    pub(crate) scope: DedicatedWorkerGlobalScope,
    pub(crate) id: u32,
    /// The worker's current job id: when it stops being ours, we stop.
    pub(crate) current: Rc<Cell<u32>>,
}

/// How streaming one file ended.
enum Outcome {
    /// Every byte was fed to the core.
    Read,
    /// The browser could not read the file (moved, deleted, permission); the job goes on.
    Unreadable(String),
    /// The job was cancelled or replaced: stop everything.
    Cancelled,
}

impl Job {
    pub(crate) async fn run(self, options: Options, files: Vec<InputFile>) {
        // Dates beyond i64 milliseconds are not a real clock; clamp rather than fail.
        let now_ms = options.now_ms.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
        let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(now_ms));

        let mut read_failures = Vec::new();
        let mut pace = Pace::starting_at(js_sys::Date::now());
        let mut bytes_done = 0_u64;
        for input in &files {
            let size = input.file.size();
            let head = read_slice(&input.file, 0.0, HEAD_BYTES.min(size)).await;
            if self.cancelled() {
                post(&self.scope, &Event::Cancelled { job: self.id });
                return;
            }
            if head.as_deref().is_ok_and(loupe_core::is_container) {
                self.open_container(&mut analysis, input, &mut bytes_done, &mut pace);
                continue;
            }
            let id = analysis.add_file(&input.path);
            match self.stream(&mut analysis, id, &input.file, &mut bytes_done, &mut pace).await {
                Outcome::Read => {}
                Outcome::Unreadable(message) => read_failures.push((id.index(), message)),
                Outcome::Cancelled => {
                    post(&self.scope, &Event::Cancelled { job: self.id });
                    return;
                }
            }
            analysis.finish_file(id);
        }

        let mut report = analysis.finish();
        // loupe-core cannot be told that a file failed to read, so its summary is corrected
        // here; otherwise a half-read file would be reported as "ok".
        for (index, message) in read_failures {
            if let Some(summary) = report.files.get_mut(index) {
                summary.status = FileStatus::Error;
                summary.message = Some(message);
            }
        }
        post(&self.scope, &Event::Done { job: self.id, report });
    }

    /// Opens an archive (zip, tar, gzip) through the core's intake, which pulls its bytes
    /// and names the members `bundle.zip!/node1/diag.uc`. The intake reads synchronously, so
    /// a cancel takes effect once this archive is done; the page has moved on by then.
    fn open_container(
        &self,
        analysis: &mut Analysis,
        input: &InputFile,
        bytes_done: &mut u64,
        pace: &mut Pace,
    ) {
        let size = input.file.size() as u64;
        let before = *bytes_done;
        match BlobReader::new(input.file.clone()) {
            Ok(reader) => {
                let mut progress = |read: u64| {
                    if pace.progress_due(js_sys::Date::now()) {
                        let bytes_done = before + read.min(size);
                        post(&self.scope, &Event::Progress { job: self.id, bytes_done });
                    }
                };
                let reader = BufReader::with_capacity(SLICE_BYTES as usize, reader);
                loupe_core::analyse_source_with_progress(analysis, &input.path, reader, &mut progress);
            }
            Err(message) => {
                let id = analysis.add_file(&input.path);
                analysis.fail_file(id, &format!("Could not be read: {message}"));
            }
        }
        *bytes_done = before + size;
    }

    /// Feeds one file to the core, slice by slice.
    async fn stream(
        &self,
        analysis: &mut Analysis,
        id: loupe_core::FileId,
        file: &File,
        bytes_done: &mut u64,
        pace: &mut Pace,
    ) -> Outcome {
        let size = file.size();
        let mut offset = 0.0;
        while offset < size {
            if self.cancelled() {
                return Outcome::Cancelled;
            }
            let end = (offset + SLICE_BYTES).min(size);
            let slice = read_slice(file, offset, end).await;
            // The await above is where a cancel message gets its chance to run.
            if self.cancelled() {
                return Outcome::Cancelled;
            }
            match slice {
                Ok(bytes) => analysis.feed(id, &bytes),
                Err(message) => {
                    // Count the unread rest as done so the progress bar still reaches its end.
                    *bytes_done += (size - offset) as u64;
                    return Outcome::Unreadable(format!("Could not be read: {message}"));
                }
            }
            *bytes_done += (end - offset) as u64;
            offset = end;

            let now = js_sys::Date::now();
            if pace.progress_due(now) {
                post(&self.scope, &Event::Progress { job: self.id, bytes_done: *bytes_done });
            }
            if pace.partial_due(now) {
                post(&self.scope, &Event::Partial { job: self.id, findings: analysis.findings_so_far() });
            }
        }
        Outcome::Read
    }

    fn cancelled(&self) -> bool {
        self.current.get() != self.id
    }
}

/// Reads `file[start..end]` without loading the rest of the file.
async fn read_slice(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let blob = file.slice_with_f64_and_f64(start, end).map_err(describe)?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
