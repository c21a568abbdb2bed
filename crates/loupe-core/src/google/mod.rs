//! Google-side parsing: JWTs, credential files, scope lists and Workspace Events
//! subscriptions. Pure functions over text; the detectors decide what is a finding.

pub(crate) mod credential;
pub(crate) mod document;
pub(crate) mod jwt;
pub(crate) mod scopes;
pub(crate) mod subscription;
