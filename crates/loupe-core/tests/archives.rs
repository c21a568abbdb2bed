//! Archives and folders are opened by the core, by content, with members named
//! `outer!/inner` and evidence citing lines inside them.

mod support;

use loupe_core::{AnalysisOptions, FileStatus};
use support::*;

fn bundle() -> Vec<u8> {
    let inner_tgz =
        gzip(&tar(&[("logs/diag_CuGSuiteSyncSrv_00000001.uc", CUC), ("logs/readme.txt", b"hello\n")]));
    zip(&[
        ("cuc/", b"", false),
        ("cuc/trace/diag_CuGSuiteSyncSrv_00000001.uc", CUC, true),
        ("cuc/trace/stored.uc", CUC, false),
        ("nested/more.tar.gz", &inner_tgz, false),
        ("single.log.gz", &gzip(b"2023-07-28T14:14:10.894Z <Info> [1] A.cpp:1 f:started\n"), true),
    ])
}

#[test]
fn zip_with_folders_gz_and_nested_tar_gz_is_read_whole() {
    let report = analyse(&[("bundle.zip", bundle())]);
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "bundle.zip!/cuc/trace/diag_CuGSuiteSyncSrv_00000001.uc",
            "bundle.zip!/cuc/trace/stored.uc",
            "bundle.zip!/nested/more.tar.gz!/logs/diag_CuGSuiteSyncSrv_00000001.uc",
            "bundle.zip!/nested/more.tar.gz!/logs/readme.txt",
            "bundle.zip!/single.log.gz",
        ]
    );
    for file in &report.files {
        assert_eq!(file.status, FileStatus::Ok, "{file:?}");
    }
    assert_eq!(file(&report, "bundle.zip!/single.log.gz").format, "webex-client");
    let direct = file(&report, "bundle.zip!/cuc/trace/stored.uc");
    assert_eq!(direct.bytes, CUC.len() as u64);
    let evidence = evidence_paths(&report, "jwt-not-short-lived");
    assert!(
        evidence
            .iter()
            .any(|e| e.starts_with("bundle.zip!/nested/more.tar.gz!/logs/diag_CuGSuiteSyncSrv_00000001.uc:")),
        "{evidence:?}"
    );
}

#[test]
fn members_give_the_same_report_as_loose_files() {
    let zipped = analyse(&[("b.zip", zip(&[("x.uc", CUC, true)]))]);
    let loose = analyse(&[("b.zip!/x.uc", CUC.to_vec())]);
    assert_eq!(zipped, loose);
}

#[test]
fn gzip_and_tar_are_recognised_by_content_not_name() {
    let report = analyse(&[
        ("trace.dat", gzip(CUC)),
        ("bundle.bin", tar(&[("a/diag_1.uc", CUC)])),
        ("double", gzip(&gzip(CUC))),
    ]);
    assert_eq!(file(&report, "trace.dat").format, "cuc-diag");
    assert_eq!(file(&report, "bundle.bin!/a/diag_1.uc").format, "cuc-diag");
    assert_eq!(file(&report, "double").format, "cuc-diag");
}

#[test]
fn truncated_zip_is_an_error_but_members_before_the_cut_are_read() {
    let whole = bundle();
    let cut = &whole[..whole.len() * 3 / 5];
    let report = analyse(&[("cut.zip", cut.to_vec())]);
    let archive = file(&report, "cut.zip");
    assert_eq!(archive.status, FileStatus::Error);
    assert_eq!(archive.format, "zip");
    let message = archive.message.clone().unwrap_or_default();
    assert!(message.contains("truncated or corrupt zip"), "{message}");
    let first = file(&report, "cut.zip!/cuc/trace/diag_CuGSuiteSyncSrv_00000001.uc");
    assert_eq!(first.status, FileStatus::Ok);
    assert!(!evidence_paths(&report, "jwt-not-short-lived").is_empty());
}

#[test]
fn truncated_gzip_keeps_what_was_read_and_says_so() {
    let whole = gzip(CUC);
    let report = analyse(&[("trace.uc.gz", whole[..whole.len() / 2].to_vec())]);
    let trace = file(&report, "trace.uc.gz");
    assert_eq!(trace.status, FileStatus::Error);
    assert!(trace.message.as_deref().unwrap_or_default().contains("cut short"), "{trace:?}");
    assert!(trace.lines > 0);
}

#[test]
fn zip_bomb_is_stopped_with_a_message() {
    let zeros = vec![0u8; 48 << 20];
    let bomb =
        zip(&[("a.log", b"2023-07-28 14:14:10,894 ERROR [t] c - ok\n", true), ("bomb.log", &zeros, true)]);
    let report = analyse(&[("bomb.zip", bomb), ("good.uc", CUC.to_vec())]);
    let bomb = file(&report, "bomb.zip!/bomb.log");
    assert_eq!(bomb.status, FileStatus::Error);
    assert!(bomb.message.as_deref().unwrap_or_default().contains("decompression bomb"), "{bomb:?}");
    assert!(bomb.bytes < 16 << 20, "reading went on too long: {} bytes", bomb.bytes);
    assert_eq!(file(&report, "bomb.zip!/a.log").status, FileStatus::Ok);
    assert_eq!(file(&report, "good.uc").status, FileStatus::Ok);
}

#[test]
fn total_expansion_cap_is_configurable() {
    let mut options = AnalysisOptions::at_unix_ms(NOW);
    options.max_archive_bytes = 1000;
    let report = analyse_with(options, &[("b.zip", zip(&[("x.uc", CUC, false)]))]);
    let member = file(&report, "b.zip!/x.uc");
    assert_eq!(member.status, FileStatus::Error);
    assert!(member.message.as_deref().unwrap_or_default().contains("expands past"), "{member:?}");
}

#[test]
fn empty_zip_and_unsupported_archives_say_so() {
    let report =
        analyse(&[("empty.zip", zip(&[])), ("logs.7z", vec![b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4])]);
    assert_eq!(file(&report, "empty.zip").status, FileStatus::Skipped);
    let seven = file(&report, "logs.7z");
    assert_eq!(seven.status, FileStatus::Skipped);
    assert!(seven.message.as_deref().unwrap_or_default().contains("7-Zip"));
}

#[test]
fn progress_reports_bytes_of_the_source() {
    let bytes = bundle();
    let mut analysis = loupe_core::Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    let mut last = 0;
    loupe_core::analyse_source_with_progress(
        &mut analysis,
        "b.zip",
        std::io::Cursor::new(&bytes),
        &mut |n| {
            assert!(n >= last);
            last = n;
        },
    );
    assert!(last > 0 && last <= bytes.len() as u64 * 2, "{last} of {}", bytes.len());
}

#[test]
fn the_observer_sees_findings_while_an_archive_is_read() {
    let bytes = zip(&[("a.uc", CUC, true), ("b.uc", CUC, true)]);
    let mut analysis = loupe_core::Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    let mut seen = 0;
    loupe_core::analyse_source_observed(&mut analysis, "b.zip", std::io::Cursor::new(&bytes), &mut |_, a| {
        seen = seen.max(a.findings_so_far().len());
    });
    assert!(seen > 0, "no findings were visible during the read");
}

#[test]
fn plain_sources_are_told_apart_from_archives_by_their_head() {
    let head = |bytes: &[u8]| bytes[..bytes.len().min(loupe_core::SOURCE_SNIFF_BYTES)].to_vec();
    assert!(loupe_core::is_plain_source(&head(CUC)));
    assert!(loupe_core::is_plain_source(b""));
    for archive in [zip(&[("x.uc", CUC, true)]), gzip(CUC), tar(&[("x.uc", CUC)]), b"BZh91AY&SY..".to_vec()] {
        assert!(!loupe_core::is_plain_source(&head(&archive)));
    }
}

#[test]
fn zip_inside_tar_gz_is_opened_from_memory() {
    let inner = zip(&[("trace/diag_1.uc", CUC, true)]);
    let report = analyse(&[("outer.tgz", gzip(&tar(&[("bundle/inner.zip", &inner)])))]);
    let member = file(&report, "outer.tgz!/bundle/inner.zip!/trace/diag_1.uc");
    assert_eq!(member.format, "cuc-diag");
    assert_eq!(member.status, FileStatus::Ok);
}

#[test]
fn archives_nested_too_deep_are_not_opened() {
    let mut bytes = CUC.to_vec();
    for _ in 0..12 {
        bytes = gzip(&bytes);
    }
    let report = analyse(&[("deep.gz", bytes)]);
    let deep = file(&report, "deep.gz");
    assert_eq!(deep.status, FileStatus::Skipped);
    assert!(deep.message.as_deref().unwrap_or_default().contains("nested more than"), "{deep:?}");
}

// See: a small member cut mid-way inside a truncated zip was reported with 0 bytes read.
#[test]
fn small_member_cut_mid_way_keeps_its_readable_lines() {
    // Both a member longer than the bytes sniffed for its kind, and a shorter one.
    for size in [CUC.len(), 400] {
        let whole = zip(&[("a/diag_1.uc", &CUC[..size], false)]);
        let cut = whole[..whole.len() / 2].to_vec();
        let report = analyse(&[("cut.zip", cut)]);
        let member = file(&report, "cut.zip!/a/diag_1.uc");
        assert_eq!(member.status, FileStatus::Error);
        assert!(member.bytes > 0 && member.lines > 0, "{size}: {member:?}");
        let message = member.message.clone().unwrap_or_default();
        assert!(message.contains("damaged or cut short"), "{size}: {message}");
    }
}
