//! The one search every entry gets: the signatures' needles and every detector's trigger
//! words in a single automaton, walked once over the entry. A signature or a detector only
//! looks further at an entry that holds one of its needles (or that its own state asks for).

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind};

/// A needle's place in the shared automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NeedleId(usize);

/// Collects needles (ASCII, matched in any letter case) from the signatures and detectors.
#[derive(Debug, Default)]
pub(crate) struct NeedleSet {
    needles: Vec<String>,
    /// Needles without which an entry concerns nobody: every detector trigger, and for each
    /// signature the needles it cannot fire without. Common words that only qualify another
    /// needle (`Exception`, ` failed`) are left out: an entry holding only those is quiet, and
    /// no signature or detector looks at it.
    decisive: Vec<bool>,
}

impl NeedleSet {
    /// The id of `text`, shared with every other user of the same needle.
    pub(crate) fn id(&mut self, text: &str) -> NeedleId {
        let lower = text.to_ascii_lowercase();
        match self.needles.iter().position(|n| *n == lower) {
            Some(index) => NeedleId(index),
            None => {
                self.needles.push(lower);
                self.decisive.push(false);
                NeedleId(self.needles.len() - 1)
            }
        }
    }

    /// The id of `text`, which on its own makes an entry worth a full look.
    pub(crate) fn decisive(&mut self, text: &str) -> NeedleId {
        let id = self.id(text);
        self.decisive[id.0] = true;
        id
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

    /// True when the entry holds at least one decisive needle. When false, no needle is
    /// reported present, even a qualifying word that is there.
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
    /// Every needle, matched overlapping and in any letter case (the automaton folds ASCII
    /// case, which spares a lower-cased copy of each entry). It is driven by hand in `scan`,
    /// because the overlapping iterator's per-match bookkeeping cost as much as the walk.
    /// A SIMD prefilter in front of it (Teddy) saved nothing: most entries of a BroadWorks
    /// log hold a needle, and short needles made it stop often on the rest.
    all: aho_corasick::dfa::DFA,
    hits: Hits,
    /// Needles that make an entry worth a look: see [`NeedleSet`].
    decisive_ids: Vec<usize>,
}

impl TriggerScan {
    pub(crate) fn new(set: NeedleSet) -> Self {
        Self {
            all: aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(&set.needles)
                .expect("trigger needles build an automaton"),
            decisive_ids: set.decisive.iter().enumerate().filter(|(_, &d)| d).map(|(i, _)| i).collect(),
            hits: Hits { first_offset: vec![usize::MAX; set.needles.len()], any: false },
        }
    }

    /// Finds every needle's first occurrence in `text`, in any letter case.
    pub(crate) fn scan(&mut self, text: &str) -> &Hits {
        self.hits.any = false;
        self.hits.first_offset.fill(usize::MAX);
        let automaton = &self.all;
        let Ok(mut state) = automaton.start_state(Anchored::No) else { return &self.hits };
        let bytes = text.as_bytes();
        let mut at = 0;
        loop {
            // The walk to the next match stores nothing, so the compiler keeps the tables in
            // registers; with the stores inside, it reloaded them at every byte.
            while at < bytes.len() {
                state = automaton.next_state(Anchored::No, state, bytes[at]);
                at += 1;
                if automaton.is_special(state) {
                    break;
                }
            }
            if automaton.is_match(state) {
                for index in 0..automaton.match_len(state) {
                    let pattern = automaton.match_pattern(state, index);
                    let slot = &mut self.hits.first_offset[pattern.as_usize()];
                    if *slot == usize::MAX {
                        *slot = at - automaton.pattern_len(pattern);
                    }
                }
            }
            if at == bytes.len() || automaton.is_dead(state) {
                break;
            }
        }
        self.hits.any = self.decisive_ids.iter().any(|&i| self.hits.first_offset[i] != usize::MAX);
        &self.hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_are_found_in_any_case_and_overlapping() {
        let mut set = NeedleSet::default();
        let tracking = set.decisive("trackingid");
        let id = set.id("ID:");
        let absent = set.decisive("nowhere");
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
    fn qualifying_words_alone_do_not_make_an_entry_hot() {
        let mut set = NeedleSet::default();
        let exception = set.id("Exception");
        let method = set.decisive("createNewMsgOnGSuite");
        let mut scan = TriggerScan::new(set);
        assert!(!scan.scan("java.lang.IllegalStateException").any());
        let hits = scan.scan("createNewMsgOnGSuite failed: IOException");
        assert_eq!((hits.at(method), hits.at(exception)), (Some(0), Some(31)));
        let hits = scan.scan("IOException in createNewMsgOnGSuite");
        assert_eq!((hits.at(method), hits.at(exception)), (Some(15), Some(2)));
    }

    #[test]
    fn a_quiet_entry_forgets_the_previous_hits() {
        let mut set = NeedleSet::default();
        let post = set.decisive("POST");
        let mut scan = TriggerScan::new(set);
        assert_eq!(scan.scan("POST /x").at(post), Some(0));
        let hits = scan.scan("GET /x");
        assert!(!hits.any());
        assert_eq!(hits.at(post), None);
    }
}
