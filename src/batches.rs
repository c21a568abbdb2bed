//! Long lists rendered a batch at a time, each batch in a task of its own after a frame.
//!
//! A browser task that runs longer than 50 ms delays everything the user does meanwhile,
//! and yew renders a state change in the task that made it, then the browser lays out all
//! of it before the next frame. A table of 66 files cost 100 ms in one piece; a batch of
//! a dozen rows costs a few.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How many of `total` items to render now: `first` at once, `step` more after each frame.
/// A new `key` (another list) starts again from `first`; a list that grows under the same
/// key keeps what it shows and grows by steps.
#[hook]
pub(crate) fn use_batches<K>(key: K, total: usize, first: usize, step: usize) -> usize
where
    K: PartialEq + Clone + 'static,
{
    let shown = use_state(|| (key.clone(), first));
    let now = if shown.0 == key { shown.1 } else { first }.min(total);
    use_effect_with((key, now, total), move |(key, now, total)| {
        let next = (*now < *total).then(|| {
            let (key, more) = (key.clone(), now + step.max(1));
            after_next_frame(move || shown.set((key, more)))
        });
        move || drop(next)
    });
    now
}

thread_local! {
    /// Batches waiting for their frame, oldest first: one runs per frame, whichever list it
    /// belongs to, so two lists growing at once do not share a frame.
    static QUEUE: RefCell<VecDeque<Rc<Step>>> = RefCell::default();
    /// A frame has been asked for and will run the next batch.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// A batch waiting for its turn; dropping its [`Cancel`] takes it out.
struct Step {
    run: RefCell<Option<Box<dyn FnOnce()>>>,
}

/// Runs `f` in a task of its own after a frame is drawn, once the batches queued before it
/// have had theirs, unless the returned guard is dropped first. A timer alone could run
/// several batches before one frame, and the browser would then lay them all out at once.
pub(crate) fn after_next_frame(f: impl FnOnce() + 'static) -> Cancel {
    let step = Rc::new(Step { run: RefCell::new(Some(Box::new(f))) });
    QUEUE.with(|queue| queue.borrow_mut().push_back(step.clone()));
    ask_for_frame();
    Cancel(step)
}

fn ask_for_frame() {
    if ASKED.with(|asked| asked.replace(true)) {
        return;
    }
    let on_frame = Closure::once_into_js(|| {
        // Called from inside the frame: the timer's task comes after it is drawn.
        gloo::timers::callback::Timeout::new(0, run_next).forget();
    });
    if let Some(window) = web_sys::window() {
        // Without a window there are no frames: the lists simply stay at what they show.
        let _ = window.request_animation_frame(on_frame.unchecked_ref());
    }
}

fn run_next() {
    ASKED.with(|asked| asked.set(false));
    // Cancelled batches are skipped: their list was replaced or is gone.
    let next = QUEUE.with(|queue| {
        let mut queue = queue.borrow_mut();
        std::iter::from_fn(|| queue.pop_front()).find_map(|step| step.run.borrow_mut().take())
    });
    if let Some(run) = next {
        run();
    }
    if QUEUE.with(|queue| !queue.borrow().is_empty()) {
        ask_for_frame();
    }
}

/// Cancels a pending batch when dropped.
pub(crate) struct Cancel(Rc<Step>);

impl Drop for Cancel {
    fn drop(&mut self) {
        self.0.run.borrow_mut().take();
    }
}
