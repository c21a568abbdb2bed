//! The Google-side sections of the report: structured data for the page's inspectors (token
//! inspector, key cards, scope checker, clock-skew panel, subscription list).
//!
//! Nothing here may carry a secret: no private key, no JWT signature, no whole token.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One decoded JWT seen in the logs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtSummary {
    /// Stable id within the report (`jwt-1`, ...), in order of first appearance.
    pub id: String,
    /// Where it was first seen.
    pub path: String,
    /// The line it was first seen on.
    pub line: u64,
    /// How many times it was seen, in all files.
    pub occurrences: u64,
    /// Every file it was seen in.
    pub files: Vec<String>,
    /// The decoded header fields (`alg`, `kid`, `typ`).
    pub header: Map<String, Value>,
    /// The decoded claims (`iss`, `sub`, `scope`, `aud`, `iat`, `exp`, ...).
    pub claims: Map<String, Value>,
    /// False when part of the token was cut off or damaged.
    pub complete: bool,
    /// What could not be decoded, in words.
    pub problems: Vec<String>,
    /// `present (N bytes)`, `missing` or `damaged`; the signature itself is never shown.
    pub signature: String,
    /// `iat` as ISO 8601 UTC.
    pub issued_at: Option<String>,
    /// `exp` as ISO 8601 UTC.
    pub expires_at: Option<String>,
    /// `exp - iat`, in seconds.
    pub lifetime_seconds: Option<i64>,
    /// The time of the line that first logged it, as the report renders times.
    pub line_time: Option<String>,
    /// `iat` minus the line time, in seconds (time of day only when the date is unknown).
    pub iat_minus_line_seconds: Option<i64>,
    /// True when the comparison above used the time of day only (the log's date is unknown).
    pub compared_time_of_day_only: bool,
    /// Key files whose `private_key_id` equals the header's `kid`.
    pub kid_matches: Vec<String>,
    /// The key file whose public key verifies the signature, if any.
    pub signed_by: Option<String>,
    /// The verification outcome in words.
    pub verification: String,
}

/// A credential file, as a card: never its private key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCard {
    /// The file, as the report names it.
    pub path: String,
    /// `service_account`, `oauth_client_installed`, `oauth_client_web`, `authorized_user`,
    /// `external_account`, `impersonated_service_account` or `unknown`.
    pub kind: String,
    /// True only for a service-account key CUC can use.
    pub usable_by_cuc: bool,
    /// The Google Cloud project.
    pub project_id: Option<String>,
    /// The service account's address.
    pub client_email: Option<String>,
    /// The numeric client ID that domain-wide delegation needs (the page offers a copy button).
    pub client_id: Option<String>,
    /// The key's id: the `kid` of every token it signs.
    pub private_key_id: Option<String>,
    /// The RSA modulus size.
    pub key_bits: Option<usize>,
    /// `PKCS#8` or `PKCS#1`.
    pub key_format: Option<String>,
    /// The token endpoint it names.
    pub token_uri: Option<String>,
    /// Everything wrong with it, in words.
    pub problems: Vec<String>,
    /// Ids of the logged tokens this key signed.
    pub signed_tokens: Vec<String>,
}

/// One observation that says how far apart two clocks are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkewSignal {
    /// `http-date` (a server's Date header against the line), `google-iat` (a token Google
    /// issued against the line), `jwt-iat` (a token's signer against the line) or
    /// `same-event` (one token logged in two files).
    pub kind: String,
    /// How far the clock under test is ahead (positive) or behind (negative), in seconds.
    pub seconds: i64,
    /// What the number compares, in words.
    pub meaning: String,
    /// The file the evidence is in.
    pub path: String,
    /// Its line.
    pub line: u64,
    /// The evidence line, masked.
    pub text: String,
    /// True when only the time of day could be compared (the log's date is unknown).
    pub time_of_day_only: bool,
}

/// The clock-skew estimate and every signal behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSkew {
    /// The estimate, in seconds: how far the logging server's clock is from the reference.
    pub seconds: i64,
    /// `ahead`, `behind` or `in sync`.
    pub direction: String,
    /// `high`, `medium` or `low`.
    pub confidence: String,
    /// The clock the estimate is measured against (`Google's clock (HTTP Date headers)`, ...).
    pub reference: String,
    /// One sentence for people.
    pub summary: String,
    /// The observations, each with its evidence.
    pub signals: Vec<SkewSignal>,
}

/// One scope of a checked list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeEntry {
    /// As written.
    pub raw: String,
    /// As it should be.
    pub scope: String,
    /// What was wrong, in words; empty when nothing was.
    pub defects: Vec<String>,
}

/// A scope list found in the inputs and what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeList {
    /// `pasted` (a list given to Loupe, as in the Admin console), `requested` (a token's
    /// scope claim or a logged request) or `wanted` (scopes an API error said it needed).
    pub kind: String,
    /// The file (and line) it came from, or the token id.
    pub source: String,
    /// The profile it was checked against.
    pub profile: String,
    /// The profile's name for people.
    pub profile_label: String,
    /// Each entry as parsed.
    pub scopes: Vec<ScopeEntry>,
    /// Required scopes the list lacks.
    pub missing: Vec<String>,
    /// Scopes the profile does not need.
    pub extra: Vec<String>,
    /// The comma-separated list to paste into the Admin console (the page offers a copy
    /// button); empty for lists that are not meant to be pasted.
    pub corrected: String,
}

/// A Google Workspace Events subscription seen in the inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionSummary {
    /// `subscriptions/...`.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, ... when known.
    pub state: Option<String>,
    /// The `suspensionReason`, when suspended.
    pub suspension_reason: Option<String>,
    /// Whether `subscriptions.reactivate()` can bring it back once the cause is fixed.
    pub reactivatable: Option<bool>,
    /// The resource it watches.
    pub target_resource: Option<String>,
    /// One of its event types.
    pub event_type: Option<String>,
    /// The Pub/Sub topic events go to.
    pub pubsub_topic: Option<String>,
    /// When it expires (reactivation does not change it).
    pub expire_time: Option<String>,
    /// The account that must be able to publish to the topic.
    pub push_account: Option<String>,
    /// Reasons a failed `reactivate` said are still present.
    pub reactivation_errors: Vec<String>,
    /// Where it was seen first.
    pub path: String,
    /// Its line.
    pub line: u64,
}

/// A counter read from the logs over time, for a small chart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterSeries {
    /// The rule that reads it (`cuc-https-request-failures`).
    pub rule: String,
    /// What it counts, for people.
    pub label: String,
    /// The readings in log order; thinned evenly when there are very many.
    pub points: Vec<CounterPoint>,
}

/// One reading of a counter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterPoint {
    /// When, as the report renders times (a time of day when the date is unknown).
    pub time: Option<String>,
    /// When, in UTC milliseconds, when the date is known: the chart's x axis.
    pub utc_ms: Option<i64>,
    /// The counter's value.
    pub value: u64,
    /// The file it was read in.
    pub path: String,
    /// Its line.
    pub line: u64,
}
