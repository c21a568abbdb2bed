//! The Webex for BroadWorks tables of a report, for a terminal: the provisioning table
//! and each sign-in's ladder.

use std::io::{self, Write};

use loupe_core::{ProvisioningStatus, Report, SignInStatus, StepOutcome};

pub(crate) fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    if !report.provisioning.is_empty() {
        writeln!(out)?;
        writeln!(out, "Provisioning ({} subscribers):", report.provisioning.len())?;
        for row in &report.provisioning {
            let status = match row.status {
                ProvisioningStatus::Accepted => "accepted",
                ProvisioningStatus::Failed => "FAILED",
                ProvisioningStatus::NoResponse => "no answer",
            };
            let code = row.http_code.map_or_else(|| "-".to_owned(), |c| c.to_string());
            writeln!(
                out,
                "  {status:<9} {code:>3}  {}  <{}>  {}",
                row.user,
                row.email.as_deref().unwrap_or("-"),
                row.time.as_deref().unwrap_or("time unknown")
            )?;
            writeln!(out, "      {}", row.cause)?;
            if !row.defects.is_empty() {
                writeln!(out, "      profile: {}", row.defects.join(", "))?;
            }
        }
    }
    if !report.signins.is_empty() {
        writeln!(out)?;
        writeln!(out, "Sign-ins ({}):", report.signins.len())?;
        for signin in &report.signins {
            let status = match (signin.status, signin.failed_step) {
                (SignInStatus::Complete, _) => "complete".to_owned(),
                (SignInStatus::Failed, Some(step)) => format!("FAILED at {}", step.label()),
                (SignInStatus::Failed, None) => "FAILED".to_owned(),
                (SignInStatus::Incomplete, _) => "incomplete".to_owned(),
            };
            writeln!(out)?;
            writeln!(
                out,
                "  {}  {}  {status}",
                signin.tracking_id,
                signin.user.as_deref().unwrap_or("(user unknown)")
            )?;
            writeln!(out, "    {}", signin.verdict)?;
            for step in &signin.steps {
                let outcome = match step.outcome {
                    StepOutcome::Ok => "ok",
                    StepOutcome::Failed => "FAILED",
                    StepOutcome::Seen => "..",
                };
                let code = step.http_status.map_or_else(String::new, |c| c.to_string());
                let file = step.path.rsplit(['/', '\\']).next().unwrap_or(&step.path);
                writeln!(
                    out,
                    "    {}  {:<16} {outcome:<6} {code:<3}  {file}:{}",
                    step.time.as_deref().unwrap_or("time unknown"),
                    step.step.label(),
                    step.line
                )?;
            }
        }
    }
    Ok(())
}
