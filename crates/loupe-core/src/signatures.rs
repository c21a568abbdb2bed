//! The data-driven detector: matches every rule's signature against each entry in one pass.

use crate::analysis::FileId;
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::knowledge::Knowledge;
use crate::triggers::{Hits, ListenerId, NeedleId, NeedleSet};

struct CompiledSignature {
    rule: &'static str,
    all: Vec<NeedleId>,
    any: Vec<NeedleId>,
    none: Vec<NeedleId>,
    group: Option<&'static str>,
}

/// Every rule's signature, evaluated on the hits of the shared trigger scan, so an entry is
/// searched once however many rules there are.
pub(crate) struct SignatureMatcher {
    /// Indexed by listener id, from `first`: each signature is a listener of the shared scan.
    signatures: Vec<CompiledSignature>,
    first: Option<ListenerId>,
}

impl SignatureMatcher {
    /// Registers every signature's needles in `needles`.
    pub(crate) fn new(knowledge: &'static Knowledge, needles: &mut NeedleSet) -> Self {
        let mut signatures = Vec::new();
        let mut first = None;
        for rule in knowledge.rules() {
            let Some(signature) = &rule.signature else { continue };
            let listener = needles.listener();
            first.get_or_insert(listener);
            // The signature cannot fire without its longest `all` needle (the rarest, as a
            // rule), or without one of its `any` needles when it has no `all`: those wake it.
            let longest_all = signature.all.iter().max_by_key(|n| n.len());
            let mut ids = |list: &[String], wakes: &dyn Fn(&String) -> bool| {
                list.iter()
                    .map(|n| if wakes(n) { needles.wake(n, listener) } else { needles.id(n) })
                    .collect()
            };
            signatures.push(CompiledSignature {
                rule: rule.id.as_str(),
                all: ids(&signature.all, &|n| Some(n) == longest_all),
                any: ids(&signature.any, &|_| longest_all.is_none()),
                none: ids(&signature.none, &|_| false),
                group: signature.group.as_deref(),
            });
        }
        Self { signatures, first }
    }

    pub(crate) fn scan(&self, file: FileId, entry: &Entry, hits: &Hits, findings: &mut FindingStore) {
        let Some(first) = self.first else { return };
        let mut fired_groups: Vec<&str> = Vec::new();
        // In listener order, which is rule order: the first rule of a group to fire wins.
        let woken = hits.woken().iter().filter_map(|listener| self.signatures.get(listener.since(first)?));
        for signature in woken {
            let Some(offset) = match_offset(signature, hits) else { continue };
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
}

/// Where the evidence line is when the signature matches: the first `any` needle found,
/// else the first `all` needle.
fn match_offset(signature: &CompiledSignature, hits: &Hits) -> Option<usize> {
    let present = |id: &NeedleId| hits.at(*id).is_some();
    if !signature.all.iter().all(present) || signature.none.iter().any(present) {
        return None;
    }
    if signature.any.is_empty() {
        return signature.all.iter().filter_map(|id| hits.at(*id)).min();
    }
    signature.any.iter().filter_map(|id| hits.at(*id)).min()
}
