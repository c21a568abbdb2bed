//! The one search every entry gets: the signatures' needles and every detector's trigger
//! words behind a single automaton. Most entries hold none of them and cost one prefiltered
//! pass; only the rest are walked needle by needle, and a detector only reads an entry that
//! holds one of its triggers (or that its own state asks for).

use aho_corasick::{packed, AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

/// A needle's place in the shared automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NeedleId(usize);

/// Collects needles (ASCII, matched in any letter case) from the signatures and detectors.
#[derive(Debug, Default)]
pub(crate) struct NeedleSet {
    needles: Vec<String>,
}

impl NeedleSet {
    /// The id of `text`, shared with every other user of the same needle.
    pub(crate) fn id(&mut self, text: &str) -> NeedleId {
        let lower = text.to_ascii_lowercase();
        match self.needles.iter().position(|n| *n == lower) {
            Some(index) => NeedleId(index),
            None => {
                self.needles.push(lower);
                NeedleId(self.needles.len() - 1)
            }
        }
    }
}

/// Where each needle first occurs in the entry last scanned.
#[derive(Debug)]
pub(crate) struct Hits {
    first_offset: Vec<usize>,
    any: bool,
}

impl Hits {
    /// Byte offset of the needle's first occurrence in the entry's text.
    pub(crate) fn at(&self, id: NeedleId) -> Option<usize> {
        if !self.any {
            return None;
        }
        self.first_offset.get(id.0).copied().filter(|&offset| offset != usize::MAX)
    }

    /// True when the entry holds at least one needle of any user.
    pub(crate) fn any(&self) -> bool {
        self.any
    }

    /// True when the entry holds at least one of `ids`.
    pub(crate) fn any_of(&self, ids: &[NeedleId]) -> bool {
        self.any && ids.iter().any(|&id| self.first_offset[id.0] != usize::MAX)
    }
}

/// The shared automaton and the hits of the entry last scanned.
pub(crate) struct TriggerScan {
    first: FirstNeedle,
    /// Every needle, matched overlapping on the lower-cased entry.
    all: AhoCorasick,
    /// The entry lower-cased: needles are lower case, so every search after this one is
    /// case-sensitive and may use SIMD (Aho-Corasick's packed searchers ignore case-folding
    /// automata).
    lower: Vec<u8>,
    hits: Hits,
}

/// Rules out an entry with no needle far faster than the overlapping walk; no needle can
/// start before the match it reports.
enum FirstNeedle {
    /// SIMD (Teddy) searchers of at most 64 needles each, where the CPU has them.
    Packed(Vec<packed::Searcher>),
    /// A leftmost-first DFA elsewhere (wasm32).
    Automaton(AhoCorasick),
}

impl FirstNeedle {
    fn build(needles: &[String]) -> Self {
        let packed: Option<Vec<packed::Searcher>> = needles
            .chunks(PACKED_NEEDLES)
            .map(|chunk| packed::Config::new().match_kind(packed::MatchKind::LeftmostFirst).builder().extend(chunk).build())
            .collect();
        match packed {
            Some(searchers) if !searchers.is_empty() => FirstNeedle::Packed(searchers),
            _ => FirstNeedle::Automaton(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(needles)
                    .expect("trigger needles build an automaton"),
            ),
        }
    }

    /// Where the leftmost needle starts.
    fn start(&self, text: &[u8]) -> Option<usize> {
        match self {
            FirstNeedle::Packed(searchers) => searchers.iter().filter_map(|s| s.find(text)).map(|m| m.start()).min(),
            FirstNeedle::Automaton(automaton) => automaton.find(text).map(|m| m.start()),
        }
    }
}

/// Needles per packed searcher: Teddy's limit.
const PACKED_NEEDLES: usize = 64;

impl TriggerScan {
    pub(crate) fn new(set: NeedleSet) -> Self {
        Self {
            first: FirstNeedle::build(&set.needles),
            all: AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&set.needles)
                .expect("trigger needles build an automaton"),
            lower: Vec::new(),
            hits: Hits { first_offset: vec![usize::MAX; set.needles.len()], any: false },
        }
    }

    /// Finds every needle's first occurrence in `text`, in any letter case.
    pub(crate) fn scan(&mut self, text: &str) -> &Hits {
        self.hits.any = false;
        self.lower.clear();
        self.lower.extend_from_slice(text.as_bytes());
        self.lower.make_ascii_lowercase();
        let Some(leftmost) = self.first.start(&self.lower) else { return &self.hits };
        self.hits.first_offset.fill(usize::MAX);
        let rest = Input::new(&self.lower).span(leftmost..self.lower.len());
        for found in self.all.find_overlapping_iter(rest) {
            let slot = &mut self.hits.first_offset[found.pattern().as_usize()];
            if *slot == usize::MAX {
                *slot = found.start();
            }
        }
        self.hits.any = true;
        &self.hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_are_found_in_any_case_and_overlapping() {
        let mut set = NeedleSet::default();
        let tracking = set.id("trackingid");
        let id = set.id("ID:");
        let absent = set.id("nowhere");
        assert_eq!(set.id("TrackingId"), tracking, "one needle, however it is spelled");
        let mut scan = TriggerScan::new(set);
        let hits = scan.scan("x TRACKINGID: CLIENT_1");
        assert!(hits.any());
        assert_eq!(hits.at(tracking), Some(2));
        assert_eq!(hits.at(id), Some(10), "a needle inside another is still seen");
        assert_eq!(hits.at(absent), None);
        assert!(hits.any_of(&[absent, id]));
        assert!(!hits.any_of(&[absent]));
    }

    #[test]
    fn a_quiet_entry_forgets_the_previous_hits() {
        let mut set = NeedleSet::default();
        let post = set.id("POST");
        let mut scan = TriggerScan::new(set);
        assert_eq!(scan.scan("POST /x").at(post), Some(0));
        let hits = scan.scan("GET /x");
        assert!(!hits.any());
        assert_eq!(hits.at(post), None);
    }
}
