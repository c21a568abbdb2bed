//! The words the page uses for the core's enums.

use loupe_core::{Category, FileStatus, Finding, ProvisioningStatus, Severity, SignInStatus, SignInStepKind};

/// A finding's identity in the page's lists. A rule can give several findings (one per
/// subscriber, code or user, named in the title), and yew panics on two list items with one
/// key, which froze the page on large bundles when findings were keyed by rule alone.
pub fn finding_key(finding: &Finding) -> String {
    format!("{}\u{1f}{}", finding.rule, finding.title)
}

/// The category as the report serialises it (`mailbox-sync`): used for `data-category`.
pub fn category_slug(category: Category) -> &'static str {
    match category {
        Category::Jwt => "jwt",
        Category::Key => "key",
        Category::Scope => "scope",
        Category::Subscription => "subscription",
        Category::MailboxSync => "mailbox-sync",
        Category::Provisioning => "provisioning",
        Category::Login => "login",
        Category::Registration => "registration",
        Category::DirectorySync => "directory-sync",
    }
}

/// The category for people.
pub fn category_label(category: Category) -> &'static str {
    match category {
        Category::Jwt => "JWT",
        Category::Key => "Service-account key",
        Category::Scope => "OAuth scopes",
        Category::Subscription => "Events subscription",
        Category::MailboxSync => "Mailbox sync",
        Category::Provisioning => "Provisioning",
        Category::Login => "Sign-in",
        Category::Registration => "Calling registration",
        Category::DirectorySync => "Directory sync",
    }
}

/// The severity as the report serialises it: used for `data-severity` and CSS classes.
pub fn severity_slug(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The severity for a badge.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// The file status as the report serialises it: used for `data-status`.
pub fn status_slug(status: FileStatus) -> &'static str {
    match status {
        FileStatus::Ok => "ok",
        FileStatus::Error => "error",
        FileStatus::Skipped => "skipped",
    }
}

/// The provisioning status as the report serialises it: used for `data-status`.
pub fn provisioning_slug(status: ProvisioningStatus) -> &'static str {
    match status {
        ProvisioningStatus::Accepted => "accepted",
        ProvisioningStatus::Failed => "failed",
        ProvisioningStatus::NoResponse => "no-response",
    }
}

/// The provisioning status for people.
pub fn provisioning_label(status: ProvisioningStatus) -> &'static str {
    match status {
        ProvisioningStatus::Accepted => "Accepted",
        ProvisioningStatus::Failed => "Failed",
        ProvisioningStatus::NoResponse => "No answer",
    }
}

/// The sign-in status as the report serialises it: used for `data-status`.
pub fn signin_slug(status: SignInStatus) -> &'static str {
    match status {
        SignInStatus::Complete => "complete",
        SignInStatus::Failed => "failed",
        SignInStatus::Incomplete => "incomplete",
    }
}

/// The sign-in status for a badge.
pub fn signin_label(status: SignInStatus) -> &'static str {
    match status {
        SignInStatus::Complete => "Complete",
        SignInStatus::Failed => "Failed",
        SignInStatus::Incomplete => "Incomplete",
    }
}

/// A sign-in step for a rung of the ladder: its name and how it is done.
pub fn step_label(kind: SignInStepKind) -> (&'static str, &'static str) {
    match kind {
        SignInStepKind::Client => ("Webex app", "client log"),
        SignInStepKind::Profile => ("Profile GET", "Basic auth"),
        SignInStepKind::OciVerify => ("OCI-P verify", "credentials"),
        SignInStepKind::Token => ("Token", "LLT issued"),
        SignInStepKind::DeviceProfile => ("Device GET", "Bearer token"),
        SignInStepKind::TokenValidation => ("Token check", "loop-back"),
        SignInStepKind::DeviceList => ("Device list", "OCI-P"),
    }
}

/// A provisioning row's outcome, for people.
pub fn provisioning_status_label(status: ProvisioningStatus) -> &'static str {
    match status {
        ProvisioningStatus::Accepted => "accepted",
        ProvisioningStatus::Failed => "failed",
        ProvisioningStatus::NoResponse => "no answer",
    }
}

/// How a sign-in ended, with the step it died at.
pub fn signin_status_label(status: SignInStatus, failed_step: Option<SignInStepKind>) -> String {
    match (status, failed_step) {
        (SignInStatus::Complete, _) => "complete".to_owned(),
        (SignInStatus::Failed, Some(step)) => format!("failed at {}", step.label()),
        (SignInStatus::Failed, None) => "failed".to_owned(),
        (SignInStatus::Incomplete, _) => "incomplete".to_owned(),
    }
}
