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
//! A job asked to stop (cancelled, or replaced by a new one) answers within milliseconds
//! when it reads logs slice by slice. An archive is read in one synchronous call, though,
//! and cannot hear the request: if no answer comes within [`STOP_GRACE_MS`], the worker is
//! terminated and a fresh one takes the newer job, if there is one.

mod source;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::timers::callback::Timeout;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker};
use yew::Callback;

use crate::js_error::describe;
use crate::picked::PickedFile;
use crate::protocol::{self, Event, InputFile, Options, Request};
use source::WorkerSource;

pub(crate) use source::is_inline as carries_worker_inline;

/// Runs in the worker after the glue has defined `wasm_bindgen`.
const BOOTSTRAP: &str = include_str!("boot.js");
/// How long a job asked to stop may take to say so before its worker is replaced.
const STOP_GRACE_MS: u32 = 3_000;

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
    /// The job the worker is on, until it answers `Done`, `Cancelled` or `Failed` for it.
    running: Option<u32>,
    /// The latest `Start`, kept until that job ends so a replacement worker can take it.
    last_start: Option<(u32, JsValue)>,
    /// A job asked to stop, and the timer that replaces the worker if it does not.
    stopping: Option<(u32, Timeout)>,
    last_job: u32,
    /// Counts workers started, so messages from a worker already replaced are ignored.
    generation: u32,
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
            running: None,
            last_start: None,
            stopping: None,
            last_job: 0,
            generation: 0,
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
        let request = Request::Start {
            job,
            options: Options { now_ms: js_sys::Date::now() },
            files: files.into_iter().map(|f| InputFile { path: f.path, file: f.file }).collect(),
        };
        let message = match protocol::encode(&request) {
            Ok(message) => message,
            Err(message) => {
                emit(&self.inner, Event::Failed { job: Some(job), message });
                return;
            }
        };
        let replaced = {
            let mut inner = self.inner.borrow_mut();
            inner.last_start = Some((job, message.clone()));
            inner.running.replace(job).filter(|&previous| previous != job)
        };
        // The worker drops the running job when it sees the new one; make sure it does.
        if let Some(previous) = replaced {
            watch_stop(&self.inner, previous);
        }
        let ready_worker = {
            let mut inner = self.inner.borrow_mut();
            match &inner.live {
                Some(live) if live.ready => Some(live.worker.clone()),
                _ => {
                    inner.queued = Some((job, message.clone()));
                    None
                }
            }
        };
        match ready_worker {
            Some(worker) => {
                if let Err(e) = worker.post_message(&message) {
                    emit(&self.inner, Event::Failed { job: Some(job), message: describe(e) });
                }
            }
            None => ensure_worker(&self.inner),
        }
    }

    /// Asks the worker to stop `job` at its next slice boundary.
    pub(crate) fn cancel(&self, job: u32) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.last_start.as_ref().is_some_and(|(started, _)| *started == job) {
                inner.last_start = None;
            }
            if inner.queued.as_ref().is_some_and(|(queued, _)| *queued == job) {
                inner.queued = None;
                inner.running = None;
                return;
            }
            let Some(live) = &inner.live else { return };
            if let Ok(message) = protocol::encode(&Request::Cancel { job }) {
                // If the worker cannot take the message it is already gone: nothing left to stop.
                let _ = live.worker.post_message(&message);
            }
        }
        watch_stop(&self.inner, job);
    }
}

/// Replaces the worker if `job` has not stopped within the grace period.
fn watch_stop(inner: &Rc<RefCell<Inner>>, job: u32) {
    let weak = Rc::downgrade(inner);
    let timer = Timeout::new(STOP_GRACE_MS, move || {
        let Some(inner) = weak.upgrade() else { return };
        let stuck = inner.borrow().stopping.as_ref().is_some_and(|(stopping, _)| *stopping == job);
        if stuck {
            replace_worker(&inner);
        }
    });
    inner.borrow_mut().stopping = Some((job, timer));
}

/// Terminates a worker that does not answer, and hands the newest job, if any, to a new one.
fn replace_worker(inner: &Rc<RefCell<Inner>>) {
    let dead = {
        let mut state = inner.borrow_mut();
        let stuck = state.stopping.take().map(|(job, _)| job);
        let resend = state.last_start.take().filter(|(job, _)| Some(*job) != stuck);
        state.running = resend.as_ref().map(|(job, _)| *job);
        state.last_start = resend.clone();
        state.queued = resend;
        state.live.take()
    };
    drop(dead);
    ensure_worker(inner);
}

/// Notes that the worker has finished with `job`, one way or another.
fn job_ended(inner: &Rc<RefCell<Inner>>, job: u32) {
    let mut state = inner.borrow_mut();
    if state.stopping.as_ref().is_some_and(|(stopping, _)| *stopping == job) {
        state.stopping = None;
    }
    if state.running == Some(job) {
        state.running = None;
    }
    if state.last_start.as_ref().is_some_and(|(started, _)| *started == job) {
        state.last_start = None;
    }
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
                if let Err(e) = worker.post_message(&message) {
                    emit(inner, Event::Failed { job: Some(job), message: describe(e) });
                }
            }
        }
        Event::Failed { job: None, message } => fail(inner, message),
        event => {
            if let Event::Done { job, .. } | Event::Cancelled { job } | Event::Failed { job: Some(job), .. } =
                &event
            {
                job_ended(inner, *job);
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
        state.running = None;
        state.last_start = None;
        state.stopping = None;
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
