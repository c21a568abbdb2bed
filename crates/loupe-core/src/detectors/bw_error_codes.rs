//! `bw-portal-error-code` and `bw-directory-sync-error-code`
//!
//! **What it finds:** every documented Webex for BroadWorks error code in any file: codes
//! next to a word such as "error" or "code" (`Error 200039`, `"errorCode":"600014"`), a
//! line holding only a code, or a user activation portal message pasted without its code.
//! One finding per code, carrying the code's message and suggested action from
//! `data/broadworks-error-codes.toml`.
//!
//! **Why it matters:** the portal shows users a bare number, and the directory sync answers
//! with one; the meaning and the fix are in a table nobody has at hand.
//!
//! **What to do:** follow the action of each code (portal codes) or fix the directory sync
//! configuration the message points at.

use serde::{Deserialize, Serialize};

use crate::broadworks::codes::{broadworks_codes, codes_in, CodeTable};
use crate::detectors::{Detector, EntryContext};
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};

const PORTAL_RULE: &str = "bw-portal-error-code";
const DIRECTORY_RULE: &str = "bw-directory-sync-error-code";

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct BwErrorCodes {
    /// Codes whose explanation is already attached to their finding.
    explained: Vec<u32>,
}

impl BwErrorCodes {
    fn merge(&mut self, later: Self) {
        for code in later.explained {
            if !self.explained.contains(&code) {
                self.explained.push(code);
            }
        }
    }
}

impl Detector for BwErrorCodes {
    super::shard_through_serde!();

    /// A message pasted without its code is known by all of its phrases, so the longest
    /// (the rarest, as a rule) is enough to ask for the entry.
    /// Each code's longest phrase, and each code's six digits: an entry names a code by
    /// one or the other (`codes_in` then checks the digits stand alone).
    fn triggers(&self) -> Vec<String> {
        let codes = broadworks_codes();
        let phrases = codes.iter().filter_map(|c| c.phrases.iter().max_by_key(|p| p.len()).cloned());
        phrases.chain(codes.iter().map(|c| c.code.to_string())).collect()
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore) {
        for mention in codes_in(&entry.text) {
            let code = mention.code;
            let rule = match code.table {
                CodeTable::Portal => PORTAL_RULE,
                CodeTable::DirectorySync => DIRECTORY_RULE,
            };
            let subject = Some(code.code.to_string());
            let (line, text) = entry.line_at(mention.offset);
            findings.record(Hit {
                rule,
                subject: subject.clone(),
                file: context.file,
                line,
                text,
                stamp: entry.stamp,
            });
            if self.explained.contains(&code.code) {
                continue;
            }
            self.explained.push(code.code);
            let table = match code.table {
                CodeTable::Portal => "user activation portal",
                CodeTable::DirectorySync => "directory sync",
            };
            findings.set_detail(
                rule,
                subject.clone(),
                format!("{} ({table} code {}).", code.message.trim_end_matches('.'), code.code),
            );
            if let Some(action) = &code.action {
                findings.set_remedy(rule, subject, action.clone());
            }
        }
    }
}
