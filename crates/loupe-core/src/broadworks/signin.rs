//! The Webex for BroadWorks sign-in ladder: which step of it a log entry shows, and whether
//! that step worked.
//!
//! The ladder (BroadWorks authentication mode): the IdP proxy GETs the Xsi profile with
//! Basic auth; the XSP verifies the credentials over OCI-P; the auth service issues a
//! long-lived token (LLT); the app GETs its device list from Xsi with that token as Bearer;
//! Xsi posts the token to the auth service on the loopback to validate it; OCI-P returns
//! the access device table.

use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::OnceLock;

use crate::broadworks::http::{self, percent_decode};
use crate::broadworks::profile_xml::find_ascii_ci;
use crate::report::{SignInStepKind, StepOutcome};

/// Why a step failed, when the log says more than a status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Reason {
    /// OCI-P answered ErrorResponse.
    OciError,
    /// The auth service could not validate the token's signature.
    TokenSignature,
    /// Xsi could not reach the auth service.
    AuthServiceUnreachable,
}

/// One step seen in an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepSighting {
    pub(crate) kind: SignInStepKind,
    pub(crate) outcome: StepOutcome,
    pub(crate) http_status: Option<u16>,
    pub(crate) reason: Option<Reason>,
    /// Where in the entry text the step shows.
    pub(crate) offset: usize,
    /// The user the step names (URL path, LLT subject, http_bw_userid).
    pub(crate) user: Option<String>,
    /// The app's platform, from a `WebexTeams ... (Windows)` user agent.
    pub(crate) platform: Option<&'static str>,
}

/// What an entry says about a sign-in: the steps it shows, plus results that belong to a
/// step logged in an earlier entry (a response logged on its own).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct EntryReading {
    pub(crate) steps: Vec<StepSighting>,
    /// An HTTP status with no request before it in the entry, and the step its body points
    /// at (`<AccessDevices>` answers the device GET), when it does.
    pub(crate) loose_status: Option<(u16, usize, Option<SignInStepKind>)>,
    /// A failure with no step before it in the entry (an OCI-P ErrorResponse, a token
    /// validation error) and the step it belongs to when known.
    pub(crate) loose_failure: Option<(Reason, usize)>,
}

impl EntryReading {
    pub(crate) fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.loose_status.is_none() && self.loose_failure.is_none()
    }
}

/// Which of the [`READING_KEYS`] `text` holds, in any letter case.
pub(crate) fn reading_keys_in(text: &str) -> ReadingKeys {
    let mut has = [false; READING_KEYS.len()];
    for found in patterns().keys.find_overlapping_iter(text) {
        has[found.pattern().as_usize()] = true;
    }
    has
}

/// Whether an entry holds each of the [`READING_KEYS`].
pub(crate) type ReadingKeys = [bool; READING_KEYS.len()];

/// Reads an entry of an XSP log (access_log, XsiActionsLog, authentication service log).
#[cfg(test)]
pub(crate) fn read_server_entry(text: &str) -> EntryReading {
    read_server_entry_with(text, &reading_keys_in(text))
}

/// [`read_server_entry`] for a caller that knows which of the [`READING_KEYS`] the entry
/// holds: they say which families of patterns can match at all, and most entries of a busy
/// XSP log need only the cheap ones.
pub(crate) fn read_server_entry_with(text: &str, has: &ReadingKeys) -> EntryReading {
    let re = patterns();
    let [xsi, auth_service, llt, bw_userid, token, signature] = [0, 1, 2, 3, 4, 5].map(|i| has[i]);
    let token_words = token || signature;
    let oci_names = has[6..11].iter().any(|&k| k);
    let (oci_error, webex_agent) = (has[11], has[12]);
    let status_words = has[13..].iter().any(|&k| k);
    let mut steps: Vec<StepSighting> = Vec::new();
    let push = |steps: &mut Vec<StepSighting>, kind, outcome, offset, user: Option<String>| {
        steps.push(StepSighting {
            kind,
            outcome,
            http_status: None,
            reason: None,
            offset,
            user,
            platform: None,
        });
    };
    for found in re.xsi_get.find_iter(if xsi { text } else { "" }) {
        let Some((user, device)) = profile_get_parts(found.as_str()) else { continue };
        let kind = if device { SignInStepKind::DeviceProfile } else { SignInStepKind::Profile };
        push(&mut steps, kind, StepOutcome::Seen, found.start(), Some(percent_decode(user)));
    }
    for found in re.token_request.find_iter(if auth_service { text } else { "" }) {
        // The match starts with its method, `GET` or `POST` in any case.
        let kind = if found.as_str().get(..3).is_some_and(|m| m.eq_ignore_ascii_case("GET")) {
            SignInStepKind::Token
        } else {
            SignInStepKind::TokenValidation
        };
        push(&mut steps, kind, StepOutcome::Seen, found.start(), None);
    }
    if let Some(found) = re.llt_generated.captures(if llt { text } else { "" }) {
        let user = found.get(1).map(|u| u.as_str().to_owned());
        push(&mut steps, SignInStepKind::Token, StepOutcome::Ok, found.get(0).map_or(0, |m| m.start()), user);
    }
    for found in re.oci.find_iter(if oci_names { text } else { "" }) {
        let name = found.as_str();
        let (kind, outcome) = match name {
            "UserGetLoginInfoRequest" => (SignInStepKind::Token, StepOutcome::Seen),
            "AuthenticationVerifyResponse" => (SignInStepKind::OciVerify, StepOutcome::Ok),
            "UserPrimaryAndSCADeviceGetListRequest" => (SignInStepKind::DeviceList, StepOutcome::Seen),
            "accessDeviceTable" | "UserPrimaryAndSCADeviceGetListResponse" => {
                (SignInStepKind::DeviceList, StepOutcome::Ok)
            }
            _ => (SignInStepKind::OciVerify, StepOutcome::Seen),
        };
        // One sighting per step and entry: an OCI-P exchange names its command twice.
        if !steps.iter().any(|s| s.kind == kind && s.outcome == outcome) {
            push(&mut steps, kind, outcome, found.start(), None);
        }
    }
    if let Some(user) = re.bw_userid_header.captures(if bw_userid { text } else { "" }).and_then(|c| c.get(1))
    {
        if let Some(token) = steps.iter_mut().find(|s| s.kind == SignInStepKind::Token && s.user.is_none()) {
            token.user = Some(user.as_str().to_owned());
        }
    }
    steps.sort_by_key(|s| s.offset);
    let platform = if webex_agent { platform_of(text) } else { None };
    for step in steps.iter_mut().filter(|s| s.kind == SignInStepKind::DeviceProfile) {
        step.platform = platform;
    }

    let mut reading = EntryReading::default();
    for status in if status_words { http::statuses(text) } else { Vec::new() } {
        let owner = steps.iter_mut().rev().find(|s| s.offset < status.offset && is_http(s.kind));
        match owner {
            Some(step) if step.http_status.is_none() => {
                step.http_status = Some(status.code);
                if step.outcome == StepOutcome::Seen || status.code >= 400 {
                    step.outcome = outcome_of(status.code);
                }
            }
            Some(_) => {}
            None if reading.loose_status.is_none() => {
                let hint = if auth_service {
                    Some(SignInStepKind::TokenValidation)
                } else if re.device_body.is_match(text) {
                    Some(SignInStepKind::DeviceProfile)
                } else if re.profile_body.is_match(text) {
                    Some(SignInStepKind::Profile)
                } else {
                    None
                };
                reading.loose_status = Some((status.code, status.offset, hint));
            }
            None => {}
        }
    }
    let failure = re
        .oci_error
        .find(if oci_error { text } else { "" })
        .map(|m| (Reason::OciError, m.start()))
        .or_else(|| {
            let found = re.token_invalid.find(if token_words { text } else { "" })?;
            Some((Reason::TokenSignature, found.start()))
        })
        .or_else(|| {
            let found = re.unreachable.find(if auth_service { text } else { "" })?;
            Some((Reason::AuthServiceUnreachable, found.start()))
        });
    if let Some((reason, offset)) = failure {
        let owner = steps.iter_mut().rev().find(|s| s.offset < offset && fits(s.kind, reason));
        match owner {
            Some(step) => {
                step.outcome = StepOutcome::Failed;
                step.reason = Some(reason);
                // Cite the line that says what went wrong, not the request line.
                step.offset = offset;
            }
            None => reading.loose_failure = Some((reason, offset)),
        }
    }
    reading.steps = steps;
    reading
}

/// The user and whether the device list was asked for, read back from the end of an
/// `xsi_get` match, which ends `/user/<user>/profile`, maybe `/device`, and one terminator.
/// Reading them by hand keeps the search in the regex's DFAs: asking it for capture groups
/// cost a third of the sign-in reading of an access log.
fn profile_get_parts(found: &str) -> Option<(&str, bool)> {
    let mut rest = found;
    if let Some(last) = rest.chars().next_back() {
        if last.is_whitespace() || matches!(last, '?' | '"' | '/') {
            rest = &rest[..rest.len() - last.len_utf8()];
        }
    }
    let without_device = strip_suffix_ignoring_case(rest, "/device");
    let rest = strip_suffix_ignoring_case(without_device.unwrap_or(rest), "/profile")?;
    let user = &rest[rest.rfind('/')? + 1..];
    Some((user, without_device.is_some()))
}

fn strip_suffix_ignoring_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}

/// Reads an entry of the Webex app's log: it belongs to a sign-in when it carries the
/// tracking ID; an `<Error>` line is a failure the app saw.
pub(crate) fn read_client_entry(text: &str) -> Option<StepSighting> {
    let re = patterns();
    let marker = re.client.find(text)?;
    let outcome = if text.contains("<Error>") { StepOutcome::Failed } else { StepOutcome::Seen };
    Some(StepSighting {
        kind: SignInStepKind::Client,
        outcome,
        http_status: None,
        reason: None,
        offset: marker.start(),
        user: None,
        platform: None,
    })
}

/// The step a failure without a request in its entry most likely belongs to.
pub(crate) fn step_of_loose_failure(reason: Reason) -> &'static [SignInStepKind] {
    match reason {
        Reason::OciError => &[SignInStepKind::DeviceList, SignInStepKind::Token, SignInStepKind::OciVerify],
        Reason::TokenSignature | Reason::AuthServiceUnreachable => &[SignInStepKind::TokenValidation],
    }
}

/// Steps that are HTTP exchanges, which a status code answers.
pub(crate) fn is_http(kind: SignInStepKind) -> bool {
    matches!(
        kind,
        SignInStepKind::Profile
            | SignInStepKind::DeviceProfile
            | SignInStepKind::Token
            | SignInStepKind::TokenValidation
    )
}

fn fits(kind: SignInStepKind, reason: Reason) -> bool {
    step_of_loose_failure(reason).contains(&kind)
}

fn outcome_of(code: u16) -> StepOutcome {
    if (200..300).contains(&code) {
        StepOutcome::Ok
    } else if code >= 400 {
        StepOutcome::Failed
    } else {
        StepOutcome::Seen
    }
}

/// The platform a `WebexTeams ... (Windows 10; x86_64)` user agent names: the first
/// `WebexTeams` that starts a word, read to the end of its line. Searched by hand: a
/// case-insensitive regex running to the end of the line cost 7,000 instructions an entry.
fn platform_of(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    let start = loop {
        let at = from + find_ascii_ci(text.get(from..)?, "webexteams")?;
        let word_before =
            at > 0 && bytes.get(at - 1).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
        if !word_before {
            break at;
        }
        from = at + 1;
    };
    let agent = &text[start..];
    let agent = &agent[..agent.find(['\r', '\n']).unwrap_or(agent.len())];
    [("windows", "Windows"), ("mac", "Mac"), ("ios", "iOS"), ("iphone", "iOS"), ("android", "Android")]
        .into_iter()
        .find(|(needle, _)| find_ascii_ci(agent, needle).is_some())
        .map(|(_, name)| name)
}

/// Literals that must occur for a family of patterns to match, in the order
/// `read_server_entry_with` unpacks them: after the first six, the OCI-P command names
/// (`oci`), `ErrorResponse`, the Webex agent, and the words every spelling of an HTTP
/// status starts with (`http::statuses`).
pub(crate) const READING_KEYS: [&str; 23] = [
    "xsi-actions/",
    "authservice",
    "longlivedtokenmanager",
    "http_bw_userid",
    "token",
    "signature",
    "authenticationverify",
    "userget",
    "serviceprovidergetrequest",
    "userprimaryandscadevicegetlist",
    "accessdevicetable",
    "errorresponse",
    "webexteams",
    "http",
    "status",
    "response",
    "\"get",
    "\"post",
    "\"put",
    "\"delete",
    "\"patch",
    "\"head",
    "\"options",
];

struct Patterns {
    keys: AhoCorasick,
    xsi_get: Regex,
    token_request: Regex,
    llt_generated: Regex,
    oci: Regex,
    oci_error: Regex,
    bw_userid_header: Regex,
    token_invalid: Regex,
    unreachable: Regex,
    device_body: Regex,
    profile_body: Regex,
    client: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    let compile = |pattern: &str| Regex::new(pattern).expect("static sign-in pattern compiles");
    PATTERNS.get_or_init(|| Patterns {
        keys: AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(READING_KEYS)
            .expect("static sign-in keys build"),
        xsi_get: compile(
            r#"(?i)(?-u:\b)GET\s+\S*?/com\.broadsoft\.xsi-actions/v[0-9]+\.[0-9]+/user/([^/\s?"]+)/profile(/device)?(?:[\s?"/]|$)"#,
        ),
        token_request: compile(r#"(?i)(?-u:\b)(?:GET|POST)\s+\S*?/authService/token(?-u:\b)"#),
        llt_generated: compile(r"(?i)LongLivedTokenManager\W+Token generated(?:,\s*subject:\s*([^,\s]+))?"),
        oci: compile(
            r"AuthenticationVerifyRequest|AuthenticationVerifyResponse|UserGetLoginInfoRequest|UserGetRequest|ServiceProviderGetRequest|UserPrimaryAndSCADeviceGetListRequest|UserPrimaryAndSCADeviceGetListResponse|accessDeviceTable",
        ),
        oci_error: compile(r"(?-u:\b)ErrorResponse(?-u:\b)"),
        bw_userid_header: compile(r"(?i)(?-u:\b)http_bw_userid\s*[:=]\s*([^\s,;]+)"),
        token_invalid: compile(
            r"(?i)token validation failed|signature verification failed|invalid (?:token )?signature|failed to validate (?:the )?token|unable to verify (?:the )?token|token (?:is )?(?:invalid|not valid)|invalid token",
        ),
        unreachable: compile(
            r"(?i)connection refused|connect timed out|unknownhostexception|no route to host|404 not found",
        ),
        device_body: compile(r"(?i)<AccessDevices(?-u:\b)|<accessDevice(?-u:\b)"),
        profile_body: compile(r"(?i)<Profile(?-u:\b)[^>]*xmlns"),
        client: compile(r"(?i)broadworks|(?-u:\b)BWC(?-u:\b)|(?-u:\b)jwt(?-u:\b)|getUserProfile|SSO session|UserActivation|device ?profile"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_log_profile_get_with_status() {
        let line = r#"10.0.0.5 - - [28/Jul/2023:14:14:10 +0000] "GET /com.broadsoft.xsi-actions/v2.0/user/alice%40example.com/profile HTTP/1.1" 401 123 "-" "broadworksTeamsClient""#;
        let reading = read_server_entry(line);
        assert_eq!(reading.steps.len(), 1);
        let step = &reading.steps[0];
        assert_eq!(step.kind, SignInStepKind::Profile);
        assert_eq!(step.outcome, StepOutcome::Failed);
        assert_eq!(step.http_status, Some(401));
        assert_eq!(step.user.as_deref(), Some("alice@example.com"));
    }

    #[test]
    fn device_get_is_not_the_profile_get() {
        let line = r#"192.0.2.44 - - [28/Jul/2023:14:14:13 +0000] "GET /com.broadsoft.xsi-actions/v2.0/user/alice%40as.example.com/profile/device HTTP/1.1" 200 5120 "-" "WebexTeams 43.7.0.26612 (Windows)""#;
        let reading = read_server_entry(line);
        assert_eq!(reading.steps[0].kind, SignInStepKind::DeviceProfile);
        assert_eq!(reading.steps[0].outcome, StepOutcome::Ok);
        assert_eq!(reading.steps[0].platform, Some("Windows"));
    }

    #[test]
    fn llt_generation_and_token_validation_failure() {
        let llt = "LongLivedTokenManager - Token generated, subject: alice@as.example.com, issuer: BroadWorks\nStatusCode=200";
        let reading = read_server_entry(llt);
        assert_eq!(reading.steps[0].kind, SignInStepKind::Token);
        assert_eq!(reading.steps[0].user.as_deref(), Some("alice@as.example.com"));
        let validation = "POST /authService/token\nX-BROADSOFT-CORRELATION-ID: CLIENT_x\nToken validation failed: signature verification failed\nStatusCode=401";
        let reading = read_server_entry(validation);
        assert_eq!(reading.steps[0].kind, SignInStepKind::TokenValidation);
        assert_eq!(reading.steps[0].outcome, StepOutcome::Failed);
        assert_eq!(reading.steps[0].reason, Some(Reason::TokenSignature));
    }

    /// The hand reading of a profile GET's parts must agree with the pattern's own groups.
    #[test]
    fn profile_get_parts_agree_with_capture_groups() {
        // Each slot of a profile GET, with spellings that match and spellings that must not.
        let slots: [&[&str]; 10] = [
            &["", "x ", "é", "aGET ", "GET /a "],
            &["GET ", "get\t", "Get\u{a0}", "GET", "POST "],
            &["", "https://xsp.example", "x/", "a b"],
            &[
                "/com.broadsoft.xsi-actions/v2.0",
                "/COM.BROADSOFT.XSI-ACTIONS/V10.12",
                "/com.broadsoft.xsi-actions/v2",
            ],
            &["/user/", "/User/", "/user//"],
            &["alice%40example.com", "bob", "é", "a?b", ""],
            &["/profile", "/Profile", "/profiles", "/prof"],
            &["", "/device", "/DEVICE", "/devices", "/device/x"],
            &["", " ", "?x=1", "\"", "\u{a0}", "/", "x"],
            &[
                "",
                " HTTP/1.1",
                " GET /com.broadsoft.xsi-actions/v1.0/user/b/profile",
                "/com.broadsoft.xsi-actions/v1.0/user/c/profile ",
            ],
        ];
        let mut seed = 0x2545_f491_u64;
        let mut matched = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for options in slots {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(options[(seed % options.len() as u64) as usize]);
            }
            let by_hand: Vec<(usize, Option<(&str, bool)>)> = patterns()
                .xsi_get
                .find_iter(&text)
                .map(|m| (m.start(), profile_get_parts(m.as_str())))
                .collect();
            let by_groups: Vec<(usize, Option<(&str, bool)>)> = patterns()
                .xsi_get
                .captures_iter(&text)
                .map(|c| {
                    (c.get(0).map_or(0, |m| m.start()), c.get(1).map(|u| (u.as_str(), c.get(2).is_some())))
                })
                .collect();
            assert_eq!(by_hand, by_groups, "{text:?}");
            matched += by_hand.len();
        }
        assert!(matched > 2_000, "only {matched} matches: the cases miss the pattern");
    }

    #[test]
    fn platform_comes_from_the_first_webex_agent_word() {
        assert_eq!(platform_of("\"WebexTeams 43.7 (Windows 10; x86_64)\""), Some("Windows"));
        assert_eq!(platform_of("ua=webexteams/43 (iPhone; iOS 17)"), Some("iOS"));
        assert_eq!(
            platform_of("MyWebexTeams (Windows)\nWebexTeams 43 (Macintosh)"),
            Some("Mac"),
            "not inside a word"
        );
        assert_eq!(platform_of("WebexTeams 43\n(Windows)"), None, "the agent ends with its line");
        assert_eq!(platform_of("broadworksTeamsClient"), None);
    }

    #[test]
    fn a_response_on_its_own_is_loose() {
        let reading =
            read_server_entry("HTTP/1.1 200 OK\n<AccessDevices xmlns=\"http://schema.broadsoft.com/xsi\">");
        assert_eq!(
            reading.loose_status.map(|(code, _, hint)| (code, hint)),
            Some((200, Some(SignInStepKind::DeviceProfile)))
        );
        let reading = read_server_entry("<command xsi:type=\"c:ErrorResponse\"><summary>[Error 4962] Invalid password</summary></command>");
        assert_eq!(reading.loose_failure.map(|(r, _)| r), Some(Reason::OciError));
    }
}
