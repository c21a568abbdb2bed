//! `gen-corpus`: writes the benchmark corpus and prints its manifest.
//!
//! ```text
//! gen-corpus --size 256M --out target/bench-corpus/v1/256M
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use loupe_bench::corpus::{self, Spec, CORPUS_VERSION};

#[derive(Parser)]
#[command(
    about = "Writes Loupe's deterministic mixed benchmark corpus (CUC, BroadWorks, access logs, Webex client)."
)]
struct Args {
    /// Total size: 64M, 256M, 1G, ... (binary units).
    #[arg(long, default_value = "64M", required_unless_present = "corpus_version")]
    size: String,
    /// Directory to write into (created if needed).
    #[arg(long, required_unless_present = "corpus_version")]
    out: Option<PathBuf>,
    /// PRNG seed; the same seed and size give byte-identical files.
    #[arg(long, default_value_t = 0x10C9E)]
    seed: u64,
    /// Size at which a log family's file is rotated.
    #[arg(long, default_value = "16M")]
    rotate: String,
    /// Print the corpus format version (used to name cache directories) and exit.
    #[arg(long)]
    corpus_version: bool,
}

fn main() -> Result<()> {
    let args = Args::parse();
    if args.corpus_version {
        println!("v{CORPUS_VERSION}");
        return Ok(());
    }
    let Some(total_bytes) = corpus::parse_size(&args.size) else { bail!("bad --size {:?}", args.size) };
    let Some(rotate_bytes) = corpus::parse_size(&args.rotate) else {
        bail!("bad --rotate {:?}", args.rotate)
    };
    let Some(out) = args.out else { bail!("--out is required") };
    let spec = Spec { total_bytes, rotate_bytes, seed: args.seed };
    let started = Instant::now();
    let manifest = corpus::generate(&out, &spec).with_context(|| format!("writing {}", out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    let lines: u64 = manifest.files.iter().map(|f| f.lines).sum();
    println!("# loupe-bench corpus v{CORPUS_VERSION} size={} seed={}", args.size, args.seed);
    println!("# {bytes} bytes, {lines} lines, {} files", manifest.files.len());
    for file in &manifest.files {
        println!("file\t{}\t{}\t{}", file.path, file.bytes, file.lines);
    }
    for (kind, count) in &manifest.failures {
        println!("failure\t{kind}\t{count}");
    }
    eprintln!(
        "gen-corpus: {:.0} MiB in {seconds:.2} s ({:.0} MiB/s)",
        bytes as f64 / 1048576.0,
        bytes as f64 / 1048576.0 / seconds.max(1e-9)
    );
    Ok(())
}
