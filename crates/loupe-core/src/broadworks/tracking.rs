//! Tracking IDs: the thread that ties one Webex sign-in (or one provisioning request)
//! together across the client, the XSPs and the Application Server.

use std::sync::OnceLock;

/// The first tracking ID in `text`, normalised so that every hop of one request gives the
/// same key, with its byte offset.
///
/// Recognised forms: `trackingid: CLIENT_...`, `TrackingID=...`, `"trackingId":"..."`,
/// `[Tracking ID: ...]`, `X-BROADSOFT-CORRELATION-ID: CLIENT...`, and a bare `CLIENT_...`
/// field (tomcat access_log patterns often log the header value alone).
pub(crate) fn tracking_id(text: &str) -> Option<(usize, String)> {
    tracking_id_from(text, Some(0), Some(0))
}

/// [`tracking_id`] for a caller that already knows where the first of the [`KEYS`] and the
/// first `client_` (in any letter case) are, `None` meaning nowhere: the search starts
/// there instead of at the top of a long entry.
pub(crate) fn tracking_id_from(
    text: &str,
    first_key: Option<usize>,
    first_client: Option<usize>,
) -> Option<(usize, String)> {
    // Runs on most entries of a server log, so it is a literal scan and a few byte checks
    // rather than a regex with captures.
    let bare = first_client.and_then(|from| bare_client_id(text, from));
    // A key's value wins only when it starts no later than the bare ID, and no key holds
    // `CLIENT_`, so keys ending after the bare ID need not be looked for.
    let keys_end = bare.map_or(text.len(), |(at, _)| at);
    let keyed = first_key.filter(|&from| from < keys_end).and_then(|from| {
        // The caller's offset is usually that of a key whose value follows at once.
        let at_from = key_ending_at(text, from).and_then(|end| value_after_key(text, end));
        at_from.or_else(|| {
            let rest = aho_corasick::Input::new(text).span(from..keys_end);
            keys().find_iter(rest).find_map(|key| value_after_key(text, key.end()))
        })
    });
    let (start, raw) = match (keyed, bare) {
        (Some(k), Some(b)) if b.0 < k.0 => b,
        (Some(k), _) => k,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    let id = normalise(raw);
    (id.len() >= 6).then(|| (start, id.to_owned()))
}

/// Where the key starting at byte `at` of `text` ends, if one of the [`KEYS`] starts there.
fn key_ending_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.as_bytes().get(at..)?;
    KEYS.iter()
        .find(|key| rest.get(..key.len()).is_some_and(|head| head.eq_ignore_ascii_case(key.as_bytes())))
        .map(|key| at + key.len())
}

/// `: value`, `=value`, `":"value"` after a key such as `trackingid`.
fn value_after_key(text: &str, mut at: usize) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let skip = |at: &mut usize, set: &[u8]| {
        while bytes.get(*at).is_some_and(|b| set.contains(b)) {
            *at += 1;
        }
    };
    skip(&mut at, b"\"'");
    skip(&mut at, b" \t");
    if !matches!(bytes.get(at), Some(b':' | b'=')) {
        return None;
    }
    at += 1;
    skip(&mut at, b" \t\"'");
    id_at(text, at)
}

/// A bare `CLIENT_...` value, as access_log patterns often log the header alone.
fn bare_client_id(text: &str, from: usize) -> Option<(usize, &str)> {
    // Built once: this runs on every entry, and building a finder costs more than a search.
    static CLIENT: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let bytes = text.as_bytes();
    let client = CLIENT.get_or_init(|| memchr::memmem::Finder::new(b"CLIENT_"));
    client.find_iter(bytes.get(from..)?).map(|at| at + from).find_map(|at| {
        let word_before =
            at > 0 && bytes.get(at - 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if word_before {
            return None;
        }
        id_at(text, at).filter(|(_, id)| id.len() > "CLIENT_".len() + 5)
    })
}

/// The ID starting at `at`: an alphanumeric, then letters, digits and `_.:-`.
fn id_at(text: &str, at: usize) -> Option<(usize, &str)> {
    let rest = text.get(at..)?;
    if !rest.bytes().next()?.is_ascii_alphanumeric() {
        return None;
    }
    let len = rest.bytes().position(|b| !ID_BYTE[usize::from(b)]).unwrap_or(rest.len());
    let id = &rest[..len];
    (id.len() >= 6).then_some((at, id))
}

/// The bytes a tracking ID is made of, as a table: IDs are read on most server log entries.
const ID_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-');
        byte += 1;
    }
    table
};

/// Hops append `_<n>` to a tracking ID (`CLIENT_<uuid>_3`); the UUID part is the request.
fn normalise(raw: &str) -> &str {
    let raw = raw.trim_end_matches(['.', ',', ';', ':', ')', ']']);
    let base = match raw.rsplit_once('_') {
        Some((base, hop)) if (1..=4).contains(&hop.len()) && hop.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => return raw,
    };
    if ends_with_uuid(base) {
        base
    } else {
        raw
    }
}

fn ends_with_uuid(text: &str) -> bool {
    const SHAPE: &[u8] = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    text.len() >= SHAPE.len()
        && text.as_bytes()[text.len() - SHAPE.len()..].iter().zip(SHAPE).all(|(&b, &shape)| {
            if shape == b'-' {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

/// The names a tracking ID is logged under, in any letter case.
pub(crate) const KEYS: [&str; 5] =
    ["trackingid", "tracking id", "tracking_id", "tracking-id", "x-broadsoft-correlation-id"];

fn keys() -> &'static aho_corasick::AhoCorasick {
    static AUTOMATON: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .prefilter(false)
            .build(KEYS)
            .expect("static tracking keys build")
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
    fn hop_suffix_is_only_stripped_after_a_uuid() {
        assert_eq!(
            tracking_id("trackingid: WEBEX_1234_5").map(|(_, id)| id).as_deref(),
            Some("WEBEX_1234_5")
        );
    }

    #[test]
    fn short_or_absent_ids_are_ignored() {
        assert_eq!(tracking_id("trackingid: abc"), None);
        assert_eq!(tracking_id("GET /com.broadsoft.xsi-actions/v2.0/user/a/profile"), None);
    }
}
