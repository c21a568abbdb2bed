//! HTTP exchanges as BroadWorks servers log them: status codes in their many spellings,
//! request targets, and the host a request went to.

use regex::Regex;
use std::sync::OnceLock;

/// An HTTP status found in log text, with the byte offset of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Status {
    pub(crate) code: u16,
    pub(crate) offset: usize,
}

/// Every HTTP status in `text`, in order: `HTTP/1.1 400 Bad Request`, `StatusCode=200`,
/// `Response code: 409`, `HTTP Response 200 OK`, `status=401`, and the status field of a
/// Common/Combined Log Format line (`"GET /x HTTP/1.1" 401 123`).
pub(crate) fn statuses(text: &str) -> Vec<Status> {
    // Every alternative of the pattern ends with the three digits, so the code is the end
    // of the match: no capture groups, which keeps the search in the fast engines.
    patterns()
        .status
        .find_iter(text)
        .filter_map(|found| {
            let offset = found.end().checked_sub(3)?;
            Some(Status { code: text.get(offset..found.end())?.parse().ok()?, offset })
        })
        .collect()
}

/// A request line: method, target (absolute URL or path) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) target: &'a str,
    pub(crate) offset: usize,
}

/// Every request line in `text` (`GET /path`, `HTTP POST https://host/path`,
/// `POST http://127.0.0.1:80/authService/token`).
pub(crate) fn requests(text: &str) -> Vec<Request<'_>> {
    patterns()
        .request
        .captures_iter(text)
        .filter_map(|caps| {
            let method = caps.get(1)?;
            let target = caps.get(2)?;
            Some(Request { method: method.as_str(), target: target.as_str(), offset: method.start() })
        })
        .collect()
}

/// The host of an absolute URL, without port or user info.
pub(crate) fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next();
    }
    authority.split(':').next().filter(|h| !h.is_empty())
}

/// True when a host is an IP address literal rather than a name.
pub(crate) fn is_ip_literal(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
}

/// Undoes the percent-encoding BroadWorks user IDs carry in Xsi paths (`alice%40example.com`).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Patterns {
    status: Regex,
    request: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| Patterns {
        status: Regex::new(concat!(
            r#"(?i)(?-u:\b)HTTP/[0-9](?:\.[0-9])?\s+[1-5][0-9][0-9](?-u:\b)"#,
            r#"|(?-u:\b)status[ _-]?code\s*[:=]\s*"?[1-5][0-9][0-9](?-u:\b)"#,
            r#"|(?-u:\b)(?:HTTP\s+)?response(?:\s+(?:code|status))?\s*[:=]?\s*"?[1-5][0-9][0-9](?-u:\b)"#,
            r#"|(?-u:\b)status\s*[:=]\s*"?[1-5][0-9][0-9](?-u:\b)"#,
            r#"|"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s[^"]*"\s+[1-5][0-9][0-9](?-u:\b)"#,
        ))
        .expect("static status pattern compiles"),
        request: Regex::new(r#"(?-u:\b)(GET|POST|PUT|DELETE|PATCH)\s+(?:to\s+)?((?:https?://|/)[^\s"'<>]+)"#)
            .expect("static request pattern compiles"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<u16> {
        statuses(text).into_iter().map(|s| s.code).collect()
    }

    #[test]
    fn status_spellings() {
        assert_eq!(codes("HTTP/1.1 400 Bad Request"), [400]);
        assert_eq!(codes("authService: StatusCode=200 trackingid: X"), [200]);
        assert_eq!(codes("HTTP Response 409 Conflict"), [409]);
        assert_eq!(codes("Response code: 401"), [401]);
        assert_eq!(codes("10.0.0.5 - - [x] \"GET /a/profile HTTP/1.1\" 401 123 \"-\""), [401]);
        assert!(codes("Content-Length: 200").is_empty());
        assert!(codes("HTTP POST https://bridge.example.com/x HTTP/1.1").is_empty());
    }

    #[test]
    fn request_lines_and_hosts() {
        let found = requests("HTTP POST https://203.0.113.7:443/prov/v1/subscriber HTTP/1.1");
        assert_eq!(found[0].method, "POST");
        assert_eq!(host_of(found[0].target), Some("203.0.113.7"));
        let with_to = requests("Sending HTTP POST to https://bridge.example.com/provisioning/v1/subscribers");
        assert_eq!(with_to[0].target, "https://bridge.example.com/provisioning/v1/subscribers");
        assert!(is_ip_literal("203.0.113.7"));
        assert!(is_ip_literal("2001:db8::1"));
        assert!(!is_ip_literal("bwprov.example.com"));
        assert_eq!(host_of("http://[2001:db8::1]:80/a"), Some("2001:db8::1"));
        assert_eq!(percent_decode("alice%40example.com"), "alice@example.com");
    }
}
