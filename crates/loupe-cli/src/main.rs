//! `loupe`: batch triage of log bundles from the command line, with the same core as the page.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use loupe_core::{AnalysisOptions, Report, Severity};

mod code;
mod google_text;
mod input;
mod parallel;
mod text;

#[derive(Parser)]
#[command(
    name = "loupe",
    version,
    about = "Finds why Google, CUC and Webex for BroadWorks integrations broke, from their logs."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse log files and directories (walked recursively) and print the findings.
    Analyze(AnalyzeArgs),
    /// Explain a Webex for BroadWorks error code, or find the code of a pasted message.
    Code(code::CodeArgs),
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// Files and directories to analyse.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Date to assume for logs whose lines carry only a time of day (YYYY-MM-DD).
    #[arg(long)]
    date: Option<chrono::NaiveDate>,
    /// UTC offset to assume for logs whose lines name no zone, such as +02:00 or -0500.
    #[arg(long, allow_hyphen_values = true, value_parser = parse_offset)]
    utc_offset: Option<i32>,
    /// The moment to treat as "now" (RFC 3339); defaults to the system clock. Fixing it
    /// makes reports reproducible.
    #[arg(long)]
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Exit with status 1 when a finding of this severity or worse is found.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Required-scope profile to check pasted scope lists against; by default each list is
    /// checked against the profile it matches best.
    #[arg(long, value_parser = parse_scope_profile)]
    scope_profile: Option<String>,
    /// Threads to read files on; several files are read at once, one group per thread.
    /// Defaults to the number of CPUs.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("loupe: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let args = match cli.command {
        Command::Analyze(args) => args,
        Command::Code(args) => return code::run(&args),
    };
    let now = args.now.map_or_else(|| chrono::Utc::now().timestamp_millis(), |t| t.timestamp_millis());
    let mut options = AnalysisOptions::at_unix_ms(now);
    options.date_override = args.date;
    options.utc_offset_override_minutes = args.utc_offset;
    options.scope_profile = args.scope_profile;
    let mut files = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            bail!("{}: no such file or directory", path.display());
        }
        files.extend(input::walk(path).with_context(|| format!("reading {}", path.display()))?);
    }
    let threads = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        usize::from,
    );
    let report = parallel::analyse(&files, &options, threads)?.finish();
    // Stdout is line-buffered: a large report written line by line costs a syscall a line.
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            std::io::Write::write_all(&mut stdout, b"\n")?;
        }
        OutputFormat::Text => text::write(&mut stdout, &report)?,
    }
    std::io::Write::flush(&mut stdout)?;
    Ok(exit_code(&report, args.fail_on))
}

fn exit_code(report: &Report, fail_on: Option<FailOn>) -> ExitCode {
    let Some(fail_on) = fail_on else { return ExitCode::SUCCESS };
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    if report.findings.iter().any(|f| f.severity <= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Accepts the id of a known required-scope profile.
fn parse_scope_profile(text: &str) -> Result<String, String> {
    let profiles = loupe_core::scope_profiles();
    if profiles.iter().any(|(id, _, _)| *id == text) {
        return Ok(text.to_owned());
    }
    let known: Vec<String> = profiles.iter().map(|(id, label, _)| format!("{id} ({label})")).collect();
    Err(format!("unknown scope profile {text:?}; known: {}", known.join(", ")))
}

/// Parses `+02:00`, `-0500`, `+2` or `Z` into minutes east of UTC.
fn parse_offset(text: &str) -> Result<i32, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => return Err(format!("expected an offset such as +02:00, got {text:?}")),
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().map_err(|e| e.to_string())?, 0),
        3 | 4 => {
            let split = digits.len() - 2;
            (
                digits[..split].parse::<i32>().map_err(|e| e.to_string())?,
                digits[split..].parse::<i32>().map_err(|e| e.to_string())?,
            )
        }
        _ => return Err(format!("expected an offset such as +02:00, got {text:?}")),
    };
    if hours > 14 || minutes > 59 {
        return Err(format!("offset out of range: {text:?}"));
    }
    Ok(sign * (hours * 60 + minutes))
}
