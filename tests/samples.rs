//! The demo files behind "Try with sample logs" (`www/samples/`, listed in
//! `src/samples.rs`): every file is listed, only the labelled demo key holds key material,
//! and together they exercise every area Loupe diagnoses.

use std::collections::BTreeSet;
use std::path::Path;

use loupe_core::{Analysis, AnalysisOptions, Category, FileStatus, Report};
use loupe_web::samples::{FOLDER, SAMPLES};

/// 2024-03-12T15:00:00Z, the afternoon of the samples' story.
const NOW: i64 = 1_710_255_600_000;

fn analyse_samples() -> Report {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    for sample in SAMPLES {
        let id = analysis.add_file(sample.path);
        analysis.feed(id, sample.bytes);
        analysis.finish_file(id);
    }
    analysis.finish()
}

fn files_under(dir: &Path, out: &mut BTreeSet<String>, root: &Path) {
    for entry in std::fs::read_dir(dir).expect("www/samples is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files_under(&path, out, root);
        } else {
            let relative =
                path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
            out.insert(relative);
        }
    }
}

#[test]
fn every_sample_file_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples");
    let mut on_disk = BTreeSet::new();
    files_under(&root, &mut on_disk, &root);

    let listed: BTreeSet<String> = SAMPLES
        .iter()
        .map(|s| s.path.strip_prefix(&format!("{FOLDER}/")).expect("paths start with the folder").to_owned())
        .collect();
    assert_eq!(listed, on_disk, "src/samples.rs and www/samples/ list different files");
}

#[test]
fn only_the_labelled_demo_key_holds_key_material() {
    for sample in SAMPLES {
        let text = String::from_utf8_lossy(sample.bytes);
        if !text.contains("PRIVATE KEY") {
            continue;
        }
        let key: serde_json::Value = serde_json::from_str(&text).expect("the key file is JSON");
        assert_eq!(key["type"], "service_account", "{}", sample.path);
        assert_eq!(key["project_id"], "loupe-demo", "{}", sample.path);
        assert!(key["_comment"].as_str().is_some_and(|c| c.contains("DEMO KEY")), "{}", sample.path);
    }
}

/// The areas the samples must light up, with the sample that does it. Extend this when a
/// new detector lands (run `cargo run -p loupe-cli -- analyze www/samples` to see).
const EXPECTED: &[(Category, &str)] = &[
    (
        Category::Jwt,
        "cuc/*.uc: Invalid JWT Signature in the morning, short-lived token and a 7 min clock skew after",
    ),
    (Category::Key, "google/loupe-demo-*.json did not sign the morning's tokens (a rotated key)"),
    (Category::Scope, "google/dwd-scopes-pasted.txt: damaged delegation list, a scope missing"),
    (Category::Subscription, "google/workspace-events-subscriptions.json: ENDPOINT_PERMISSION_DENIED"),
    (Category::MailboxSync, "cuc/um-accounts-status.txt and the createNewMsgOnGSuite failures"),
    (Category::Provisioning, "broadworks/as01/PSLog: 400 untrusted email, 409, no phone number, 401"),
    (Category::Login, "broadworks/xsp01: wrong password, token not validated by this XSP"),
    (Category::Registration, "webex-app/current_log.txt: desktop device profile not found"),
];

#[test]
fn samples_exercise_every_area() {
    let report = analyse_samples();
    let found: BTreeSet<Category> = report.findings.iter().map(|f| f.category).collect();
    for (category, why) in EXPECTED {
        assert!(
            found.contains(category),
            "no {category:?} finding from the samples ({why}); found {found:?}"
        );
    }
    let unread: Vec<&str> =
        report.files.iter().filter(|f| f.status != FileStatus::Ok).map(|f| f.path.as_str()).collect();
    assert!(unread.is_empty(), "samples not analysed: {unread:?}");
}

#[test]
fn sample_evidence_never_shows_the_demo_private_key() {
    let report = analyse_samples();
    let json = serde_json::to_string(&report).expect("report serialises");
    let key = SAMPLES
        .iter()
        .find(|s| s.path.ends_with(".json") && s.path.contains("loupe-demo"))
        .expect("demo key");
    let key: serde_json::Value = serde_json::from_slice(key.bytes).expect("JSON");
    let pem = key["private_key"].as_str().expect("a PEM");
    for line in pem.lines().filter(|l| !l.starts_with("-----")).skip(1) {
        assert!(!json.contains(line), "the report shows a line of the demo private key");
    }
}

/// Regression: BroadWorks bearer tokens in the sample XsiActionsLog were counted as Google
/// tokens "not signed by any dropped key" (4 instead of the 2 CUC assertions). Only Google
/// JWT-bearer assertions say which key CUC holds.
#[test]
fn broadworks_bearer_tokens_are_not_blamed_on_the_google_key() {
    let report = analyse_samples();
    let unsigned = report.findings.iter().find(|f| f.rule == "jwt-not-signed-by-dropped-key");
    assert_eq!(unsigned.map(|f| f.count), Some(2));
    assert!(unsigned.is_some_and(|f| f.evidence.iter().all(|e| !e.path.contains("XsiActionsLog"))));
}

/// Regression: findings were keyed by rule in the page's list, and a rule with two findings
/// (here two out-of-sync mailboxes) made yew panic once the list was re-rendered, freezing
/// the page on large bundles.
#[test]
fn every_finding_has_its_own_list_key() {
    let report = analyse_samples();
    let keys: BTreeSet<String> = report.findings.iter().map(loupe_web::labels::finding_key).collect();
    let rules: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.len() < report.findings.len(), "the samples should hold a rule with several findings");
    assert_eq!(keys.len(), report.findings.len());
}
