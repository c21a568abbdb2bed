//! `first-finding`: how long until the first finding appears while a corpus streams through
//! `loupe-core`, the native counterpart of "first findings within 1 s of the drop".
//!
//! Files are read in the CLI's order (sorted paths, directories walked recursively) and in
//! the CLI's chunk size; after every chunk the findings so far are polled, as the page does.
//! The clock starts before `Analysis::new`, so compiling the knowledge base is included.
//! Prints one `key=value` line for `scripts/bench`.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;
use loupe_core::{Analysis, AnalysisOptions};

#[derive(Parser)]
#[command(about = "Streams files through loupe-core and reports when the first finding appears.")]
struct Args {
    /// Files and directories (walked recursively, in sorted order).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Bytes fed per chunk; the CLI reads 256 KiB at a time.
    #[arg(long, default_value_t = 256 * 1024)]
    chunk: usize,
    /// Keep streaming after the first finding and also report the total time.
    #[arg(long)]
    full: bool,
}

/// 2023-07-29T00:00:00Z: a fixed "now", so runs are comparable.
const NOW_MS: i64 = 1_690_588_800_000;

fn main() -> Result<()> {
    let started = Instant::now();
    let args = Args::parse();
    let mut files = Vec::new();
    for path in &args.paths {
        walk(path, &mut files).with_context(|| format!("reading {}", path.display()))?;
    }
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW_MS));
    let setup_ms = ms(started);
    let mut buffer = vec![0u8; args.chunk.max(1)];
    let mut fed: u64 = 0;
    let mut first: Option<(f64, u64, String)> = None;
    for path in &files {
        let id = analysis.add_file(&path.display().to_string());
        let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
        loop {
            let read = file.read(&mut buffer).with_context(|| format!("reading {}", path.display()))?;
            if read == 0 {
                break;
            }
            analysis.feed(id, &buffer[..read]);
            fed += read as u64;
            if first.is_none() {
                if let Some(finding) = analysis.findings_so_far().first() {
                    first = Some((ms(started), fed, finding.rule.clone()));
                    if !args.full {
                        break;
                    }
                }
            }
        }
        if first.is_some() && !args.full {
            break;
        }
        analysis.finish_file(id);
    }
    let mut line = format!("setup_ms={setup_ms:.1}");
    match &first {
        Some((at, bytes, rule)) => {
            line += &format!(" first_finding_ms={at:.1} bytes_before={bytes} rule={rule}")
        }
        None => line += " first_finding_ms=none",
    }
    if args.full {
        let findings = analysis.finish().findings.len();
        let total = ms(started);
        let mib = fed as f64 / 1048576.0;
        line += &format!(" total_ms={total:.1} findings={findings} mib_per_s={:.1}", mib / (total / 1000.0));
    }
    println!("{line}");
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Regular files under `path`, sorted, like the CLI's walk.
fn walk(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let child = entry?.path();
            if child.is_dir() {
                pending.push(child);
            } else if child.is_file() {
                found.push(child);
            }
        }
    }
    found.sort();
    out.extend(found);
    Ok(())
}
