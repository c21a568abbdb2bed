//! Golden tests: each folder in `tests/golden/` is a case with a `case.toml` naming its
//! inputs and options, and an `expected.json` holding the report the CLI's JSON contract
//! must produce. Run with `UPDATE_GOLDEN=1` to rewrite the expectations after a deliberate
//! change, then review the diff like code.

use std::path::{Path, PathBuf};

use loupe_core::{Analysis, AnalysisOptions};
use serde::Deserialize;

/// A fixed "now" so that reports never depend on when the tests run.
const NOW: i64 = 1_700_000_000_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    inputs: Vec<String>,
    date: Option<chrono::NaiveDate>,
    utc_offset_minutes: Option<i32>,
}

fn files_under(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .flat_map(|p| files_under(&p))
        .collect();
    files.sort();
    files
}

fn run_case(root: &Path, case_dir: &Path) -> String {
    let case_text = std::fs::read_to_string(case_dir.join("case.toml")).expect("case.toml is readable");
    let case: Case = toml::from_str(&case_text).expect("case.toml is valid");
    let mut options = AnalysisOptions::at_unix_ms(NOW);
    options.date_override = case.date;
    options.utc_offset_override_minutes = case.utc_offset_minutes;
    let mut analysis = Analysis::new(options);
    for input in &case.inputs {
        for file in files_under(&root.join(input)) {
            let relative = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            // The same intake as the CLI and the page, so archives open here too.
            let bytes = std::fs::read(&file).expect("fixture is readable");
            loupe_core::analyse_source(&mut analysis, &relative, std::io::Cursor::new(bytes));
        }
    }
    let mut json = serde_json::to_string_pretty(&analysis.finish()).expect("report serialises");
    json.push('\n');
    json
}

#[test]
fn golden_reports_match() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/golden"))
        .expect("tests/golden exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no golden cases found");
    let mut mismatches = Vec::new();
    for case_dir in &cases {
        let actual = run_case(root, case_dir);
        let expected_path = case_dir.join("expected.json");
        if update {
            std::fs::write(&expected_path, &actual).expect("expected.json is writable");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{}: report differs from expected.json (rerun with UPDATE_GOLDEN=1 and review the diff)\n--- actual ---\n{actual}",
                case_dir.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}
