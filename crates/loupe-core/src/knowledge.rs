//! Loupe's knowledge base: rules, their texts and their signatures, compiled in from
//! `data/rules/*.toml` so that a support engineer can add one without writing Rust.

use serde::Deserialize;
use std::sync::OnceLock;

use crate::report::{Category, Severity};

/// The rule files, one per domain. Adding a file here is all it takes to ship it.
const RULE_FILES: &[(&str, &str)] = &[
    ("google-token.toml", include_str!("../data/rules/google-token.toml")),
    ("cuc-mailbox-sync.toml", include_str!("../data/rules/cuc-mailbox-sync.toml")),
    ("broadworks-provisioning.toml", include_str!("../data/rules/broadworks-provisioning.toml")),
    ("broadworks-login.toml", include_str!("../data/rules/broadworks-login.toml")),
    ("broadworks-registration.toml", include_str!("../data/rules/broadworks-registration.toml")),
    ("google-jwt.toml", include_str!("../data/rules/google-jwt.toml")),
    ("google-key.toml", include_str!("../data/rules/google-key.toml")),
    ("google-scope.toml", include_str!("../data/rules/google-scope.toml")),
    ("google-subscription.toml", include_str!("../data/rules/google-subscription.toml")),
];

/// One diagnosis Loupe can make.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, used in reports and as the detector's file name.
    pub id: String,
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
    /// Text patterns that find it; absent when a code detector reports the rule.
    pub signature: Option<Signature>,
    /// Entries that must (or must not) trigger the rule; the tests run every one.
    #[serde(default)]
    pub samples: Vec<RuleSample>,
    /// The test that makes the rule fire, for the rare rule no sample can trigger (a cap
    /// that needs ten thousand sign-ins); its samples then only show what must not fire.
    #[serde(default)]
    pub fires_tested_by: Option<String>,
}

/// Literal, case-insensitive text patterns matched against whole log entries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Every one of these must occur in the entry.
    #[serde(default)]
    pub all: Vec<String>,
    /// At least one of these must occur, when any are given.
    #[serde(default)]
    pub any: Vec<String>,
    /// None of these may occur.
    #[serde(default)]
    pub none: Vec<String>,
    /// Rules sharing a group are exclusive per entry: the first listed that matches wins, so
    /// a specific diagnosis hides the generic one.
    pub group: Option<String>,
}

/// A log entry used to test a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSample {
    /// The entry's text (several lines when the entry spans them).
    #[serde(default)]
    pub text: String,
    /// Instead of text: a file or folder under the repository's `tests/fixtures/`, for
    /// samples that need several files or key material the knowledge base must not carry.
    #[serde(default)]
    pub fixture: Option<String>,
    /// Whether the rule must fire on it.
    #[serde(default = "yes")]
    pub fires: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct RuleFile {
    rule: Vec<Rule>,
}

/// Everything Loupe knows, loaded once.
#[derive(Debug)]
pub struct Knowledge {
    rules: Vec<Rule>,
}

impl Knowledge {
    /// Every rule, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The compiled-in knowledge base. The data ships inside the binary and is checked by the
/// tests, so a parse failure here is a build defect, not a user error.
pub fn knowledge() -> &'static Knowledge {
    static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
    KNOWLEDGE.get_or_init(|| {
        let mut rules = Vec::new();
        for (name, text) in RULE_FILES {
            match toml::from_str::<RuleFile>(text) {
                Ok(file) => rules.extend(file.rule),
                Err(error) => panic!("data/rules/{name} is invalid: {error}"),
            }
        }
        Knowledge { rules }
    })
}
