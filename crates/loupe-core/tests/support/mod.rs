//! Archive builders, a small report runner and a fixture walker shared by the tests.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::io::{Cursor, Write};

use loupe_core::{analyse_source, Analysis, AnalysisOptions, FileSummary, Report};

pub const NOW: i64 = 1_700_000_000_000;

/// The CUC trace whose `invalid_grant` answer yields `jwt-not-short-lived`.
pub const CUC: &[u8] = include_bytes!("../../../../tests/fixtures/cuc/diag_CuGSuiteSyncSrv_00000001.uc");

pub fn zip(members: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for &(name, bytes, deflate) in members {
        let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        if let Some(dir) = name.strip_suffix('/') {
            writer.add_directory(dir, options).expect("directory added");
            continue;
        }
        writer.start_file(name, options).expect("member started");
        writer.write_all(bytes).expect("member written");
    }
    writer.finish().expect("zip finished").into_inner()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip written");
    encoder.finish().expect("gzip finished")
}

pub fn tar(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for &(name, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, bytes).expect("tar member written");
    }
    builder.into_inner().expect("tar finished")
}

pub fn analyse(sources: &[(&str, Vec<u8>)]) -> Report {
    analyse_with(AnalysisOptions::at_unix_ms(NOW), sources)
}

pub fn analyse_with(options: AnalysisOptions, sources: &[(&str, Vec<u8>)]) -> Report {
    let mut analysis = Analysis::new(options);
    for (path, bytes) in sources {
        analyse_source(&mut analysis, path, Cursor::new(bytes));
    }
    analysis.finish()
}

pub fn file<'a>(report: &'a Report, path: &str) -> &'a FileSummary {
    report.files.iter().find(|f| f.path == path).unwrap_or_else(|| {
        let paths: Vec<_> = report.files.iter().map(|f| f.path.as_str()).collect();
        panic!("no file {path} in {paths:?}")
    })
}

/// The paths of the evidence of one rule's findings.
pub fn evidence_paths(report: &Report, rule: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .flat_map(|f| f.evidence.iter().map(|e| format!("{}:{}", e.path, e.line)))
        .collect()
}

/// Every file under `path` (or `path` itself), sorted, so reports are reproducible.
pub fn files_under(path: &std::path::Path) -> Vec<std::path::PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .flat_map(|p| files_under(&p))
        .collect();
    files.sort();
    files
}
