//! The report: plain data, serialised as the CLI's JSON contract and sent to the page.

use serde::{Deserialize, Serialize};

use crate::google_report::{ClockSkew, CounterSeries, JwtSummary, KeyCard, ScopeList, SubscriptionSummary};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is broken and explains a failure.
    Error,
    /// Something is likely wrong or will break.
    Warning,
    /// Context a support engineer wants to know.
    Info,
}

/// The area of the system a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Google JWT assertions and token-endpoint errors.
    Jwt,
    /// Service-account and other credential files.
    Key,
    /// OAuth scopes and domain-wide delegation.
    Scope,
    /// Google Workspace Events subscriptions.
    Subscription,
    /// CUC mailbox synchronisation with Google Workspace.
    MailboxSync,
    /// Webex for BroadWorks flow-through provisioning.
    Provisioning,
    /// Webex for BroadWorks sign-in.
    Login,
    /// Webex for BroadWorks calling registration.
    Registration,
    /// Webex for BroadWorks directory synchronisation.
    DirectorySync,
}

/// What happened to one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Read and analysed.
    Ok,
    /// Could not be read (broken archive, read error).
    Error,
    /// Deliberately not analysed (binary, empty).
    Skipped,
}

/// One line cited as evidence for a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The file, as the report names it.
    pub path: String,
    /// 1-based line number in that file.
    pub line: u64,
    /// The line, with secrets masked and cut to a displayable length.
    pub text: String,
}

/// One diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, such as `jwt-not-short-lived`.
    pub rule: String,
    /// The area it concerns.
    pub category: Category,
    /// How bad it is.
    pub severity: Severity,
    /// One line for a list.
    pub title: String,
    /// What it means and why it happens.
    pub detail: String,
    /// What to do about it.
    pub remedy: String,
    /// How many times it was seen.
    pub count: u64,
    /// The earliest occurrence, ISO 8601 UTC, or a time of day when the date is unknown.
    pub first_seen: Option<String>,
    /// The latest occurrence, in the same form.
    pub last_seen: Option<String>,
    /// A capped selection of the lines that show it.
    pub evidence: Vec<Evidence>,
}

/// The summary of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file, as given (archive members as `outer.zip!/inner/path`).
    pub path: String,
    /// The recognised log format, or `plain`.
    pub format: String,
    /// Whether it was analysed.
    pub status: FileStatus,
    /// Why it was skipped or failed, or a note about how it was read.
    pub message: Option<String>,
    /// Bytes fed.
    pub bytes: u64,
    /// Lines read.
    pub lines: u64,
    /// Log entries (a header line plus its continuation lines).
    pub entries: u64,
    /// The text encoding detected.
    pub encoding: String,
    /// The earliest time found in the file.
    pub first_time: Option<String>,
    /// The latest time found in the file.
    pub last_time: Option<String>,
    /// Where the file's date came from (`line`, `file name`, `override`, ...), if any.
    pub date_source: Option<String>,
    /// The zone the file's times were read in.
    pub zone: String,
    /// True when the lines named no zone and UTC was assumed.
    pub zone_assumed: bool,
}

/// Everything an analysis found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// One summary per input file, in the order they were added.
    pub files: Vec<FileSummary>,
    /// The findings, most severe first.
    pub findings: Vec<Finding>,
    /// Webex for BroadWorks flow-through provisioning, one row per subscriber (PSLog).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisioning: Vec<ProvisioningRow>,
    /// Webex for BroadWorks sign-ins rebuilt from every file, one per tracking ID.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signins: Vec<SignIn>,
    /// Decoded JWTs seen in the logs, for the token inspector.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jwts: Vec<JwtSummary>,
    /// Credential files, as key cards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<KeyCard>,
    /// The clock-skew estimate, when any signal was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_skew: Option<ClockSkew>,
    /// Scope lists found and checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<ScopeList>,
    /// Workspace Events subscriptions seen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscriptions: Vec<SubscriptionSummary>,
    /// Counters read from the logs over time (CUC's failed-request counter).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counters: Vec<CounterSeries>,
}

/// Where a subscriber's provisioning request ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvisioningStatus {
    /// The bridge accepted the request (200); the user is created asynchronously.
    Accepted,
    /// The bridge refused the request.
    Failed,
    /// The request is in the logs but its answer is not.
    NoResponse,
}

/// One subscriber's flow-through provisioning: the last request the Application Server
/// posted to the Webex provisioning bridge for them, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisioningRow {
    /// The BroadWorks user ID (`bwuserid`), else the email, else a placeholder.
    pub user: String,
    /// The `email` of the subscriberProfile, as posted.
    pub email: Option<String>,
    /// When the request was posted (ISO 8601 UTC, or a time of day when undated).
    pub time: Option<String>,
    /// Accepted, failed, or unanswered.
    pub status: ProvisioningStatus,
    /// The bridge's HTTP status code.
    pub http_code: Option<u16>,
    /// The bridge's `<message>`, verbatim.
    pub message: Option<String>,
    /// What the answer means.
    pub cause: String,
    /// What to do.
    pub remedy: String,
    /// Problems found in the posted subscriberProfile (`no PrimaryPhoneNumber`, ...).
    pub defects: Vec<String>,
    /// The URL the request was posted to.
    pub target: Option<String>,
    /// How many requests for this subscriber the logs hold.
    pub attempts: u32,
    /// The request line.
    pub evidence: Evidence,
}

/// How a sign-in ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignInStatus {
    /// Every step up to the device list succeeded.
    Complete,
    /// A step failed.
    Failed,
    /// No step failed, but the logs stop before the end of the ladder.
    Incomplete,
}

/// A step of the Webex for BroadWorks sign-in ladder, in ladder order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignInStepKind {
    /// The IdP proxy GETs the Xsi profile with Basic auth (access_log, XsiActionsLog).
    Profile,
    /// The XSP verifies the credentials over OCI-P (AuthenticationVerifyRequest, ...).
    OciVerify,
    /// The auth service issues the long-lived token (GET /authService/token, LLT).
    Token,
    /// The client GETs its device list from Xsi with the Bearer token.
    DeviceProfile,
    /// Xsi posts the token to the auth service on the loopback to validate it.
    TokenValidation,
    /// OCI-P UserPrimaryAndSCADeviceGetListRequest returns the accessDeviceTable.
    DeviceList,
    /// What the Webex app logged about this sign-in (context, not a server step).
    Client,
}

impl SignInStepKind {
    /// The step for people (`profile GET`, `token validation`), as the CLI and the page say it.
    pub fn label(self) -> &'static str {
        match self {
            SignInStepKind::Profile => "profile GET",
            SignInStepKind::OciVerify => "OCI-P verify",
            SignInStepKind::Token => "token (LLT)",
            SignInStepKind::DeviceProfile => "device GET",
            SignInStepKind::TokenValidation => "token validation",
            SignInStepKind::DeviceList => "device list",
            SignInStepKind::Client => "Webex app",
        }
    }
}

/// Whether a step worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepOutcome {
    /// It succeeded.
    Ok,
    /// It failed.
    Failed,
    /// It was logged without a result.
    Seen,
}

/// One logged step of a sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInStep {
    /// Which step of the ladder.
    pub step: SignInStepKind,
    /// Whether it worked.
    pub outcome: StepOutcome,
    /// The HTTP status, when the step is an HTTP exchange.
    pub http_status: Option<u16>,
    /// When (ISO 8601 UTC, or a time of day when undated).
    pub time: Option<String>,
    /// The file, as the report names it.
    pub path: String,
    /// 1-based line number.
    pub line: u64,
    /// The line, masked and cut for display.
    pub text: String,
}

/// One Webex sign-in, correlated by tracking ID across every file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// The tracking ID (hop suffixes removed).
    pub tracking_id: String,
    /// The Webex or BroadWorks user ID seen in the trail.
    pub user: Option<String>,
    /// How it ended.
    pub status: SignInStatus,
    /// The step where it died.
    pub failed_step: Option<SignInStepKind>,
    /// Why, and what to do.
    pub verdict: String,
    /// The logged steps, in time order.
    pub steps: Vec<SignInStep>,
}
