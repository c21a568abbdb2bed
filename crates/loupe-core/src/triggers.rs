//! The one search every entry gets: the signatures' needles and every detector's trigger
//! words in a single automaton, walked once over the entry. A signature or a detector only
//! looks further at an entry that holds one of its needles (or that its own state asks for).

use std::sync::Arc;

use crate::needle_table::NeedleTable;

/// A needle's place in the shared automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NeedleId(usize);

/// Something woken by its needles: a signature or a detector. Each entry costs only the
/// listeners its needles wake, not every listener there is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ListenerId(u16);

impl ListenerId {
    /// How many listeners after `first` this one came, if not before it.
    pub(crate) fn since(self, first: ListenerId) -> Option<usize> {
        self.0.checked_sub(first.0).map(usize::from)
    }
}

/// Collects needles (ASCII, matched in any letter case) from the signatures and detectors.
#[derive(Debug, Default)]
pub(crate) struct NeedleSet {
    needles: Vec<String>,
    /// Needles without which an entry concerns nobody: every detector trigger, and for each
    /// signature the needles it cannot fire without. Common words that only qualify another
    /// needle (`Exception`, ` failed`) are left out: an entry holding only those is quiet, and
    /// no signature or detector looks at it.
    decisive: Vec<bool>,
    /// For each needle, who wakes when it occurs.
    wakes: Vec<Vec<ListenerId>>,
    listeners: u16,
}

impl NeedleSet {
    /// A new listener, to be woken by the needles given to [`NeedleSet::wake`].
    pub(crate) fn listener(&mut self) -> ListenerId {
        let id = ListenerId(self.listeners);
        self.listeners = self.listeners.checked_add(1).expect("fewer than 65536 signatures and detectors");
        id
    }

    /// The id of `text`, a decisive needle that wakes `listener`.
    pub(crate) fn wake(&mut self, text: &str, listener: ListenerId) -> NeedleId {
        let id = self.decisive(text);
        if !self.wakes[id.0].contains(&listener) {
            self.wakes[id.0].push(listener);
        }
        id
    }

    /// The id of `text`, shared with every other user of the same needle.
    pub(crate) fn id(&mut self, text: &str) -> NeedleId {
        let lower = text.to_ascii_lowercase();
        match self.needles.iter().position(|n| *n == lower) {
            Some(index) => NeedleId(index),
            None => {
                self.needles.push(lower);
                self.decisive.push(false);
                self.wakes.push(Vec::new());
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

/// Where each needle first occurs in the entry last scanned, and who it wakes.
#[derive(Debug)]
pub(crate) struct Hits {
    first_offset: Vec<usize>,
    /// The needles found, so the next entry resets only those.
    found: Vec<usize>,
    any: bool,
    /// The listeners woken, in id order, and the same as bits.
    woken: Vec<ListenerId>,
    woken_bits: Vec<u64>,
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

    /// The listeners the entry's needles woke, in id order.
    pub(crate) fn woken(&self) -> &[ListenerId] {
        &self.woken
    }

    /// True when one of the entry's needles wakes `listener`.
    pub(crate) fn woke(&self, listener: ListenerId) -> bool {
        let bit = usize::from(listener.0);
        self.woken_bits.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    /// Records a needle's occurrence at `offset`, keeping the earliest: the lanes of a walk
    /// report their matches out of order.
    fn seen(&mut self, needle: usize, offset: usize, decisive: &[bool], wakes: &[Vec<ListenerId>]) {
        let first = &mut self.first_offset[needle];
        if *first != usize::MAX {
            *first = (*first).min(offset);
            return;
        }
        *first = offset;
        self.found.push(needle);
        self.any |= decisive[needle];
        for &listener in &wakes[needle] {
            let (word, bit) = (usize::from(listener.0) / 64, 1 << (listener.0 % 64));
            if self.woken_bits[word] & bit == 0 {
                self.woken_bits[word] |= bit;
                self.woken.push(listener);
            }
        }
    }

    fn forget(&mut self) {
        for &needle in &self.found {
            self.first_offset[needle] = usize::MAX;
        }
        for listener in &self.woken {
            self.woken_bits[usize::from(listener.0) / 64] = 0;
        }
        self.found.clear();
        self.woken.clear();
        self.any = false;
    }
}

/// The shared automaton and the hits of the entry last scanned.
pub(crate) struct TriggerScan {
    /// Every needle, matched overlapping and in any letter case (the table folds ASCII case,
    /// which spares a lower-cased copy of each entry). A SIMD prefilter in front of it
    /// (Teddy) saved nothing: most entries of a BroadWorks log hold a needle, and short
    /// needles made it stop often on the rest.
    table: Arc<NeedleTable>,
    tally: Tally,
}

/// The hits of the entry being scanned, with what a needle's first sighting sets off.
struct Tally {
    hits: Hits,
    /// Needles that make an entry worth a look: see [`NeedleSet`].
    decisive: Vec<bool>,
    wakes: Vec<Vec<ListenerId>>,
}

/// Bytes of an entry below which a lane of its own costs more than it saves.
const MIN_LANE_BYTES: usize = 48;

impl TriggerScan {
    pub(crate) fn new(set: NeedleSet) -> Self {
        Self {
            table: NeedleTable::shared(&set.needles),
            tally: Tally {
                hits: Hits {
                    first_offset: vec![usize::MAX; set.needles.len()],
                    found: Vec::new(),
                    any: false,
                    woken: Vec::new(),
                    woken_bits: vec![0; usize::from(set.listeners).div_ceil(64)],
                },
                decisive: set.decisive,
                wakes: set.wakes,
            },
        }
    }

    /// Finds every needle's first occurrence in `text`, in any letter case.
    pub(crate) fn scan(&mut self, text: &str) -> &Hits {
        let tally = &mut self.tally;
        tally.hits.forget();
        let bytes = text.as_bytes();
        match bytes.len() / MIN_LANE_BYTES {
            0 | 1 => walk(&self.table, tally, self.table.start(), bytes, 0, bytes.len()),
            2 | 3 => walk_lanes::<2>(&self.table, tally, bytes),
            _ => walk_lanes::<4>(&self.table, tally, bytes),
        }
        tally.hits.woken.sort_unstable();
        &tally.hits
    }
}

/// The walk from `state` over `bytes[from..to]`, recording matches by their offset in `bytes`.
fn walk(table: &NeedleTable, tally: &mut Tally, mut state: u16, bytes: &[u8], mut at: usize, to: usize) {
    while at < to {
        // The walk to the next match stores nothing, so the compiler keeps the tables in
        // registers; with the stores inside, it reloaded them at every byte.
        while at < to {
            state = table.next(state, bytes[at]);
            at += 1;
            if table.is_match(state) {
                break;
            }
        }
        tally.record(table, state, bytes, at);
    }
}

/// `LANES` walks in step, each over its share of `bytes` and on as far as a head that
/// starts in its share may reach, so that between them they see every needle.
fn walk_lanes<const LANES: usize>(table: &NeedleTable, tally: &mut Tally, bytes: &[u8]) {
    let share = bytes.len() / LANES;
    let starts: [usize; LANES] = std::array::from_fn(|lane| lane * share);
    let ends: [usize; LANES] = std::array::from_fn(|lane| match lane + 1 {
        last if last == LANES => bytes.len(),
        next => (next * share + table.longest_head().saturating_sub(1)).min(bytes.len()),
    });
    // Every lane runs at least `share` bytes; the rest of each is walked alone. The lanes
    // are read through one slice and a stride rather than a slice each, whose pointers took
    // registers the lanes' states needed.
    let walked = &bytes[..LANES * share];
    let mut states = [table.start(); LANES];
    let mut at = 0;
    while at < share {
        while at < share {
            let column = &walked[at..];
            for lane in 0..LANES {
                states[lane] = table.next(states[lane], column[lane * share]);
            }
            at += 1;
            // The lowest state is a match state if any is: one comparison for all lanes.
            if table.is_match(states.iter().fold(u16::MAX, |low, &state| low.min(state))) {
                break;
            }
        }
        for lane in 0..LANES {
            tally.record(table, states[lane], bytes, starts[lane] + at);
        }
    }
    for lane in 0..LANES {
        walk(table, tally, states[lane], bytes, starts[lane] + share, ends[lane]);
    }
}

impl Tally {
    /// The needles whose heads `state` matched, reached with the byte before `end`.
    #[inline(always)]
    fn record(&mut self, table: &NeedleTable, state: u16, bytes: &[u8], end: usize) {
        if !table.is_match(state) {
            return;
        }
        for (needle, start) in table.found(state, bytes, end) {
            self.hits.seen(needle, start, &self.decisive, &self.wakes);
        }
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
        assert!(hits.woken().is_empty(), "no needle here wakes anyone");
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
    fn an_entry_wakes_only_the_listeners_of_its_needles_in_id_order() {
        let mut set = NeedleSet::default();
        let (first, second, third) = (set.listener(), set.listener(), set.listener());
        set.wake("trackingid", third);
        set.wake("trackingid", first);
        set.wake("POST", second);
        set.wake("nowhere", second);
        let mut scan = TriggerScan::new(set);
        let hits = scan.scan("POST x trackingid=1 trackingid=2");
        assert_eq!(hits.woken(), &[first, second, third]);
        assert!(hits.woke(first) && hits.woke(second) && hits.woke(third));
        let hits = scan.scan("trackingid=3");
        assert_eq!(hits.woken(), &[first, third], "the last entry's listeners are forgotten");
        assert!(!hits.woke(second));
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

    /// Every needle's first offset, found the slow way.
    fn first_offsets(text: &str, needles: &[&str]) -> Vec<Option<usize>> {
        let lower = text.to_ascii_lowercase();
        needles.iter().map(|n| lower.find(&n.to_ascii_lowercase())).collect()
    }

    #[test]
    fn the_lanes_find_what_a_plain_search_finds_at_every_length_and_split() {
        // Long needles (checked by their tail), needles inside others, and needles sharing
        // a head, in texts of every length, so that lanes start and end everywhere.
        let words = [
            "trackingid",
            "TrackingID: CLIENT_",
            "createNewMsgOnGSuite",
            "createNewMsgOnGSuiteFailed",
            "id:",
            "post",
            "d:c",
            "xsi-actions/v2.0/user",
        ];
        let mut set = NeedleSet::default();
        let ids: Vec<NeedleId> = words.iter().map(|w| set.decisive(w)).collect();
        let mut scan = TriggerScan::new(set);
        let pieces = [
            "trackingid",
            "ID:",
            "CLIENT_",
            "createNew",
            "MsgOnGSuite",
            "Failed",
            "xsi-actions/",
            "v2.0/user",
            " ",
            "\n",
            "Post",
            "d",
            ":",
            "c",
            "é",
        ];
        let mut seed = 0x9e37_79b9_u32;
        for length in 0..600 {
            let mut text = String::new();
            while text.len() < length {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                text.push_str(pieces[seed as usize % pieces.len()]);
            }
            let hits = scan.scan(&text);
            let found: Vec<Option<usize>> = ids.iter().map(|&id| hits.at(id)).collect();
            assert_eq!(found, first_offsets(&text, &words), "in {text:?}");
        }
    }
}
