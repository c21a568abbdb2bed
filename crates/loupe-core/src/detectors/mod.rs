//! Code detectors: the diagnoses that need state or arithmetic, one per file, each named
//! after the rule id it reports. Plain text signatures live in `data/rules/` instead.

use std::any::Any;

use crate::analysis::FileId;
use crate::entry::Entry;
use crate::findings::FindingStore;
use crate::report::Report;
use crate::time::{time_of_day_difference, FileClock, RawStamp, DAY_MS};
use crate::triggers::{Hits, NeedleId};

mod bw_error_codes;
mod bw_provisioning;
mod bw_signin;
mod clock_skew;
mod cuc_https_request_failures;
mod cuc_mailbox_out_of_sync;
mod cuc_traces_to_enable;
mod google_evidence;
mod jwt_expired_when_used;
mod jwt_incomplete;
mod jwt_issued_in_future;
mod jwt_key_link;
mod jwt_lifetime_over_hour;
mod jwt_not_short_lived;
mod key_file_checks;
mod scope_list_check;
mod subscription_suspended;

/// Where an entry comes from.
pub(crate) struct EntryContext<'a> {
    pub(crate) file: FileId,
    /// The file's path as the report names it.
    #[allow(dead_code, reason = "for detectors that key on file names (key files, Webex logs)")]
    pub(crate) path: &'a str,
    /// The file's recognised format name (`cuc-diag`, `plain`, ...).
    #[allow(dead_code, reason = "for detectors that only apply to one log format")]
    pub(crate) format: &'a str,
    /// The caller's "now", for ages and expiry; the core never reads a clock.
    #[allow(dead_code, reason = "for detectors that compare with the present (expired tokens)")]
    pub(crate) now_unix_ms: i64,
    /// Where the reading detector's own triggers occur in the entry.
    pub(crate) triggers: Triggered<'a>,
}

/// One detector's view of the shared trigger scan, by the index of each word in its
/// [`Detector::triggers`] list.
#[derive(Clone, Copy)]
pub(crate) struct Triggered<'a> {
    pub(crate) hits: &'a Hits,
    pub(crate) ids: &'a [NeedleId],
    pub(crate) qualifiers: &'a [NeedleId],
}

impl Triggered<'_> {
    /// Byte offset of the first occurrence (in any letter case) of trigger `index`.
    pub(crate) fn at(&self, index: usize) -> Option<usize> {
        self.hits.at(*self.ids.get(index)?)
    }

    /// Whether each of the detector's [`Detector::qualifiers`] occurs, in any letter case;
    /// `None` when the shared scan did not walk this entry (it held no decisive needle and
    /// reached the detector through [`Detector::wants_every_entry`]), so the detector must
    /// look for itself.
    pub(crate) fn qualifiers_present(&self) -> Option<impl Iterator<Item = bool> + '_> {
        self.hits.any().then(|| self.qualifiers.iter().map(|&id| self.hits.at(id).is_some()))
    }
}

/// Turns raw stamps into UTC once every file's date and zone are settled.
pub(crate) struct TimeResolver<'a> {
    pub(crate) clocks: &'a [FileClock],
}

#[allow(dead_code, reason = "used by detectors that correlate times across files")]
impl TimeResolver<'_> {
    /// UTC milliseconds, when the file's date is known.
    pub(crate) fn utc_ms(&self, file: FileId, stamp: RawStamp) -> Option<i64> {
        self.clocks.get(file.0)?.resolve(stamp)
    }

    /// How far `utc_ms` (a moment from another clock) is after a line's stamp, in
    /// milliseconds, and whether the dates were known. Undated lines are compared by time
    /// of day only, which cannot see whole days.
    pub(crate) fn after_line(&self, file: FileId, stamp: RawStamp, utc_ms: i64) -> Option<(i64, bool)> {
        let clock = self.clocks.get(file.0)?;
        match clock.resolve_measurable(stamp) {
            Some(line_ms) => Some((utc_ms - line_ms, true)),
            None => {
                Some((time_of_day_difference(utc_ms.rem_euclid(DAY_MS), clock.utc_time_of_day(stamp)), false))
            }
        }
    }

    /// How far line `a` is after line `b`, compared the same way.
    pub(crate) fn between_lines(&self, a: (FileId, RawStamp), b: (FileId, RawStamp)) -> Option<(i64, bool)> {
        let (clock_a, clock_b) = (self.clocks.get(a.0 .0)?, self.clocks.get(b.0 .0)?);
        match (clock_a.resolve_measurable(a.1), clock_b.resolve_measurable(b.1)) {
            (Some(a_ms), Some(b_ms)) => Some((a_ms - b_ms, true)),
            _ => Some((
                time_of_day_difference(clock_a.utc_time_of_day(a.1), clock_b.utc_time_of_day(b.1)),
                false,
            )),
        }
    }

    /// A stamp for people: ISO 8601 UTC, or a bare time of day when the date is unknown.
    pub(crate) fn render(&self, file: FileId, stamp: RawStamp) -> String {
        self.clocks.get(file.0).map(|c| c.render(stamp)).unwrap_or_default()
    }
}

/// A stateful diagnosis fed the entries that concern it.
pub(crate) trait Detector {
    /// Reads the options it depends on, once, before any file.
    fn configure(&mut self, _options: &crate::analysis::AnalysisOptions) {}

    /// Words (ASCII, any letter case) without which an entry is of no interest to this
    /// detector, unless [`Detector::wants_every_entry`] says otherwise. Asked once; a word
    /// must be in every entry `on_entry` would act on, or that entry is never seen.
    fn triggers(&self) -> Vec<String> {
        Vec::new()
    }

    /// Words (ASCII, any letter case) the detector asks about in entries it reads, which on
    /// their own do not make an entry worth reading. The shared scan records them in entries
    /// it walks anyway, which saves the detector a pass of its own.
    fn qualifiers(&self) -> Vec<String> {
        Vec::new()
    }

    /// True when the detector's state needs the next entry of this file whatever it holds
    /// (a request awaiting its answer, a JSON document being buffered).
    fn wants_every_entry(&self, _context: &EntryContext<'_>) -> bool {
        false
    }

    /// Sees one complete entry that holds a trigger or that the detector asked for.
    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore);

    /// A file has ended.
    fn on_file_end(&mut self, _file: FileId, _findings: &mut FindingStore) {}

    /// Every file has ended: report what needs the whole picture.
    fn finish(&mut self, _time: &TimeResolver<'_>, _findings: &mut FindingStore) {}

    /// Adds the tables this detector builds (provisioning rows, sign-in trails) to the
    /// finished report. `paths` names each file by its `FileId` index.
    fn contribute(&mut self, _time: &TimeResolver<'_>, _paths: &[&str], _report: &mut Report) {}
    /// After [`Detector::finish`]: adds the detector's structured sections to the report.
    fn report(&mut self, _report: &mut Report) {}

    /// Packs what the detector learned, once every file has ended, into a shard.
    fn save(&self) -> Result<Vec<u8>, String>;

    /// Unpacks a state [`Detector::save`] made, its files moved `shift` files along.
    fn unpack(&self, saved: &[u8], shift: usize) -> Result<Box<dyn Any>, String>;

    /// Takes in an unpacked state whose files follow ours, as if they had been read here.
    fn absorb(&mut self, later: Box<dyn Any>);
}

/// Writes a detector's shard methods: it packs itself with serde (per-file working state
/// skipped, since every file has ended) and merges with its inherent `merge(&mut self,
/// later: Self)`.
macro_rules! shard_through_serde {
    () => {
        fn save(&self) -> Result<Vec<u8>, String> {
            crate::shard::encode(self)
        }

        fn unpack(&self, saved: &[u8], shift: usize) -> Result<Box<dyn std::any::Any>, String> {
            Ok(Box::new(crate::shard::decode_shifted::<Self>(saved, shift)?))
        }

        fn absorb(&mut self, later: Box<dyn std::any::Any>) {
            if let Ok(later) = later.downcast::<Self>() {
                self.merge(*later);
            }
        }
    };
}
pub(crate) use shard_through_serde;

pub(crate) fn all_detectors() -> Vec<Box<dyn Detector>> {
    vec![
        Box::new(cuc_https_request_failures::CucHttpsRequestFailures::default()),
        Box::new(bw_error_codes::BwErrorCodes::default()),
        Box::new(bw_provisioning::BwProvisioning::default()),
        Box::new(bw_signin::BwSignin::default()),
        Box::new(google_evidence::GoogleEvidence::default()),
        Box::new(subscription_suspended::SubscriptionSuspended::default()),
        Box::new(cuc_mailbox_out_of_sync::CucMailboxOutOfSync::default()),
        Box::new(cuc_traces_to_enable::CucTracesToEnable::default()),
    ]
}
