//! Webex for Cisco BroadWorks knowledge that is code rather than data: the error-code
//! tables' loader and scanner, tracking IDs, HTTP exchanges in BroadWorks logs, the
//! `subscriberProfile` XML, and the sign-in ladder.

pub(crate) mod codes;
pub(crate) mod http;
pub(crate) mod profile_xml;
pub(crate) mod signin;
pub(crate) mod tracking;

use crate::entry::Entry;
use crate::mask::mask_secrets;

/// Characters of a line kept to cite it (in a sign-in step, a provisioning row, a finding).
const MAX_EXCERPT_CHARS: usize = 240;
/// Characters kept before the cited spot when a long line must be cut.
const EXCERPT_LEAD_CHARS: usize = 60;

/// The line holding byte `offset` of an entry, masked and cut for display. A long line (an
/// OCI-P document on one line) is cut around `offset`, so the excerpt shows what matched.
pub(crate) fn excerpt(entry: &Entry, offset: usize) -> (u64, String) {
    let (number, line) = entry.line_at(offset);
    let line_start = line.as_ptr() as usize - entry.text.as_ptr() as usize;
    let masked = mask_secrets(line);
    if masked.chars().count() <= MAX_EXCERPT_CHARS {
        return (number, masked.into_owned());
    }
    // Masking can shift bytes; the spot is kept by character position in the original.
    let spot_chars = line.get(..offset.saturating_sub(line_start)).map_or(0, |head| head.chars().count());
    let start = spot_chars.saturating_sub(EXCERPT_LEAD_CHARS);
    let kept: String = masked.chars().skip(start).take(MAX_EXCERPT_CHARS).collect();
    let lead = if start > 0 { "…" } else { "" };
    (number, format!("{lead}{kept}…"))
}
