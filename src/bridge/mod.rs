//! The page's handle on the analysis worker.
//!
//! The worker is started from a `blob:` URL holding wasm-bindgen's no-modules glue plus the
//! small bootstrap in `boot.js`, and its wasm bytes are posted to it as the first message.
//! Nothing about this depends on the worker's files being reachable by URL, so the same code
//! runs from a single offline HTML file (see `source.rs` for where the code comes from).
//!
//! The worker is started as soon as the page loads, so its code is fetched with the page and
//! not after the user has chosen files. If it fails or crashes it is dropped, and the next
//! analysis starts a fresh one from the kept source.
//!
//! A worker reading an archive cannot take messages until the archive is done; it says so
//! before it starts. Stopping that job (a cancel, or new files) then replaces the worker
//! with a fresh one, which is given the job still wanted. Any other stop must be
//! acknowledged within [`STOP_GRACE_MS`], or the worker is replaced all the same.

mod source;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Array;
use loupe_core::{ProvisioningRow, SignIn};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker};
use yew::Callback;

use crate::js_error::describe;
use crate::picked::PickedFile;
use crate::protocol::{self, Event, InputFile, Options, Request};
use crate::state::TimeCorrection;
use source::WorkerSource;

pub(crate) use source::is_inline as carries_worker_inline;

/// Runs in the worker after the glue has defined `wasm_bindgen`.
const BOOTSTRAP: &str = include_str!("boot.js");
/// How long a worker has to acknowledge a stopped job before it is replaced. A plain file
/// is stopped within one slice (a tenth of a second), so this is only reached when the
/// worker's notice that it entered an archive crossed the stop.
const STOP_GRACE_MS: u32 = 1_500;

/// Starts analyses in the worker and forwards its answers to `on_event`.
pub(crate) struct Analyzer {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    on_event: Callback<Event>,
    source: Option<Rc<WorkerSource>>,
    loading: bool,
    live: Option<LiveWorker>,
    /// A `Start` waiting for the worker to become ready, with its job id.
    queued: Option<(u32, JsValue)>,
    last_job: u32,
    /// Counts workers started, so messages from a worker already replaced are ignored.
    generation: u32,
    /// The files of the last job, so they can be analysed again with a time correction.
    last_files: Vec<InputFile>,
    /// The `Start` the live worker is working on, until it answers for that job.
    sent: Option<(u32, JsValue)>,
    /// A job the worker was told to stop and has not yet acknowledged.
    stopping: Option<u32>,
    /// The job whose archive the worker is reading: it hears no message until it is done.
    deaf: Option<u32>,
    /// Report sections received ahead of their `Done`, with their job.
    parts: Option<ReportParts>,
}

/// What `Event::ReportPart`s have brought so far, in order.
struct ReportParts {
    job: u32,
    signins: Vec<SignIn>,
    provisioning: Vec<ProvisioningRow>,
}

/// A started worker and the handlers that must live as long as it does.
struct LiveWorker {
    generation: u32,
    worker: Worker,
    ready: bool,
    /// The `blob:` URL the script was loaded from, released once the worker is up.
    script_url: Option<String>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for LiveWorker {
    fn drop(&mut self) {
        self.worker.terminate();
        if let Some(url) = self.script_url.take() {
            let _ = Url::revoke_object_url(&url);
        }
    }
}

impl Analyzer {
    /// Creates the handle and starts loading the worker right away.
    pub(crate) fn new(on_event: Callback<Event>) -> Self {
        let inner = Rc::new(RefCell::new(Inner {
            on_event,
            source: None,
            loading: false,
            live: None,
            queued: None,
            last_job: 0,
            generation: 0,
            last_files: Vec::new(),
            sent: None,
            stopping: None,
            deaf: None,
            parts: None,
        }));
        ensure_worker(&inner);
        Self { inner }
    }

    /// A fresh job id, so the page can record the job before anything about it arrives.
    pub(crate) fn next_job(&self) -> u32 {
        let mut inner = self.inner.borrow_mut();
        inner.last_job += 1;
        inner.last_job
    }

    /// Sends `files` to the worker as job `job`, replacing any job still running.
    pub(crate) fn start(&self, job: u32, files: Vec<PickedFile>) {
        let files: Vec<InputFile> =
            files.into_iter().map(|f| InputFile { path: f.path, file: f.file }).collect();
        self.inner.borrow_mut().last_files = files.clone();
        self.send(job, files, &TimeCorrection::default());
    }

    /// Analyses the last job's files again, as job `job`, with a time correction.
    pub(crate) fn rerun(&self, job: u32, correction: &TimeCorrection) {
        let files = self.inner.borrow().last_files.clone();
        self.send(job, files, correction);
    }

    fn send(&self, job: u32, files: Vec<InputFile>, correction: &TimeCorrection) {
        let options = Options {
            now_ms: js_sys::Date::now(),
            date: correction.date.clone(),
            utc_offset_minutes: correction.utc_offset_minutes,
        };
        let request = Request::Start { job, options, files };
        let message = match protocol::encode(&request) {
            Ok(message) => message,
            Err(message) => {
                emit(&self.inner, Event::Failed { job: Some(job), message });
                return;
            }
        };
        let (ready_worker, replaced) = {
            let mut inner = self.inner.borrow_mut();
            match &inner.live {
                Some(live) if live.ready => {
                    let worker = live.worker.clone();
                    let replaced = inner.sent.as_ref().map(|(replaced, _)| *replaced);
                    (Some(worker), replaced)
                }
                _ => {
                    inner.queued = Some((job, message.clone()));
                    (None, None)
                }
            }
        };
        let Some(worker) = ready_worker else {
            ensure_worker(&self.inner);
            return;
        };
        if replaced.is_some() && self.inner.borrow().deaf == replaced {
            // It would read the message only once its archive is done.
            replace_worker(&self.inner, Some((job, message)));
            return;
        }
        self.inner.borrow_mut().sent = Some((job, message.clone()));
        // The worker drops the job it was on when this one arrives, or should.
        if let Some(replaced) = replaced {
            watch_stop(&self.inner, replaced);
        }
        if let Err(e) = worker.post_message(&message) {
            emit(&self.inner, Event::Failed { job: Some(job), message: describe(e) });
        }
    }

    /// Asks the worker to stop `job` at its next slice boundary; a worker inside an archive
    /// cannot hear that, so it is replaced instead.
    pub(crate) fn cancel(&self, job: u32) {
        let mut inner = self.inner.borrow_mut();
        if inner.queued.as_ref().is_some_and(|(queued, _)| *queued == job) {
            inner.queued = None;
            return;
        }
        if inner.deaf == Some(job) {
            drop(inner);
            replace_worker(&self.inner, None);
            return;
        }
        let Some(live) = &inner.live else { return };
        if let Ok(message) = protocol::encode(&Request::Cancel { job }) {
            // If the worker cannot take the message it is already gone: nothing left to stop.
            let _ = live.worker.post_message(&message);
        }
        if inner.sent.as_ref().is_some_and(|(sent, _)| *sent == job) {
            inner.sent = None;
            drop(inner);
            watch_stop(&self.inner, job);
        }
    }
}

/// A safety net for a stop the worker could not hear: its notice that it entered an archive
/// may have been on its way when the page asked. If `job` is not acknowledged in time, the
/// worker is replaced and the job still wanted, if any, goes to the new one.
fn watch_stop(inner: &Rc<RefCell<Inner>>, job: u32) {
    let generation = {
        let mut state = inner.borrow_mut();
        state.stopping = Some(job);
        state.live.as_ref().map(|live| live.generation)
    };
    let weak = Rc::downgrade(inner);
    gloo::timers::callback::Timeout::new(STOP_GRACE_MS, move || {
        let Some(inner) = weak.upgrade() else { return };
        let pending = {
            let mut state = inner.borrow_mut();
            let same_worker = state.live.as_ref().map(|live| live.generation) == generation;
            if !(same_worker && state.stopping == Some(job)) {
                return;
            }
            state.sent.take()
        };
        replace_worker(&inner, pending);
    })
    .forget();
}

/// Terminates the live worker and starts a fresh one from the kept source, which is then
/// given `pending` (a `Start`) once ready. Never called from one of the worker's handlers.
fn replace_worker(inner: &Rc<RefCell<Inner>>, pending: Option<(u32, JsValue)>) {
    let old = {
        let mut state = inner.borrow_mut();
        state.stopping = None;
        state.sent = None;
        state.deaf = None;
        state.parts = None;
        state.queued = pending;
        state.live.take()
    };
    // Dropping it terminates it and releases its handlers.
    drop(old);
    ensure_worker(inner);
}

/// Starts a worker unless one is running or on its way.
fn ensure_worker(inner: &Rc<RefCell<Inner>>) {
    let source = {
        let mut state = inner.borrow_mut();
        if state.live.is_some() || state.loading {
            return;
        }
        match &state.source {
            Some(source) => source.clone(),
            None => {
                state.loading = true;
                let weak = Rc::downgrade(inner);
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = source::load().await;
                    let Some(inner) = weak.upgrade() else { return };
                    inner.borrow_mut().loading = false;
                    match loaded {
                        Ok(source) => {
                            inner.borrow_mut().source = Some(Rc::new(source));
                            ensure_worker(&inner);
                        }
                        Err(message) => {
                            fail(&inner, format!("The analysis engine could not be loaded: {message}"))
                        }
                    }
                });
                return;
            }
        }
    };
    let generation = {
        let mut state = inner.borrow_mut();
        state.generation += 1;
        state.generation
    };
    match spawn(Rc::downgrade(inner), generation, &source) {
        Ok(live) => inner.borrow_mut().live = Some(live),
        Err(message) => fail(&inner.clone(), format!("The analysis engine could not start: {message}")),
    }
}

/// Creates the worker from a `blob:` script and hands it its wasm.
fn spawn(weak: Weak<RefCell<Inner>>, generation: u32, source: &WorkerSource) -> Result<LiveWorker, String> {
    let script = Array::of1(&JsValue::from_str(&format!("{}\n{BOOTSTRAP}", source.glue)));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&script, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let worker = Worker::new(&url).map_err(describe)?;

    let on_message = {
        let weak = weak.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| match weak.upgrade() {
            Some(inner) if is_live(&inner, generation) => on_message(&inner, event.data()),
            _ => {}
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| match weak.upgrade() {
        Some(inner) if is_live(&inner, generation) => {
            fail(&inner, format!("The analysis engine stopped: {}", event.message()))
        }
        _ => {}
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    // Transfer a copy: the transferred buffer is detached here, the kept one serves respawns.
    let wasm = source.wasm_copy();
    worker.post_message_with_transfer(&wasm, &Array::of1(&wasm)).map_err(describe)?;
    Ok(LiveWorker {
        generation,
        worker,
        ready: false,
        script_url: Some(url),
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn on_message(inner: &Rc<RefCell<Inner>>, data: JsValue) {
    let event = match protocol::decode::<Event>(data) {
        Ok(event) => event,
        Err(message) => {
            Event::Failed { job: None, message: format!("Unreadable answer from the engine: {message}") }
        }
    };
    match event {
        Event::Ready => {
            let pending = {
                let mut state = inner.borrow_mut();
                let queued = state.queued.take();
                let Some(live) = state.live.as_mut() else { return };
                live.ready = true;
                if let Some(url) = live.script_url.take() {
                    let _ = Url::revoke_object_url(&url);
                }
                queued.map(|(job, message)| (job, message, live.worker.clone()))
            };
            if let Some((job, message, worker)) = pending {
                inner.borrow_mut().sent = Some((job, message.clone()));
                if let Err(e) = worker.post_message(&message) {
                    emit(inner, Event::Failed { job: Some(job), message: describe(e) });
                }
            }
        }
        Event::Failed { job: None, message } => fail(inner, message),
        Event::ReportPart { job, signins, provisioning } => {
            let mut state = inner.borrow_mut();
            let parts = match &mut state.parts {
                Some(parts) if parts.job == job => parts,
                // A new job's first piece: whatever an older job left is stale.
                parts => parts.insert(ReportParts { job, signins: Vec::new(), provisioning: Vec::new() }),
            };
            parts.signins.extend(signins);
            parts.provisioning.extend(provisioning);
        }
        Event::Archive { job, reading } => {
            let mut state = inner.borrow_mut();
            if reading {
                state.deaf = Some(job);
            } else if state.deaf == Some(job) {
                state.deaf = None;
            }
        }
        mut event => {
            if let Event::Done { job, report, .. } = &mut event {
                if let Some(parts) = inner.borrow_mut().parts.take().filter(|parts| parts.job == *job) {
                    report.signins = parts.signins;
                    report.provisioning = parts.provisioning;
                }
            }
            let answered = match &event {
                Event::Cancelled { job } | Event::Done { job, .. } | Event::Failed { job: Some(job), .. } => {
                    Some(*job)
                }
                _ => None,
            };
            if let Some(job) = answered {
                // The worker is done with that job, one way or another: it is listening.
                let mut state = inner.borrow_mut();
                if state.stopping == Some(job) {
                    state.stopping = None;
                }
                if state.sent.as_ref().is_some_and(|(sent, _)| *sent == job) {
                    state.sent = None;
                }
            }
            emit(inner, event)
        }
    }
}

fn is_live(inner: &Rc<RefCell<Inner>>, generation: u32) -> bool {
    inner.borrow().live.as_ref().is_some_and(|live| live.generation == generation)
}

/// The worker is unusable: stop it (the next job starts a new one) and tell the page.
fn fail(inner: &Rc<RefCell<Inner>>, message: String) {
    let dead = {
        let mut state = inner.borrow_mut();
        state.queued = None;
        state.sent = None;
        state.stopping = None;
        state.deaf = None;
        state.parts = None;
        state.live.take()
    };
    if let Some(dead) = dead {
        dead.worker.terminate();
        // We may be running inside one of its handlers: release them once this call is over.
        wasm_bindgen_futures::spawn_local(async move { drop(dead) });
    }
    emit(inner, Event::Failed { job: None, message });
}

/// Forwards an event with no borrow held, since the page may call back into the analyzer.
fn emit(inner: &Rc<RefCell<Inner>>, event: Event) {
    let on_event = inner.borrow().on_event.clone();
    on_event.emit(event);
}
