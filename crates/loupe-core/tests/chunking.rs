//! The streaming contract: however a file is cut into chunks, the report is the same.

use loupe_core::{Analysis, AnalysisOptions, Report};
use proptest::prelude::*;

const NOW: i64 = 1_690_553_650_894;

/// Fixtures with every feature chunking can break: CRLF, bare CR, multi-line entries,
/// Latin-1 bytes, UTF-16 with a BOM, a line longer than the line cap.
fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let cuc = include_bytes!("../../../tests/fixtures/cuc/diag_CuGSuiteSyncSrv_00000001.uc").to_vec();
    let crlf: Vec<u8> = String::from_utf8_lossy(&cuc).replace('\n', "\r\n").into_bytes();
    let bare_cr: Vec<u8> = cuc.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in String::from_utf8_lossy(&cuc).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut latin1 = b"14:00:00.000 |1,,,CuGSuiteSyncSrv,11,T-1,r\xe9sum\xe9 invalid_grant\n".to_vec();
    latin1.extend_from_slice(&cuc);
    let mut long_line = vec![b'x'; 300 * 1024];
    long_line.extend_from_slice(b" invalid_grant\n");
    long_line.extend_from_slice(&cuc);
    let mut files = vec![
        ("diag_1.uc", cuc),
        ("crlf.uc", crlf),
        ("cr.uc", bare_cr),
        ("utf16.uc", utf16),
        ("latin1.uc", latin1),
        ("long.log", long_line),
    ];
    files.extend(format_fixtures());
    files
}

/// One fixture per recognised format, so that entry assembly of each is chunk-proof.
fn format_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    macro_rules! fixture {
        ($path:literal) => {
            ($path, include_bytes!(concat!("../../../tests/fixtures/formats/", $path)).to_vec())
        };
    }
    vec![
        fixture!("broadworks/PSLog2023.07.28-14.14.10.txt"),
        fixture!("broadworks/XsiActionsLog2023.07.28.txt"),
        fixture!("broadworks/authService.log"),
        fixture!("broadworks/XSLog2023.07.28-00.00.00.txt"),
        fixture!("tomcat/access_log.2023-07-28.txt"),
        fixture!("webex/current_log.txt"),
        fixture!("webex/bwc/current_log.txt"),
        fixture!("java/CuGSuiteSyncSrv-java.log"),
        fixture!("syslog/messages"),
        fixture!("syslog/rfc5424.log"),
        fixture!("json/google-api-error.json"),
        fixture!("json/subscription.json"),
        fixture!("json/events.jsonl"),
        fixture!("plain/notes.txt"),
        (
            "utf16-no-bom.txt",
            include_bytes!("../../../tests/fixtures/encodings/current_log_utf16le_nobom.txt").to_vec(),
        ),
        (
            "latin1-crlf.txt",
            include_bytes!("../../../tests/fixtures/encodings/PSLog_latin1_crlf.txt").to_vec(),
        ),
    ]
}

fn analyse(chunking: &dyn Fn(&[u8]) -> Vec<&[u8]>) -> Report {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    for (name, bytes) in corpus() {
        let id = analysis.add_file(name);
        for chunk in chunking(&bytes) {
            analysis.feed(id, chunk);
        }
        analysis.finish_file(id);
    }
    analysis.finish()
}

fn whole() -> Report {
    analyse(&|bytes| vec![bytes])
}

#[test]
fn fixed_chunk_sizes_give_identical_reports() {
    let reference = whole();
    assert!(!reference.findings.is_empty());
    for size in [1usize, 7, 64 * 1024] {
        let report = analyse(&|bytes| bytes.chunks(size).collect());
        assert_eq!(report, reference, "chunk size {size} changed the report");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_cut_points_give_identical_reports(cuts in proptest::collection::vec(1usize..5000, 1..40)) {
        let reference = whole();
        let report = analyse(&|bytes| {
            let mut chunks = Vec::new();
            let mut rest = bytes;
            for &cut in cuts.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (head, tail) = rest.split_at(cut.min(rest.len()));
                chunks.push(head);
                rest = tail;
            }
            chunks
        });
        prop_assert_eq!(report, reference);
    }
}
