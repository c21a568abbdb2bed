//! The core compiled to wasm32 gives the same answers as on native: run by
//! `wasm-bindgen-test-runner` (see `./dev test`). Catches wasm-only breakage such as a
//! dependency that needs the clock or the file system.
#![cfg(target_arch = "wasm32")]

use loupe_core::{Analysis, AnalysisOptions, Severity};
use wasm_bindgen_test::wasm_bindgen_test;

const CUC_TRACE: &[u8] = include_bytes!("fixtures/cuc/diag_CuGSuiteSyncSrv_00000001.uc");

#[wasm_bindgen_test]
fn cuc_invalid_grant_is_found_in_wasm_with_tiny_chunks() {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(1_700_000_000_000));
    let file = analysis.add_file("diag_CuGSuiteSyncSrv_00000001.uc");
    for chunk in CUC_TRACE.chunks(7) {
        analysis.feed(file, chunk);
    }
    let report = analysis.finish();
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "jwt-not-short-lived")
        .expect("the invalid_grant finding is reported");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.count, 3);
    assert_eq!(finding.evidence[0].line, 5);
}

#[wasm_bindgen_test]
fn wasm_report_equals_native_golden() {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(1_700_000_000_000));
    let file = analysis.add_file("tests/fixtures/cuc/diag_CuGSuiteSyncSrv_00000001.uc");
    analysis.feed(file, CUC_TRACE);
    let report = serde_json::to_value(analysis.finish()).expect("report serialises");
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("golden/cuc-invalid-grant/expected.json")).expect("golden parses");
    assert_eq!(report, golden);
}
