//! Reading a job's files on several threads: each thread analyses a contiguous group of
//! files, and the first group's analysis takes in the others' shards in order, which gives
//! the report one analysis of every file would.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use loupe_core::{contiguous_groups, Analysis, AnalysisOptions};

use crate::input::analyse_file;

/// Below this, a group is not worth a thread: starting an analysis costs a few ms.
const MIN_GROUP_BYTES: u64 = 4 << 20;

/// The analysis of every file, read on up to `threads` threads.
pub(crate) fn analyse(files: &[PathBuf], options: &AnalysisOptions, threads: usize) -> Result<Analysis> {
    let sizes: Vec<u64> = files.iter().map(|file| std::fs::metadata(file).map_or(0, |m| m.len())).collect();
    let groups = contiguous_groups(&sizes, threads, MIN_GROUP_BYTES);
    let read = |range: std::ops::Range<usize>| {
        let mut analysis = Analysis::new(options.clone());
        for file in &files[range] {
            analyse_file(&mut analysis, file);
        }
        analysis
    };
    let Some((first, later)) = groups.split_first() else { return Ok(Analysis::new(options.clone())) };
    std::thread::scope(|scope| {
        let shards: Vec<_> =
            later.iter().map(|group| scope.spawn(|| read(group.clone()).into_shard())).collect();
        let mut lead = read(first.clone());
        for shard in shards {
            let shard =
                shard.join().map_err(|_| anyhow!("a reading thread failed"))?.map_err(|e| anyhow!(e))?;
            lead.absorb_shard(&shard).map_err(|e| anyhow!(e))?;
        }
        Ok(lead)
    })
}
