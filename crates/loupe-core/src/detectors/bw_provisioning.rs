//! `bw-provisioning-*` and `bw-subscriber-profile-*`
//!
//! **What it finds:** each HTTP POST the Application Server sent to the Webex provisioning
//! bridge (PSLog), paired with the bridge's answer (same entry, a later entry with the same
//! tracking ID, or the next answer in the file), classified by status code and `<message>`:
//! accepted (200), email not trusted / org not found / other 400, credentials (401), AS
//! misconfigured (403, and the missing patch ap373197 when the target is an IP address),
//! existing Webex user (409). It also checks the posted `subscriberProfile`: primary phone
//! number, email, bwuserid, lower-case group/serviceProvider. It builds the report's
//! provisioning table, one row per subscriber.
//!
//! **Why it matters:** a subscriber who does not appear in Webex is explained by one line
//! of a large PSLog; the answer codes and the profile defects say which setting to fix.
//!
//! **What to do:** each finding's remedy; for 200, escalate only if the user never appears.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::FileId;
use crate::broadworks::excerpt;
use crate::broadworks::http::{self, Request};
use crate::broadworks::profile_xml::{bridge_message, find_ascii_ci, Defect, SubscriberProfile};
use crate::broadworks::tracking::tracking_id;
use crate::detectors::{Detector, EntryContext, TimeResolver};
use crate::entry::Entry;
use crate::fast_map::{DistinctNames, FastMap};
use crate::findings::{FindingStore, Hit};
use crate::knowledge::knowledge;
use crate::report::{Evidence, ProvisioningRow, ProvisioningStatus, Report};
use crate::time::RawStamp;

/// Requests awaiting an answer per file; older ones are closed as unanswered beyond this.
const MAX_OPEN_PER_FILE: usize = 64;
/// Bytes of subscriberProfile XML kept per request; a profile is a few hundred bytes.
const MAX_PROFILE_BYTES: usize = 16 * 1024;
/// Subscribers kept for the provisioning table.
const MAX_ROWS: usize = 5000;
/// Subscribers named in one finding's explanation.
const MAX_NAMED: usize = 12;

const ACCEPTED: &str = "bw-provisioning-accepted";
const EMAIL_NOT_TRUSTED: &str = "bw-provisioning-email-not-trusted";
const ORG_NOT_FOUND: &str = "bw-provisioning-org-not-found";
const BAD_REQUEST: &str = "bw-provisioning-bad-request";
const UNAUTHORIZED: &str = "bw-provisioning-unauthorized";
const FORBIDDEN: &str = "bw-provisioning-forbidden";
const IP_TARGET: &str = "bw-provisioning-ip-target";
const CONFLICT: &str = "bw-provisioning-conflict";
const HTTP_ERROR: &str = "bw-provisioning-http-error";
const NO_RESPONSE: &str = "bw-provisioning-no-response";
const AS_PROVISIONING_ERROR: &str = "bw-messaging-provisioning-error";
const AS_COMMUNICATION_ERROR: &str = "bw-messaging-communication-error";

/// A line of a file, kept to cite it later.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Loc {
    file: FileId,
    line: u64,
    text: String,
    stamp: Option<RawStamp>,
}

impl Loc {
    fn at(file: FileId, entry: &Entry, offset: usize) -> Self {
        let (line, text) = excerpt(entry, offset);
        Loc { file, line, text, stamp: entry.stamp }
    }
}

struct Answer {
    code: u16,
    loc: Loc,
    message: Option<String>,
}

/// One POST to the bridge, from the request line until it is classified.
struct Exchange {
    target: Option<String>,
    tracking: Option<String>,
    request: Loc,
    profile_xml: String,
    /// The profile XML continues in the next entries (a file read line by line).
    collecting: bool,
    answer: Option<Answer>,
    /// An AS messaging error ([Error 18211] / [Error 18215]) logged for this request.
    as_error: Option<&'static str>,
}

impl Exchange {
    /// A request, with the subscriberProfile that follows it in `body` (if any).
    fn new(target: Option<&str>, tracking: Option<String>, request: Loc, body: &str) -> Self {
        let mut exchange = Exchange {
            target: target.map(str::to_owned),
            tracking,
            request,
            profile_xml: String::new(),
            collecting: false,
            answer: None,
            as_error: None,
        };
        take_profile(&mut exchange, body);
        exchange
    }
}

/// One subscriber's latest request, for the provisioning table.
#[derive(Serialize, Deserialize)]
struct Row {
    user: String,
    email: Option<String>,
    request: Loc,
    status: ProvisioningStatus,
    http_code: Option<u16>,
    message: Option<String>,
    #[serde(with = "crate::shard::interned")]
    rule: crate::shard::StaticStr,
    defects: Vec<Defect>,
    target: Option<String>,
    attempts: u32,
}

/// Formats of logs that never hold the AS's requests to the provisioning bridge. A CUC
/// trace's Gmail imports are POSTs too, and one left waiting for the bridge's answer made the
/// detector read every later entry of the trace.
const NOT_THE_AS: [&str; 3] = ["cuc-diag", "webex-client", "access-log"];

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct BwProvisioning {
    /// Settled into rows when their file ends.
    #[serde(skip)]
    open: FastMap<FileId, Vec<Exchange>>,
    rows: Vec<Row>,
    #[serde(skip)]
    row_index: FastMap<String, usize>,
    rows_dropped: u64,
    /// Subscribers behind each finding, for its explanation.
    #[serde(with = "crate::shard::by_rule")]
    named: HashMap<(&'static str, Option<String>), DistinctNames>,
    /// Facts specific to one finding (the IP posted to, the bridge's answer to a profile).
    #[serde(with = "crate::shard::by_rule")]
    specifics: HashMap<(&'static str, Option<String>), String>,
}

impl Detector for BwProvisioning {
    super::shard_through_serde!();

    /// Requests, profiles, the bridge's `<message>` and the AS messaging errors; a bare
    /// status only matters while a request awaits it (below).
    fn triggers(&self) -> Vec<String> {
        ["POST", "<subscriberProfile", "<message", "Error 18215", "Error 18211"].map(str::to_owned).to_vec()
    }

    /// A request awaiting its status, or a profile whose XML goes on in the next entries.
    fn wants_every_entry(&self, context: &EntryContext<'_>) -> bool {
        self.open.get(&context.file).is_some_and(|open| {
            open.iter().any(|exchange| exchange.answer.is_none())
                || open.last().is_some_and(|last| last.collecting)
        })
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, findings: &mut FindingStore) {
        if NOT_THE_AS.contains(&context.format) {
            return;
        }
        let text = entry.text.as_str();
        let has_profile = find_ascii_ci(text, "<subscriberProfile").is_some();
        // HTTP methods are upper case on the wire; a literal check spares the regex on the
        // many entries that post nothing.
        let posts: Vec<Request<'_>> = if crate::google::contains!(text, "POST") {
            http::requests(text)
                .into_iter()
                .filter(|r| r.method == "POST" && !is_other_service(r.target))
                .collect()
        } else {
            Vec::new()
        };
        // Answers and AS errors only matter to a file with a request in flight: an access
        // log's statuses are not the bridge's.
        let awaiting = self.open.get(&context.file).is_some_and(|open| !open.is_empty());
        if !awaiting && posts.is_empty() && !has_profile {
            return;
        }
        let statuses = http::statuses(text);
        let message = bridge_message(text);
        let as_error = as_messaging_error(text);
        if posts.is_empty() && statuses.is_empty() && message.is_none() && as_error.is_none() && !has_profile
        {
            self.continue_profile(context.file, text);
            return;
        }
        let open = self.open.entry(context.file).or_default();
        if let Some(last) = open.last_mut() {
            last.collecting = false;
        }
        if !posts.is_empty() {
            // A new request means the answers logged so far (and their bodies) are complete.
            self.finalize_answered(context.file, findings);
            let open = self.open.entry(context.file).or_default();
            let excess = (open.len() + posts.len()).saturating_sub(MAX_OPEN_PER_FILE);
            let oldest: Vec<Exchange> = open.drain(..excess.min(open.len())).collect();
            for exchange in oldest {
                self.finalize(exchange, findings);
            }
        }
        let tracking = tracking_id(text).map(|(_, id)| id);
        let open = self.open.entry(context.file).or_default();
        let mut made_here: Vec<(usize, usize)> = Vec::new();
        for (i, post) in posts.iter().enumerate() {
            let end = posts.get(i + 1).map_or(text.len(), |next| next.offset);
            let request = Loc::at(context.file, entry, post.offset);
            let exchange =
                Exchange::new(Some(post.target), tracking.clone(), request, &text[post.offset..end]);
            open.push(exchange);
            made_here.push((open.len() - 1, post.offset));
        }
        if posts.is_empty() && has_profile {
            let waiting = open.iter().rposition(|e| e.profile_xml.is_empty() && e.answer.is_none());
            match waiting {
                Some(index) => take_profile(&mut open[index], text),
                None => {
                    let offset = find_ascii_ci(text, "<subscriberProfile").unwrap_or(0);
                    let request = Loc::at(context.file, entry, offset);
                    let exchange = Exchange::new(None, tracking.clone(), request, text);
                    open.push(exchange);
                    made_here.push((open.len() - 1, offset));
                }
            }
        }
        let mut answered_here = None;
        for status in &statuses {
            let same_entry = made_here.iter().rev().find(|&&(_, at)| at < status.offset).map(|&(i, _)| i);
            let index = same_entry
                .or_else(|| {
                    let id = tracking.as_deref()?;
                    open.iter().position(|e| e.answer.is_none() && e.tracking.as_deref() == Some(id))
                })
                .or_else(|| open.iter().position(|e| e.answer.is_none()));
            let Some(index) = index else { continue };
            let exchange = &mut open[index];
            if exchange.answer.is_none() {
                exchange.answer = Some(Answer {
                    code: status.code,
                    loc: Loc::at(context.file, entry, status.offset),
                    message: None,
                });
                answered_here = Some(index);
            }
        }
        if let Some(message) = message {
            let index = answered_here.or_else(|| {
                open.iter().rposition(|e| e.answer.as_ref().is_some_and(|a| a.message.is_none()))
            });
            if let Some(answer) = index.and_then(|i| open[i].answer.as_mut()) {
                answer.message.get_or_insert(message);
            }
        }
        if let Some(rule) = as_error {
            let index = made_here.last().map(|&(i, _)| i).or_else(|| open.len().checked_sub(1));
            if let Some(exchange) = index.and_then(|i| open.get_mut(i)) {
                exchange.as_error.get_or_insert(rule);
            }
        }
    }

    fn on_file_end(&mut self, file: FileId, findings: &mut FindingStore) {
        for exchange in self.open.remove(&file).unwrap_or_default() {
            self.finalize(exchange, findings);
        }
    }

    fn finish(&mut self, _time: &TimeResolver<'_>, findings: &mut FindingStore) {
        for ((rule, subject), users) in &self.named {
            let Some(known) = knowledge().rule(rule) else { continue };
            let mut detail = known.detail.clone();
            if let Some(specific) = self.specifics.get(&(*rule, subject.clone())) {
                detail.push(' ');
                detail.push_str(specific);
            }
            if subject.is_none() || *rule == BAD_REQUEST {
                detail.push_str(&format!(" Subscribers ({}): {}.", users.len(), name_list(users)));
            }
            findings.set_detail(rule, subject.clone(), detail);
        }
    }

    fn contribute(&mut self, time: &TimeResolver<'_>, paths: &[&str], report: &mut Report) {
        for row in &self.rows {
            let rule = knowledge().rule(row.rule);
            let mut cause = rule.map(|r| r.title.clone()).unwrap_or_default();
            match (row.rule, &row.message, row.http_code) {
                (BAD_REQUEST, Some(message), _) => cause = format!("{cause}: {message}"),
                (HTTP_ERROR, _, Some(code)) => cause = format!("{cause} ({code})"),
                _ => {}
            }
            report.provisioning.push(ProvisioningRow {
                user: row.user.clone(),
                email: row.email.clone(),
                time: row.request.stamp.map(|s| time.render(row.request.file, s)),
                status: row.status,
                http_code: row.http_code,
                message: row.message.clone(),
                cause,
                remedy: rule.map(|r| r.remedy.clone()).unwrap_or_default(),
                defects: row.defects.iter().map(|d| d.label().to_owned()).collect(),
                target: row.target.clone(),
                attempts: row.attempts,
                evidence: Evidence {
                    path: paths.get(row.request.file.0).map(|p| (*p).to_owned()).unwrap_or_default(),
                    line: row.request.line,
                    text: row.request.text.clone(),
                },
            });
        }
        if self.rows_dropped > 0 {
            report.provisioning.push(ProvisioningRow {
                user: format!("({} more subscribers not listed)", self.rows_dropped),
                email: None,
                time: None,
                status: ProvisioningStatus::NoResponse,
                http_code: None,
                message: None,
                cause: format!("The table keeps the first {MAX_ROWS} subscribers."),
                remedy: "Analyse a shorter PSLog, or filter it by subscriber, to see the rest.".to_owned(),
                defects: Vec::new(),
                target: None,
                attempts: 0,
                evidence: Evidence { path: String::new(), line: 0, text: String::new() },
            });
        }
    }
}

impl BwProvisioning {
    /// A subscriber both saw keeps the later request, with the attempts of both.
    fn merge(&mut self, later: Self) {
        for row in later.rows {
            let attempts = row.attempts;
            match self.row_index.get(&row.user) {
                Some(&index) => {
                    let attempts = self.rows[index].attempts + attempts;
                    self.rows[index] = Row { attempts, ..row };
                }
                None if self.rows.len() < MAX_ROWS => {
                    self.row_index.insert(row.user.clone(), self.rows.len());
                    self.rows.push(row);
                }
                None => self.rows_dropped += u64::from(attempts),
            }
        }
        self.rows_dropped += later.rows_dropped;
        for (key, users) in later.named {
            self.named.entry(key).or_default().extend(users);
        }
        self.specifics.extend(later.specifics);
    }

    /// Appends an entry to a profile still being read (a file read line by line).
    fn continue_profile(&mut self, file: FileId, text: &str) {
        let Some(last) = self.open.get_mut(&file).and_then(|open| open.last_mut()) else { return };
        if !last.collecting {
            return;
        }
        if last.profile_xml.len() + text.len() > MAX_PROFILE_BYTES {
            last.collecting = false;
            return;
        }
        last.profile_xml.push('\n');
        last.profile_xml.push_str(text);
        if find_ascii_ci(text, "</subscriberProfile").is_some() {
            last.collecting = false;
        }
    }

    /// Classifies every answered request of a file: a new request means the previous
    /// answers (and their bodies) are complete.
    fn finalize_answered(&mut self, file: FileId, findings: &mut FindingStore) {
        let Some(open) = self.open.get_mut(&file) else { return };
        let (done, waiting): (Vec<Exchange>, Vec<Exchange>) =
            open.drain(..).partition(|e| e.answer.is_some());
        *open = waiting;
        for exchange in done {
            self.finalize(exchange, findings);
        }
    }

    fn finalize(&mut self, exchange: Exchange, findings: &mut FindingStore) {
        let is_bridge = !exchange.profile_xml.is_empty()
            || exchange.target.as_deref().is_some_and(|t| {
                let lower = t.to_ascii_lowercase();
                lower.contains("provision") || lower.contains("subscriber")
            });
        if !is_bridge {
            return;
        }
        let profile = SubscriberProfile::parse(&exchange.profile_xml);
        let user = profile
            .bwuserid
            .clone()
            .or_else(|| profile.email.clone())
            .unwrap_or_else(|| format!("(no bwuserid, line {})", exchange.request.line));
        let defects = if exchange.profile_xml.is_empty() { Vec::new() } else { profile.defects() };
        let (rule, subject, status) = self.classify(&exchange, &profile, &user);
        let cited = exchange.answer.as_ref().map_or(&exchange.request, |a| &a.loc);
        if rule != AS_PROVISIONING_ERROR && rule != AS_COMMUNICATION_ERROR {
            findings.record(hit(rule, subject.clone(), cited));
            self.name(rule, subject, &user);
        }
        let outcome = describe_outcome(&exchange);
        for defect in &defects {
            let subject = Some(user.clone());
            findings.record(hit(defect.rule(), subject.clone(), &exchange.request));
            let mut specific = match defect {
                Defect::InvalidEmail => {
                    format!("The email posted is \"{}\".", profile.email.as_deref().unwrap_or(""))
                }
                Defect::UpperCaseOrg => format!(
                    "The profile names group \"{}\" and serviceProvider \"{}\".",
                    profile.group.as_deref().unwrap_or("-"),
                    profile.service_provider.as_deref().unwrap_or("-")
                ),
                _ => String::new(),
            };
            if !specific.is_empty() {
                specific.push(' ');
            }
            specific.push_str(&outcome);
            self.specifics.insert((defect.rule(), subject.clone()), specific);
            self.name(defect.rule(), subject, &user);
        }
        self.add_row(Row {
            user: user.clone(),
            email: profile.email.clone(),
            request: exchange.request.clone(),
            status,
            http_code: exchange.answer.as_ref().map(|a| a.code),
            message: exchange.answer.as_ref().and_then(|a| a.message.clone()),
            rule,
            defects,
            target: exchange.target.clone(),
            attempts: 1,
        });
    }

    fn classify(
        &mut self,
        exchange: &Exchange,
        profile: &SubscriberProfile,
        user: &str,
    ) -> (&'static str, Option<String>, ProvisioningStatus) {
        let per_user = Some(user.to_owned());
        let Some(answer) = &exchange.answer else {
            return match exchange.as_error {
                Some(rule) => (rule, None, ProvisioningStatus::Failed),
                None => (NO_RESPONSE, None, ProvisioningStatus::NoResponse),
            };
        };
        let message = answer.message.as_deref().unwrap_or("").to_ascii_lowercase();
        let failed = ProvisioningStatus::Failed;
        match answer.code {
            200..=299 => (ACCEPTED, None, ProvisioningStatus::Accepted),
            400 if message.contains("email cannot be trusted") => {
                let email = profile.email.as_deref().unwrap_or("(none)");
                self.specifics.insert(
                    (EMAIL_NOT_TRUSTED, per_user.clone()),
                    format!("The email posted is \"{email}\"."),
                );
                (EMAIL_NOT_TRUSTED, per_user, failed)
            }
            400 if message.contains("org not found") => {
                let domain =
                    profile.email.as_deref().and_then(|e| e.split_once('@')).map_or("(none)", |(_, d)| d);
                self.specifics.insert(
                    (ORG_NOT_FOUND, per_user.clone()),
                    format!(
                        "The email domain posted is \"{domain}\"; compare it with the customer's domain."
                    ),
                );
                (ORG_NOT_FOUND, per_user, failed)
            }
            400 => {
                let subject = answer.message.clone().unwrap_or_else(|| "no message in the answer".to_owned());
                (BAD_REQUEST, Some(subject), failed)
            }
            401 => (UNAUTHORIZED, None, failed),
            403 => {
                let ip =
                    exchange.target.as_deref().and_then(http::host_of).filter(|h| http::is_ip_literal(h));
                match ip {
                    Some(ip) => {
                        self.specifics.insert((IP_TARGET, None), format!("Requests went to {ip}."));
                        (IP_TARGET, None, failed)
                    }
                    None => (FORBIDDEN, None, failed),
                }
            }
            409 => {
                let email = profile.email.clone().or(per_user);
                if let Some(message) = &answer.message {
                    self.specifics
                        .insert((CONFLICT, email.clone()), format!("The bridge said: \"{message}\"."));
                }
                (CONFLICT, email, failed)
            }
            code => (HTTP_ERROR, Some(code.to_string()), failed),
        }
    }

    fn name(&mut self, rule: &'static str, subject: Option<String>, user: &str) {
        self.named.entry((rule, subject)).or_default().insert(user.to_owned());
    }

    fn add_row(&mut self, row: Row) {
        match self.row_index.get(&row.user) {
            Some(&index) => {
                let attempts = self.rows[index].attempts + 1;
                self.rows[index] = Row { attempts, ..row };
            }
            None if self.rows.len() < MAX_ROWS => {
                self.row_index.insert(row.user.clone(), self.rows.len());
                self.rows.push(row);
            }
            None => self.rows_dropped += 1,
        }
    }
}

/// Copies the subscriberProfile XML of a request, noting when it continues past the entry.
fn take_profile(exchange: &mut Exchange, text: &str) {
    let Some(start) = find_ascii_ci(text, "<subscriberProfile") else { return };
    let rest = &text[start..];
    let (xml, closed) = match find_ascii_ci(rest, "</subscriberProfile") {
        Some(end) => {
            let close = rest[end..].find('>').map_or(rest.len(), |gt| end + gt + 1);
            (&rest[..close], true)
        }
        None => (rest, false),
    };
    let room = MAX_PROFILE_BYTES.saturating_sub(exchange.profile_xml.len());
    let mut cut = xml.len().min(room);
    while !xml.is_char_boundary(cut) {
        cut -= 1;
    }
    exchange.profile_xml.push_str(&xml[..cut]);
    exchange.collecting = !closed && cut == xml.len();
}

/// POSTs that are not to the provisioning bridge: Xsi and the auth service on the XSP.
fn is_other_service(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    lower.contains("/com.broadsoft.xsi") || lower.contains("/authservice") || {
        let host = http::host_of(target).unwrap_or("");
        host == "127.0.0.1" || host == "localhost" || host == "::1"
    }
}

fn as_messaging_error(text: &str) -> Option<&'static str> {
    if text.contains("Error 18215") {
        Some(AS_PROVISIONING_ERROR)
    } else if text.contains("Error 18211") {
        Some(AS_COMMUNICATION_ERROR)
    } else {
        None
    }
}

/// How the bridge answered, in words, to tie a profile defect to the failure it caused.
fn describe_outcome(exchange: &Exchange) -> String {
    match &exchange.answer {
        Some(answer) if (200..300).contains(&answer.code) => format!(
            "The bridge still answered {} (accepted): expect the creation to fail upstream.",
            answer.code
        ),
        Some(Answer { code, message: Some(message), .. }) => {
            format!("This is why the bridge answered {code}: \"{message}\".")
        }
        Some(answer) => format!("This explains the bridge's answer {}.", answer.code),
        None if exchange.as_error.is_some() => {
            "This explains the AS messaging error logged for the request.".to_owned()
        }
        None => "No answer from the bridge is in the logs.".to_owned(),
    }
}

fn hit<'a>(rule: &'static str, subject: Option<String>, loc: &'a Loc) -> Hit<'a> {
    Hit { rule, subject, file: loc.file, line: loc.line, text: &loc.text, stamp: loc.stamp }
}

fn name_list(users: &DistinctNames) -> String {
    let shown: Vec<&str> = users.iter().take(MAX_NAMED).map(String::as_str).collect();
    match users.len().saturating_sub(MAX_NAMED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::Triggered;
    use crate::triggers::{NeedleSet, TriggerScan};

    fn entry(text: &str) -> Entry {
        Entry { text: text.to_owned(), lines: vec![(1, 0)], ..Entry::default() }
    }

    /// Regression: a CUC trace's Gmail POST opened an exchange that no answer ever closed.
    #[test]
    fn gmail_posts_in_a_cuc_trace_leave_no_request_waiting() {
        let mut scan = TriggerScan::new(NeedleSet::default());
        let hits = scan.scan("");
        let context = |format| EntryContext {
            file: FileId(0),
            path: "trace",
            format,
            now_unix_ms: 0,
            triggers: Triggered { hits, ids: &[], qualifiers: &[] },
        };
        let mut findings = FindingStore::default();
        let mut detector = BwProvisioning::default();
        let gmail = entry(
            "06:27:02.606 |3917,,,CuGSuiteSyncSrv,23,GSuiteServiceOpTh-7,GSuiteActionItems.sendMessage - \
             POST https://gmail.googleapis.com/gmail/v1/users/vera%40example.org/messages/import HTTP/1.1",
        );
        detector.on_entry(&context("cuc-diag"), &gmail, &mut findings);
        assert!(!detector.wants_every_entry(&context("cuc-diag")));

        let bridge = entry(
            "2023.07.28 06:00:00:925 UTC | Info | ProvisioningServer | Thread-5\n\
             \tPOST https://bridge.example/v1/provisioning/subscribers HTTP/1.1",
        );
        detector.on_entry(&context("broadworks"), &bridge, &mut findings);
        assert!(detector.wants_every_entry(&context("broadworks")), "an AS request awaits its answer");
    }
}
