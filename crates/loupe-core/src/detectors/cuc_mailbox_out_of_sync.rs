//! `cuc-mailbox-out-of-sync`
//!
//! **What it finds:** CUC's unified messaging account status "User mailbox is out of sync,
//! press Reset for resync", as pasted from CUC Administration, one finding per user (the
//! "User Corporate Email Address" shown with it).
//!
//! **Why it matters:** it is the symptom users report: voicemails no longer reach Gmail.
//!
//! **What to do:** fix the cause (token, key or scope findings), then press Reset.

use std::sync::OnceLock;

use regex::Regex;

use serde::{Deserialize, Serialize};

use crate::analysis::FileId;
use crate::detectors::{Detector, EntryContext, TimeResolver};
use crate::entry::Entry;
use crate::fast_map::DistinctNames;
use crate::findings::{FindingStore, Hit};
use crate::time::RawStamp;

const RULE: &str = "cuc-mailbox-out-of-sync";
pub(crate) const MARKER: &str = "mailbox is out of sync";
/// How many entries after a status its user's address may come (the Admin page lists the
/// service and type in between).
const LOOKAHEAD_ENTRIES: u32 = 8;
/// Rules whose findings explain an out-of-sync mailbox.
const CAUSES: &[&str] = &[
    "clock-skew",
    "jwt-not-short-lived",
    "oauth-invalid-jwt-signature",
    "jwt-not-signed-by-dropped-key",
    "oauth-unauthorized-client",
    "scope-requested-not-authorised",
    "oauth-invalid-grant",
    "oauth-invalid-subject",
    "oauth-invalid-client",
    "oauth-access-denied",
    "key-not-service-account",
    "cuc-create-message-failed",
];

struct Pending {
    file: FileId,
    line: u64,
    text: String,
    stamp: Option<RawStamp>,
    entries_left: u32,
}

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct CucMailboxOutOfSync {
    /// Settled when its file ends.
    #[serde(skip)]
    pending: Option<Pending>,
    users: DistinctNames,
}

fn email(text: &str) -> Option<&str> {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    let re = EMAIL.get_or_init(|| {
        Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").expect("static email pattern compiles")
    });
    re.find(text).map(|m| m.as_str())
}

impl CucMailboxOutOfSync {
    fn merge(&mut self, later: Self) {
        self.users.extend(later.users);
    }

    fn settle(&mut self, subject: Option<String>, findings: &mut FindingStore) {
        let Some(pending) = self.pending.take() else { return };
        if let Some(user) = &subject {
            self.users.insert(user.clone());
        }
        findings.record(Hit {
            rule: RULE,
            subject,
            file: pending.file,
            line: pending.line,
            text: &pending.text,
            stamp: pending.stamp,
        });
    }
}

impl Detector for CucMailboxOutOfSync {
    super::shard_through_serde!();

    /// The status text, in any letter case.
    fn triggers(&self) -> Vec<String> {
        vec![MARKER.to_owned()]
    }

    /// The user's address may follow the status in the next few entries.
    fn wants_every_entry(&self, _context: &EntryContext<'_>) -> bool {
        self.pending.is_some()
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore) {
        if let Some(position) = context.triggers.at(0) {
            self.settle(None, findings);
            let (line, text) = entry.line_at(position);
            self.pending = Some(Pending {
                file: context.file,
                line,
                text: text.to_owned(),
                stamp: entry.stamp,
                entries_left: LOOKAHEAD_ENTRIES,
            });
            // The address may be on the status entry itself (a table row, a log line).
            if let Some(user) = email(&entry.text[position..]).or_else(|| email(&entry.text)) {
                self.settle(Some(user.to_owned()), findings);
            }
            return;
        }
        let Some(pending) = &mut self.pending else { return };
        if pending.file != context.file || pending.entries_left == 0 {
            self.settle(None, findings);
            return;
        }
        pending.entries_left -= 1;
        if let Some(user) = email(&entry.text) {
            self.settle(Some(user.to_owned()), findings);
        }
    }

    fn on_file_end(&mut self, _file: FileId, findings: &mut FindingStore) {
        self.settle(None, findings);
    }

    fn finish(&mut self, _time: &TimeResolver<'_>, findings: &mut FindingStore) {
        if findings.count(RULE) == 0 {
            return;
        }
        let causes: Vec<&str> = CAUSES.iter().copied().filter(|rule| findings.count(rule) > 0).collect();
        let explained = if causes.is_empty() {
            " Nothing in these inputs explains it yet: add CUC's CuGSuiteSyncSrv traces, the \
             service-account key and the delegation scope list."
                .to_owned()
        } else {
            format!(" Findings in these inputs that explain it: {}.", causes.join(", "))
        };
        let mut subjects: Vec<Option<String>> = self.users.iter().cloned().map(Some).collect();
        subjects.push(None);
        for subject in subjects {
            let who = subject.as_deref().unwrap_or("An account");
            let detail = format!(
                "{who} shows \"User mailbox is out of sync, press Reset for resync\" in CUC's \
                 Unified Messaging Accounts: voicemails are not copied to the user's Gmail \
                 mailbox.{explained}"
            );
            findings.set_detail(RULE, subject, detail);
        }
    }
}
