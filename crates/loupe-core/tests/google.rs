//! The Google-side diagnoses end to end, on the fixtures in `tests/fixtures/google/`: key
//! material never leaves the core, chunking changes nothing, a signature error is not called
//! skew, and healthy logs raise nothing.

mod support;

use std::path::Path;

use loupe_core::{Analysis, AnalysisOptions, Report, Severity};
use support::{files_under, NOW};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/google");

fn analyse(folder: &str, chunk: usize) -> Report {
    let mut options = AnalysisOptions::at_unix_ms(NOW);
    options.date_override = chrono::NaiveDate::from_ymd_opt(2023, 7, 28);
    let mut analysis = Analysis::new(options);
    for path in files_under(&Path::new(FIXTURES).join(folder)) {
        let name = path.strip_prefix(FIXTURES).unwrap_or(&path).to_string_lossy().into_owned();
        let id = analysis.add_file(&name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for piece in bytes.chunks(chunk) {
            analysis.feed(id, piece);
        }
        analysis.finish_file(id);
    }
    analysis.finish()
}

fn rules(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
}

/// Every run of 16+ base64 characters inside a PEM body, and every JWT signature segment,
/// in the fixtures: none may appear in any output.
fn secrets() -> Vec<String> {
    let mut secrets = Vec::new();
    for path in files_under(Path::new(FIXTURES)) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let text = text.replace("\\n", "\n");
        let mut in_key = false;
        for line in text.lines() {
            if line.contains("-----BEGIN") {
                in_key = true;
            } else if line.contains("-----END") {
                in_key = false;
            } else if in_key && line.trim().len() >= 16 {
                secrets.push(line.trim().trim_matches('"').to_owned());
            }
        }
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c))) {
            let parts: Vec<&str> = word.split('.').collect();
            if parts.len() == 3 && parts[0].starts_with("eyJ") && parts[2].len() >= 16 {
                secrets.push(parts[2].to_owned());
            }
        }
    }
    assert!(secrets.len() > 50, "the fixtures hold keys and signed tokens: {}", secrets.len());
    secrets
}

#[test]
fn private_keys_and_signatures_never_reach_the_report() {
    let report = analyse(".", 64 * 1024);
    assert!(!report.keys.is_empty() && !report.jwts.is_empty());
    let json = serde_json::to_string(&report).expect("report serialises");
    let debug = format!("{report:?}");
    for secret in secrets() {
        assert!(!json.contains(&secret), "key material or a signature in the JSON report: {secret}");
        assert!(!debug.contains(&secret), "key material or a signature in the report: {secret}");
    }
    assert!(!json.contains("PRIVATE KEY-----\\n"), "a PEM body in the report");
}

#[test]
fn chunk_boundaries_change_nothing() {
    let whole = analyse(".", usize::MAX);
    for size in [1, 7, 4096] {
        assert_eq!(analyse(".", size), whole, "chunk size {size} changed the report");
    }
}

// See: issue 4, "Invalid JWT Signature ... is not skew".
#[test]
fn signature_error_is_not_called_skew() {
    let report = analyse("rotated-key", 4096);
    let fired = rules(&report);
    assert!(fired.contains(&"oauth-invalid-jwt-signature"), "{fired:?}");
    assert!(fired.contains(&"jwt-not-signed-by-dropped-key"), "{fired:?}");
    assert!(!fired.contains(&"clock-skew") && !fired.contains(&"jwt-not-short-lived"), "{fired:?}");
    let skew = report.clock_skew.expect("the Date header gives a skew estimate");
    assert_eq!(skew.direction, "in sync");
    assert!(skew.summary.contains("not caused by clock skew"), "{}", skew.summary);
}

#[test]
fn healthy_logs_raise_no_error_or_warning() {
    let report = analyse("right-key", 4096);
    let loud: Vec<_> =
        report.findings.iter().filter(|f| f.severity != Severity::Info).map(|f| &f.rule).collect();
    assert!(loud.is_empty(), "{loud:?}");
    assert_eq!(report.jwts[0].verification, format!("signed by {}", report.keys[0].path));
}

#[test]
fn skew_is_measured_from_three_kinds_of_signal() {
    let report = analyse("cuc-clock-skew", 4096);
    let skew = report.clock_skew.expect("a skew estimate");
    assert_eq!((skew.seconds, skew.direction.as_str(), skew.confidence.as_str()), (420, "ahead", "high"));
    for kind in ["http-date", "jwt-iat", "same-event"] {
        assert!(skew.signals.iter().any(|s| s.kind == kind), "no {kind} signal: {:?}", skew.signals);
    }
    let finding = report.findings.iter().find(|f| f.rule == "clock-skew").expect("a clock-skew finding");
    assert!(finding.detail.contains("short-lived"), "{}", finding.detail);
}

#[test]
fn undated_logs_compare_times_of_day_and_say_so() {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    for path in files_under(&Path::new(FIXTURES).join("cuc-clock-skew")) {
        let id = analysis.add_file(&path.to_string_lossy());
        analysis.feed(id, &std::fs::read(&path).unwrap_or_default());
    }
    let report = analysis.finish();
    let skew = report.clock_skew.expect("a skew estimate");
    assert_eq!(skew.seconds, 420);
    assert!(skew.signals.iter().all(|s| s.time_of_day_only));
    assert!(skew.summary.contains("time of day"), "{}", skew.summary);
}

#[test]
fn every_credential_kind_is_classified() {
    let report = analyse("credentials", 4096);
    let mut kinds: Vec<(&str, &str)> = report
        .keys
        .iter()
        .map(|k| (k.path.rsplit('/').next().unwrap_or_default(), k.kind.as_str()))
        .collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            ("authorized_user.json", "authorized_user"),
            ("client_secret_installed.json", "oauth_client_installed"),
            ("client_secret_web.json", "oauth_client_web"),
            ("cuc-um-current.json", "service_account"),
            ("damaged-private-key.json", "service_account"),
            ("edited-weak-key.json", "service_account"),
            ("external_account.json", "external_account"),
        ]
    );
    let usable: Vec<_> = report.keys.iter().filter(|k| k.usable_by_cuc).map(|k| k.path.as_str()).collect();
    assert_eq!(usable, ["credentials/cuc-um-current.json"]);
}

/// An ID token minted by Google carries Google's clock in its iat: a server that logs it
/// before its iat is behind Google, not ahead.
#[test]
fn google_minted_token_measures_the_local_clock_the_right_way_round() {
    use base64::Engine;
    let b64 = |json: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    // iat 2023-07-28T10:05:00Z, logged at 10:00:00 local (UTC): the server is 300 s behind.
    let token = format!(
        "{}.{}.{}",
        b64(r#"{"alg":"RS256","kid":"g1"}"#),
        b64(r#"{"iss":"https://accounts.google.com","aud":"cuc","iat":1690538700,"exp":1690542300}"#),
        b64("google-signature-bytes-not-real")
    );
    let mut options = AnalysisOptions::at_unix_ms(NOW);
    options.date_override = chrono::NaiveDate::from_ymd_opt(2023, 7, 28);
    let mut analysis = Analysis::new(options);
    let id = analysis.add_file("diag_CuGSuiteSyncSrv_00000009.uc");
    let line = format!("10:00:00.000 |3917,,,CuGSuiteSyncSrv,22,T-1,received id_token {token}\n");
    analysis.feed(id, line.as_bytes());
    let skew = analysis.finish().clock_skew.expect("a skew estimate");
    assert_eq!((skew.seconds, skew.direction.as_str()), (-300, "behind"));
}
