//! Google Workspace Events subscriptions as they appear in text: resources, list responses,
//! lifecycle CloudEvents (camelCase or snake_case), proto-text copied from docs, and the same
//! inside log lines. Reasons and their remedies are data (`data/suspension-reasons.toml`).

use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

const REASONS_TOML: &str = include_str!("../../data/suspension-reasons.toml");

/// A `suspensionReason` value and what to do about it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reason {
    pub(crate) code: String,
    pub(crate) meaning: String,
    pub(crate) remedy: String,
    pub(crate) reactivatable: bool,
    #[allow(dead_code, reason = "read by the tests that run every sample")]
    pub(crate) samples: Vec<String>,
}

/// The service account a Workspace application publishes events with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PushAccount {
    pub(crate) app: String,
    pub(crate) account: String,
    /// Texts in a target resource or event type that identify the application.
    pub(crate) markers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reasons {
    pub(crate) reason: Vec<Reason>,
    pub(crate) push_account: Vec<PushAccount>,
}

impl Reasons {
    pub(crate) fn get(&self, code: &str) -> Option<&Reason> {
        self.reason.iter().find(|r| r.code == code)
    }
}

/// The compiled-in reasons; checked by the tests, so a parse failure is a build defect.
pub(crate) fn reasons() -> &'static Reasons {
    static REASONS: OnceLock<Reasons> = OnceLock::new();
    REASONS.get_or_init(|| match toml::from_str(REASONS_TOML) {
        Ok(reasons) => reasons,
        Err(error) => panic!("data/suspension-reasons.toml is invalid: {error}"),
    })
}

/// What one mention of a subscription says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sighting {
    pub(crate) name: String,
    /// Byte offset of the name in the text.
    pub(crate) offset: usize,
    pub(crate) state: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) target: Option<String>,
    pub(crate) event_type: Option<String>,
    pub(crate) topic: Option<String>,
    pub(crate) expire_time: Option<String>,
}

fn regex(slot: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    slot.get_or_init(|| Regex::new(pattern).expect("static subscription pattern compiles"))
}

/// Every subscription mentioned in `text`, with the fields of the object (or, outside any
/// object, the line; or the whole text when it names one subscription only) around each
/// mention.
pub(crate) fn find(text: &str) -> Vec<Sighting> {
    mentions(text)
        .iter()
        .map(|mention| {
            let mut sighting = read_fields(mention.region);
            sighting.name = mention.name.to_owned();
            sighting.offset = mention.offset;
            let line = line_around(text, mention.offset);
            if sighting.event_type.is_none() {
                sighting.event_type = read_fields(line).event_type;
            }
            let suspended_event = line.contains("subscription.v1.suspended")
                || sighting.event_type.as_deref().is_some_and(|t| t.ends_with("subscription.v1.suspended"));
            if sighting.state.is_none() && (suspended_event || sighting.reason.is_some()) {
                sighting.state = Some("SUSPENDED".to_owned());
            }
            sighting
        })
        .collect()
}

struct Mention<'a> {
    name: &'a str,
    offset: usize,
    region: &'a str,
}

fn mentions(text: &str) -> Vec<Mention<'_>> {
    static NAME: OnceLock<Regex> = OnceLock::new();
    if !crate::google::contains!(text, "subscriptions/") {
        return Vec::new();
    }
    let name = regex(&NAME, r"(?:^|[^A-Za-z0-9_./-])([/A-Za-z0-9_.-]*/)?(subscriptions/[A-Za-z0-9_-]+)");
    let names: Vec<(usize, &str)> = name
        .captures_iter(text)
        // Pub/Sub subscriptions (`projects/p/subscriptions/s`) are another product's.
        .filter(|c| !c.get(1).is_some_and(|prefix| prefix.as_str().contains("projects/")))
        .filter_map(|c| c.get(2))
        .map(|m| (m.start(), m.as_str()))
        .collect();
    let single = names.iter().all(|(_, n)| *n == names[0].1);
    names
        .iter()
        .map(|&(offset, name)| {
            let region = match enclosing_object(text, offset) {
                Some(region) => region,
                None if single => text,
                None => line_around(text, offset),
            };
            Mention { name, offset, region }
        })
        .collect()
}

/// Failed `reactivate` calls in `text`: for each subscription named on the call's line or
/// the two lines after it (up to the next subscription named), the suspension reasons the
/// output says are still present.
pub(crate) fn failed_reactivations(text: &str) -> Vec<(String, Vec<&'static str>)> {
    let all = mentions(text);
    let mut failures: Vec<(String, Vec<&'static str>)> = Vec::new();
    for (i, mention) in all.iter().enumerate() {
        let start = text[..mention.offset].rfind('\n').map_or(0, |p| p + 1);
        let mut end = start;
        for _ in 0..3 {
            end = text[end..].find('\n').map_or(text.len(), |p| end + p + 1);
        }
        if let Some(next) = all[i + 1..].iter().find(|m| m.name != mention.name) {
            end = end.min(next.offset);
        }
        let Some(present) = text.get(start..end).and_then(failed_reactivation) else { continue };
        match failures.iter_mut().find(|(name, _)| name == mention.name) {
            Some((_, codes)) => {
                for code in present {
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                }
            }
            None => failures.push((mention.name.to_owned(), present)),
        }
    }
    failures
}

fn read_fields(region: &str) -> Sighting {
    static STATE: OnceLock<Regex> = OnceLock::new();
    static REASON: OnceLock<Regex> = OnceLock::new();
    static TARGET: OnceLock<Regex> = OnceLock::new();
    static TOPIC: OnceLock<Regex> = OnceLock::new();
    static EXPIRE: OnceLock<Regex> = OnceLock::new();
    static EVENT: OnceLock<Regex> = OnceLock::new();
    let capture = |re: &Regex| re.captures(region).and_then(|c| c.get(1)).map(|m| m.as_str().to_owned());
    Sighting {
        state: capture(regex(&STATE, r#"["']?(?-u:\b)state["']?\s*[:=]\s*["']?([A-Z_]{4,})"#)),
        reason: capture(regex(&REASON, r#"["']?suspension_?[Rr]eason["']?\s*[:=]\s*["']?([A-Z_]{4,})"#)),
        target: capture(regex(&TARGET, r#"["']?target_?[Rr]esource["']?\s*[:=]\s*["']([^"']+)"#)),
        topic: capture(regex(&TOPIC, r#"["']?pubsub_?[Tt]opic["']?\s*[:=]\s*["']([^"']+)"#)),
        expire_time: capture(regex(&EXPIRE, r#"["']?expire_?[Tt]ime["']?\s*[:=]\s*["']([^"']+)"#)),
        event_type: regex(&EVENT, r"google\.workspace\.(?:chat|meet|drive|events)\.[A-Za-z0-9.]+")
            .find(region)
            .map(|m| m.as_str().to_owned()),
        ..Sighting::default()
    }
}

/// The innermost `{...}` around `offset`; a cut-off object runs to the end of the text.
fn enclosing_object(text: &str, offset: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut start = None;
    for i in (0..offset).rev() {
        match bytes[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => {
                start = Some(i);
                break;
            }
            b'{' => depth -= 1,
            _ => {}
        }
    }
    let start = start?;
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return text.get(start..=i);
                }
            }
            _ => {}
        }
    }
    text.get(start..)
}

fn line_around(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// The suspension reasons still present according to a failed `reactivate` call's output:
/// the first line that both names the call and says it failed, and the lines after it.
fn failed_reactivation(text: &str) -> Option<Vec<&'static str>> {
    const FAILURE: &[&str] = &[
        "failed",
        "failed_precondition",
        "httperror",
        "\"error\":",
        "\"error\" :",
        "error 400",
        "error 403",
    ];
    let lower = text.to_ascii_lowercase();
    let mut offset = 0;
    let start = lower.split_inclusive('\n').find_map(|line| {
        let here = offset;
        offset += line.len();
        let failed = line.contains("reactivate") && FAILURE.iter().any(|f| line.contains(f));
        // A call that answered ACTIVE did not fail, whatever else the line says.
        let active = line.contains("\"state\": \"active\"") || line.contains("\"state\":\"active\"");
        (failed && !active).then_some(here)
    })?;
    let rest = &text[start..];
    Some(reasons().reason.iter().map(|r| r.code.as_str()).filter(|code| rest.contains(code)).collect())
}

/// The application whose push service account publishes this subscription's events.
pub(crate) fn push_account(sighting: &Sighting) -> Option<&'static PushAccount> {
    let haystacks = [sighting.target.as_deref(), sighting.event_type.as_deref()];
    reasons().push_account.iter().find(|account| {
        account.markers.iter().any(|marker| haystacks.iter().flatten().any(|h| h.contains(marker.as_str())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_sample_is_found() {
        assert_eq!(reasons().reason.len(), 6);
        for reason in &reasons().reason {
            for sample in &reason.samples {
                let found = find(sample);
                assert!(
                    found.iter().any(|s| s.state.as_deref() == Some("SUSPENDED")
                        && s.reason.as_deref() == Some(reason.code.as_str())),
                    "{}: {sample}\n{found:?}",
                    reason.code
                );
            }
        }
    }

    #[test]
    fn list_response_keeps_each_subscription_apart() {
        let found = find(
            r#"{"subscriptions":[{"name":"subscriptions/a","state":"ACTIVE"},{"name":"subscriptions/b","state":"SUSPENDED","suspensionReason":"ENDPOINT_NOT_FOUND"}]}"#,
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].state.as_deref(), Some("ACTIVE"));
        assert_eq!(found[0].reason, None);
        assert_eq!(found[1].reason.as_deref(), Some("ENDPOINT_NOT_FOUND"));
    }

    #[test]
    fn chat_push_account_is_named() {
        let found = find(
            r#"{"name":"subscriptions/c","targetResource":"//chat.googleapis.com/spaces/A","state":"SUSPENDED"}"#,
        );
        assert_eq!(
            push_account(&found[0]).map(|a| a.account.as_str()),
            Some("chat-api-push@system.gserviceaccount.com")
        );
    }

    #[test]
    fn broken_braces_never_panic() {
        for text in [
            "}}subscriptions/x{{",
            "{subscriptions/",
            "subscriptions/a subscriptions/b {",
            "{{{subscriptions/é",
        ] {
            let _ = find(text);
        }
    }
}
