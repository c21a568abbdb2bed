//! `subscription-suspended`, `subscription-reactivate-failed`
//!
//! **What it finds:** Google Workspace Events subscriptions in any text (resources, list
//! responses, lifecycle CloudEvents, proto-text, log lines): one finding per suspended
//! subscription with its `suspensionReason`'s meaning and remedy, and failed `reactivate`
//! calls with the errors still present. Active subscriptions are listed in the report, not
//! flagged.
//!
//! **Why it matters:** a suspended subscription silently stops delivering events; what to do
//! depends entirely on the reason, and some reasons cannot be fixed by reactivating.
//!
//! **What to do:** fix the cause for the reason given, then call
//! `subscriptions.reactivate()` (the expiry time is unchanged).

use serde::{Deserialize, Serialize};

use crate::analysis::FileId;
use crate::detectors::{Detector, EntryContext, TimeResolver};
use crate::entry::Entry;
use crate::findings::{FindingStore, Hit};
use crate::google::document::DocumentBuffers;
use crate::google::subscription::{self, reasons, Sighting};
use crate::google_report::SubscriptionSummary;
use crate::mask::mask_secrets;
use crate::report::Report;
use crate::time::RawStamp;

const SUSPENDED: &str = "subscription-suspended";
const REACTIVATE_FAILED: &str = "subscription-reactivate-failed";
const MAX_SUBSCRIPTIONS: usize = 500;

#[derive(Serialize, Deserialize)]
struct Seen {
    summary: SubscriptionSummary,
    file: FileId,
    line: u64,
    text: String,
    stamp: Option<RawStamp>,
    failed_reactivation: Option<(FileId, u64, String, Option<RawStamp>)>,
}

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct SubscriptionSuspended {
    #[serde(skip)]
    documents: DocumentBuffers,
    paths: std::collections::HashMap<FileId, String>,
    #[serde(skip)]
    last_file: Option<FileId>,
    seen: Vec<Seen>,
}

impl SubscriptionSuspended {
    /// A subscription both saw is summed up as `read` would have, sighting by sighting.
    fn merge(&mut self, later: Self) {
        crate::shard::union_keep_first(&mut self.paths, later.paths);
        for theirs in later.seen {
            let Some(ours) = self.seen.iter_mut().find(|s| s.summary.name == theirs.summary.name) else {
                if self.seen.len() < MAX_SUBSCRIPTIONS {
                    self.seen.push(theirs);
                }
                continue;
            };
            let (summary, more) = (&mut ours.summary, theirs.summary);
            if more.state.is_some() {
                summary.state = more.state;
            }
            for (slot, value) in [
                (&mut summary.suspension_reason, &more.suspension_reason),
                (&mut summary.target_resource, &more.target_resource),
                (&mut summary.event_type, &more.event_type),
                (&mut summary.pubsub_topic, &more.pubsub_topic),
                (&mut summary.expire_time, &more.expire_time),
                (&mut summary.push_account, &more.push_account),
            ] {
                if slot.is_none() {
                    slot.clone_from(value);
                }
            }
            // Its evidence was last moved to a line naming its reason; it is ours too.
            if more.suspension_reason.is_some() && more.suspension_reason == summary.suspension_reason {
                (ours.file, ours.line, ours.text, ours.stamp) =
                    (theirs.file, theirs.line, theirs.text, theirs.stamp);
            }
            for error in more.reactivation_errors {
                if !summary.reactivation_errors.contains(&error) {
                    summary.reactivation_errors.push(error);
                }
            }
            if ours.failed_reactivation.is_none() {
                ours.failed_reactivation = theirs.failed_reactivation;
            }
        }
    }

    fn read(&mut self, file: FileId, entry: &Entry) {
        let failed = subscription::failed_reactivations(&entry.text);
        for sighting in subscription::find(&entry.text) {
            let (line, text) = entry.line_at(sighting.offset);
            let text = mask_secrets(text).into_owned();
            let index = match self.seen.iter().position(|s| s.summary.name == sighting.name) {
                Some(index) => index,
                None if self.seen.len() < MAX_SUBSCRIPTIONS => {
                    let path = self.paths.get(&file).cloned().unwrap_or_default();
                    self.seen.push(Seen {
                        summary: SubscriptionSummary {
                            name: sighting.name.clone(),
                            path,
                            line,
                            ..Default::default()
                        },
                        file,
                        line,
                        text: text.clone(),
                        stamp: entry.stamp,
                        failed_reactivation: None,
                    });
                    self.seen.len() - 1
                }
                None => continue,
            };
            let seen = &mut self.seen[index];
            merge(&mut seen.summary, &sighting);
            if sighting.reason.is_some() && seen.summary.suspension_reason == sighting.reason {
                // Point the evidence at the line that names the reason.
                (seen.file, seen.line, seen.text, seen.stamp) = (file, line, text.clone(), entry.stamp);
            }
            if let Some((_, errors)) = failed.iter().find(|(name, _)| *name == sighting.name) {
                for error in errors {
                    if !seen.summary.reactivation_errors.iter().any(|e| e == error) {
                        seen.summary.reactivation_errors.push((*error).to_owned());
                    }
                }
                seen.failed_reactivation.get_or_insert((file, line, text, entry.stamp));
            }
        }
    }
}

fn merge(summary: &mut SubscriptionSummary, sighting: &Sighting) {
    let fill = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_none() {
            slot.clone_from(value);
        }
    };
    // A later state wins (a lifecycle event after a get), but a reason once seen stays: it
    // records the first error that suspended the subscription.
    if sighting.state.is_some() {
        summary.state.clone_from(&sighting.state);
    }
    fill(&mut summary.suspension_reason, &sighting.reason);
    fill(&mut summary.target_resource, &sighting.target);
    fill(&mut summary.event_type, &sighting.event_type);
    fill(&mut summary.pubsub_topic, &sighting.topic);
    fill(&mut summary.expire_time, &sighting.expire_time);
    if summary.push_account.is_none() {
        summary.push_account = subscription::push_account(sighting).map(|a| a.account.clone());
    }
}

impl Detector for SubscriptionSuspended {
    super::shard_through_serde!();

    /// Every subscription is named by its resource name.
    fn triggers(&self) -> Vec<String> {
        vec!["subscriptions/".to_owned()]
    }

    /// A file that may be (or is) one JSON document is read whole.
    fn wants_every_entry(&self, context: &EntryContext<'_>) -> bool {
        self.documents.wants(context.file)
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, _findings: &mut FindingStore) {
        if self.last_file != Some(context.file) {
            self.last_file = Some(context.file);
            self.paths.entry(context.file).or_insert_with(|| context.path.to_owned());
        }
        // Plain text has no entry structure to trust (a resource pasted field by field), so
        // it is read whole, like a JSON document.
        if !self.documents.offer(context.file, entry, context.format == "plain") {
            self.read(context.file, entry);
        }
    }

    fn on_file_end(&mut self, file: FileId, _findings: &mut FindingStore) {
        if let Some((document, _cut)) = self.documents.take(file) {
            self.read(file, &document);
        }
    }

    fn finish(&mut self, _time: &TimeResolver<'_>, findings: &mut FindingStore) {
        for seen in &mut self.seen {
            let summary = &mut seen.summary;
            let reason = summary.suspension_reason.as_deref().and_then(|code| reasons().get(code));
            summary.reactivatable = reason.map(|r| r.reactivatable);
            let subject = Some(summary.name.clone());
            if summary.state.as_deref() == Some("SUSPENDED") {
                findings.record(Hit {
                    rule: SUSPENDED,
                    subject: subject.clone(),
                    file: seen.file,
                    line: seen.line,
                    text: &seen.text,
                    stamp: seen.stamp,
                });
                let (detail, remedy) = explain(summary, reason);
                findings.set_detail(SUSPENDED, subject.clone(), detail);
                findings.set_remedy(SUSPENDED, subject.clone(), remedy);
            }
            if let Some((file, line, text, stamp)) = &seen.failed_reactivation {
                findings.record(Hit {
                    rule: REACTIVATE_FAILED,
                    subject: subject.clone(),
                    file: *file,
                    line: *line,
                    text,
                    stamp: *stamp,
                });
                let detail = if summary.reactivation_errors.is_empty() {
                    format!("subscriptions.reactivate() failed for {}; its output names no suspension reason Loupe knows.", summary.name)
                } else {
                    let errors: Vec<String> = summary
                        .reactivation_errors
                        .iter()
                        .map(|code| match reasons().get(code) {
                            Some(r) => format!("{code}: {} {}", r.meaning, r.remedy),
                            None => code.clone(),
                        })
                        .collect();
                    format!(
                        "subscriptions.reactivate() failed for {}: these errors are still present (suspensionReason keeps only the first):\n- {}",
                        summary.name,
                        errors.join("\n- ")
                    )
                };
                findings.set_detail(REACTIVATE_FAILED, subject, detail);
            }
        }
    }

    fn report(&mut self, report: &mut Report) {
        report.subscriptions = self.seen.drain(..).map(|s| s.summary).collect();
    }
}

fn explain(summary: &SubscriptionSummary, reason: Option<&subscription::Reason>) -> (String, String) {
    let name = &summary.name;
    let Some(reason) = reason else {
        let code = summary.suspension_reason.as_deref().unwrap_or("not in the inputs");
        return (
            format!("{name} is SUSPENDED; suspensionReason: {code}."),
            "Read the subscription with subscriptions.get() to learn its suspensionReason, fix that cause, then call subscriptions.reactivate().".to_owned(),
        );
    };
    let mut detail = format!("{name} is SUSPENDED because of {}: {}", reason.code, reason.meaning);
    if let Some(target) = &summary.target_resource {
        detail.push_str(&format!(" Target resource: {target}."));
    }
    if let Some(topic) = &summary.pubsub_topic {
        detail.push_str(&format!(" Notification topic: {topic}."));
    }
    let mut remedy = reason.remedy.clone();
    if reason.code == "ENDPOINT_PERMISSION_DENIED" {
        match &summary.push_account {
            Some(account) => remedy.push_str(&format!(" For this subscription that account is {account}.")),
            None => remedy.push_str(&format!(
                " The account is {}.",
                reasons()
                    .push_account
                    .iter()
                    .map(|a| format!("{} for {} events", a.account, a.app))
                    .collect::<Vec<_>>()
                    .join(", or ")
            )),
        }
        if let Some(topic) = &summary.pubsub_topic {
            remedy.push_str(&format!(" Topic: {topic}."));
        }
    }
    if reason.reactivatable {
        remedy.push_str(" Reactivation keeps the original expiry time");
        match &summary.expire_time {
            Some(expiry) => remedy.push_str(&format!(" ({expiry}); renew the subscription to extend it.")),
            None => remedy.push_str("; renew the subscription to extend it."),
        }
    }
    (detail, remedy)
}
