//! The CLI's contract: the JSON report shape other tools rely on, directory walking, and
//! per-file errors that never stop the rest of the run.

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn loupe() -> Command {
    let mut command = Command::cargo_bin("loupe").expect("the loupe binary is built");
    command.args(["analyze", "--format", "json", "--now", "2023-07-28T15:00:00Z"]);
    command
}

fn report_for(args: &[&str]) -> Value {
    let output = loupe().args(args).output().expect("loupe runs");
    assert!(output.status.success(), "loupe failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn json_report_has_the_documented_shape() {
    let report = report_for(&[&format!("{FIXTURES}/cuc")]);
    let file = &report["files"][0];
    for key in ["path", "format", "status", "message", "bytes", "lines"] {
        assert!(file.get(key).is_some(), "files[] lacks {key}: {file}");
    }
    assert_eq!(file["status"], "ok");
    assert_eq!(file["format"], "cuc-diag");
    let finding = report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "jwt-not-short-lived"))
        .expect("the invalid_grant finding is reported");
    for key in [
        "rule",
        "category",
        "severity",
        "title",
        "detail",
        "remedy",
        "count",
        "first_seen",
        "last_seen",
        "evidence",
    ] {
        assert!(finding.get(key).is_some(), "findings[] lacks {key}");
    }
    assert_eq!(finding["category"], "jwt");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["count"], 3);
    let evidence = &finding["evidence"][0];
    assert!(evidence["path"].as_str().is_some_and(|p| p.ends_with("diag_CuGSuiteSyncSrv_00000001.uc")));
    assert_eq!(evidence["line"], 5);
}

#[test]
fn directories_are_walked_recursively() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("node1/traces");
    std::fs::create_dir_all(&nested).expect("nested dir");
    std::fs::copy(format!("{FIXTURES}/cuc/diag_CuGSuiteSyncSrv_00000001.uc"), nested.join("diag.uc"))
        .expect("copy fixture");
    std::fs::write(dir.path().join("notes.txt"), "nothing to see\n").expect("write notes");
    let report = report_for(&[dir.path().to_str().expect("utf-8 temp path")]);
    let paths: Vec<&str> =
        report["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("node1/traces/diag.uc")), "{paths:?}");
}

#[test]
fn date_and_offset_overrides_reach_the_report() {
    let report = report_for(&["--date", "2023-07-28", "--utc-offset", "-05:00", &format!("{FIXTURES}/cuc")]);
    assert_eq!(report["files"][0]["first_time"], "2023-07-28T19:14:10.894Z");
    assert_eq!(report["files"][0]["zone"], "UTC-05:00");
}

#[test]
fn fail_on_error_sets_the_exit_code() {
    loupe().args(["--fail-on", "error", &format!("{FIXTURES}/cuc")]).assert().code(1);
}

#[test]
fn missing_path_is_a_clear_usage_error() {
    let output = loupe().arg("/nonexistent/loupe-input").output().expect("loupe runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such file or directory"));
}

#[test]
fn text_format_names_the_finding_and_its_evidence() {
    let output = Command::cargo_bin("loupe")
        .expect("built")
        .args(["analyze", &format!("{FIXTURES}/cuc")])
        .output()
        .expect("loupe runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("ERROR [jwt-not-short-lived]"), "{text}");
    assert!(text.contains("diag_CuGSuiteSyncSrv_00000001.uc:5:"), "{text}");
}

#[test]
fn zip_bundle_in_a_folder_is_opened_by_the_core() {
    use std::io::Write;

    let dir = tempfile::tempdir().expect("temp dir");
    let trace = std::fs::read(format!("{FIXTURES}/cuc/diag_CuGSuiteSyncSrv_00000001.uc")).expect("fixture");
    let mut writer =
        zip::ZipWriter::new(std::fs::File::create(dir.path().join("bundle.zip")).expect("zip file"));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("cuc/trace/diag_CuGSuiteSyncSrv_00000001.uc", options).expect("member");
    writer.write_all(&trace).expect("member written");
    writer.finish().expect("zip finished");
    let bundle = dir.path().join("bundle.zip");

    let report = report_for(&[bundle.to_str().expect("utf-8 path")]);
    let member = format!("{}!/cuc/trace/diag_CuGSuiteSyncSrv_00000001.uc", bundle.display());
    assert_eq!(report["files"][0]["path"], member.as_str());
    assert_eq!(report["files"][0]["format"], "cuc-diag");
    let evidence = report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "jwt-not-short-lived"))
        .map(|f| f["evidence"][0]["path"].clone());
    assert_eq!(evidence, Some(Value::from(member)));
}

/// `--jobs 2` reads two groups of files on two threads and merges them: the report must be
/// the one a single thread gives, sign-ins correlated across the split included.
#[test]
fn threads_give_the_report_one_thread_gives() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Each file is padded past the size that earns a thread of its own, with lines no rule reads.
    let padding = "2023-07-28 14:00:00,000 INFO [pad] nothing to see here\n".repeat(100_000);
    copy_padded(&std::path::Path::new(FIXTURES).join("broadworks/signin"), dir.path(), &padding);
    let path = dir.path().to_string_lossy().into_owned();
    let one = loupe().args(["--jobs", "1", &path]).output().expect("loupe runs");
    let two = loupe().args(["--jobs", "2", &path]).output().expect("loupe runs");
    assert!(one.status.success() && two.status.success());
    let report: Value = serde_json::from_slice(&two.stdout).expect("stdout is JSON");
    let signins = report["signins"].as_array().map_or(0, Vec::len);
    assert!(signins >= 4, "the sign-ins were not found: {signins}");
    assert!(one.stdout == two.stdout, "two threads gave another report than one");
}

fn copy_padded(from: &std::path::Path, to: &std::path::Path, padding: &str) {
    for entry in std::fs::read_dir(from).expect("a fixture folder").filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder for the copy");
            copy_padded(&entry.path(), &target, padding);
        } else {
            let mut bytes = std::fs::read(entry.path()).expect("a fixture");
            bytes.extend_from_slice(padding.as_bytes());
            std::fs::write(target, bytes).expect("a padded copy");
        }
    }
}
