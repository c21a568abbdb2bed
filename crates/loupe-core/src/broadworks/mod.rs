//! Webex for Cisco BroadWorks knowledge that is code rather than data: the error-code
//! tables' loader and scanner, tracking IDs, HTTP exchanges in BroadWorks logs, the
//! `subscriberProfile` XML, and the sign-in ladder.

pub(crate) mod codes;
pub(crate) mod http;
pub(crate) mod profile_xml;
pub(crate) mod signin;
pub(crate) mod tracking;
