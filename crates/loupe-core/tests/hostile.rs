//! Odd and hostile input: each file gets a status and a message, none of it disturbs the
//! others, and a good file alongside still yields its finding.

mod support;

use loupe_core::FileStatus;
use support::*;

fn utf16(text: &[u8], big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
    }
    for unit in String::from_utf8_lossy(text).encode_utf16() {
        out.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    out
}

#[test]
fn every_odd_file_gets_a_status_and_the_good_one_its_finding() {
    let mut binary = b"\x7fELF\x02\x01\x01\x00".to_vec();
    binary.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let mut huge_line = vec![b'A'; 20 << 20];
    huge_line.extend_from_slice(b" invalid_grant\n");
    huge_line.extend_from_slice(CUC);
    let good_zip = zip(&[("logs/diag_CuGSuiteSyncSrv_00000001.uc", CUC, true)]);
    let truncated_zip = good_zip[..good_zip.len() / 2].to_vec();
    let bomb = zip(&[("bomb.log", &vec![0u8; 48 << 20], true)]);
    let invalid_json = b"{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-cuc\",\n  \"private_key_id\": \"0123\"\n  \"client_email\": \"cuc@acme-cuc.iam.gserviceaccount.com\"\n}\n".to_vec();

    let started = std::time::Instant::now();
    // The good file goes first so that its lines are among the capped evidence.
    let report = analyse(&[
        ("good/diag_CuGSuiteSyncSrv_00000001.uc", CUC.to_vec()),
        ("binary.dat", binary),
        ("empty.log", Vec::new()),
        ("huge-line.log", huge_line),
        ("truncated.zip", truncated_zip),
        ("bomb.zip", bomb),
        ("key.json", invalid_json),
        ("utf16le-no-bom.uc", utf16(CUC, false, false)),
        ("utf16be-no-bom.uc", utf16(CUC, true, false)),
        ("utf16be-bom.uc", utf16(CUC, true, true)),
    ]);
    assert!(started.elapsed().as_secs() < 60, "hostile input took {:?}", started.elapsed());

    let status = |path: &str| {
        let f = file(&report, path);
        (f.status, f.message.clone().unwrap_or_default(), f.encoding.clone())
    };
    let (s, m, _) = status("binary.dat");
    assert!(s == FileStatus::Skipped && m.contains("binary"), "{s:?} {m}");
    let (s, m, _) = status("empty.log");
    assert!(s == FileStatus::Skipped && m.contains("empty"), "{s:?} {m}");
    let (s, m, _) = status("huge-line.log");
    assert!(s == FileStatus::Ok && m.contains("very long line"), "{s:?} {m}");
    let (s, m, _) = status("truncated.zip");
    assert!(s == FileStatus::Error && m.contains("truncated or corrupt zip"), "{s:?} {m}");
    let (s, m, _) = status("bomb.zip!/bomb.log");
    assert!(s == FileStatus::Error && m.contains("decompression bomb"), "{s:?} {m}");
    let (s, m, _) = status("key.json");
    assert!(s == FileStatus::Ok && m.contains("not valid JSON") && m.contains("line 5"), "{s:?} {m}");
    for (path, encoding) in [
        ("utf16le-no-bom.uc", "utf-16le (no BOM)"),
        ("utf16be-no-bom.uc", "utf-16be (no BOM)"),
        ("utf16be-bom.uc", "utf-16be"),
    ] {
        let (s, m, e) = status(path);
        assert!(s == FileStatus::Ok && m.is_empty() && e == encoding, "{path}: {s:?} {m} {e}");
        assert_eq!(file(&report, path).format, "cuc-diag");
    }

    let evidence = evidence_paths(&report, "jwt-not-short-lived");
    // The huge line is line 1, so the trace's line 5 is line 6 there.
    for path in ["good/diag_CuGSuiteSyncSrv_00000001.uc:5", "huge-line.log:6"] {
        assert!(evidence.iter().any(|e| e == path), "{path} missing from {evidence:?}");
    }
}
