//! The workers themselves: starting them, posting to them, stopping and replacing them.
//!
//! Each worker lives in a numbered slot, and group `g` of a split job goes to slot `g`.
//! A worker is started from a `blob:` URL holding wasm-bindgen's no-modules glue plus the
//! small bootstrap in `boot.js`, and its wasm bytes are posted to it as the first message.
//! Nothing about this depends on the worker's files being reachable by URL, so the same code
//! runs from a single offline HTML file (see `source.rs` for where the code comes from).
//!
//! A worker reading an archive cannot take messages until the archive is done; it says so
//! before it starts. Stopping that job (a cancel, or new files) then replaces the worker
//! with a fresh one. Any other stop must be acknowledged within [`STOP_GRACE_MS`], or the
//! worker is replaced all the same, and given again what the current job wants of it.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Worker};

use super::source::{self, WorkerSource};
use super::{on_message, Inner};
use crate::js_error::describe;
use crate::protocol::{self, Request};

/// Runs in the worker after the glue has defined `wasm_bindgen`.
const BOOTSTRAP: &str = include_str!("boot.js");
/// How long a worker has to acknowledge a stopped job before it is replaced. A plain file
/// is stopped within one slice (a tenth of a second), so this is only reached when the
/// worker's notice that it entered an archive crossed the stop.
const STOP_GRACE_MS: u32 = 1_500;

/// One worker of the pool and what the page knows of it.
#[derive(Default)]
pub(super) struct Slot {
    pub(super) live: Option<LiveWorker>,
    /// Messages waiting for the worker to become ready, in order.
    pub(super) queued: Vec<Outgoing>,
    /// The job the worker was given and has not answered for yet.
    pub(super) busy: Option<u32>,
    /// A job the worker was told to stop and has not yet acknowledged.
    pub(super) stopping: Option<u32>,
    /// The job whose archive the worker is reading: it hears no message until it is done.
    pub(super) deaf: Option<u32>,
}

/// A message for a worker.
pub(super) struct Outgoing {
    pub(super) message: JsValue,
    /// Set on a `Start`: the worker is busy with this job once it has the message.
    pub(super) starts: Option<u32>,
    /// An `ArrayBuffer` the message holds, handed over rather than copied.
    pub(super) transfer: Option<JsValue>,
}

/// A started worker and the handlers that must live as long as it does.
pub(super) struct LiveWorker {
    generation: u32,
    pub(super) worker: Worker,
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

/// Posts `outgoing` to the worker in `slot` now, or once it is ready (starting it if need
/// be). An error means the browser refused the message.
pub(super) fn send(inner: &Rc<RefCell<Inner>>, slot: usize, outgoing: Outgoing) -> Result<(), String> {
    let worker = {
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        match &target.live {
            Some(live) if live.ready => {
                if let Some(job) = outgoing.starts {
                    target.busy = Some(job);
                }
                live.worker.clone()
            }
            _ => {
                target.queued.push(outgoing);
                drop(state);
                ensure_worker(inner, slot);
                return Ok(());
            }
        }
    };
    deliver(&worker, &outgoing)
}

fn deliver(worker: &Worker, outgoing: &Outgoing) -> Result<(), String> {
    match &outgoing.transfer {
        Some(buffer) => worker.post_message_with_transfer(&outgoing.message, &Array::of1(buffer)),
        None => worker.post_message(&outgoing.message),
    }
    .map_err(describe)
}

/// The worker in `slot` said it is ready: it gets what waited for it. Returns the job of a
/// message the browser refused, with why.
pub(super) fn mark_ready(inner: &Rc<RefCell<Inner>>, slot: usize) -> Result<(), (Option<u32>, String)> {
    let (worker, queued) = {
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        let queued = std::mem::take(&mut target.queued);
        let Some(live) = target.live.as_mut() else { return Ok(()) };
        live.ready = true;
        if let Some(url) = live.script_url.take() {
            let _ = Url::revoke_object_url(&url);
        }
        let worker = live.worker.clone();
        if let Some(job) = queued.iter().rev().find_map(|o| o.starts) {
            target.busy = Some(job);
        }
        (worker, queued)
    };
    for outgoing in &queued {
        deliver(&worker, outgoing).map_err(|message| (outgoing.starts, message))?;
    }
    Ok(())
}

/// Stops whatever the worker in `slot` does: what waits for it is dropped, a job it is on
/// is cancelled, and a worker deaf inside an archive is replaced at once.
pub(super) fn stop(inner: &Rc<RefCell<Inner>>, slot: usize) {
    let (job, deaf, worker) = {
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        target.queued.clear();
        let Some(job) = target.busy.take() else { return };
        (job, target.deaf == Some(job), target.live.as_ref().map(|live| live.worker.clone()))
    };
    if deaf {
        replace(inner, slot);
        return;
    }
    let Some(worker) = worker else { return };
    if let Ok(message) = protocol::encode(&Request::Cancel { job }) {
        // If the worker cannot take the message it is already gone: nothing left to stop.
        let _ = worker.post_message(&message);
    }
    watch_stop(inner, slot, job);
}

/// A safety net for a stop the worker could not hear: its notice that it entered an archive
/// may have been on its way when the page asked. If `job` is not acknowledged in time, the
/// worker is replaced.
fn watch_stop(inner: &Rc<RefCell<Inner>>, slot: usize, job: u32) {
    let generation = {
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        target.stopping = Some(job);
        target.live.as_ref().map(|live| live.generation)
    };
    let weak = Rc::downgrade(inner);
    gloo::timers::callback::Timeout::new(STOP_GRACE_MS, move || {
        let Some(inner) = weak.upgrade() else { return };
        {
            let state = inner.borrow();
            let target = &state.slots[slot];
            let same_worker = target.live.as_ref().map(|live| live.generation) == generation;
            if !(same_worker && target.stopping == Some(job)) {
                return;
            }
        }
        replace(&inner, slot);
    })
    .forget();
}

/// Terminates the worker in `slot` and starts a fresh one from the kept source, which is
/// given again the group of the current job it was reading. Never called from one of the
/// worker's handlers.
pub(super) fn replace(inner: &Rc<RefCell<Inner>>, slot: usize) {
    let old = {
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        target.stopping = None;
        target.busy = None;
        target.deaf = None;
        target.queued.clear();
        target.live.take()
    };
    // Dropping it terminates it and releases its handlers.
    drop(old);
    let (wanted, lead_lost) = match inner.borrow().run.as_ref() {
        // The lead's analysis of group 0 went with it: the job cannot be finished. (Not seen:
        // a lead is only replaced before it has read anything of the current job.)
        Some(run) if slot == 0 && run.read[0] => (None, Some(run.job)),
        Some(run) => (run.start_for(slot), None),
        None => (None, None),
    };
    if let Some(outgoing) = wanted {
        inner.borrow_mut().slots[slot].queued.push(outgoing);
    }
    ensure_worker(inner, slot);
    if let Some(job) = lead_lost {
        super::fail_run(
            inner,
            job,
            "The analysis engine had to be restarted; please add the files again.".into(),
        );
    }
}

/// The worker in `slot` is unusable: it is terminated, and started again only when a job
/// needs it. Returns the job it was on, and whether messages were waiting for it.
pub(super) fn discard(inner: &Rc<RefCell<Inner>>, slot: usize) -> (Option<u32>, bool) {
    let (dead, busy, had_queued) = {
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        let had_queued = !target.queued.is_empty();
        target.queued.clear();
        target.stopping = None;
        target.deaf = None;
        (target.live.take(), target.busy.take(), had_queued)
    };
    if let Some(dead) = dead {
        dead.worker.terminate();
        // We may be running inside one of its handlers: release them once this call is over.
        wasm_bindgen_futures::spawn_local(async move { drop(dead) });
    }
    (busy, had_queued)
}

/// Starts the worker of `slot` unless it is running or on its way.
pub(super) fn ensure_worker(inner: &Rc<RefCell<Inner>>, slot: usize) {
    let source = {
        let mut state = inner.borrow_mut();
        if state.slots[slot].live.is_some() || state.loading {
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
                            let wanted: Vec<usize> = {
                                let state = inner.borrow();
                                (0..state.slots.len()).filter(|&slot| state.wants_worker(slot)).collect()
                            };
                            for slot in wanted {
                                ensure_worker(&inner, slot);
                            }
                        }
                        Err(message) => super::engine_failed(
                            &inner,
                            None,
                            format!("The analysis engine could not be loaded: {message}"),
                        ),
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
    match spawn(Rc::downgrade(inner), slot, generation, &source) {
        Ok(live) => inner.borrow_mut().slots[slot].live = Some(live),
        Err(message) => {
            super::engine_failed(inner, Some(slot), format!("The analysis engine could not start: {message}"))
        }
    }
}

/// Creates the worker from a `blob:` script and hands it its wasm.
fn spawn(
    weak: Weak<RefCell<Inner>>,
    slot: usize,
    generation: u32,
    source: &WorkerSource,
) -> Result<LiveWorker, String> {
    let script = Array::of1(&JsValue::from_str(&format!("{}\n{BOOTSTRAP}", source.glue)));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&script, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let worker = Worker::new(&url).map_err(describe)?;

    let on_message = {
        let weak = weak.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| match weak.upgrade() {
            Some(inner) if is_live(&inner, slot, generation) => on_message(&inner, slot, event.data()),
            _ => {}
        })
    };
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| match weak.upgrade() {
        Some(inner) if is_live(&inner, slot, generation) => super::engine_failed(
            &inner,
            Some(slot),
            format!("The analysis engine stopped: {}", event.message()),
        ),
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

/// Messages from a worker already replaced are ignored.
fn is_live(inner: &Rc<RefCell<Inner>>, slot: usize, generation: u32) -> bool {
    inner.borrow().slots[slot].live.as_ref().is_some_and(|live| live.generation == generation)
}
