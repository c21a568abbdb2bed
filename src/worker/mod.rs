//! The worker's side: receive requests, run jobs, answer with events.
//!
//! The worker's wasm is started by the bootstrap in `bridge/boot.js`; `run` is its `main`.
//! A job is an async task that reads its files slice by slice. Between slices it yields to
//! the event loop, which is when a `Cancel` (or a newer `Start`) can arrive: the task then
//! sees that its job is no longer the current one and stops. Archives are read
//! synchronously (see `job`), so during one the page may replace the whole worker instead.
//!
//! When the page splits a job into groups of files, this worker reads the groups it is given,
//! one after the other, each as its own analysis sent as a shard; the job's lead keeps the
//! analysis of group 0, takes in the other groups' shards in order as the page forwards them
//! (see `inbox`), and sends the report.

mod blob_reader;
mod inbox;
mod job;
mod pace;

use std::cell::Cell;
use std::rc::Rc;

use loupe_core::{Analysis, AnalysisOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{self, Event, Request};

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    install_panic_hook(scope.clone());

    // The job allowed to run; 0 means none. Each running task compares its own id with it.
    let current = Rc::new(Cell::new(0_u32));
    let inbox = inbox::SharedInbox::default();
    let handler_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        match protocol::decode::<Request>(event.data()) {
            Ok(Request::Start { job, options, files, then }) => {
                current.set(job);
                inbox.borrow_mut().start(job);
                let task = job::Job {
                    scope: handler_scope.clone(),
                    id: job,
                    current: current.clone(),
                    inbox: inbox.clone(),
                };
                wasm_bindgen_futures::spawn_local(task.run(options, files, then));
            }
            Ok(Request::Cancel { job }) => {
                if current.get() == job {
                    current.set(0);
                }
            }
            Ok(Request::Shard { job, bytes }) => inbox.borrow_mut().put(job, bytes.to_vec()),
            Err(message) => {
                post(&handler_scope, &Event::Failed { job: None, message: format!("Bad request: {message}") })
            }
        }
        // A lead waiting for shards takes this one, or sees that its job has ended.
        inbox.borrow_mut().wake();
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler must live as long as the worker, which is the life of this wasm instance.
    on_message.forget();
    post(&scope, &Event::Ready);
    warm_up();
}

/// Analyses the built-in sample logs once and throws the result away. The core compiles its
/// knowledge base, regexes and automata on first use, which would otherwise delay the first
/// job's first answer by a few hundred ms; the user is still choosing files now. A request
/// that arrives meanwhile waits for this, and then runs warm.
fn warm_up() {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(js_sys::Date::now() as i64));
    for sample in crate::samples::SAMPLES {
        let id = analysis.add_file(sample.path);
        analysis.feed(id, sample.bytes);
        analysis.finish_file(id);
    }
    drop(analysis.finish());
}

/// Sends an event to the page. A message that cannot be encoded is reported instead, so the
/// page is never left waiting.
pub(crate) fn post(scope: &DedicatedWorkerGlobalScope, event: &Event) {
    post_transferring(scope, event, None);
}

/// [`post`], handing `transfer` (an `ArrayBuffer` the event holds) over rather than copying it.
pub(crate) fn post_transferring(
    scope: &DedicatedWorkerGlobalScope,
    event: &Event,
    transfer: Option<&JsValue>,
) {
    let sent = protocol::encode(event).and_then(|value| {
        match transfer {
            Some(buffer) => scope.post_message_with_transfer(&value, &js_sys::Array::of1(buffer)),
            None => scope.post_message(&value),
        }
        .map_err(|e| format!("{e:?}"))
    });
    if let Err(message) = sent {
        let fallback = Event::Failed { job: None, message: format!("Could not send a result: {message}") };
        if let Ok(value) = protocol::encode(&fallback) {
            let _ = scope.post_message(&value);
        }
    }
}

/// With `panic = "abort"` the wasm instance dies on a panic; the hook runs first and tells
/// the page, which then replaces this worker.
fn install_panic_hook(scope: DedicatedWorkerGlobalScope) {
    std::panic::set_hook(Box::new(move |info| {
        post(&scope, &Event::Failed { job: None, message: format!("The analysis engine crashed: {info}") });
    }));
}
