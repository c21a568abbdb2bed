//! `bw-signin-*` and `bw-same-platform-sessions`
//!
//! **What it finds:** every Webex for BroadWorks sign-in in the dropped files, correlated
//! by tracking ID across the XSP's access_log, XsiActionsLog and authentication service log
//! and the Webex app's log, rebuilt as the ladder: profile GET (Basic auth) → OCI-P
//! verification → long-lived token → device GET (Bearer) → token validation loop-back →
//! device list. Each sign-in gets a verdict: the step where it died and why, or complete.
//! It also notices one user signed in on two clients of the same platform.
//!
//! **Why it matters:** a sign-in crosses four log files on two machines; the question is
//! which hop failed. A 401 on the profile GET, a token the auth service will not validate
//! and a 401 on the device GET have different fixes.
//!
//! **What to do:** the verdict's remedy: BroadWorks password or alternate user ID for the
//! profile 401; RSA keys on every XSP and the auth service URL for token validation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::FileId;
use crate::broadworks::excerpt;
use crate::broadworks::signin::{
    is_http, read_client_entry, read_server_entry_with, reading_keys_in, step_of_loose_failure, ReadingKeys,
    Reason, StepSighting, READING_KEYS,
};
use crate::broadworks::tracking::{tracking_id_from, KEYS};
use crate::detectors::{Detector, EntryContext, TimeResolver};
use crate::entry::Entry;
use crate::fast_map::FastMap;
use crate::findings::{FindingStore, Hit};
use crate::report::{Report, SignIn, SignInStatus, SignInStep, SignInStepKind, StepOutcome};
use crate::time::RawStamp;

/// Sign-ins tracked at once; beyond this, new tracking IDs are counted, not followed.
const MAX_TRAILS: usize = 10_000;
/// Steps kept per sign-in; a sign-in has about a dozen.
const MAX_STEPS: usize = 32;
/// An entry without a tracking ID joins the sign-in last seen on its thread only when it
/// follows within this time.
const UNTRACKED_WINDOW_MS: i64 = 30_000;
/// Webex app lines held until the XSP logs are read.
const MAX_PENDING_CLIENT_STEPS: usize = 20_000;
/// Sign-ins named in one finding's explanation.
const MAX_NAMED: usize = 10;

const PROFILE_UNAUTHORIZED: &str = "bw-signin-profile-unauthorized";
const TOKEN_NOT_ISSUED: &str = "bw-signin-token-not-issued";
const TOKEN_VALIDATION: &str = "bw-signin-token-validation-failed";
const DEVICE_UNAUTHORIZED: &str = "bw-signin-device-unauthorized";
const STEP_FAILED: &str = "bw-signin-step-failed";
const INCOMPLETE: &str = "bw-signin-incomplete";
const COMPLETE: &str = "bw-signin-complete";
const LIMIT: &str = "bw-signin-limit";
const SAME_PLATFORM: &str = "bw-same-platform-sessions";

#[derive(Serialize, Deserialize)]
struct Step {
    kind: SignInStepKind,
    outcome: StepOutcome,
    http_status: Option<u16>,
    reason: Option<Reason>,
    #[serde(with = "crate::shard::interned_option")]
    platform: Option<crate::shard::StaticStr>,
    client: Option<String>,
    file: FileId,
    line: u64,
    text: String,
    stamp: Option<RawStamp>,
    /// Arrival order, to order steps whose times cannot be compared.
    seq: u64,
}

#[derive(Serialize, Deserialize)]
struct Trail {
    id: String,
    user: Option<String>,
    steps: Vec<Step>,
}

#[derive(Default, Serialize, Deserialize)]
pub(crate) struct BwSignin {
    trails: Vec<Trail>,
    #[serde(skip)]
    by_id: FastMap<String, usize>,
    /// The sign-in last seen on each (file, thread), for entries that carry no tracking ID.
    #[serde(skip)]
    last_on_thread: FastMap<(FileId, String), (usize, Option<RawStamp>)>,
    /// Files with an entry in `last_on_thread`: only their untracked entries may matter.
    #[serde(skip)]
    files_with_threads: Vec<FileId>,
    untracked_entries: u64,
    /// Webex app lines by tracking ID, joined to sign-ins once every file is read.
    pending_client: HashMap<String, Vec<Step>>,
    pending_client_steps: usize,
    /// Failures logged on their own under a tracking ID no sign-in here had yet: the
    /// sign-in may be in files another shard read before ours (see `merge`).
    orphans: Vec<(String, Step)>,
    seq: u64,
    #[serde(skip)]
    verdicts: Vec<Verdict>,
}

struct Verdict {
    status: SignInStatus,
    failed_step: Option<SignInStepKind>,
    rule: &'static str,
    subject: Option<String>,
    text: String,
    /// Index of the step cited as evidence.
    cited: Option<usize>,
    order: Vec<usize>,
}

impl Detector for BwSignin {
    super::shard_through_serde!();

    /// Every form of tracking ID starts with one of these (see `broadworks::tracking`).
    fn triggers(&self) -> Vec<String> {
        KEYS.iter().chain(&["CLIENT_"]).map(|k| (*k).to_owned()).collect()
    }

    /// What `read_server_entry_with` asks of every entry it reads.
    fn qualifiers(&self) -> Vec<String> {
        READING_KEYS.iter().map(|k| (*k).to_owned()).collect()
    }

    /// An entry without a tracking ID joins the sign-in last seen on its thread, in the
    /// multi-line server logs only.
    fn wants_every_entry(&self, context: &EntryContext<'_>) -> bool {
        !matches!(context.format, "webex-client" | "access-log")
            && self.files_with_threads.contains(&context.file)
    }

    fn on_entry(&mut self, context: &EntryContext<'_>, entry: &Entry, _findings: &mut FindingStore) {
        if context.format == "webex-client" {
            self.on_client_entry(context, entry);
            return;
        }
        let text = entry.text.as_str();
        let tracked = tracked_id(context, text);
        // An access log line is logged when its request ends, out of order with other
        // threads, so only multi-line server logs lend their thread's sign-in to an entry
        // without a tracking ID; when there is no such sign-in the entry is not read at all.
        let server_log = context.format != "access-log";
        let mut thread = None;
        let owner = match &tracked {
            Some(id) if self.trails.len() >= MAX_TRAILS && !self.by_id.contains_key(id) => {
                self.untracked_entries += 1;
                return;
            }
            Some(_) => None,
            None if !server_log => return,
            None => {
                thread = thread_of(text);
                match self.untracked_owner(context.file, thread.as_deref(), entry.stamp) {
                    Some(index) => Some(index),
                    None => return,
                }
            }
        };
        let keys = match context.triggers.qualifiers_present() {
            Some(present) => {
                let mut keys = ReadingKeys::default();
                keys.iter_mut().zip(present).for_each(|(key, found)| *key = found);
                keys
            }
            None => reading_keys_in(text),
        };
        let reading = read_server_entry_with(text, &keys);
        if reading.is_empty() {
            return;
        }
        let index = match (&tracked, owner) {
            (_, Some(index)) => Some(index),
            (Some(id), None) if !reading.steps.is_empty() || self.by_id.contains_key(id) => {
                self.trail_for(id)
            }
            (Some(id), None) => {
                self.keep_orphan(id, context.file, entry, reading.loose_failure);
                None
            }
            _ => None,
        };
        let Some(index) = index else { return };
        if let Some(thread) = thread.or_else(|| server_log.then(|| thread_of(text)).flatten()) {
            if !self.files_with_threads.contains(&context.file) {
                self.files_with_threads.push(context.file);
            }
            self.last_on_thread.insert((context.file, thread), (index, entry.stamp));
        }
        let client = if reading.steps.is_empty() { None } else { client_address(text, context.format) };
        for sighting in &reading.steps {
            self.add(index, context.file, entry, sighting, client.clone());
        }
        if let Some((code, offset, hint)) = reading.loose_status {
            self.answer(index, context.file, entry, code, offset, hint);
        }
        if let Some((reason, offset)) = reading.loose_failure {
            self.fail(index, context.file, entry, reason, offset);
        }
    }

    fn finish(&mut self, time: &TimeResolver<'_>, findings: &mut FindingStore) {
        for (id, steps) in std::mem::take(&mut self.pending_client) {
            let Some(trail) = self.by_id.get(&id).and_then(|&i| self.trails.get_mut(i)) else { continue };
            let room = MAX_STEPS.saturating_sub(trail.steps.len());
            trail.steps.extend(steps.into_iter().take(room));
        }
        let mut named: HashMap<(&'static str, Option<String>), Vec<String>> = HashMap::new();
        self.verdicts = self.trails.iter().map(|trail| judge(trail, time)).collect();
        for (trail, verdict) in self.trails.iter().zip(&self.verdicts) {
            let Some(step) = verdict.cited.and_then(|i| trail.steps.get(i)) else { continue };
            findings.record(Hit {
                rule: verdict.rule,
                subject: verdict.subject.clone(),
                file: step.file,
                line: step.line,
                text: &step.text,
                stamp: step.stamp,
            });
            let who = match &trail.user {
                Some(user) => format!("{} ({user})", trail.id),
                None => trail.id.clone(),
            };
            named.entry((verdict.rule, verdict.subject.clone())).or_default().push(who);
        }
        for ((rule, subject), trails) in named {
            let Some(known) = crate::knowledge::knowledge().rule(rule) else { continue };
            let shown: Vec<&str> = trails.iter().take(MAX_NAMED).map(String::as_str).collect();
            let more = trails.len().saturating_sub(MAX_NAMED);
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            let detail = format!("{} Sign-ins ({}): {}{tail}.", known.detail, trails.len(), shown.join(", "));
            findings.set_detail(rule, subject, detail);
        }
        self.report_same_platform(findings);
        if self.untracked_entries > 0 {
            if let Some(trail) = self.trails.last() {
                if let Some(step) = trail.steps.first() {
                    findings.record(Hit {
                        rule: LIMIT,
                        subject: None,
                        file: step.file,
                        line: step.line,
                        text: &step.text,
                        stamp: step.stamp,
                    });
                }
            }
            findings.set_detail(
                LIMIT,
                None,
                format!(
                    "Loupe follows at most {MAX_TRAILS} sign-ins per analysis; {} more log entries \
                     with other tracking IDs were not followed.",
                    self.untracked_entries
                ),
            );
        }
    }

    fn contribute(&mut self, time: &TimeResolver<'_>, paths: &[&str], report: &mut Report) {
        let mut signins: Vec<(Option<i64>, u64, SignIn)> = Vec::new();
        for (trail, verdict) in self.trails.iter().zip(&self.verdicts) {
            let steps = verdict
                .order
                .iter()
                .filter_map(|&i| trail.steps.get(i))
                .map(|step| SignInStep {
                    step: step.kind,
                    outcome: step.outcome,
                    http_status: step.http_status,
                    time: step.stamp.map(|s| time.render(step.file, s)),
                    path: paths.get(step.file.0).map(|p| (*p).to_owned()).unwrap_or_default(),
                    line: step.line,
                    text: step.text.clone(),
                })
                .collect();
            let first = trail.steps.iter().filter_map(|s| time.utc_ms(s.file, s.stamp?)).min();
            let seq = trail.steps.first().map_or(0, |s| s.seq);
            signins.push((
                first,
                seq,
                SignIn {
                    tracking_id: trail.id.clone(),
                    user: trail.user.clone(),
                    status: verdict.status,
                    failed_step: verdict.failed_step,
                    verdict: verdict.text.clone(),
                    steps,
                },
            ));
        }
        signins.sort_by_key(|(first, seq, _)| (first.is_none(), *first, *seq));
        report.signins.extend(signins.into_iter().map(|(_, _, signin)| signin));
    }
}

impl BwSignin {
    /// Takes in a shard whose files follow ours: its sign-ins join ours by tracking ID, its
    /// steps come after ours in arrival order, and its orphaned failures join the sign-ins
    /// we had. Exact while neither side reached `MAX_TRAILS`; past that, the shard's
    /// sign-ins that do not fit are counted by their steps, not their entries.
    fn merge(&mut self, mut later: Self) {
        let shift = self.seq;
        let renumber = |step: &mut Step| step.seq += shift;
        later.trails.iter_mut().flat_map(|t| t.steps.iter_mut()).for_each(renumber);
        later.pending_client.values_mut().flatten().for_each(renumber);
        later.orphans.iter_mut().for_each(|(_, step)| renumber(step));
        self.seq += later.seq;
        let known_before = self.trails.len();
        let mut joining: HashMap<usize, Vec<Step>> = HashMap::new();
        for (id, step) in later.orphans {
            if let Some(&index) = self.by_id.get(&id).filter(|&&index| index < known_before) {
                joining.entry(index).or_default().push(step);
            }
        }
        for trail in later.trails {
            match self.by_id.get(&trail.id) {
                Some(&index) => {
                    let ours = &mut self.trails[index];
                    if ours.user.is_none() {
                        ours.user = trail.user;
                    }
                    joining.entry(index).or_default().extend(trail.steps);
                }
                None if self.trails.len() < MAX_TRAILS => {
                    self.by_id.insert(trail.id.clone(), self.trails.len());
                    self.trails.push(trail);
                }
                None => self.untracked_entries += trail.steps.len() as u64,
            }
        }
        for (index, mut steps) in joining {
            steps.sort_by_key(|step| step.seq);
            crate::shard::extend_capped(&mut self.trails[index].steps, steps, MAX_STEPS);
        }
        self.untracked_entries += later.untracked_entries;
        let mut waiting: Vec<(String, Step)> = later
            .pending_client
            .into_iter()
            .flat_map(|(id, steps)| steps.into_iter().map(move |s| (id.clone(), s)))
            .collect();
        waiting.sort_by_key(|(_, step)| step.seq);
        for (id, step) in
            waiting.into_iter().take(MAX_PENDING_CLIENT_STEPS.saturating_sub(self.pending_client_steps))
        {
            self.pending_client_steps += 1;
            self.pending_client.entry(id).or_default().push(step);
        }
    }

    /// A failure logged on its own, under a tracking ID with no sign-in yet, is of use only
    /// if an earlier shard followed that sign-in: kept for `merge`, else dropped there.
    fn keep_orphan(&mut self, id: &str, file: FileId, entry: &Entry, failure: Option<(Reason, usize)>) {
        let Some((reason, offset)) = failure else { return };
        if self.orphans.len() >= MAX_TRAILS {
            return;
        }
        let sighting = StepSighting {
            kind: step_of_loose_failure(reason)[0],
            outcome: StepOutcome::Failed,
            http_status: None,
            reason: Some(reason),
            offset,
            user: None,
            platform: None,
        };
        let step = self.step(file, entry, &sighting, None);
        self.orphans.push((id.to_owned(), step));
    }

    /// The Webex app tags every request with a tracking ID; its lines only join sign-ins the
    /// XSP logs show, which may be read after this file, so they wait (up to a cap, past
    /// which they are not read at all).
    fn on_client_entry(&mut self, context: &EntryContext<'_>, entry: &Entry) {
        if self.pending_client_steps >= MAX_PENDING_CLIENT_STEPS {
            return;
        }
        let Some(id) = tracked_id(context, &entry.text) else { return };
        let Some(sighting) = read_client_entry(&entry.text) else { return };
        self.pending_client_steps += 1;
        let step = self.step(context.file, entry, &sighting, None);
        self.pending_client.entry(id).or_default().push(step);
    }

    fn trail_for(&mut self, id: &str) -> Option<usize> {
        if let Some(&index) = self.by_id.get(id) {
            return Some(index);
        }
        if self.trails.len() >= MAX_TRAILS {
            self.untracked_entries += 1;
            return None;
        }
        self.trails.push(Trail { id: id.to_owned(), user: None, steps: Vec::new() });
        self.by_id.insert(id.to_owned(), self.trails.len() - 1);
        Some(self.trails.len() - 1)
    }

    fn untracked_owner(&self, file: FileId, thread: Option<&str>, stamp: Option<RawStamp>) -> Option<usize> {
        let &(index, last) = self.last_on_thread.get(&(file, thread?.to_owned()))?;
        match (last, stamp) {
            (Some(RawStamp::Absolute(a)), Some(RawStamp::Absolute(b)))
                if (b - a).abs() > UNTRACKED_WINDOW_MS =>
            {
                None
            }
            _ => Some(index),
        }
    }

    fn add(
        &mut self,
        index: usize,
        file: FileId,
        entry: &Entry,
        sighting: &StepSighting,
        client: Option<String>,
    ) {
        let step = self.step(file, entry, sighting, client);
        let Some(trail) = self.trails.get_mut(index) else { return };
        if trail.user.is_none() {
            trail.user = sighting.user.clone();
        }
        if trail.steps.len() < MAX_STEPS {
            trail.steps.push(step);
        }
    }

    fn step(&mut self, file: FileId, entry: &Entry, sighting: &StepSighting, client: Option<String>) -> Step {
        self.seq += 1;
        let (line, text) = excerpt(entry, sighting.offset);
        Step {
            kind: sighting.kind,
            outcome: sighting.outcome,
            http_status: sighting.http_status,
            reason: sighting.reason,
            platform: sighting.platform,
            client,
            file,
            line,
            text,
            stamp: entry.stamp,
            seq: self.seq,
        }
    }

    /// A status logged on its own answers the sign-in's latest unanswered request in this
    /// file: the step its body names, else a request the XSP received, else the loop-back.
    fn answer(
        &mut self,
        index: usize,
        file: FileId,
        entry: &Entry,
        code: u16,
        offset: usize,
        hint: Option<SignInStepKind>,
    ) {
        let Some(trail) = self.trails.get_mut(index) else { return };
        let open = |s: &&mut Step| s.file == file && s.http_status.is_none() && is_http(s.kind);
        let preferred = |kind: SignInStepKind| match hint {
            Some(wanted) => kind == wanted,
            None => kind != SignInStepKind::TokenValidation,
        };
        let position = trail
            .steps
            .iter_mut()
            .rposition(|s| open(&s) && preferred(s.kind))
            .or_else(|| trail.steps.iter_mut().rposition(|s| open(&s)));
        let Some(step) = position.and_then(|p| trail.steps.get_mut(p)) else { return };
        step.http_status = Some(code);
        if (200..300).contains(&code) && step.outcome == StepOutcome::Seen {
            step.outcome = StepOutcome::Ok;
        } else if code >= 400 {
            step.outcome = StepOutcome::Failed;
            let (line, text) = excerpt(entry, offset);
            step.line = line;
            step.text = text;
            step.stamp = entry.stamp.or(step.stamp);
        }
    }

    /// A failure logged without its request marks the sign-in's latest step it fits, or
    /// adds that step when the request was logged elsewhere.
    fn fail(&mut self, index: usize, file: FileId, entry: &Entry, reason: Reason, offset: usize) {
        let kinds = step_of_loose_failure(reason);
        let Some(trail) = self.trails.get_mut(index) else { return };
        if let Some(step) = trail.steps.iter_mut().rev().find(|s| s.file == file && kinds.contains(&s.kind)) {
            step.outcome = StepOutcome::Failed;
            step.reason = Some(reason);
            let (line, text) = excerpt(entry, offset);
            step.line = line;
            step.text = text;
            step.stamp = entry.stamp.or(step.stamp);
            return;
        }
        let sighting = StepSighting {
            kind: kinds[0],
            outcome: StepOutcome::Failed,
            http_status: None,
            reason: Some(reason),
            offset,
            user: None,
            platform: None,
        };
        self.add(index, file, entry, &sighting, None);
    }

    /// One user, two sign-ins completed from two machines of the same platform: only one of
    /// them keeps its SSO session, by design.
    fn report_same_platform(&self, findings: &mut FindingStore) {
        let mut seen: HashMap<(String, &'static str), Vec<(&Step, &str)>> = HashMap::new();
        for (trail, verdict) in self.trails.iter().zip(&self.verdicts) {
            if verdict.status != SignInStatus::Complete {
                continue;
            }
            let Some(user) = &trail.user else { continue };
            let device_get = trail.steps.iter().find(|s| {
                s.kind == SignInStepKind::DeviceProfile && s.platform.is_some() && s.client.is_some()
            });
            if let Some(step) = device_get {
                let platform = step.platform.unwrap_or_default();
                seen.entry((user.to_ascii_lowercase(), platform)).or_default().push((step, &trail.id));
            }
        }
        let mut groups: Vec<_> = seen.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for ((user, platform), sessions) in groups {
            let mut clients: Vec<&str> = sessions.iter().filter_map(|(s, _)| s.client.as_deref()).collect();
            clients.sort_unstable();
            clients.dedup();
            if clients.len() < 2 {
                continue;
            }
            let subject = Some(user.clone());
            for (step, _) in &sessions {
                findings.record(Hit {
                    rule: SAME_PLATFORM,
                    subject: subject.clone(),
                    file: step.file,
                    line: step.line,
                    text: &step.text,
                    stamp: step.stamp,
                });
            }
            if let Some(known) = crate::knowledge::knowledge().rule(SAME_PLATFORM) {
                findings.set_detail(
                    SAME_PLATFORM,
                    subject,
                    format!(
                        "{} {user} completed sign-ins on {} {platform} clients ({}).",
                        known.detail,
                        clients.len(),
                        clients.join(", ")
                    ),
                );
            }
        }
    }
}

/// The verdict on one sign-in.
fn judge(trail: &Trail, time: &TimeResolver<'_>) -> Verdict {
    let at = |i: usize| {
        let s = &trail.steps[i];
        (s.stamp.and_then(|stamp| time.utc_ms(s.file, stamp)), s.seq)
    };
    let mut order: Vec<usize> = (0..trail.steps.len()).collect();
    order.sort_by_key(|&i| at(i));
    let step = |i: usize| &trail.steps[i];
    // A step's result is its last decisive sighting in time: a retried request that
    // succeeded is not a failure.
    let last = |kind: SignInStepKind| {
        order.iter().rev().copied().find(|&i| step(i).kind == kind && step(i).outcome != StepOutcome::Seen)
    };
    // A failure that a later stage of the ladder got past was retried and recovered (the
    // user typed the password again under the same tracking ID).
    let recovered = |i: usize| {
        (0..trail.steps.len()).any(|j| {
            stage(step(j).kind) > stage(step(i).kind)
                && step(j).outcome == StepOutcome::Ok
                && at(j).0.zip(at(i).0).is_none_or(|(later, earlier)| later >= earlier)
        })
    };
    let failed = |kind| last(kind).filter(|&i| step(i).outcome == StepOutcome::Failed && !recovered(i));
    let ok = |kind| last(kind).filter(|&i| step(i).outcome == StepOutcome::Ok);
    let code = |i: usize| step(i).http_status.map(|c| format!(" ({c})")).unwrap_or_default();
    let died = |i: usize, rule, subject: Option<&str>, text: String| Verdict {
        status: SignInStatus::Failed,
        failed_step: Some(step(i).kind),
        rule,
        subject: subject.map(str::to_owned),
        text,
        cited: Some(i),
        order: order.clone(),
    };

    if let Some(i) = failed(SignInStepKind::Profile).or_else(|| failed(SignInStepKind::OciVerify)) {
        if step(i).http_status == Some(401) || step(i).reason == Some(Reason::OciError) {
            let text = "Died at the profile GET: BroadWorks refused the user's credentials (401). The \
                        password must be the BroadWorks web access password, and if the email is not \
                        an alternate user ID in BroadWorks the user must sign in with the BroadWorks \
                        user ID.";
            return died(i, PROFILE_UNAUTHORIZED, None, text.to_owned());
        }
        let text = format!("Died at the profile GET{}: Xsi did not return the user's profile.", code(i));
        return died(i, STEP_FAILED, Some("profile"), text);
    }
    if let Some(i) = failed(SignInStepKind::Token) {
        let text = format!(
            "Died at the token request{}: the auth service did not issue a long-lived token. Check \
             the Webex client certificate for mTLS on the XSP, AllowClientApp = true and \
             AllowUserApp = false, and that the user ID exists in BroadWorks.",
            code(i)
        );
        return died(i, TOKEN_NOT_ISSUED, None, text);
    }
    if let Some(i) = failed(SignInStepKind::TokenValidation) {
        let text = if step(i).reason == Some(Reason::AuthServiceUnreachable) {
            "Died at token validation: Xsi could not reach the auth service to validate the \
             long-lived token. Check the auth service URL in the web container of every XSP."
        } else {
            "Died at token validation: the auth service refused the long-lived token presented on \
             the device GET. The RSA keys are probably not the same on every XSP (a token issued \
             by one XSP fails on another), or the auth service URL is wrong on this XSP."
        };
        return died(i, TOKEN_VALIDATION, None, text.to_owned());
    }
    if let Some(i) = failed(SignInStepKind::DeviceProfile) {
        if matches!(step(i).http_status, Some(401 | 403)) {
            let text = format!(
                "Died at the device GET{}: Xsi refused the Bearer long-lived token. The token \
                 validation is not in these logs; usually the RSA keys differ between XSPs or the \
                 auth service URL is wrong. Add this XSP's authentication service log.",
                code(i)
            );
            return died(i, DEVICE_UNAUTHORIZED, None, text);
        }
        let text = format!("Died at the device GET{}: Xsi did not return the device list.", code(i));
        return died(i, STEP_FAILED, Some("device GET"), text);
    }
    if let Some(i) = failed(SignInStepKind::DeviceList) {
        let text = "Died at the device list: OCI-P UserPrimaryAndSCADeviceGetListRequest failed, so \
                    the app gets no device to register with.";
        return died(i, STEP_FAILED, Some("device list"), text.to_owned());
    }
    let settled = |status, rule, text: String, cited| Verdict {
        status,
        failed_step: None,
        rule,
        subject: None,
        text,
        cited,
        order: order.clone(),
    };
    if let Some(i) = ok(SignInStepKind::DeviceList).or_else(|| ok(SignInStepKind::DeviceProfile)) {
        let text = "Complete: profile, token and device list all succeeded.".to_owned();
        return settled(SignInStatus::Complete, COMPLETE, text, Some(i));
    }
    let server = order.iter().rev().copied().find(|&i| step(i).kind != SignInStepKind::Client);
    let mut text = match server {
        Some(i) => format!(
            "Incomplete: the logs show this sign-in up to the {} step and no failure; the next \
             steps are in logs that were not dropped (another XSP, or a later time).",
            label(step(i).kind)
        ),
        None => "Incomplete: only the Webex app's log mentions this sign-in; add the XSP logs.".to_owned(),
    };
    let client_error = order
        .iter()
        .map(|&i| step(i))
        .find(|s| s.kind == SignInStepKind::Client && s.outcome == StepOutcome::Failed);
    if let Some(error) = client_error {
        text.push_str(&format!(" The Webex app logged: {}", error.text.trim()));
    }
    settled(SignInStatus::Incomplete, INCOMPLETE, text, server.or(order.first().copied()))
}

/// The ladder's three stages: credentials (profile GET and its OCI-P checks), the token,
/// and the device list (device GET, token validation, OCI-P device list). A step is a
/// sub-step of its stage, so success at a later stage is what proves a failure recovered.
fn stage(kind: SignInStepKind) -> u8 {
    match kind {
        SignInStepKind::Profile | SignInStepKind::OciVerify => 0,
        SignInStepKind::Token => 1,
        SignInStepKind::DeviceProfile | SignInStepKind::TokenValidation | SignInStepKind::DeviceList => 2,
        SignInStepKind::Client => 0,
    }
}

fn label(kind: SignInStepKind) -> &'static str {
    match kind {
        SignInStepKind::Profile => "profile GET",
        SignInStepKind::OciVerify => "OCI-P verification",
        SignInStepKind::Token => "token request",
        SignInStepKind::DeviceProfile => "device GET",
        SignInStepKind::TokenValidation => "token validation",
        SignInStepKind::DeviceList => "device list",
        SignInStepKind::Client => "Webex app",
    }
}

/// The entry's tracking ID, searched from where the shared scan saw the first key.
fn tracked_id(context: &EntryContext<'_>, text: &str) -> Option<String> {
    let first_key = (0..KEYS.len()).filter_map(|i| context.triggers.at(i)).min();
    tracking_id_from(text, first_key, context.triggers.at(KEYS.len())).map(|(_, id)| id)
}

/// The worker thread named in a BroadWorks entry header (`http-nio-443-exec-12`).
fn thread_of(text: &str) -> Option<String> {
    let header = text.lines().next()?;
    header
        .split('|')
        .map(str::trim)
        .find(|field| {
            let bytes = field.as_bytes();
            let has = |word: &[u8]| bytes.windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
            has(b"exec-")
                || has(b"thread")
                || bytes.get(..5).is_some_and(|p| p.eq_ignore_ascii_case(b"pool-"))
        })
        .map(str::to_owned)
}

/// Where the request came from: an access_log line's first field, or the address field of
/// a BroadWorks header.
fn client_address(text: &str, format: &str) -> Option<String> {
    let first = text.lines().next()?;
    let field = if format == "access-log" {
        first.split_whitespace().next()
    } else {
        first.split('|').map(str::trim).find(|f| f.parse::<std::net::IpAddr>().is_ok())
    }?;
    match field.parse::<std::net::IpAddr>().ok()? {
        ip if ip.is_loopback() => None,
        // Only dotted quads without leading zeros parse, and those print as written.
        std::net::IpAddr::V4(_) => Some(field.to_owned()),
        ip @ std::net::IpAddr::V6(_) => Some(ip.to_string()),
    }
}
