//! Where a lead worker's shards wait: the page forwards each helper's shard as soon as it
//! can, possibly while the lead is still reading its own files, and the lead takes them in
//! once it has finished those.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The shards received for the current job, and the lead's task if it is waiting for one.
#[derive(Default)]
pub(crate) struct Inbox {
    job: u32,
    shards: VecDeque<Vec<u8>>,
    /// Resolves the promise the waiting task awaits.
    wake: Option<Function>,
}

/// Shared by the message handler (which fills it) and the running job (which empties it).
pub(crate) type SharedInbox = Rc<RefCell<Inbox>>;

impl Inbox {
    /// A new job starts: shards of any other are stale.
    pub(crate) fn start(&mut self, job: u32) {
        self.job = job;
        self.shards.clear();
    }

    /// Keeps a shard for `job` if it is the current one.
    pub(crate) fn put(&mut self, job: u32, shard: Vec<u8>) {
        if job == self.job {
            self.shards.push_back(shard);
        }
    }

    /// Wakes the waiting task, if any, so it takes a shard or sees that its job has ended.
    /// The task resumes once the current message handler has returned.
    pub(crate) fn wake(&mut self) {
        if let Some(wake) = self.wake.take() {
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

/// The next shard of `job`, or `None` once `still_wanted` says the job has ended.
pub(crate) async fn next_shard(
    inbox: &SharedInbox,
    job: u32,
    still_wanted: impl Fn() -> bool,
) -> Option<Vec<u8>> {
    loop {
        if !still_wanted() {
            return None;
        }
        {
            let mut inbox = inbox.borrow_mut();
            if inbox.job == job {
                if let Some(shard) = inbox.shards.pop_front() {
                    return Some(shard);
                }
            }
        }
        let woken = Promise::new(&mut |resolve, _| inbox.borrow_mut().wake = Some(resolve));
        // A promise resolved with no value cannot fail.
        let _ = JsFuture::from(woken).await;
    }
}
