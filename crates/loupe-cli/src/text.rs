//! The human-readable report, for a terminal.

use std::io::{self, Write};

use loupe_core::{FileStatus, Report, Severity};

#[path = "text_broadworks.rs"]
mod broadworks;

pub(crate) fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(out, "Files ({}):", report.files.len())?;
    for file in &report.files {
        let status = match file.status {
            FileStatus::Ok => "ok",
            FileStatus::Error => "ERROR",
            FileStatus::Skipped => "skipped",
        };
        write!(
            out,
            "  [{status}] {}  {}  {} bytes, {} lines",
            file.path, file.format, file.bytes, file.lines
        )?;
        if let (Some(first), Some(last)) = (&file.first_time, &file.last_time) {
            write!(out, ", {first} .. {last}")?;
        }
        if file.zone_assumed {
            write!(out, " (zone assumed {})", file.zone)?;
        }
        writeln!(out)?;
        if let Some(message) = &file.message {
            writeln!(out, "      {message}")?;
        }
    }
    writeln!(out)?;
    if report.findings.is_empty() {
        writeln!(out, "No findings.")?;
        broadworks::write(out, report)?;
        return crate::google_text::write(out, report);
    }
    writeln!(out, "Findings ({}):", report.findings.len())?;
    for finding in &report.findings {
        let severity = match finding.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        };
        writeln!(out)?;
        writeln!(out, "{severity} [{}] {}  (x{})", finding.rule, finding.title, finding.count)?;
        if let (Some(first), Some(last)) = (&finding.first_seen, &finding.last_seen) {
            writeln!(out, "  seen {first} .. {last}")?;
        }
        writeln!(out, "  why:  {}", finding.detail.replace('\n', " "))?;
        writeln!(out, "  fix:  {}", finding.remedy.replace('\n', " "))?;
        for evidence in &finding.evidence {
            writeln!(out, "  > {}:{}: {}", evidence.path, evidence.line, evidence.text)?;
        }
    }
    broadworks::write(out, report)?;
    crate::google_text::write(out, report)
}
