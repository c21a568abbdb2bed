//! Tracking IDs: the thread that ties one Webex sign-in (or one provisioning request)
//! together across the client, the XSPs and the Application Server.

use regex::Regex;
use std::sync::OnceLock;

/// The first tracking ID in `text`, normalised so that every hop of one request gives the
/// same key, with its byte offset.
///
/// Recognised forms: `trackingid: CLIENT_...`, `TrackingID=...`, `"trackingId":"..."`,
/// `[Tracking ID: ...]`, `X-BROADSOFT-CORRELATION-ID: CLIENT...`, and a bare `CLIENT_...`
/// field (tomcat access_log patterns often log the header value alone).
pub(crate) fn tracking_id(text: &str) -> Option<(usize, String)> {
    let patterns = patterns();
    // Most entries name no tracking ID; a literal scan rules them out before any regex.
    let keyed = if patterns.keys.is_match(text) {
        patterns.keyed.captures(text).and_then(|c| c.get(1))
    } else {
        None
    };
    let bare = patterns.bare.find(text);
    let found = match (keyed, bare) {
        (Some(k), Some(b)) if b.start() < k.start() => b,
        (Some(k), _) => k,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    let id = normalise(found.as_str());
    (id.len() >= 6).then(|| (found.start(), id))
}

/// Hops append `_<n>` to a tracking ID (`CLIENT_<uuid>_3`); the UUID part is the request.
fn normalise(raw: &str) -> String {
    let raw = raw.trim_end_matches(['.', ',', ';', ':', ')', ']']);
    let patterns = patterns();
    match patterns.uuid_suffix.captures(raw).and_then(|c| c.get(1)) {
        Some(base) => base.as_str().to_owned(),
        None => raw.to_owned(),
    }
}

struct Patterns {
    keys: aho_corasick::AhoCorasick,
    keyed: Regex,
    bare: Regex,
    uuid_suffix: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| Patterns {
        keys: aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["tracking", "correlation-id"])
            .expect("static tracking keys build"),
        keyed: Regex::new(
            r#"(?i)(?:tracking[ _-]?id|x-broadsoft-correlation-id)["']?\s*[:=]\s*["']?\s*([A-Za-z0-9][A-Za-z0-9_.:-]{5,})"#,
        )
        .expect("static tracking pattern compiles"),
        bare: Regex::new(r"\bCLIENT_[A-Za-z0-9][A-Za-z0-9_.:-]{5,}").expect("static tracking pattern compiles"),
        uuid_suffix: Regex::new(
            r"(?i)^(.*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:_\d{1,4})?$",
        )
        .expect("static tracking pattern compiles"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "CLIENT_5b6c2d0e-8f41-4c1a-9d3e-7a2b1c0d9e8f";

    #[test]
    fn every_documented_form_gives_the_same_key() {
        for text in [
            format!("trackingid: {ID}_2"),
            format!("X-BROADSOFT-CORRELATION-ID: {ID}"),
            format!(r#"{{"status":"ok","trackingId":"{ID}"}}"#),
            format!("[Tracking ID: {ID}] BroadWorksAuthenticator: fetching JWT"),
            format!("10.1.2.3 - - [28/Jul/2023:14:14:10 +0000] \"GET /x HTTP/1.1\" 200 512 \"{ID}_1\""),
            format!("TrackingID={ID}."),
        ] {
            assert_eq!(tracking_id(&text).map(|(_, id)| id), Some(ID.to_owned()), "{text}");
        }
    }

    #[test]
    fn short_or_absent_ids_are_ignored() {
        assert_eq!(tracking_id("trackingid: abc"), None);
        assert_eq!(tracking_id("GET /com.broadsoft.xsi-actions/v2.0/user/a/profile"), None);
    }
}
