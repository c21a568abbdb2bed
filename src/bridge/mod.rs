//! The page's handle on the analysis workers.
//!
//! The page keeps a pool of workers, one per core up to four (`split::pool_size`; `?workers=N`
//! in the address sets it). The first starts as soon as the page loads, so its code is
//! fetched with the page and not after the user has chosen files; the others start once it
//! is up, so they do not slow the page's load or the first worker's warm-up. A worker that
//! fails or crashes is dropped, and started again from the kept source when a job needs it.
//!
//! A job of several files and enough bytes is split into contiguous groups of files, a few
//! per worker (`split::plan`), balanced by bytes: the cost of a byte differs a lot between
//! log families, so with one group per worker one would sit idle while another finishes. The
//! first worker is the lead: it reads group 0 and keeps its analysis; every other group goes
//! to whichever worker is free (the lead too, once it has read group 0), which sends it back
//! as a shard. The page forwards the shards to the lead in group order as they come; the lead
//! takes them in and, with the last, sends the report as a single worker would. Meanwhile
//! the page adds up the groups' progress and shows their findings so far merged
//! (`partials`), a few times a second whatever the number of workers (see
//! [`PROGRESS_EVERY_MS`]).
//! Stopping a job stops all its workers (see `pool`), and a failure of any of them fails it.

mod pool;
mod source;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use loupe_core::{ProvisioningRow, SignIn};
use wasm_bindgen::JsValue;
use yew::Callback;

use crate::partials::{Delta, Partials};
use crate::picked::PickedFile;
use crate::protocol::{self, Event, InputFile, Options, Request, Then};
use crate::split;
use crate::state::{Action, TimeCorrection};
use pool::{Outgoing, Slot};

pub(crate) use source::is_inline as carries_worker_inline;

/// A job's progress reaches the page at most this often: each worker says it every 100 ms,
/// and each time the page draws the status line and the file table again, a few ms of its
/// time; with two workers on two cores, that time comes in tasks that wait for a core. Only
/// the latest of each group counts.
const PROGRESS_EVERY_MS: u32 = 250;
/// A job's findings reach the page at most this often once some are shown (the first go at
/// once): drawing findings costs more than a number.
const PARTIAL_EVERY_MS: f64 = 500.0;

/// Starts analyses in the workers and turns their answers into the page's actions.
pub(crate) struct Analyzer {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    on_action: Callback<Action>,
    source: Option<Rc<source::WorkerSource>>,
    loading: bool,
    /// The pool: group `g` of a job goes to slot `g`.
    slots: Vec<Slot>,
    /// A worker's share of a job must be about this many bytes: small jobs stay on one.
    min_group_bytes: u64,
    /// The first worker has come up, so the others may start.
    pool_started: bool,
    last_job: u32,
    /// Counts workers started, so messages from a worker already replaced are ignored.
    generation: u32,
    /// The files of the last job and their sizes, so they can be analysed again with a time
    /// correction.
    last_files: Vec<InputFile>,
    last_sizes: Vec<u64>,
    /// The job the workers are on, until its report arrives or it stops.
    run: Option<Run>,
    /// The next time a split job's progress and findings go to the page.
    flush: Option<gloo::timers::callback::Timeout>,
}

/// A job on its way, over one or several workers.
struct Run {
    job: u32,
    /// Each group's `Start`, kept so a replaced worker can be given it again.
    starts: Vec<JsValue>,
    /// Each group's bytes.
    bytes: Vec<u64>,
    /// Which groups are read: group 0 by the lead, which keeps it; the others once their
    /// shard is in.
    read: Vec<bool>,
    /// Shards received and not yet forwarded to the lead, by group.
    shards: Vec<Option<Uint8Array>>,
    /// Groups `1..=forwarded` have had their shard forwarded.
    forwarded: usize,
    /// The first group no worker has been given yet.
    next_group: usize,
    /// The group each worker is reading, by slot.
    reading: Vec<Option<usize>>,
    /// Each group's latest findings so far, and their merge.
    partials: Partials,
    /// Each group's progress, not yet passed on to the page.
    progress: Vec<Option<u64>>,
    /// Findings have come since the page was last shown them.
    partials_new: bool,
    /// When the page was last shown findings, if ever (`Date.now()`).
    partials_shown_ms: Option<f64>,
    /// Report sections received ahead of `Done`, in order.
    signins: Vec<SignIn>,
    provisioning: Vec<ProvisioningRow>,
}

impl Run {
    fn groups(&self) -> usize {
        self.starts.len()
    }

    fn start_of(&self, group: usize) -> Option<Outgoing> {
        let message = self.starts.get(group)?.clone();
        Some(Outgoing { message, starts: Some(self.job), transfer: None })
    }

    /// What a fresh worker in `slot` must be given again: the group it was reading.
    fn start_for(&self, slot: usize) -> Option<Outgoing> {
        self.start_of(self.reading.get(slot).copied().flatten()?)
    }

    /// The next group for a free worker, if any is left; it is then the worker's.
    fn take_next_group(&mut self, slot: usize) -> Option<Outgoing> {
        let group = self.next_group;
        let outgoing = self.start_of(group)?;
        self.next_group += 1;
        self.reading[slot] = Some(group);
        Some(outgoing)
    }
}

impl Inner {
    fn wants_worker(&self, slot: usize) -> bool {
        slot == 0 || self.pool_started || !self.slots[slot].queued.is_empty()
    }
}

impl Analyzer {
    /// Creates the handle and starts loading the first worker right away.
    pub(crate) fn new(on_action: Callback<Action>) -> Self {
        let window = web_sys::window();
        let forced = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| split::workers_override(&q));
        let (workers, min_group_bytes) = match forced {
            Some(workers) => (workers, 1),
            None => {
                let cores = window.map_or(1.0, |w| w.navigator().hardware_concurrency());
                (split::pool_size(cores), split::MIN_GROUP_BYTES)
            }
        };
        let inner = Rc::new(RefCell::new(Inner {
            on_action,
            source: None,
            loading: false,
            slots: (0..workers).map(|_| Slot::default()).collect(),
            min_group_bytes,
            pool_started: false,
            last_job: 0,
            generation: 0,
            last_files: Vec::new(),
            last_sizes: Vec::new(),
            run: None,
            flush: None,
        }));
        pool::ensure_worker(&inner, 0);
        Self { inner }
    }

    /// A fresh job id, so the page can record the job before anything about it arrives.
    pub(crate) fn next_job(&self) -> u32 {
        let mut inner = self.inner.borrow_mut();
        inner.last_job += 1;
        inner.last_job
    }

    /// Analyses `files` (of `sizes` bytes) as job `job`, replacing any job still running.
    pub(crate) fn start(&self, job: u32, files: Vec<PickedFile>, sizes: Vec<u64>) {
        let files: Vec<InputFile> =
            files.into_iter().map(|f| InputFile { path: f.path, file: f.file }).collect();
        {
            let mut inner = self.inner.borrow_mut();
            inner.last_files = files.clone();
            inner.last_sizes = sizes.clone();
        }
        self.begin(job, files, sizes, &TimeCorrection::default());
    }

    /// Analyses the last job's files again, as job `job`, with a time correction.
    pub(crate) fn rerun(&self, job: u32, correction: &TimeCorrection) {
        let (files, sizes) = {
            let inner = self.inner.borrow();
            (inner.last_files.clone(), inner.last_sizes.clone())
        };
        self.begin(job, files, sizes, correction);
    }

    fn begin(&self, job: u32, files: Vec<InputFile>, sizes: Vec<u64>, correction: &TimeCorrection) {
        stop_run(&self.inner);
        let options = Options {
            now_ms: js_sys::Date::now(),
            date: correction.date.clone(),
            utc_offset_minutes: correction.utc_offset_minutes,
        };
        let (groups, workers) = {
            let inner = self.inner.borrow();
            let workers = inner.slots.len();
            (split::plan(&sizes, workers, inner.min_group_bytes), workers)
        };
        let count = groups.len() as u32;
        let mut starts = Vec::with_capacity(groups.len());
        for (index, group) in groups.iter().enumerate() {
            let then = match index as u32 {
                0 => Then::Report { groups: count },
                group => Then::Shard { group },
            };
            let files = files.get(group.clone()).unwrap_or_default().to_vec();
            match protocol::encode(&Request::Start { job, options: options.clone(), files, then }) {
                Ok(message) => starts.push(message),
                Err(message) => return emit(&self.inner, Action::Failed { job: Some(job), message }),
            }
        }
        if groups.len() > 1 {
            emit(&self.inner, Action::Groups { job, starts: groups.iter().map(|g| g.start).collect() });
        }
        let mut run = Run {
            job,
            bytes: groups.iter().map(|g| sizes.get(g.clone()).unwrap_or_default().iter().sum()).collect(),
            read: vec![false; groups.len()],
            shards: vec![None; groups.len()],
            forwarded: 0,
            next_group: 0,
            reading: vec![None; workers],
            partials: Partials::new(groups.len()),
            progress: vec![None; groups.len()],
            partials_new: false,
            partials_shown_ms: None,
            signins: Vec::new(),
            provisioning: Vec::new(),
            starts,
        };
        // Group 0 to the first worker, the lead; one group to each other worker.
        let outgoing: Vec<(usize, Outgoing)> =
            (0..workers).map_while(|slot| Some((slot, run.take_next_group(slot)?))).collect();
        self.inner.borrow_mut().run = Some(run);
        for (slot, outgoing) in outgoing {
            if let Err(message) = pool::send(&self.inner, slot, outgoing) {
                return fail_run(&self.inner, job, message);
            }
        }
    }

    /// Stops `job` on every worker it runs on.
    pub(crate) fn cancel(&self, job: u32) {
        if self.inner.borrow().run.as_ref().is_some_and(|run| run.job == job) {
            stop_run(&self.inner);
        }
    }
}

/// Forgets the current job and stops every worker.
fn stop_run(inner: &Rc<RefCell<Inner>>) {
    let slots = {
        let mut state = inner.borrow_mut();
        state.run = None;
        state.flush = None;
        state.slots.len()
    };
    for slot in 0..slots {
        pool::stop(inner, slot);
    }
}

/// `job` failed: its other workers stop, and the page says why.
fn fail_run(inner: &Rc<RefCell<Inner>>, job: u32, message: String) {
    if inner.borrow().run.as_ref().is_some_and(|run| run.job == job) {
        stop_run(inner);
    }
    emit(inner, Action::Failed { job: Some(job), message });
}

/// A worker (`slot`), or the engine's code itself (`None`), is unusable: it is dropped, the
/// job it was working for fails and its other workers stop, and the page says why. A worker
/// lost while a job it had no part in runs (one that had delivered its shard, or one
/// waiting idle) is only dropped: the job goes on.
fn engine_failed(inner: &Rc<RefCell<Inner>>, slot: Option<usize>, message: String) {
    let slots = match slot {
        Some(slot) => slot..slot + 1,
        None => 0..inner.borrow().slots.len(),
    };
    let current = inner.borrow().run.as_ref().map(|run| run.job);
    let mut lost_current = false;
    for slot in slots {
        let (busy, had_queued) = pool::discard(inner, slot);
        lost_current |= had_queued || (busy.is_some() && busy == current);
    }
    if current.is_some() && !lost_current {
        web_sys::console::warn_1(&format!("Loupe: an idle analysis worker was dropped: {message}").into());
        return;
    }
    if lost_current {
        stop_run(inner);
    }
    emit(inner, Action::Failed { job: None, message });
}

fn on_message(inner: &Rc<RefCell<Inner>>, slot: usize, data: JsValue) {
    let event = match protocol::decode::<Event>(data) {
        Ok(event) => event,
        Err(message) => {
            Event::Failed { job: None, message: format!("Unreadable answer from the engine: {message}") }
        }
    };
    match event {
        Event::Ready => {
            if let Err((job, message)) = pool::mark_ready(inner, slot) {
                match job {
                    Some(job) => fail_run(inner, job, message),
                    None => engine_failed(inner, Some(slot), message),
                }
                return;
            }
            start_pool(inner);
            forward_shards(inner);
        }
        Event::Failed { job: None, message } => engine_failed(inner, Some(slot), message),
        Event::Archive { job, reading } => {
            let target = &mut inner.borrow_mut().slots[slot];
            if reading {
                target.deaf = Some(job);
            } else if target.deaf == Some(job) {
                target.deaf = None;
            }
        }
        event => on_job_event(inner, slot, event),
    }
}

/// The first worker is up: the others start now.
fn start_pool(inner: &Rc<RefCell<Inner>>) {
    let slots = {
        let mut state = inner.borrow_mut();
        if state.pool_started {
            return;
        }
        state.pool_started = true;
        state.slots.len()
    };
    for slot in 1..slots {
        pool::ensure_worker(inner, slot);
    }
}

/// An answer about a job, from the worker in `slot`.
fn on_job_event(inner: &Rc<RefCell<Inner>>, slot: usize, event: Event) {
    let job = match &event {
        Event::Progress { job, .. }
        | Event::Partial { job, .. }
        | Event::ReportPart { job, .. }
        | Event::Done { job, .. }
        | Event::Read { job }
        | Event::Shard { job, .. }
        | Event::Cancelled { job }
        | Event::Failed { job: Some(job), .. } => *job,
        Event::Ready | Event::Archive { .. } | Event::Failed { job: None, .. } => return,
    };
    // The lead stays on its job until the report, whatever groups it reads meanwhile.
    let answered = match event {
        Event::Done { .. } | Event::Cancelled { .. } | Event::Failed { .. } => true,
        Event::Shard { .. } => slot != 0,
        _ => false,
    };
    if answered {
        // The worker is done with that job, one way or another: it is listening.
        let mut state = inner.borrow_mut();
        let target = &mut state.slots[slot];
        if target.busy == Some(job) {
            target.busy = None;
        }
        if target.stopping == Some(job) {
            target.stopping = None;
            drop(state);
            // A lead that was still stopping an older job now takes the shards held for it.
            forward_shards(inner);
        }
    }
    let groups = match inner.borrow().run.as_ref() {
        Some(run) if run.job == job => run.groups(),
        // About a job that was stopped or replaced.
        _ => return,
    };
    let known = |group: u32| (group as usize) < groups;
    match event {
        // Paced here, all groups together: see `flush`.
        Event::Progress { group, bytes_done, .. } if known(group) => {
            if let Some(run) = inner.borrow_mut().run.as_mut() {
                run.progress[group as usize] = Some(bytes_done);
            }
            schedule_flush(inner);
        }
        Event::Partial { group, findings, removed, .. } if known(group) => {
            if let Some(run) = inner.borrow_mut().run.as_mut() {
                run.partials.update(group as usize, Delta { findings, removed });
                run.partials_new = true;
            }
            schedule_flush(inner);
        }
        Event::ReportPart { signins, provisioning, .. } => {
            if let Some(run) = inner.borrow_mut().run.as_mut() {
                run.signins.extend(signins);
                run.provisioning.extend(provisioning);
            }
        }
        Event::Done { mut report, .. } => {
            let Some(run) = inner.borrow_mut().run.take() else { return };
            report.signins = run.signins;
            report.provisioning = run.provisioning;
            let action = Action::Finished { job, report: Box::new(report), at_ms: js_sys::Date::now() };
            // Decoding the report was this task's work; drawing it is the next one's.
            emit_soon(inner, action);
        }
        Event::Read { .. } => group_read(inner, slot, 0, None),
        Event::Shard { group, bytes, .. } if known(group) && group > 0 => {
            group_read(inner, slot, group as usize, Some(bytes))
        }
        Event::Failed { message, .. } => fail_run(inner, job, message),
        Event::Progress { .. }
        | Event::Partial { .. }
        | Event::Shard { .. }
        | Event::Cancelled { .. }
        | Event::Ready
        | Event::Archive { .. } => {}
    }
}

/// The worker in `slot` has read `group` (and sent its shard, but for group 0, which the
/// lead keeps): it is given the next group, and the shard goes on to the lead.
fn group_read(inner: &Rc<RefCell<Inner>>, slot: usize, group: usize, shard: Option<Uint8Array>) {
    let (job, next) = {
        let mut state = inner.borrow_mut();
        let Some(run) = state.run.as_mut() else { return };
        run.read[group] = true;
        run.shards[group] = shard;
        // Its files are read, whatever its last progress said.
        run.progress[group] = Some(run.bytes[group]);
        if run.reading[slot] == Some(group) {
            run.reading[slot] = None;
        }
        (run.job, run.take_next_group(slot))
    };
    if let Some(next) = next {
        if let Err(message) = pool::send(inner, slot, next) {
            return fail_run(inner, job, message);
        }
    }
    forward_shards(inner);
    schedule_flush(inner);
}

/// Passes a job's progress and findings on to the page soon, unless that is planned
/// already. The first findings go at once.
fn schedule_flush(inner: &Rc<RefCell<Inner>>) {
    let first_findings =
        inner.borrow().run.as_ref().is_some_and(|run| {
            run.partials_new && run.partials_shown_ms.is_none() && !run.partials.is_empty()
        });
    if first_findings {
        return flush(inner);
    }
    if inner.borrow().flush.is_some() {
        return;
    }
    let weak = Rc::downgrade(inner);
    let timer = gloo::timers::callback::Timeout::new(PROGRESS_EVERY_MS, move || {
        if let Some(inner) = weak.upgrade() {
            inner.borrow_mut().flush = None;
            flush(&inner);
        }
    });
    inner.borrow_mut().flush = Some(timer);
}

/// Gives the page the job's latest progress, and its merged findings when due. The actions
/// of one call are drawn together. The findings are the `Rc`s the merge keeps, so this
/// costs a pointer per finding, and the page redraws only those that changed.
fn flush(inner: &Rc<RefCell<Inner>>) {
    let now = js_sys::Date::now();
    let (actions, later) = {
        let mut state = inner.borrow_mut();
        let Some(run) = state.run.as_mut() else { return };
        let job = run.job;
        let mut actions: Vec<Action> = (run.progress.iter_mut().enumerate())
            .filter_map(|(group, bytes)| Some(Action::Progress { job, group, bytes_done: bytes.take()? }))
            .collect();
        let due = run.partials_shown_ms.is_none_or(|shown| now - shown >= PARTIAL_EVERY_MS);
        if run.partials_new && due {
            run.partials_new = false;
            let findings = run.partials.list();
            if !findings.is_empty() {
                run.partials_shown_ms = Some(now);
                actions.push(Action::Partial { job, findings });
            }
        }
        (actions, run.partials_new)
    };
    for action in actions {
        emit(inner, action);
    }
    if later {
        schedule_flush(inner);
    }
}

/// Hands the lead the shards it can take next, in group order. They wait here while the
/// lead has not acknowledged the stop of an older job: it may yet be replaced, and a shard
/// cannot be sent twice (its buffer moves with it).
fn forward_shards(inner: &Rc<RefCell<Inner>>) {
    loop {
        let (job, bytes) = {
            let mut guard = inner.borrow_mut();
            let state = &mut *guard;
            let Some(run) = state.run.as_mut() else { return };
            let next = run.forwarded + 1;
            if next >= run.groups() || state.slots[0].stopping.is_some() {
                return;
            }
            let Some(bytes) = run.shards[next].take() else { return };
            run.forwarded = next;
            (run.job, bytes)
        };
        let transfer = Some(bytes.buffer().into());
        let sent = protocol::encode(&Request::Shard { job, bytes })
            .and_then(|message| pool::send(inner, 0, Outgoing { message, starts: None, transfer }));
        if let Err(message) = sent {
            return fail_run(inner, job, message);
        }
    }
}

/// Hands an action to the page in a task of its own.
fn emit_soon(inner: &Rc<RefCell<Inner>>, action: Action) {
    let weak = Rc::downgrade(inner);
    gloo::timers::callback::Timeout::new(0, move || {
        if let Some(inner) = weak.upgrade() {
            emit(&inner, action);
        }
    })
    .forget();
}

/// Hands an action to the page with no borrow held, since the page may call back into the
/// analyzer.
fn emit(inner: &Rc<RefCell<Inner>>, action: Action) {
    let on_action = inner.borrow().on_action.clone();
    on_action.emit(action);
}
