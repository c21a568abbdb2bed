//! `cuc-https-request-failures`
//!
//! **What it finds:** CUC's running counter of failed HTTPS requests to Google
//! (`CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after
//! update: N`), and how far it rose during the logs.
//!
//! **Why it matters:** one failure is noise; a counter climbing by thousands shows that sync
//! has been failing continuously, and for how long.
//!
//! **What to do:** fix the error behind it, usually a token-endpoint finding.

use crate::analysis::FileId;
use crate::detectors::{Detector, EntryContext, TimeResolver};
use serde::{Deserialize, Serialize};

use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::google_report::{CounterPoint, CounterSeries};
use crate::report::Report;
use crate::time::RawStamp;

const RULE: &str = "cuc-https-request-failures";
const MARKER: &str = "Total Http Request Failed after update:";
/// Readings kept for the chart; past it every other one is dropped and only every second
/// (fourth, ...) new reading is kept, so the series stays evenly thinned and bounded.
const MAX_POINTS: usize = 512;

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct CucHttpsRequestFailures {
    lowest: Option<u64>,
    highest: Option<u64>,
    points: Vec<(FileId, Option<RawStamp>, u64, u64)>,
    readings: u64,
    stride: u64,
    #[serde(skip)]
    series: Option<CounterSeries>,
    paths: std::collections::HashMap<FileId, String>,
}

impl CucHttpsRequestFailures {
    /// Exact while the later shard kept every reading (up to `MAX_POINTS`); past that its
    /// kept points are thinned again as readings, so the chart stays even but may pick
    /// other points than one analysis would.
    fn merge(&mut self, later: Self) {
        self.lowest = self.lowest.into_iter().chain(later.lowest).min();
        self.highest = self.highest.into_iter().chain(later.highest).max();
        let unkept = later.readings - later.points.len() as u64;
        for point in later.points {
            self.keep(point);
        }
        self.readings += unkept;
        crate::shard::union_keep_first(&mut self.paths, later.paths);
    }

    fn keep(&mut self, point: (FileId, Option<RawStamp>, u64, u64)) {
        let stride = self.stride.max(1);
        self.readings += 1;
        if !(self.readings - 1).is_multiple_of(stride) {
            return;
        }
        if self.points.len() >= MAX_POINTS {
            let mut index: usize = 0;
            self.points.retain(|_| {
                index += 1;
                !index.is_multiple_of(2)
            });
            self.stride = stride * 2;
        }
        self.points.push(point);
    }
}

impl Detector for CucHttpsRequestFailures {
    super::shard_through_serde!();

    fn triggers(&self) -> Vec<String> {
        vec![MARKER.to_owned()]
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore) {
        // Built once: building a searcher per entry cost a fifth of the whole run.
        static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
        let finder = FINDER.get_or_init(|| memchr::memmem::Finder::new(MARKER.as_bytes()));
        let Some(position) = finder.find(entry.text.as_bytes()) else {
            return;
        };
        let digits: String = entry.text[position + MARKER.len()..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(value) = digits.parse::<u64>() else { return };
        self.lowest = Some(self.lowest.map_or(value, |v| v.min(value)));
        self.highest = Some(self.highest.map_or(value, |v| v.max(value)));
        let (line, text) = entry.line_at(position);
        self.paths.entry(context.file).or_insert_with(|| context.path.to_owned());
        self.keep((context.file, entry.stamp, line, value));
        findings.record(Hit {
            rule: RULE,
            subject: None,
            file: context.file,
            line,
            text,
            stamp: entry.stamp,
        });
    }

    fn finish(&mut self, time: &TimeResolver<'_>, findings: &mut FindingStore) {
        let (Some(lowest), Some(highest)) = (self.lowest, self.highest) else { return };
        let points = self
            .points
            .iter()
            .map(|&(file, stamp, line, value)| CounterPoint {
                time: stamp.map(|s| time.render(file, s)),
                utc_ms: stamp.and_then(|s| time.utc_ms(file, s)),
                value,
                path: self.paths.get(&file).cloned().unwrap_or_default(),
                line,
            })
            .collect();
        self.series = Some(CounterSeries {
            rule: RULE.to_owned(),
            label: "CUC HTTPS requests to Google failed (running total)".to_owned(),
            points,
        });
        if lowest == highest {
            let detail = format!(
                "CuGsuiteSyncPerfCounters counts every HTTPS request to Google that failed. It \
                 reads {highest} in these logs: that many requests have failed since the service \
                 started. Longer logs would show whether it is still rising."
            );
            findings.set_detail(RULE, None, detail);
            return;
        }
        let detail = format!(
            "CuGsuiteSyncPerfCounters counts every HTTPS request to Google that failed. In these \
             logs it went from {lowest} to {highest} ({} more failures): mailbox sync is failing \
             continuously, not once.",
            highest - lowest
        );
        findings.set_detail(RULE, None, detail);
    }

    fn report(&mut self, report: &mut Report) {
        report.counters.extend(self.series.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_series_is_thinned_evenly_and_bounded() {
        let mut detector = CucHttpsRequestFailures::default();
        for value in 0..5000u64 {
            detector.keep((FileId(0), None, value + 1, value));
        }
        assert!(detector.points.len() <= MAX_POINTS, "{}", detector.points.len());
        assert!(detector.points.len() > MAX_POINTS / 2, "{}", detector.points.len());
        let steps: Vec<u64> = detector.points.windows(2).map(|w| w[1].3 - w[0].3).collect();
        assert!(steps.iter().all(|&s| s == steps[0]), "uneven thinning: {steps:?}");
    }
}
