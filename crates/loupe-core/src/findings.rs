//! Aggregation of rule hits into findings, with bounded memory.

use serde::{Deserialize, Serialize};

use crate::analysis::FileId;
use crate::fast_map::FastMap;
use crate::knowledge::{knowledge, Rule};
use crate::mask::mask_secrets;
use crate::report::{Evidence, Finding};
use crate::time::{FileClock, RawStamp};

/// Evidence lines kept per finding: enough to show the pattern, never the whole log.
const MAX_EVIDENCE: usize = 8;
/// Characters of an evidence line kept for display.
const MAX_EVIDENCE_CHARS: usize = 600;

/// One occurrence reported by the signature matcher or a detector.
pub(crate) struct Hit<'a> {
    pub(crate) rule: &'static str,
    /// Splits one rule into several findings (one per subscriber, per key, ...).
    pub(crate) subject: Option<String>,
    pub(crate) file: FileId,
    pub(crate) line: u64,
    pub(crate) text: &'a str,
    pub(crate) stamp: Option<RawStamp>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Aggregate {
    #[serde(with = "known_rule")]
    rule: &'static Rule,
    subject: Option<String>,
    order: usize,
    count: u64,
    detail_override: Option<String>,
    remedy_override: Option<String>,
    /// First and last stamp per file: stamps of different files are only comparable once
    /// every file's date and zone are settled, at report time.
    seen: Vec<(FileId, RawStamp, RawStamp)>,
    evidence: Vec<(FileId, u64, String)>,
}

/// All findings of an analysis so far.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct FindingStore {
    aggregates: Vec<Aggregate>,
    #[serde(skip)]
    index: FastMap<(&'static str, Option<String>), usize>,
    paths: Vec<String>,
}

impl FindingStore {
    pub(crate) fn set_path(&mut self, file: FileId, path: &str) {
        if self.paths.len() <= file.0 {
            self.paths.resize(file.0 + 1, String::new());
        }
        self.paths[file.0] = path.to_owned();
    }

    pub(crate) fn record(&mut self, hit: Hit<'_>) {
        let Some(aggregate) = self.aggregate(hit.rule, hit.subject) else { return };
        aggregate.count += 1;
        if let Some(stamp) = hit.stamp {
            match aggregate.seen.iter_mut().find(|(file, _, _)| *file == hit.file) {
                Some((_, first, last)) => {
                    *first = (*first).min(stamp);
                    *last = (*last).max(stamp);
                }
                None => aggregate.seen.push((hit.file, stamp, stamp)),
            }
        }
        if aggregate.evidence.len() < MAX_EVIDENCE {
            let shown = display_text(hit.text);
            aggregate.evidence.push((hit.file, hit.line, shown));
        }
    }

    /// Replaces a finding's explanation with one a detector computed (counter values, ...).
    pub(crate) fn set_detail(&mut self, rule: &'static str, subject: Option<String>, detail: String) {
        if let Some(aggregate) = self.aggregate(rule, subject) {
            aggregate.detail_override = Some(detail);
        }
    }

    /// Replaces a finding's remedy with one specific to its subject (an error code's action,
    /// a suspension reason's fix, ...).
    pub(crate) fn set_remedy(&mut self, rule: &'static str, subject: Option<String>, remedy: String) {
        if let Some(aggregate) = self.aggregate(rule, subject) {
            aggregate.remedy_override = Some(remedy);
        }
    }

    /// How many times a rule was hit so far, over all its subjects: lets a detector say
    /// which other finding explains (or is explained by) its own.
    pub(crate) fn count(&self, rule: &str) -> u64 {
        self.aggregates.iter().filter(|a| a.rule.id == rule).map(|a| a.count).sum()
    }

    pub(crate) fn render(&self, clocks: &[FileClock]) -> Vec<Finding> {
        let mut ordered: Vec<&Aggregate> = self.aggregates.iter().filter(|a| a.count > 0).collect();
        ordered.sort_by_key(|a| (a.rule.severity, a.order));
        ordered.into_iter().map(|a| self.render_one(a, clocks)).collect()
    }

    fn render_one(&self, aggregate: &Aggregate, clocks: &[FileClock]) -> Finding {
        let rule = aggregate.rule;
        let (first_seen, last_seen) = time_range(&aggregate.seen, clocks);
        let title = match &aggregate.subject {
            Some(subject) => format!("{}: {subject}", rule.title),
            None => rule.title.clone(),
        };
        Finding {
            rule: rule.id.clone(),
            category: rule.category,
            severity: rule.severity,
            title,
            detail: aggregate.detail_override.clone().unwrap_or_else(|| rule.detail.clone()),
            remedy: aggregate.remedy_override.clone().unwrap_or_else(|| rule.remedy.clone()),
            count: aggregate.count,
            first_seen,
            last_seen,
            evidence: aggregate
                .evidence
                .iter()
                .map(|(file, line, text)| Evidence {
                    path: self.paths.get(file.0).cloned().unwrap_or_default(),
                    line: *line,
                    text: text.clone(),
                })
                .collect(),
        }
    }

    /// Takes in the findings of a shard whose files follow ours: what both found adds up,
    /// and what only the shard found comes after ours, as if its files had been read here.
    /// `shift` is how many files come before the shard's.
    pub(crate) fn absorb(&mut self, later: FindingStore, shift: usize) {
        self.paths.resize(shift, String::new());
        self.paths.extend(later.paths);
        for theirs in later.aggregates {
            let Some(ours) = self.aggregate(theirs.rule.id.as_str(), theirs.subject.clone()) else {
                continue;
            };
            ours.count += theirs.count;
            ours.detail_override = theirs.detail_override.or(ours.detail_override.take());
            ours.remedy_override = theirs.remedy_override.or(ours.remedy_override.take());
            ours.seen.extend(theirs.seen);
            crate::shard::extend_capped(&mut ours.evidence, theirs.evidence, MAX_EVIDENCE);
        }
    }

    fn aggregate(&mut self, rule_id: &'static str, subject: Option<String>) -> Option<&mut Aggregate> {
        let key = (rule_id, subject);
        let index = match self.index.get(&key) {
            Some(&index) => index,
            None => {
                let rule = knowledge().rule(rule_id)?;
                let index = self.aggregates.len();
                self.aggregates.push(Aggregate {
                    rule,
                    subject: key.1.clone(),
                    order: index,
                    count: 0,
                    detail_override: None,
                    remedy_override: None,
                    seen: Vec::new(),
                    evidence: Vec::new(),
                });
                self.index.insert(key, index);
                index
            }
        };
        self.aggregates.get_mut(index)
    }
}

/// A rule travels in a shard as its id and is found again in the knowledge base.
mod known_rule {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::knowledge::{knowledge, Rule};

    pub(super) fn serialize<S: Serializer>(rule: &&'static Rule, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&rule.id)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static Rule, D::Error> {
        let id = String::deserialize(deserializer)?;
        knowledge().rule(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule {id}")))
    }
}

fn display_text(text: &str) -> String {
    let masked = mask_secrets(text);
    match masked.char_indices().nth(MAX_EVIDENCE_CHARS) {
        Some((cut, _)) => format!("{}… [line cut for display]", &masked[..cut]),
        None => masked.into_owned(),
    }
}

/// The earliest and latest stamps across files, preferring dated stamps: an undated time of
/// day cannot be ordered against a dated one.
fn time_range(
    seen: &[(FileId, RawStamp, RawStamp)],
    clocks: &[FileClock],
) -> (Option<String>, Option<String>) {
    let dated = seen.iter().filter_map(|&(file, first, last)| {
        let clock = clocks.get(file.0)?;
        Some((clock.resolve(first)?, clock.resolve(last)?))
    });
    let (mut min, mut max) = (None::<i64>, None::<i64>);
    for (first, last) in dated {
        min = Some(min.map_or(first, |m| m.min(first)));
        max = Some(max.map_or(last, |m| m.max(last)));
    }
    if let (Some(min), Some(max)) = (min, max) {
        return (Some(crate::time::render_utc(min)), Some(crate::time::render_utc(max)));
    }
    let mut undated = seen.iter().filter_map(|&(file, first, last)| Some((clocks.get(file.0)?, first, last)));
    match undated.next() {
        Some((clock, first, last)) => (Some(clock.render(first)), Some(clock.render(last))),
        None => (None, None),
    }
}
