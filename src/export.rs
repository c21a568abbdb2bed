//! The report as files the user can keep: JSON (the CLI's contract, for tools) and
//! Markdown (for pasting into a ticket).
//!
//! Both are made from the in-memory [`Report`] and nothing else: evidence was masked by the
//! core when it was recorded, and no input file is read again, so an export can hold no
//! more than the page shows.

use loupe_core::{Finding, Report, Severity};

use crate::format;
use crate::labels::{
    category_label, provisioning_status_label, severity_label, signin_status_label, status_slug,
};

/// File names offered for the downloads.
pub const JSON_NAME: &str = "loupe-report.json";
/// See [`JSON_NAME`].
pub const MARKDOWN_NAME: &str = "loupe-report.md";

/// The report exactly as `loupe analyze --format json` prints it.
pub fn to_json(report: &Report) -> String {
    // Serialising plain data with string keys cannot fail; an empty object is a safe answer
    // should that ever change.
    let mut json = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_owned());
    json.push('\n');
    json
}

/// A Markdown summary: counts, each finding with its explanation, remedy and evidence, and
/// the files. `generated` is a human-readable time, supplied by the caller.
pub fn to_markdown(report: &Report, generated: &str) -> String {
    let mut out = String::new();
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    out.push_str("# Loupe report\n\n");
    out.push_str(&format!(
        "{} analysed on {generated}, locally in the browser: {}, {}, {}.\n",
        format::plural(report.files.len(), "file", "files"),
        format::plural(count(Severity::Error), "error", "errors"),
        format::plural(count(Severity::Warning), "warning", "warnings"),
        format::plural(count(Severity::Info), "note", "notes"),
    ));

    out.push_str("\n## Findings\n");
    if report.findings.is_empty() {
        out.push_str(
            "\nNo known problem found. Loupe only recognises the failures it has rules for, so this is not proof that all is well.\n",
        );
    }
    for finding in &report.findings {
        finding_section(&mut out, finding);
    }

    provisioning_section(&mut out, report);
    signins_section(&mut out, report);

    out.push_str(
        "\n## Files\n\n| File | Format | Status | Lines | Time range |\n| --- | --- | --- | ---: | --- |\n",
    );
    for file in &report.files {
        let status = match &file.message {
            Some(message) => format!("{}: {message}", status_slug(file.status)),
            None => status_slug(file.status).to_owned(),
        };
        let range =
            format::time_range(file.first_time.as_deref(), file.last_time.as_deref()).unwrap_or_default();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&code(&file.path)),
            cell(&file.format),
            cell(&status),
            format::count(file.lines),
            cell(&range),
        ));
    }
    out
}

/// Webex for BroadWorks provisioning, one row per subscriber.
fn provisioning_section(out: &mut String, report: &Report) {
    if report.provisioning.is_empty() {
        return;
    }
    out.push_str("\n## Webex provisioning\n\n| Subscriber | Email | Result | HTTP | Cause |\n| --- | --- | --- | ---: | --- |\n");
    for row in &report.provisioning {
        let mut cause = row.cause.clone();
        if !row.defects.is_empty() {
            cause.push_str(&format!(" Profile: {}.", row.defects.join(", ")));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&row.user),
            cell(row.email.as_deref().unwrap_or("")),
            provisioning_status_label(row.status),
            row.http_code.map(|c| c.to_string()).unwrap_or_default(),
            cell(&cause),
        ));
    }
}

/// Webex for BroadWorks sign-ins, one row per tracking ID.
fn signins_section(out: &mut String, report: &Report) {
    if report.signins.is_empty() {
        return;
    }
    out.push_str(
        "\n## Webex sign-ins\n\n| Tracking ID | User | Result | Verdict |\n| --- | --- | --- | --- |\n",
    );
    for signin in &report.signins {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&code(&signin.tracking_id)),
            cell(signin.user.as_deref().unwrap_or("")),
            signin_status_label(signin.status, signin.failed_step),
            cell(&signin.verdict),
        ));
    }
}

fn finding_section(out: &mut String, finding: &Finding) {
    out.push_str(&format!("\n### {}: {}\n\n", severity_label(finding.severity), inline(&finding.title)));
    let mut facts = vec![
        format!("rule {}", code(&finding.rule)),
        category_label(finding.category).to_owned(),
        if finding.count == 1 {
            "seen once".to_owned()
        } else {
            format!("seen {} times", format::count(finding.count))
        },
    ];
    if let Some(range) = format::time_range(finding.first_seen.as_deref(), finding.last_seen.as_deref()) {
        facts.push(range);
    }
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");
    out.push_str(&format!("**What it means.** {}\n\n", inline(&finding.detail)));
    out.push_str(&format!("**What to do.** {}\n", inline(&finding.remedy)));
    if finding.evidence.is_empty() {
        return;
    }
    let lines: Vec<String> =
        finding.evidence.iter().map(|e| format!("{}:{}: {}", e.path, e.line, e.text)).collect();
    let fence = fence_for(&lines.join("\n"));
    out.push_str(&format!("\n**Evidence**\n\n{fence}text\n"));
    for line in &lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    if (finding.evidence.len() as u64) < finding.count {
        out.push_str(&format!(
            "\n{} of {} occurrences shown.\n",
            finding.evidence.len(),
            format::count(finding.count)
        ));
    }
}

/// A code fence longer than any run of backticks in `text`, so log lines cannot close it.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    let fence = "`".repeat(text.split(|c| c != '`').map(str::len).max().unwrap_or(0) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Prose on one line: line breaks in a detail would break a list or a table apart.
fn inline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table cell: a `|` would end the cell early.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use loupe_core::{
        Category, Evidence, FileStatus, FileSummary, ProvisioningRow, ProvisioningStatus, SignIn,
        SignInStatus, SignInStepKind,
    };

    fn report() -> Report {
        Report {
            files: vec![FileSummary {
                path: "logs/diag|1.uc".into(),
                format: "cuc-diag".into(),
                status: FileStatus::Ok,
                message: None,
                bytes: 3040,
                lines: 1234,
                entries: 20,
                encoding: "utf-8".into(),
                first_time: Some("2024-03-12T14:14:10.000Z".into()),
                last_time: Some("2024-03-12T14:24:11.000Z".into()),
                date_source: None,
                zone: "UTC".into(),
                zone_assumed: false,
            }],
            findings: vec![Finding {
                rule: "jwt-not-short-lived".into(),
                category: Category::Jwt,
                severity: Severity::Error,
                title: "Google rejected the JWT".into(),
                detail: "The clock\nis off.".into(),
                remedy: "Fix NTP.".into(),
                count: 3,
                first_seen: Some("2024-03-12T14:14:11.004Z".into()),
                last_seen: Some("2024-03-12T14:24:11.004Z".into()),
                evidence: vec![Evidence {
                    path: "logs/diag|1.uc".into(),
                    line: 13,
                    text: "a ``` fence".into(),
                }],
            }],
            provisioning: vec![ProvisioningRow {
                user: "sofia.rossi@nwsp.example".into(),
                email: Some("sofia.rossi@northwind.example".into()),
                time: None,
                status: ProvisioningStatus::Failed,
                http_code: Some(400),
                message: None,
                cause: "The bridge could not process the profile.".into(),
                remedy: "Fix it.".into(),
                defects: vec!["no PrimaryPhoneNumber".into()],
                target: None,
                attempts: 1,
                evidence: Evidence { path: "PSLog.txt".into(), line: 40, text: "POST".into() },
            }],
            signins: vec![SignIn {
                tracking_id: "CLIENT_3c5e".into(),
                user: Some("erik.lund@northwind.example".into()),
                status: SignInStatus::Failed,
                failed_step: Some(SignInStepKind::Profile),
                verdict: "Wrong BroadWorks password.".into(),
                steps: Vec::new(),
            }],
            ..Report::default()
        }
    }

    #[test]
    fn json_is_the_cli_contract() {
        let json: serde_json::Value = serde_json::from_str(&to_json(&report())).expect("valid JSON");
        assert_eq!(json["files"][0]["path"], "logs/diag|1.uc");
        assert_eq!(json["findings"][0]["rule"], "jwt-not-short-lived");
        assert_eq!(json["findings"][0]["evidence"][0]["line"], 13);
    }

    #[test]
    fn markdown_has_counts_finding_and_files() {
        let md = to_markdown(&report(), "2024-03-12 15:00 UTC");
        assert!(md.contains("1 file analysed on 2024-03-12 15:00 UTC"), "{md}");
        assert!(md.contains("1 error, 0 warnings, 0 notes"), "{md}");
        assert!(md.contains("### Error: Google rejected the JWT"), "{md}");
        assert!(md.contains("**What it means.** The clock is off."), "{md}");
        assert!(md.contains("seen 3 times"), "{md}");
        assert!(md.contains("1 of 3 occurrences shown."), "{md}");
        assert!(md.contains("| `logs/diag\\|1.uc` | cuc-diag | ok | 1,234 |"), "{md}");
        assert!(
            md.contains("| sofia.rossi@nwsp.example | sofia.rossi@northwind.example | failed | 400 | The bridge could not process the profile. Profile: no PrimaryPhoneNumber. |"),
            "{md}"
        );
        assert!(
            md.contains("| `CLIENT_3c5e` | erik.lund@northwind.example | failed at profile GET | Wrong BroadWorks password. |"),
            "{md}"
        );
    }

    #[test]
    fn evidence_with_backticks_cannot_close_its_fence() {
        let md = to_markdown(&report(), "now");
        assert!(md.contains("````text\nlogs/diag|1.uc:13: a ``` fence\n````\n"), "{md}");
    }

    #[test]
    fn an_empty_report_says_so() {
        let md = to_markdown(&Report::default(), "now");
        assert!(md.contains("No known problem found."), "{md}");
    }
}
