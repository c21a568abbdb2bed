//! Secrecy across every export format: the CLI's JSON and text reports over the Google
//! fixtures (service-account keys, signed tokens) never contain key material.

use assert_cmd::Command;

const GOOGLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/google");

/// The body lines of the throwaway test keys every key file in the fixtures was made from.
fn key_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for name in ["current.pem", "old.pem", "weak-pkcs1.pem"] {
        let pem = std::fs::read_to_string(format!("{GOOGLE}/keys/{name}")).expect("test key is readable");
        lines.extend(pem.lines().filter(|l| !l.starts_with("-----")).map(str::to_owned));
    }
    assert!(lines.len() > 40);
    lines
}

#[test]
fn no_export_format_carries_the_private_key() {
    let secrets = key_lines();
    for format in ["json", "text"] {
        let output = Command::cargo_bin("loupe")
            .expect("the loupe binary is built")
            .args([
                "analyze",
                "--format",
                format,
                "--now",
                "2023-07-28T15:00:00Z",
                "--date",
                "2023-07-28",
                GOOGLE,
            ])
            .output()
            .expect("loupe runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let out = String::from_utf8_lossy(&output.stdout).replace("\\n", "\n");
        assert!(out.contains("acme-voicemail"), "the key files were analysed ({format})");
        for secret in &secrets {
            assert!(!out.contains(secret.as_str()), "{format} output carries key material: {secret}");
        }
    }
}
