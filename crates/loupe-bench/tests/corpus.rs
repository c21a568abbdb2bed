//! The corpus is only a fair benchmark input if it is reproducible and if the core really
//! finds the failures planted in it.

use std::fs;
use std::path::Path;

use loupe_bench::corpus::{generate, Manifest, Spec};
use loupe_core::{Analysis, AnalysisOptions};

fn small(seed: u64) -> Spec {
    Spec { total_bytes: 3 << 20, rotate_bytes: 512 << 10, seed }
}

fn write(dir: &Path, spec: &Spec) -> Manifest {
    match generate(dir, spec) {
        Ok(manifest) => manifest,
        Err(error) => panic!("generating into {}: {error}", dir.display()),
    }
}

fn read(dir: &Path, relative: &str) -> Vec<u8> {
    fs::read(dir.join(relative)).unwrap_or_else(|e| panic!("reading {relative}: {e}"))
}

#[test]
fn same_seed_and_size_give_identical_bytes() {
    let (a, b) = (tempfile::tempdir(), tempfile::tempdir());
    let (Ok(a), Ok(b)) = (a, b) else { panic!("no temp dir") };
    let first = write(a.path(), &small(7));
    let second = write(b.path(), &small(7));
    assert_eq!(first.files.len(), second.files.len());
    for file in &first.files {
        assert!(read(a.path(), &file.path) == read(b.path(), &file.path), "{} differs", file.path);
    }
    let Ok(c) = tempfile::tempdir() else { panic!("no temp dir") };
    let other = write(c.path(), &small(8));
    assert!(read(a.path(), &first.files[0].path) != read(c.path(), &other.files[0].path));
}

#[test]
fn size_and_rotation_are_respected() {
    let Ok(dir) = tempfile::tempdir() else { panic!("no temp dir") };
    let spec = small(1);
    let manifest = write(dir.path(), &spec);
    let total: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    // Files end on entry boundaries, so the total overshoots by at most one entry per file.
    assert!(total >= spec.total_bytes && total < spec.total_bytes + 64 * 1024, "{total}");
    assert!(manifest.files.iter().all(|f| f.bytes < spec.rotate_bytes + 16 * 1024));
    let families =
        ["cuc/", "webex-bw/as/PSLog", "webex-bw/xsp/XsiActionsLog", "localhost_access_log", "current_log"];
    for family in families {
        assert!(manifest.files.iter().any(|f| f.path.contains(family)), "no {family} file");
    }
    for file in &manifest.files {
        let lines = read(dir.path(), &file.path).iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(lines, file.lines, "{}", file.path);
    }
}

#[test]
fn the_core_finds_the_planted_token_failures() {
    let Ok(dir) = tempfile::tempdir() else { panic!("no temp dir") };
    let manifest = write(dir.path(), &Spec { total_bytes: 8 << 20, rotate_bytes: 4 << 20, seed: 3 });
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(1_690_588_800_000));
    for file in &manifest.files {
        let id = analysis.add_file(&file.path);
        for chunk in read(dir.path(), &file.path).chunks(256 * 1024) {
            analysis.feed(id, chunk);
        }
        analysis.finish_file(id);
    }
    let report = analysis.finish();
    let found = |rule: &str| report.findings.iter().find(|f| f.rule == rule).map_or(0, |f| f.count);
    let planted = |kind: &str| manifest.failures.get(kind).copied().unwrap_or(0);
    assert!(planted("jwt-not-short-lived") > 0);
    assert_eq!(found("jwt-not-short-lived"), planted("jwt-not-short-lived"));
    assert_eq!(found("oauth-invalid-jwt-signature"), planted("invalid-jwt-signature"));
}

#[test]
fn the_first_file_read_has_a_failure_in_its_opening_lines() {
    let Ok(dir) = tempfile::tempdir() else { panic!("no temp dir") };
    let manifest = write(dir.path(), &small(11));
    let first = &manifest.files[0];
    assert!(first.path.starts_with("cuc/"), "the CLI reads {} first", first.path);
    let text = String::from_utf8(read(dir.path(), &first.path)).unwrap_or_default();
    let opening: Vec<&str> = text.lines().take(80).collect();
    assert!(opening.iter().any(|l| l.contains("Token must be a short-lived token")));
}
