//! The shared scan's automaton, copied out of aho-corasick's DFA into a compact table that
//! the scan walks over several lanes of an entry at once.
//!
//! The walk costs one table load per byte, and each load needs the one before it: its
//! latency, not the instruction count, sets the speed. So the table is made small enough to
//! stay in the cache: needles enter it by their head only (a long needle's tail is checked
//! where the head matches), letters that the needles treat alike share one column, and a
//! state is a `u16`. And the lanes keep several loads in flight.

use std::sync::{Arc, Mutex, PoisonError};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind};

/// The longest needle head in the table. Most needles are no longer; a longer one's tail is
/// compared where its head occurs, which is rare.
const MAX_HEAD_BYTES: usize = 8;

/// Every state's row fits in a table this large, so a `u16` state plus a byte class always
/// indexes it: the walk needs no bounds check.
const TABLE_ENTRIES: usize = 1 << 16;

/// A needle that a match state's head may start, and what its tail needs.
#[derive(Debug, Clone, Copy)]
struct HeadMatch {
    /// Bytes the head takes, back from where the match state was reached.
    head_len: usize,
    needle: usize,
    needle_len: usize,
}

/// Where each byte's class is kept: after the rows, in the same allocation, so that the walk
/// reaches both through one pointer. The four-lane walk is short of registers, and each one
/// spilled puts a stack round trip on a lane's chain of loads.
const CLASS_AT: usize = TABLE_ENTRIES;
// A state plus a class is a `u16`, so the walk's step can never land among the classes.
const _: () = assert!(CLASS_AT > u16::MAX as usize);

/// A state is the offset of its row in `next`; match states come first.
pub(crate) struct NeedleTable {
    /// The rows, then the byte classes at [`CLASS_AT`].
    next: Box<[u16; TABLE_ENTRIES + 256]>,
    start: u16,
    /// States below this one are match states.
    first_quiet: u16,
    stride: usize,
    /// For each match state, in row order, the needles its heads start.
    matches: Vec<Vec<HeadMatch>>,
    longest_head: usize,
    /// Every needle, lower-cased, to check a long needle's tail.
    needles: Vec<Vec<u8>>,
}

impl NeedleTable {
    /// The table for `needles`, built once for every analysis that asks for the same ones:
    /// the page starts an analysis for each group of files, and in wasm a build takes
    /// about 15 ms.
    pub(crate) fn shared(needles: &[String]) -> Arc<Self> {
        static LAST: Mutex<Option<(Vec<String>, Arc<NeedleTable>)>> = Mutex::new(None);
        let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
        match last.as_ref() {
            Some((built_for, table)) if built_for.as_slice() == needles => Arc::clone(table),
            _ => {
                let table = Arc::new(Self::new(needles));
                *last = Some((needles.to_vec(), Arc::clone(&table)));
                table
            }
        }
    }

    /// The table for `needles` (lower-case ASCII), matched in any letter case.
    pub(crate) fn new(needles: &[String]) -> Self {
        let (heads, needles_of_head) = heads_of(needles);
        let dfa = aho_corasick::dfa::Builder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(&heads)
            .expect("trigger needles build an automaton");
        let graph = Graph::explore(&dfa);
        let (class, columns) = byte_classes(&graph.next);
        let stride = columns.len();
        assert!(
            graph.states.len() * stride <= TABLE_ENTRIES,
            "{} states of {stride} byte classes outgrow the needle table: lower MAX_HEAD_BYTES",
            graph.states.len()
        );
        // Match states first, so one comparison tells a state that needs a look.
        let mut order: Vec<usize> = (0..graph.states.len()).collect();
        order.sort_by_key(|&index| !dfa.is_match(graph.states[index]));
        let mut row = vec![0u16; order.len()];
        for (position, &index) in order.iter().enumerate() {
            row[index] = u16::try_from(position * stride).expect("checked against the table size");
        }
        let mut next = Box::new([0u16; TABLE_ENTRIES + 256]);
        for (byte, &byte_class) in class.iter().enumerate() {
            next[CLASS_AT + byte] = u16::from(byte_class);
        }
        for &index in &order {
            for (column, &byte) in columns.iter().enumerate() {
                next[usize::from(row[index]) + column] = row[graph.next[index][usize::from(byte)]];
            }
        }
        let matches: Vec<Vec<HeadMatch>> = order
            .iter()
            .map(|&index| graph.states[index])
            .take_while(|&state| dfa.is_match(state))
            .map(|state| {
                let heads = (0..dfa.match_len(state)).map(|i| dfa.match_pattern(state, i));
                heads
                    .flat_map(|head| {
                        let head_len = dfa.pattern_len(head);
                        let needles = &needles_of_head[head.as_usize()];
                        needles.iter().map(move |&(needle, needle_len)| HeadMatch {
                            head_len,
                            needle,
                            needle_len,
                        })
                    })
                    .collect()
            })
            .collect();
        Self {
            next,
            start: row[0],
            first_quiet: u16::try_from(matches.len() * stride).expect("checked against the table size"),
            stride,
            matches,
            longest_head: heads.iter().map(|h| h.len()).max().unwrap_or(0),
            needles: needles.iter().map(|n| n.as_bytes().to_vec()).collect(),
        }
    }

    pub(crate) fn start(&self) -> u16 {
        self.start
    }

    #[inline(always)]
    pub(crate) fn next(&self, state: u16, byte: u8) -> u16 {
        self.next[usize::from(state.wrapping_add(self.next[CLASS_AT + usize::from(byte)]))]
    }

    #[inline(always)]
    pub(crate) fn is_match(&self, state: u16) -> bool {
        state < self.first_quiet
    }

    /// The needles a match state's heads start.
    fn matches(&self, state: u16) -> &[HeadMatch] {
        self.matches.get(usize::from(state) / self.stride).map_or(&[], Vec::as_slice)
    }

    /// The needles that `state`, reached with the byte before `end` of `bytes`, found whole
    /// there, with where each starts.
    #[inline(always)]
    pub(crate) fn found<'a>(
        &'a self,
        state: u16,
        bytes: &'a [u8],
        end: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.matches(state).iter().filter_map(move |head| {
            let start = end - head.head_len;
            let whole = head.needle_len == head.head_len
                || bytes
                    .get(start..start + head.needle_len)
                    .is_some_and(|text| text.eq_ignore_ascii_case(&self.needles[head.needle]));
            whole.then_some((head.needle, start))
        })
    }

    /// True when `bytes` holds any of the needles, in any letter case.
    pub(crate) fn holds_any(&self, bytes: &[u8]) -> bool {
        let mut state = self.start;
        for (at, &byte) in bytes.iter().enumerate() {
            state = self.next(state, byte);
            if self.is_match(state) && self.found(state, bytes, at + 1).next().is_some() {
                return true;
            }
        }
        false
    }

    /// How far back from where it ends a head may start: a lane must run this far past
    /// its share of an entry.
    pub(crate) fn longest_head(&self) -> usize {
        self.longest_head
    }
}

/// For each head, the needles it starts, as (needle, length).
type NeedlesOfHead = Vec<Vec<(usize, usize)>>;

/// Each needle's head, once however many needles share it, and the needles of each head.
fn heads_of(needles: &[String]) -> (Vec<&str>, NeedlesOfHead) {
    let mut heads: Vec<&str> = Vec::new();
    let mut needles_of_head: NeedlesOfHead = Vec::new();
    for (needle, text) in needles.iter().enumerate() {
        let head = text.get(..text.len().min(MAX_HEAD_BYTES)).expect("needles are ASCII");
        let index = heads.iter().position(|h| *h == head).unwrap_or_else(|| {
            heads.push(head);
            needles_of_head.push(Vec::new());
            heads.len() - 1
        });
        needles_of_head[index].push((needle, text.len()));
    }
    (heads, needles_of_head)
}

/// Every state reachable from the unanchored start, with its successor on every byte.
struct Graph {
    states: Vec<StateID>,
    next: Vec<[usize; 256]>,
}

impl Graph {
    fn explore(dfa: &aho_corasick::dfa::DFA) -> Self {
        let start = dfa.start_state(Anchored::No).expect("an unanchored automaton");
        // State IDs index aho-corasick's transition table, of 4-byte entries: a list that
        // large maps them to ours without hashing (the page builds this for every job).
        let mut index_of = vec![usize::MAX; dfa.memory_usage() / 4 + 1];
        index_of[start.as_usize()] = 0;
        let mut graph = Graph { states: vec![start], next: Vec::new() };
        while graph.next.len() < graph.states.len() {
            let state = graph.states[graph.next.len()];
            let mut row = [0; 256];
            for (byte, slot) in (0..=u8::MAX).zip(row.iter_mut()) {
                let target = dfa.next_state(Anchored::No, state, byte);
                let index = &mut index_of[target.as_usize()];
                if *index == usize::MAX {
                    *index = graph.states.len();
                    graph.states.push(target);
                }
                *slot = *index;
            }
            graph.next.push(row);
        }
        graph
    }
}

/// Bytes that lead every state to the same place share a class (`A` and `a`, and every byte
/// no needle holds). Returns each byte's class and one byte of each class.
fn byte_classes(next: &[[usize; 256]]) -> ([u8; 256], Vec<u8>) {
    let mut class = [0u8; 256];
    let mut representatives: Vec<u8> = Vec::new();
    for byte in 0..=u8::MAX {
        let same = |other: u8| next.iter().all(|row| row[usize::from(byte)] == row[usize::from(other)]);
        class[usize::from(byte)] = match representatives.iter().position(|&other| same(other)) {
            Some(index) => u8::try_from(index).expect("at most 256 classes"),
            None => {
                representatives.push(byte);
                u8::try_from(representatives.len() - 1).expect("at most 256 classes")
            }
        };
    }
    (class, representatives)
}

#[cfg(test)]
mod tests {
    use super::NeedleTable;

    #[test]
    fn holds_any_finds_a_needle_anywhere_in_any_case_and_checks_long_tails() {
        let words = ["-----begin", "private_key", "password", "passwd", "eyj"];
        let table = NeedleTable::new(&words.map(str::to_owned));
        for text in ["x -----BEGIN y", "\"Private_Key\": 1", "PassWord=1", "a passwd", "eyJhbG", "passwd"] {
            assert!(table.holds_any(text.as_bytes()), "{text}");
        }
        // A long needle's head alone (`private_`, `-----beg`) is not the needle.
        for text in ["", "private_ke", "private_xyz", "-----beg", "-----begun", "pass word", "ey j"] {
            assert!(!table.holds_any(text.as_bytes()), "{text}");
        }
    }
}
