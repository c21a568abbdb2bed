//! How often the worker speaks: often enough to feel live, rarely enough to cost nothing.

/// Minimum gap between progress messages.
const PROGRESS_EVERY_MS: f64 = 100.0;
/// Minimum gap between findings snapshots; rendering findings costs more than a number.
const PARTIAL_EVERY_MS: f64 = 500.0;
/// Until the first finding is out, the worker looks for one this often: the first answer is
/// what the user waits for, so it should not wait for the next snapshot (the issue 7 target
/// is a first finding within 1 s). Looking costs little while there is nothing to render.
const FIRST_FINDING_EVERY_MS: f64 = 50.0;

/// Decides, from the clock, whether a progress message or a findings snapshot is due.
pub(crate) struct Pace {
    last_progress: f64,
    last_partial: f64,
}

impl Pace {
    pub(crate) fn starting_at(now_ms: f64) -> Self {
        Self { last_progress: now_ms, last_partial: now_ms }
    }

    pub(crate) fn progress_due(&mut self, now_ms: f64) -> bool {
        Self::due(&mut self.last_progress, now_ms, PROGRESS_EVERY_MS)
    }

    /// `shown_any`: a snapshot with findings has gone out already.
    pub(crate) fn partial_due(&mut self, now_ms: f64, shown_any: bool) -> bool {
        let every = if shown_any { PARTIAL_EVERY_MS } else { FIRST_FINDING_EVERY_MS };
        Self::due(&mut self.last_partial, now_ms, every)
    }

    fn due(last: &mut f64, now_ms: f64, every: f64) -> bool {
        if now_ms - *last >= every {
            *last = now_ms;
            true
        } else {
            false
        }
    }
}
