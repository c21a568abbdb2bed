//! The demo files behind "Try with sample logs": one customer's bad day across every system
//! Loupe knows, so a newcomer sees what it finds in one click.
//!
//! They are real files under `www/samples/` (see `www/samples.md` for the story and what each
//! should trigger), compiled into the page's wasm so the single-file bundle carries them
//! too. The page turns them into `File`s and analyses them like anything the user drops.

/// One demo file.
pub struct Sample {
    /// How the report names it.
    pub path: &'static str,
    /// Its contents.
    pub bytes: &'static [u8],
}

/// The folder the sample paths start with, so they are recognisable in a report.
pub const FOLDER: &str = "loupe-samples";

macro_rules! samples {
    ($($path:literal),* $(,)?) => {
        &[$(Sample {
            path: concat!("loupe-samples/", $path),
            bytes: include_bytes!(concat!("../www/samples/", $path)),
        }),*]
    };
}

/// Every demo file, in the order the page lists them.
pub const SAMPLES: &[Sample] = samples![
    "cuc/diag_CuGSuiteSyncSrv_00000001.uc",
    "cuc/diag_CuGSuiteSyncSrv_00000002.uc",
    "cuc/um-accounts-status.txt",
    "google/loupe-demo-3b9f2c71d04e.json",
    "google/dwd-scopes-pasted.txt",
    "google/workspace-events-subscriptions.json",
    "broadworks/as01/PSLog2024.03.12-13.00.00.txt",
    "broadworks/xsp01/access_log.2024-03-12.txt",
    "broadworks/xsp01/XsiActionsLog2024.03.12-13.00.00.txt",
    "broadworks/xsp01/authService2024.03.12-13.00.00.txt",
    "webex-app/current_log.txt",
];
