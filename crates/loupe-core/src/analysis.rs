//! The streaming entry point: files in, report out.

use chrono::NaiveDate;

use crate::decode::Decoder;
use crate::detectors::{all_detectors, Detector, EntryContext, TimeResolver, Triggered};
use crate::entry::{Entry, EntryAssembler};
use crate::findings::FindingStore;
use crate::formats::FormatSniffer;
use crate::knowledge::knowledge;
use crate::lines::LineSplitter;
use crate::report::Report;
use crate::settled::{FileSlot, Shard};
use crate::shard;
use crate::signatures::SignatureMatcher;
use crate::time::FileClock;
use crate::triggers::{ListenerId, NeedleId, NeedleSet, TriggerScan};

/// How an analysis should interpret what it is fed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisOptions {
    /// The caller's "now", in milliseconds since the Unix epoch. The core never reads a clock.
    pub now_unix_ms: i64,
    /// The date to assume for logs whose lines carry only a time of day (CUC traces).
    pub date_override: Option<NaiveDate>,
    /// The UTC offset, in minutes, to assume for logs whose lines carry no zone.
    pub utc_offset_override_minutes: Option<i32>,
    /// Most bytes one top-level archive may expand to; reading stops there (decompression
    /// bombs).
    pub max_archive_bytes: u64,
    /// Most expanded bytes per compressed byte read, checked once an archive has expanded
    /// past its first few MiB.
    pub max_compression_ratio: u64,
    /// The required-scope profile (`data/scope-profiles.toml` id) pasted scope lists are
    /// checked against; `None` picks the profile each list matches best.
    pub scope_profile: Option<String>,
}

impl AnalysisOptions {
    /// Options with the given "now" and nothing overridden.
    pub fn at_unix_ms(now_unix_ms: i64) -> Self {
        Self {
            now_unix_ms,
            date_override: None,
            utc_offset_override_minutes: None,
            max_archive_bytes: 4 << 30,
            max_compression_ratio: 200,
            scope_profile: None,
        }
    }
}

/// Identifies one file inside an [`Analysis`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub(crate) usize);

impl FileId {
    /// The file's position in the order files were added.
    pub fn index(self) -> usize {
        self.0
    }
}

/// One analysis run over any number of files.
pub struct Analysis {
    pub(crate) options: AnalysisOptions,
    files: Vec<FileSlot>,
    scan: TriggerScan,
    matcher: SignatureMatcher,
    detectors: Vec<Armed>,
    findings: FindingStore,
}

/// The signatures and the detectors, with every needle they search for in one set.
fn arm(options: &AnalysisOptions) -> (NeedleSet, SignatureMatcher, Vec<Armed>) {
    let mut needles = NeedleSet::default();
    let matcher = SignatureMatcher::new(knowledge(), &mut needles);
    let detectors = all_detectors()
        .into_iter()
        .map(|mut detector| {
            detector.configure(options);
            let listener = needles.listener();
            let triggers = detector.triggers().iter().map(|word| needles.wake(word, listener)).collect();
            let qualifiers = detector.qualifiers().iter().map(|word| needles.id(word)).collect();
            Armed { detector, listener, triggers, qualifiers }
        })
        .collect();
    (needles, matcher, detectors)
}

/// A detector and the ids of its triggers and qualifiers in the shared scan.
struct Armed {
    detector: Box<dyn Detector>,
    listener: ListenerId,
    triggers: Vec<NeedleId>,
    qualifiers: Vec<NeedleId>,
}

/// Everything the core remembers about one file while it streams past.
pub(crate) struct FileState {
    pub(crate) path: String,
    pub(crate) bytes: u64,
    pub(crate) decoder: Decoder,
    pub(crate) splitter: LineSplitter,
    pub(crate) sniffer: FormatSniffer,
    pub(crate) assembler: EntryAssembler,
    pub(crate) clock: FileClock,
    pub(crate) entries: u64,
    pub(crate) finished: bool,
    /// Set when the caller could not read the file; the message is shown for that file alone.
    pub(crate) read_error: Option<String>,
    /// Set when the file was deliberately not analysed (unsupported archive type, ...).
    pub(crate) skip_reason: Option<String>,
    /// For a row that stands for an archive rather than a log: its kind (`zip`, `tar`, ...).
    pub(crate) container: Option<&'static str>,
}

impl Analysis {
    /// Starts an analysis with no files.
    pub fn new(options: AnalysisOptions) -> Self {
        let (needles, matcher, detectors) = arm(&options);
        Self {
            options,
            files: Vec::new(),
            scan: TriggerScan::new(needles),
            matcher,
            detectors,
            findings: FindingStore::default(),
        }
    }

    /// Registers a file. `path` is how the report names it (for example `bundle.zip!/a/b.log`).
    pub fn add_file(&mut self, path: &str) -> FileId {
        let id = FileId(self.files.len());
        self.findings.set_path(id, path);
        let clock =
            FileClock::new(path, self.options.date_override, self.options.utc_offset_override_minutes)
                .with_now(self.options.now_unix_ms);
        self.files.push(FileSlot::Open(Box::new(FileState {
            path: path.to_owned(),
            bytes: 0,
            decoder: Decoder::default(),
            splitter: LineSplitter::default(),
            sniffer: FormatSniffer::default(),
            assembler: EntryAssembler::default(),
            clock,
            entries: 0,
            finished: false,
            read_error: None,
            skip_reason: None,
            container: None,
        })));
        id
    }

    /// Feeds the next chunk of a file's bytes. Chunks may split lines or characters anywhere:
    /// results do not depend on where the chunk boundaries fall.
    pub fn feed(&mut self, file: FileId, chunk: &[u8]) {
        self.pump(file, Some(chunk));
    }

    /// Declares that a file has no more bytes. Files not finished explicitly are finished by
    /// [`Analysis::finish`].
    pub fn finish_file(&mut self, file: FileId) {
        if self.pump(file, None) {
            for armed in &mut self.detectors {
                armed.detector.on_file_end(file, &mut self.findings);
            }
        }
    }

    /// Runs a chunk (or, with `None`, the end) of an unfinished file through the pipeline.
    /// False when the file is unknown or already finished, so nothing is counted twice.
    fn pump(&mut self, file: FileId, chunk: Option<&[u8]>) -> bool {
        let Some(FileSlot::Open(state)) = self.files.get_mut(file.0) else { return false };
        if state.finished {
            return false;
        }
        match chunk {
            Some(bytes) => state.bytes += bytes.len() as u64,
            None => state.finished = true,
        }
        let mut sink = EntrySink {
            file,
            now_unix_ms: self.options.now_unix_ms,
            scan: &mut self.scan,
            matcher: &self.matcher,
            detectors: &mut self.detectors,
            findings: &mut self.findings,
        };
        state.pump(chunk, &mut sink);
        true
    }

    /// Records that a file could not be read (I/O error, permission, ...). What was fed before
    /// still counts; the file is reported with status `error` and this message.
    pub fn fail_file(&mut self, file: FileId, message: &str) {
        if let Some(state) = self.open_file(file) {
            state.read_error = Some(message.to_owned());
        }
        self.finish_file(file);
    }

    /// Records that a file was deliberately not analysed; it is reported with status
    /// `skipped` and this message.
    pub fn skip_file(&mut self, file: FileId, message: &str) {
        if let Some(state) = self.open_file(file) {
            state.skip_reason = Some(message.to_owned());
        }
        self.finish_file(file);
    }

    /// Marks a row as standing for an archive (its problems, or its emptiness), not a log.
    pub(crate) fn set_container(&mut self, file: FileId, kind: &'static str) {
        if let Some(state) = self.open_file(file) {
            state.container = Some(kind);
        }
    }

    /// The findings so far, for showing early answers while a large bundle is still streaming.
    pub fn findings_so_far(&self) -> Vec<crate::Finding> {
        self.findings.render(&self.resolved_clocks())
    }

    /// Finishes every file and returns the report.
    pub fn finish(mut self) -> Report {
        for index in 0..self.files.len() {
            self.finish_file(FileId(index));
        }
        let clocks = self.resolved_clocks();
        for armed in &mut self.detectors {
            armed.detector.finish(&TimeResolver { clocks: &clocks }, &mut self.findings);
        }
        let findings = self.findings.render(&clocks);
        let files =
            self.files.iter().zip(&clocks).map(|(slot, clock)| slot.settled().summary(clock)).collect();
        let mut report = Report { files, findings, ..Report::default() };
        let paths: Vec<&str> = self.files.iter().map(FileSlot::path).collect();
        for armed in &mut self.detectors {
            armed.detector.contribute(&TimeResolver { clocks: &clocks }, &paths, &mut report);
            armed.detector.report(&mut report);
        }
        report
    }

    /// Finishes every file and packs what the analysis learned from them into bytes that
    /// another `Analysis` of the same build takes in with [`Analysis::absorb_shard`]. Lets
    /// several threads or workers each read some of the files of one job.
    pub fn into_shard(mut self) -> Result<Vec<u8>, String> {
        for index in 0..self.files.len() {
            self.finish_file(FileId(index));
        }
        let shard = Shard {
            layout: shard::LAYOUT.to_owned(),
            files: self.files.iter().map(FileSlot::settled).collect(),
            findings: shard::encode(&self.findings)?,
            detectors: self.detectors.iter().map(|armed| armed.detector.save()).collect::<Result<_, _>>()?,
        };
        shard::encode(&shard)
    }

    /// Takes in a shard made by [`Analysis::into_shard`]: its files follow this analysis's
    /// own, in their order, and the report is the one a single analysis fed every file in
    /// that order would give (short of the caps on how many sign-ins, rows or tokens are
    /// followed, which each shard applies to its own files first). Files still open here are
    /// finished first. A shard from another build, or damaged, is refused and changes nothing.
    pub fn absorb_shard(&mut self, bytes: &[u8]) -> Result<(), String> {
        let shift = self.files.len();
        let shard: Shard = shard::decode_shifted(bytes, shift)?;
        if shard.layout != shard::LAYOUT {
            return Err(format!("shard from another build ({}, expected {})", shard.layout, shard::LAYOUT));
        }
        if shard.detectors.len() != self.detectors.len() {
            return Err("shard with another set of detectors".to_owned());
        }
        let findings: FindingStore = shard::decode_shifted(&shard.findings, shift)?;
        let states = self
            .detectors
            .iter()
            .zip(&shard.detectors)
            .map(|(armed, saved)| armed.detector.unpack(saved, shift))
            .collect::<Result<Vec<_>, _>>()?;
        for index in 0..shift {
            self.finish_file(FileId(index));
        }
        for (armed, state) in self.detectors.iter_mut().zip(states) {
            armed.detector.absorb(state);
        }
        self.findings.absorb(findings, shift);
        self.files.extend(shard.files.into_iter().map(|file| FileSlot::Settled(Box::new(file))));
        Ok(())
    }

    fn open_file(&mut self, file: FileId) -> Option<&mut FileState> {
        match self.files.get_mut(file.0)? {
            FileSlot::Open(state) => Some(state),
            FileSlot::Settled(_) => None,
        }
    }

    fn resolved_clocks(&self) -> Vec<FileClock> {
        let borrowed_date = self.files.iter().filter_map(|f| f.clock().own_date()).min();
        self.files
            .iter()
            .map(|f| {
                let mut clock = f.clock().clone();
                if let Some(date) = borrowed_date {
                    clock.borrow_date(date);
                }
                clock
            })
            .collect()
    }
}

impl FileState {
    /// Runs bytes through decoding, line splitting, format sniffing and entry assembly; with
    /// `None`, flushes everything still held back at the end of the file.
    fn pump(&mut self, chunk: Option<&[u8]>, sink: &mut EntrySink<'_>) {
        let FileState { decoder, splitter, sniffer, assembler, clock, entries, path, .. } = self;
        let mut on_line = |line: crate::lines::Line<'_>| {
            let class = sniffer.classify(line.text, clock);
            let limits = sniffer.entry_limits();
            assembler.push(line, class, limits, &mut |entry| {
                *entries += 1;
                sniffer.check_entry(entry);
                sink.deliver(entry, path, sniffer.format_name());
            });
        };
        match chunk {
            Some(chunk) => decoder.feed(chunk, &mut |text| splitter.feed(text, &mut on_line)),
            None => {
                decoder.finish(&mut |text| splitter.feed(text, &mut on_line));
                splitter.finish(&mut on_line);
                assembler.finish(&mut |entry| {
                    *entries += 1;
                    sniffer.check_entry(entry);
                    sink.deliver(entry, path, sniffer.format_name());
                });
            }
        }
    }
}

/// Scans each finished entry once, then hands it to the signatures and to the detectors it
/// concerns.
struct EntrySink<'a> {
    file: FileId,
    now_unix_ms: i64,
    scan: &'a mut TriggerScan,
    matcher: &'a SignatureMatcher,
    detectors: &'a mut Vec<Armed>,
    findings: &'a mut FindingStore,
}

impl EntrySink<'_> {
    fn deliver(&mut self, entry: &Entry, path: &str, format: &str) {
        let hits = self.scan.scan(&entry.text);
        self.matcher.scan(self.file, entry, hits, self.findings);
        for armed in self.detectors.iter_mut() {
            let context = EntryContext {
                file: self.file,
                path,
                format,
                now_unix_ms: self.now_unix_ms,
                triggers: Triggered { hits, ids: &armed.triggers, qualifiers: &armed.qualifiers },
            };
            if hits.woke(armed.listener) || armed.detector.wants_every_entry(&context) {
                armed.detector.on_entry(&context, entry, self.findings);
            }
        }
    }
}
