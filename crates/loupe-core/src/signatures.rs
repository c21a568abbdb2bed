//! The data-driven detector: matches every rule's signature against each entry in one pass.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use crate::analysis::FileId;
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::knowledge::Knowledge;

struct CompiledSignature {
    rule: &'static str,
    all: Vec<usize>,
    any: Vec<usize>,
    none: Vec<usize>,
    group: Option<&'static str>,
}

/// All signatures behind one Aho-Corasick automaton, so an entry is scanned once however
/// many rules there are; entries with no needle at all cost a single pass.
pub(crate) struct SignatureMatcher {
    automaton: AhoCorasick,
    /// The same needles, leftmost-first: its prefiltered `find` skips the vast majority of
    /// entries (no needle at all) far faster than the overlapping walk, and when it does
    /// hit, no overlapping match can start before its start.
    first: AhoCorasick,
    signatures: Vec<CompiledSignature>,
    /// First offset of each needle in the current entry, `usize::MAX` when absent.
    first_offset: Vec<usize>,
}

impl SignatureMatcher {
    pub(crate) fn new(knowledge: &'static Knowledge) -> Self {
        let mut needles: Vec<String> = Vec::new();
        let mut needle_id = |text: &str| -> usize {
            let lower = text.to_ascii_lowercase();
            match needles.iter().position(|n| *n == lower) {
                Some(i) => i,
                None => {
                    needles.push(lower);
                    needles.len() - 1
                }
            }
        };
        let mut signatures = Vec::new();
        for rule in knowledge.rules() {
            let Some(signature) = &rule.signature else { continue };
            signatures.push(CompiledSignature {
                rule: rule.id.as_str(),
                all: signature.all.iter().map(|n| needle_id(n)).collect(),
                any: signature.any.iter().map(|n| needle_id(n)).collect(),
                none: signature.none.iter().map(|n| needle_id(n)).collect(),
                group: signature.group.as_deref(),
            });
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&needles)
            .expect("signature needles build an automaton");
        let first = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&needles)
            .expect("signature needles build an automaton");
        let first_offset = vec![usize::MAX; needles.len()];
        Self { automaton, first, signatures, first_offset }
    }

    pub(crate) fn scan(&mut self, file: FileId, entry: &Entry, findings: &mut FindingStore) {
        let Some(leftmost) = self.first.find(&entry.text) else { return };
        self.first_offset.fill(usize::MAX);
        let mut any_found = false;
        let rest = Input::new(&entry.text).span(leftmost.start()..entry.text.len());
        for found in self.automaton.find_overlapping_iter(rest) {
            let slot = &mut self.first_offset[found.pattern().as_usize()];
            if *slot == usize::MAX {
                *slot = found.start();
                any_found = true;
            }
        }
        if !any_found {
            return;
        }
        let mut fired_groups: Vec<&str> = Vec::new();
        for signature in &self.signatures {
            let Some(offset) = self.match_offset(signature) else { continue };
            if let Some(group) = signature.group {
                if fired_groups.contains(&group) {
                    continue;
                }
                fired_groups.push(group);
            }
            let (line, text) = entry.line_at(offset);
            findings.record(Hit {
                rule: signature.rule,
                subject: None,
                file,
                line,
                text,
                stamp: entry.stamp,
            });
        }
    }

    /// Where the evidence line is when the signature matches: the first `any` needle found,
    /// else the first `all` needle.
    fn match_offset(&self, signature: &CompiledSignature) -> Option<usize> {
        let present = |id: &usize| self.first_offset[*id] != usize::MAX;
        if !signature.all.iter().all(present) || signature.none.iter().any(present) {
            return None;
        }
        if signature.any.is_empty() {
            return signature.all.iter().map(|id| self.first_offset[*id]).min();
        }
        signature.any.iter().map(|id| self.first_offset[*id]).filter(|&o| o != usize::MAX).min()
    }
}
