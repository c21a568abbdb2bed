//! The words the page uses for the core's enums.

use loupe_core::{Category, FileStatus, ProvisioningStatus, Severity, SignInStatus, SignInStepKind};

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
