//! The data-driven detector: matches every rule's signature against each entry in one pass.

use crate::analysis::FileId;
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::knowledge::Knowledge;
use crate::triggers::{Hits, NeedleId, NeedleSet};

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
    signatures: Vec<CompiledSignature>,
}

impl SignatureMatcher {
    /// Registers every signature's needles in `needles`.
    pub(crate) fn new(knowledge: &'static Knowledge, needles: &mut NeedleSet) -> Self {
        let mut signatures = Vec::new();
        for rule in knowledge.rules() {
            let Some(signature) = &rule.signature else { continue };
            // The signature cannot fire without its longest `all` needle (the rarest, as a
            // rule), or without one of its `any` needles when it has no `all`.
            let longest_all = signature.all.iter().max_by_key(|n| n.len());
            let mut ids = |list: &[String], decisive: &dyn Fn(&String) -> bool| {
                list.iter().map(|n| if decisive(n) { needles.decisive(n) } else { needles.id(n) }).collect()
            };
            signatures.push(CompiledSignature {
                rule: rule.id.as_str(),
                all: ids(&signature.all, &|n| Some(n) == longest_all),
                any: ids(&signature.any, &|_| longest_all.is_none()),
                none: ids(&signature.none, &|_| false),
                group: signature.group.as_deref(),
            });
        }
        Self { signatures }
    }

    pub(crate) fn scan(&self, file: FileId, entry: &Entry, hits: &Hits, findings: &mut FindingStore) {
        if !hits.any() {
            return;
        }
        let mut fired_groups: Vec<&str> = Vec::new();
        for signature in &self.signatures {
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
