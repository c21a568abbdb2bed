//! The messages between the page and the worker.
//!
//! Both directions go through `serde-wasm-bindgen`, so a message is an ordinary JS object
//! (`{ Start: { job, options, files } }`). The `File` objects ride along untouched
//! (`serde_wasm_bindgen::preserve`): `postMessage` structured-clones a `File` as a handle, so
//! the page never copies file contents. Enums use serde's default external tagging because
//! internally tagged enums buffer their fields and would lose the preserved `File`.
//!
//! The large payloads (findings, the report) cross as one JSON string instead (see
//! [`as_json`]): the page decodes every answer on its main thread, and walking a report's
//! JS objects field by field from wasm took it 150 to 250 ms, a frozen page; parsing one
//! string inside wasm takes a few.
//!
//! A job split among several workers (see `bridge`) is read in contiguous groups of files.
//! Its lead reads group 0 and makes the report; every other group is read by whichever worker
//! is free (the lead too, once done with group 0) and sent as a shard
//! (`loupe_core::Analysis::into_shard`), which the page forwards to the lead in group order.
//! A shard is a `Uint8Array` kept as is (`preserve`) and its buffer is transferred, not
//! copied, from the worker to the page and from the page to the lead; the page never looks
//! inside.

use chrono::NaiveDate;
use js_sys::Uint8Array;
use loupe_core::{AnalysisOptions, Finding, ProvisioningRow, Report, SignIn};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Page -> worker.
#[derive(Serialize, Deserialize)]
pub(crate) enum Request {
    /// Analyse these files for job `job`: a new job replaces any job still running; more
    /// files of the same job (another group of a split job) are read alongside.
    Start {
        /// Identifies the job in every answer.
        job: u32,
        /// How to interpret the files.
        options: Options,
        /// The files, in the order the report should list them.
        files: Vec<InputFile>,
        /// What to do once the files are read.
        then: Then,
    },
    /// Stop `job` at the next slice boundary (an archive being read is finished first).
    Cancel {
        /// The job to stop.
        job: u32,
    },
    /// A group's shard of `job`, for its lead; shards come in group order.
    Shard {
        /// The job it is about.
        job: u32,
        /// The shard's bytes.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        bytes: Uint8Array,
    },
}

/// What a worker does once it has read its files.
#[derive(Clone, Copy, Serialize, Deserialize)]
pub(crate) enum Then {
    /// The files are group 0 of `groups`: say so (`Event::Read`, if there are other groups),
    /// take in the other groups' shards (`Request::Shard`) in order, and send the report. The
    /// lead of a split job, or the one worker of a job that is not split (`groups: 1`).
    Report {
        /// How many groups the job has.
        groups: u32,
    },
    /// The files are group `group`: send what was learned as its shard (`Event::Shard`).
    Shard {
        /// The group, counted from 0.
        group: u32,
    },
}

/// Analysis options chosen on the page.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Options {
    /// The page's `Date.now()`: the core never reads a clock itself.
    pub(crate) now_ms: f64,
    /// The user's correction for files whose lines carry no date: `YYYY-MM-DD`.
    #[serde(default)]
    pub(crate) date: Option<String>,
    /// The user's correction for files whose lines name no zone, in minutes east of UTC.
    #[serde(default)]
    pub(crate) utc_offset_minutes: Option<i32>,
}

impl Options {
    /// The core's options. A date that does not parse is ignored rather than failing the
    /// job: the page only sends what a date input produced.
    pub(crate) fn to_core(&self) -> AnalysisOptions {
        // Dates beyond i64 milliseconds are not a real clock; clamp rather than fail.
        let now_ms = self.now_ms.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
        let mut options = AnalysisOptions::at_unix_ms(now_ms);
        options.date_override = self.date.as_deref().and_then(parse_date);
        options.utc_offset_override_minutes = self.utc_offset_minutes.filter(|m| m.abs() <= 18 * 60);
        options
    }
}

/// `2023-07-28`, as an `<input type=date>` gives it.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-').map(str::parse::<u32>);
    let (year, month, day) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// One file to analyse.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct InputFile {
    /// How the report names it: the file name, or its path inside a dropped folder.
    pub(crate) path: String,
    /// The browser's handle on the file.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub(crate) file: web_sys::File,
}

/// Worker -> page.
#[derive(Serialize, Deserialize)]
pub(crate) enum Event {
    /// The worker's wasm is running and it accepts requests.
    Ready,
    /// Bytes read so far, across the files of one group of the job.
    Progress {
        /// The job it is about.
        job: u32,
        /// The group (0 for a job that is not split).
        group: u32,
        /// Bytes read so far.
        bytes_done: u64,
        /// The worker's wasm memory in bytes: what the analysis holds (wasm memory only
        /// grows, so this is also its peak). The page ignores it; the browser benchmark
        /// (`scripts/bench-browser.mjs`) reads it from the messages.
        #[serde(default)]
        wasm_bytes: u64,
    },
    /// The worker starts (`reading`) or ends reading an archive for `job`. Meanwhile it
    /// takes no messages, so the page replaces it to stop that job.
    Archive {
        /// The job it is about.
        job: u32,
        /// True when it starts, false when it is done.
        reading: bool,
    },
    /// What changed in the findings so far in one group's files since the group's last
    /// `Partial` (`partials::Outbox`), so early answers show while a large bundle streams,
    /// and each message costs the page only what is new in it.
    Partial {
        /// The job it is about.
        job: u32,
        /// The group (0 for a job that is not split).
        group: u32,
        /// The findings that are new or changed.
        #[serde(with = "as_json")]
        findings: Vec<Finding>,
        /// Keys (`labels::finding_key`) of findings sent before that are no longer found.
        #[serde(default)]
        removed: Vec<String>,
    },
    /// A piece of the report's largest sections, sent ahead of `Done` (which then has them
    /// empty) and put back into the report by the bridge: decoding a whole report of
    /// thousands of sign-ins took the page's main thread over 100 ms in one go, a piece takes
    /// a few ms, and each message is its own task.
    ReportPart {
        /// The job it is about.
        job: u32,
        /// Sign-ins, in report order.
        #[serde(with = "as_json")]
        signins: Vec<SignIn>,
        /// Provisioning rows, in report order.
        #[serde(with = "as_json")]
        provisioning: Vec<ProvisioningRow>,
    },
    /// The final report.
    Done {
        /// The job it is about.
        job: u32,
        /// The report.
        #[serde(with = "as_json")]
        report: Report,
        /// The worker's wasm memory in bytes once the report is made, as in `Progress`.
        #[serde(default)]
        wasm_bytes: u64,
    },
    /// The lead has read group 0 and can read another group while it waits for shards.
    Read {
        /// The job it is about.
        job: u32,
    },
    /// A group's files are read: what was learned, for the job's lead.
    Shard {
        /// The job it is about.
        job: u32,
        /// The group.
        group: u32,
        /// The shard's bytes.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        bytes: Uint8Array,
    },
    /// The job stopped because it was cancelled or replaced.
    Cancelled {
        /// The job it is about.
        job: u32,
    },
    /// Something failed: one job, or (`job: None`) the worker itself. The bootstrap script
    /// in `bridge/boot.js` sends this shape by hand when the wasm cannot start.
    Failed {
        /// The job it is about, if any.
        job: Option<u32>,
        /// What went wrong, for the user.
        message: String,
    },
}

/// A field sent as a JSON string: `postMessage` clones a string in one piece, and
/// `serde_json` parses it inside wasm, where `serde-wasm-bindgen` would cross into JS for
/// every field of every finding.
mod as_json {
    use serde::de::{DeserializeOwned, Error as _};
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&serde_json::to_string(value).map_err(S::Error::custom)?)
    }

    pub(super) fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        serde_json::from_str(&String::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// Encodes a message for `postMessage`.
pub(crate) fn encode<T: Serialize>(message: &T) -> Result<JsValue, String> {
    serde_wasm_bindgen::to_value(message).map_err(|e| e.to_string())
}

/// Decodes a message received from `postMessage`.
pub(crate) fn decode<T: for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}
