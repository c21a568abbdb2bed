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
    /// Needles without which an entry concerns nobody: every detector trigger, and for each
    /// signature the needles it cannot fire without. Common words that only qualify another
    /// needle (`Exception`, ` failed`) are left out, so quiet entries are ruled out fast.
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

    /// How many needles make an entry worth a full look.
    #[cfg(test)]
    pub(crate) fn decisive_count(&self) -> usize {
        self.decisive.iter().filter(|&&d| d).count()
    }

    /// What the prefilter looks for: see [`anchors`].
    pub(crate) fn anchors(&self) -> Vec<String> {
        anchors(self.needles.iter().zip(&self.decisive).filter(|(_, &d)| d).map(|(n, _)| n.as_str()))
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
    first: FirstNeedle,
    /// Every needle, matched overlapping on the lower-cased entry.
    all: AhoCorasick,
    /// The entry lower-cased: needles are lower case, so every search after this one is
    /// case-sensitive and may use SIMD (Aho-Corasick's packed searchers ignore case-folding
    /// automata).
    lower: Vec<u8>,
    hits: Hits,
}

/// Rules out an entry with no decisive needle far faster than the overlapping walk.
enum FirstNeedle {
    /// SIMD (Teddy) searchers of at most 64 needles each, where the CPU has them.
    Packed(Vec<packed::Searcher>),
    /// A leftmost-first DFA elsewhere (wasm32).
    Automaton(AhoCorasick),
}

impl FirstNeedle {
    fn build(needles: &[&str]) -> Self {
        let packed: Option<Vec<packed::Searcher>> = needles
            .chunks(PACKED_NEEDLES)
            .map(|chunk| {
                packed::Config::new()
                    .match_kind(packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(chunk)
                    .build()
            })
            .collect();
        match packed {
            Some(searchers) if !searchers.is_empty() => FirstNeedle::Packed(searchers),
            _ => Self::portable(needles),
        }
    }

    fn portable(needles: &[&str]) -> Self {
        FirstNeedle::Automaton(
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(AhoCorasickKind::DFA))
                .build(needles)
                .expect("trigger needles build an automaton"),
        )
    }

    /// Where the leftmost decisive needle starts.
    fn start(&self, text: &[u8]) -> Option<usize> {
        match self {
            FirstNeedle::Packed(searchers) => {
                searchers.iter().filter_map(|s| s.find(text)).map(|m| m.start()).min()
            }
            FirstNeedle::Automaton(automaton) => automaton.find(text).map(|m| m.start()),
        }
    }
}

/// Shortest shared start that stands for several decisive needles in the prefilter.
const MIN_ANCHOR: usize = 8;

/// The prefilter's needles: each decisive needle is stood for by a piece of it, so that an
/// entry holding the needle holds its anchor. Needles that open alike (`tracking id`,
/// `tracking_id`, ...) share their common start, and an anchor holding another anchor is
/// dropped. Fewer anchors keep the prefilter to one SIMD searcher; an anchor without its
/// needle only costs that entry the full walk.
fn anchors<'a>(decisive: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut groups: Vec<(&[u8], String)> = Vec::new();
    for needle in decisive {
        let bytes = needle.as_bytes();
        let key = &bytes[..bytes.len().min(MIN_ANCHOR)];
        match groups.iter_mut().find(|(k, _)| bytes.len() >= MIN_ANCHOR && *k == key) {
            Some((_, anchor)) => {
                let common = anchor.bytes().zip(bytes).take_while(|&(a, &b)| a == b).count();
                anchor.truncate(common);
            }
            None => groups.push((key, needle.to_owned())),
        }
    }
    let anchors: Vec<String> = groups.into_iter().map(|(_, anchor)| anchor).collect();
    let mut kept: Vec<String> = Vec::new();
    for (i, anchor) in anchors.iter().enumerate() {
        let covered = anchors.iter().enumerate().any(|(j, other)| {
            j != i && anchor.contains(other.as_str()) && (anchor.len() > other.len() || j < i)
        });
        if !covered {
            kept.push(anchor.clone());
        }
    }
    kept
}

/// Needles per packed searcher: Teddy's limit.
const PACKED_NEEDLES: usize = 64;

impl TriggerScan {
    pub(crate) fn new(set: NeedleSet) -> Self {
        Self {
            first: FirstNeedle::build(&set.anchors().iter().map(String::as_str).collect::<Vec<_>>()),
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
        if self.first.start(&self.lower).is_none() {
            return &self.hits;
        }
        self.hits.first_offset.fill(usize::MAX);
        // From the top: a qualifying word may come before the decisive one.
        for found in self.all.find_overlapping_iter(Input::new(&self.lower)) {
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

    /// wasm32 has no packed searchers: its automaton must rule entries in and out alike.
    #[test]
    fn the_portable_prefilter_agrees_with_the_packed_one() {
        let needles: Vec<String> =
            (0..150).map(|i| format!("needle-{i:03}")).chain(["eyj".to_owned()]).collect();
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        let (packed, portable) = (FirstNeedle::build(&needles), FirstNeedle::portable(&needles));
        for text in ["", "nothing here", "a needle-149 b", "x eyj needle-007", "needle-1", "eyjeyj"] {
            assert_eq!(packed.start(text.as_bytes()), portable.start(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn needles_that_open_alike_share_an_anchor() {
        let needles =
            ["tracking id", "tracking_id", "trackingid", "[error 18215]", "error 18215", "eyj", "post"];
        assert_eq!(anchors(needles.into_iter()), ["tracking", "error 18215", "eyj", "post"]);
        assert_eq!(anchors(["same", "same"].into_iter()), ["same"]);
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
