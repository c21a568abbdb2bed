//! The terminal report's Webex for BroadWorks tables.

use assert_cmd::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/broadworks");

#[test]
fn text_report_shows_the_provisioning_table_and_sign_in_ladders() {
    let output = Command::cargo_bin("loupe")
        .expect("the loupe binary is built")
        .args(["analyze", "--now", "2023-07-29T00:00:00Z"])
        .arg(format!("{FIXTURES}/provisioning"))
        .arg(format!("{FIXTURES}/signin"))
        .output()
        .expect("loupe runs");
    assert!(output.status.success());
    let out = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "Provisioning (10 subscribers):",
        "FAILED    403  erin.green@initech-sp.net",
        "AS patch ap373197 is missing",
        "Sign-ins (5):",
        "bob.jones@acme.com  FAILED at profile GET",
        "carol.white@acme.com  FAILED at token validation",
        "token validation FAILED 401  authService2023.07.28-10.00.00.txt:23",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}
