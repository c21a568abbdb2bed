//! How often the worker speaks: often enough to feel live, rarely enough to cost nothing.

/// Minimum gap between progress messages.
const PROGRESS_EVERY_MS: f64 = 100.0;
/// Minimum gap between findings snapshots; rendering findings costs more than a number.
const PARTIAL_EVERY_MS: f64 = 500.0;

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

    pub(crate) fn partial_due(&mut self, now_ms: f64) -> bool {
        Self::due(&mut self.last_partial, now_ms, PARTIAL_EVERY_MS)
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
