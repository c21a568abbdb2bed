//! One analysis job: read every file through the core, then send the report.
//!
//! A file is opened the way the CLI opens it, by the core's intake, which recognises
//! archives by their first bytes. Two roads lead there:
//! - a plain log (most files, and the largest) is read here in async slices and fed to the
//!   core. Between slices the event loop runs, so a cancel is noticed within a slice;
//! - an archive needs the core to pull bytes and seek (a zip's directory is at its end), so
//!   it is read synchronously through [`BlobReader`]. No message can arrive meanwhile: a
//!   cancel would reach the worker only when the archive is done, so the worker tells the
//!   page before it starts one, and the page replaces it to stop that job (see `bridge`).
//!
//! A group of a split job is then sent as a shard; the lead (or the one worker of a job that
//! is not split) keeps group 0, takes in the other groups' shards in order, and sends the
//! report.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array, WebAssembly};
use loupe_core::{Analysis, FileId, Report};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File};

use super::blob_reader::BlobReader;
use super::inbox::{self, SharedInbox};
use super::pace::Pace;
use super::{post, post_transferring};
use crate::js_error::describe;
use crate::partials::{Delta, Outbox};
use crate::protocol::{Event, InputFile, Options, Then};

/// Bytes read per step. Each slice costs the browser a fixed ~10 ms on top of its bytes, so
/// slices are large; small enough that a cancel is honoured within a tenth of a second and
/// memory stays flat (two slices are in memory: the one analysed and the one being read).
const SLICE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;
/// Sign-ins or provisioning rows per `ReportPart`: a few hundred KB of JSON, a few ms to
/// decode on the page.
const PART_ITEMS: usize = 500;
/// A slice is fed to the core in pieces of this size (the CLI's read size), with progress
/// and the first findings checked after each: a slice takes the core a few hundred ms, and
/// the first finding should not wait for the end of one.
const FEED_BYTES: usize = 256 * 1024;

/// A running job and what it needs to answer and to notice a cancel.
pub(crate) struct Job {
    pub(crate) scope: DedicatedWorkerGlobalScope,
    pub(crate) id: u32,
    /// The worker's current job id: when it stops being ours, we stop.
    pub(crate) current: Rc<Cell<u32>>,
    /// The helpers' shards, for a lead.
    pub(crate) inbox: SharedInbox,
}

/// The job was cancelled or replaced: stop everything.
struct Cancelled;

impl Job {
    pub(crate) async fn run(self, options: Options, files: Vec<InputFile>, then: Then) {
        let mut analysis = Analysis::new(options.to_core());
        let group = match then {
            Then::Report { .. } => 0,
            Then::Shard { group } => group,
        };
        let mut progress = Progress {
            scope: &self.scope,
            job: self.id,
            group,
            pace: Pace::starting_at(now()),
            done: 0,
            shown_findings: false,
            outbox: Outbox::default(),
        };
        for input in &files {
            let before = progress.done;
            if self.read(&mut analysis, input, &mut progress).await.is_err() {
                post(&self.scope, &Event::Cancelled { job: self.id });
                return;
            }
            // Whatever was read, the whole file is behind us now (a zip's count can overshoot).
            progress.done = before + input.file.size() as u64;
        }
        let groups = match then {
            Then::Shard { group } => return self.send_shard(analysis, group, &progress),
            Then::Report { groups } => groups,
        };
        if groups > 1 {
            // The page shows group 0 as read, and may give this worker another group.
            progress.say();
            post(&self.scope, &Event::Read { job: self.id });
        }
        for _ in 1..groups {
            let still_wanted = || self.current.get() == self.id;
            let Some(shard) = inbox::next_shard(&self.inbox, self.id, still_wanted).await else {
                post(&self.scope, &Event::Cancelled { job: self.id });
                return;
            };
            if let Err(error) = analysis.absorb_shard(&shard) {
                let message = format!("The results of the analysis workers could not be combined: {error}");
                post(&self.scope, &Event::Failed { job: Some(self.id), message });
                return;
            }
        }
        let mut report = analysis.finish();
        send_parts(&self.scope, self.id, &mut report);
        post(&self.scope, &Event::Done { job: self.id, report, wasm_bytes: wasm_memory_bytes() });
    }

    /// A group's end: what was learned goes to the page, for the lead. The bytes are copied
    /// out of wasm memory once, into a buffer that is then handed over.
    fn send_shard(&self, analysis: Analysis, group: u32, progress: &Progress<'_>) {
        progress.say();
        let shard = match analysis.into_shard() {
            Ok(shard) => shard,
            Err(error) => {
                let message = format!("The analysis worker could not pack its results: {error}");
                return post(&self.scope, &Event::Failed { job: Some(self.id), message });
            }
        };
        let bytes = Uint8Array::from(shard.as_slice());
        let buffer = bytes.buffer();
        post_transferring(&self.scope, &Event::Shard { job: self.id, group, bytes }, Some(&buffer));
    }

    /// Reads one input: its first slice decides whether it is a plain log or an archive.
    async fn read(
        &self,
        analysis: &mut Analysis,
        input: &InputFile,
        progress: &mut Progress<'_>,
    ) -> Result<(), Cancelled> {
        let size = input.file.size();
        let first = read_slice(&input.file, 0.0, size.min(SLICE_BYTES)).await;
        // The await above is where a cancel message gets its chance to run.
        self.check()?;
        let first = match first {
            Ok(first) => first,
            Err(message) => {
                let id = analysis.add_file(&input.path);
                analysis.fail_file(id, &unreadable(&message));
                return Ok(());
            }
        };
        let head = &first[..first.len().min(loupe_core::SOURCE_SNIFF_BYTES)];
        if loupe_core::is_plain_source(head) {
            let id = analysis.add_file(&input.path);
            self.stream(analysis, id, &input.file, first, progress).await
        } else {
            post(&self.scope, &Event::Archive { job: self.id, reading: true });
            read_archive(analysis, input, progress);
            post(&self.scope, &Event::Archive { job: self.id, reading: false });
            Ok(())
        }
    }

    /// Feeds a plain log to the core slice by slice, starting with the slice already read.
    async fn stream(
        &self,
        analysis: &mut Analysis,
        id: FileId,
        file: &File,
        first: Vec<u8>,
        progress: &mut Progress<'_>,
    ) -> Result<(), Cancelled> {
        let size = file.size();
        let mut bytes = first;
        let mut offset = bytes.len() as f64;
        loop {
            // The next slice is read by the browser while this one is analysed.
            let next = (offset < size).then(|| {
                let end = (offset + SLICE_BYTES).min(size);
                let read = read_slice(file, offset, end);
                offset = end;
                read
            });
            for piece in bytes.chunks(FEED_BYTES) {
                analysis.feed(id, piece);
                progress.advance(piece.len() as u64, analysis);
            }
            let Some(next) = next else { break };
            self.check()?;
            let slice = next.await;
            // The await above is where a cancel message gets its chance to run.
            self.check()?;
            bytes = match slice {
                Ok(bytes) => bytes,
                Err(message) => {
                    analysis.fail_file(id, &unreadable(&message));
                    return Ok(());
                }
            };
        }
        analysis.finish_file(id);
        Ok(())
    }

    fn check(&self) -> Result<(), Cancelled> {
        if self.current.get() == self.id {
            Ok(())
        } else {
            Err(Cancelled)
        }
    }
}

/// Hands an archive to the core's intake, reporting progress and early findings from inside
/// the (synchronous) read: `postMessage` needs no event loop.
fn read_archive(analysis: &mut Analysis, input: &InputFile, progress: &mut Progress<'_>) {
    let size = input.file.size() as u64;
    let reader = match BlobReader::new(input.file.clone().into()) {
        Ok(reader) => reader,
        Err(error) => {
            let id = analysis.add_file(&input.path);
            analysis.fail_file(id, &unreadable(&error.to_string()));
            return;
        }
    };
    let base = progress.done;
    loupe_core::analyse_source_observed(analysis, &input.path, reader, &mut |read, analysis| {
        progress.set(base + read.min(size), analysis);
    });
}

/// Sends the report's sign-ins and provisioning rows ahead of it, in pieces (see
/// `Event::ReportPart`), and leaves those sections empty in `report`.
fn send_parts(scope: &DedicatedWorkerGlobalScope, job: u32, report: &mut Report) {
    let signins = std::mem::take(&mut report.signins);
    let provisioning = std::mem::take(&mut report.provisioning);
    for piece in signins.chunks(PART_ITEMS) {
        post(scope, &Event::ReportPart { job, signins: piece.to_vec(), provisioning: Vec::new() });
    }
    for piece in provisioning.chunks(PART_ITEMS) {
        post(scope, &Event::ReportPart { job, signins: Vec::new(), provisioning: piece.to_vec() });
    }
}

/// Bytes read across the group, and the pace of what the worker says about them.
struct Progress<'a> {
    scope: &'a DedicatedWorkerGlobalScope,
    job: u32,
    group: u32,
    pace: Pace,
    done: u64,
    /// A snapshot with findings went out: from then on they go out at the slower pace.
    shown_findings: bool,
    /// What the page has been sent of the findings.
    outbox: Outbox,
}

impl Progress<'_> {
    /// Says how far the job is now, whatever the pace.
    fn say(&self) {
        let wasm_bytes = wasm_memory_bytes();
        post(
            self.scope,
            &Event::Progress { job: self.job, group: self.group, bytes_done: self.done, wasm_bytes },
        );
    }

    fn advance(&mut self, bytes: u64, analysis: &Analysis) {
        self.set(self.done + bytes, analysis);
    }

    /// Records progress; says so, and shows the findings so far, when they are due.
    fn set(&mut self, done: u64, analysis: &Analysis) {
        self.done = done;
        let now = now();
        if self.pace.progress_due(now) {
            self.say();
        }
        if self.pace.partial_due(now, self.shown_findings) {
            let Delta { findings, removed } = self.outbox.delta(analysis.findings_so_far());
            // Nothing new would only cost the page a message.
            if !findings.is_empty() || !removed.is_empty() {
                self.shown_findings = true;
                post(self.scope, &Event::Partial { job: self.job, group: self.group, findings, removed });
            }
        }
    }
}

/// The size of this worker's wasm memory, which holds everything the analysis keeps.
fn wasm_memory_bytes() -> u64 {
    let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<ArrayBuffer>().byte_length().into()
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn unreadable(message: &str) -> String {
    format!("could not be read: {message}")
}

/// Reads `file[start..end]` without loading the rest of the file. The read starts at once,
/// not when the returned future is first awaited.
fn read_slice(file: &File, start: f64, end: f64) -> impl Future<Output = Result<Vec<u8>, String>> {
    let started = file.slice_with_f64_and_f64(start, end).map(|blob| JsFuture::from(blob.array_buffer()));
    async move {
        let buffer = started.map_err(describe)?.await.map_err(describe)?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}
