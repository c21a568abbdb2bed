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

/// A case's options and its files, as `(path in the report, bytes)`, in report order.
fn load_case(root: &Path, case_dir: &Path) -> (AnalysisOptions, Vec<(String, Vec<u8>)>) {
    let case_text = std::fs::read_to_string(case_dir.join("case.toml")).expect("case.toml is readable");
    let case: Case = toml::from_str(&case_text).expect("case.toml is valid");
    let mut options = AnalysisOptions::at_unix_ms(NOW);
    options.date_override = case.date;
    options.utc_offset_override_minutes = case.utc_offset_minutes;
    let mut files = Vec::new();
    for input in &case.inputs {
        for file in files_under(&root.join(input)) {
            let relative = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            files.push((relative, std::fs::read(&file).expect("fixture is readable")));
        }
    }
    (options, files)
}

fn analyse(options: &AnalysisOptions, files: &[(String, Vec<u8>)]) -> Analysis {
    let mut analysis = Analysis::new(options.clone());
    for (path, bytes) in files {
        // The same intake as the CLI and the page, so archives open here too.
        loupe_core::analyse_source(&mut analysis, path, std::io::Cursor::new(bytes));
    }
    analysis
}

fn render(analysis: Analysis) -> String {
    let mut json = serde_json::to_string_pretty(&analysis.finish()).expect("report serialises");
    json.push('\n');
    json
}

fn run_case(root: &Path, case_dir: &Path) -> String {
    let (options, files) = load_case(root, case_dir);
    render(analyse(&options, &files))
}

/// The page and the CLI split a job's files into contiguous groups, read each group on its
/// own worker or thread, and merge the groups' shards in order: whatever the split, the
/// report must be the one reading every file in one analysis gives.
#[test]
fn every_split_into_shards_gives_the_same_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for case_dir in case_dirs(root) {
        let (options, files) = load_case(root, &case_dir);
        let whole = render(analyse(&options, &files));
        let mut splits: Vec<Vec<usize>> = (1..files.len()).map(|cut| vec![cut]).collect();
        if files.len() >= 3 {
            splits.push(vec![1, files.len() - 1]);
        }
        for cuts in splits {
            let mut bounds = vec![0];
            bounds.extend(&cuts);
            bounds.push(files.len());
            let mut groups = bounds.windows(2).map(|w| analyse(&options, &files[w[0]..w[1]]));
            let mut lead = groups.next().expect("at least one group");
            for later in groups {
                let shard = later.into_shard().expect("a shard packs");
                lead.absorb_shard(&shard).expect("a shard from this build is taken in");
            }
            let sharded = render(lead);
            if sharded != whole {
                if let Some(dir) = std::env::var_os("SHARD_DIFF_DIR") {
                    let name =
                        format!("{}-{cuts:?}", case_dir.file_name().unwrap_or_default().to_string_lossy());
                    let dir = Path::new(&dir);
                    let _ = std::fs::write(dir.join(format!("{name}.whole.json")), &whole);
                    let _ = std::fs::write(dir.join(format!("{name}.sharded.json")), &sharded);
                }
                let first_difference =
                    whole.lines().zip(sharded.lines()).position(|(a, b)| a != b).map_or_else(
                        || "lengths differ".to_owned(),
                        |line| format!("first differs at line {}", line + 1),
                    );
                failures.push(format!("{} split at {cuts:?}: {first_difference}", case_dir.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_damaged_shard_is_refused_and_changes_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = root.join("tests/golden/bw-signin-trails");
    let (options, files) = load_case(root, &case);
    let whole = render(analyse(&options, &files));
    let cut = files.len() / 2;
    let mut lead = analyse(&options, &files[..cut]);
    let shard = analyse(&options, &files[cut..]).into_shard().expect("a shard packs");
    for damaged in [&shard[..shard.len() / 2], &shard[..0], b"not a shard at all".as_slice()] {
        assert!(lead.absorb_shard(damaged).is_err(), "a damaged shard of {} bytes was taken", damaged.len());
    }
    lead.absorb_shard(&shard).expect("the whole shard is taken in");
    assert_eq!(render(lead), whole);
}

fn case_dirs(root: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/golden"))
        .expect("tests/golden exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    cases.sort();
    cases
}

#[test]
fn golden_reports_match() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let cases = case_dirs(root);
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
