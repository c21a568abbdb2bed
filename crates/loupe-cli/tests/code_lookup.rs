//! `loupe code`: the offline error-code lookup.

use assert_cmd::Command;

fn loupe_code(query: &[&str]) -> (bool, String) {
    let output =
        Command::cargo_bin("loupe").expect("the loupe binary is built").arg("code").args(query).output();
    let output = output.expect("loupe runs");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_code_gives_its_meaning_and_action() {
    let (ok, out) = loupe_code(&["Error", "code:", "200018"]);
    assert!(ok);
    assert!(out.contains("200018 (user activation portal)"), "{out}");
    assert!(out.contains("wait about 10 minutes"), "{out}");
}

#[test]
fn a_pasted_message_finds_its_code() {
    let (ok, out) = loupe_code(&["phone list sync failed for users of enterprise"]);
    assert!(ok);
    assert!(out.starts_with("600018 (directory sync)"), "{out}");
}

#[test]
fn an_unknown_query_fails() {
    let (ok, out) = loupe_code(&["123456"]);
    assert!(!ok);
    assert!(out.contains("No documented"), "{out}");
}
