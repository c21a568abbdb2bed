//! Reading a job's files on several threads. The files are split into contiguous groups,
//! several per thread, which the threads take in turn as they finish the last; each group is
//! read by its own analysis and packed as a shard, and the shards are merged in file order,
//! which gives the report one analysis of every file would. Cost per byte differs a lot
//! between log families, so one group per thread left one thread idle for a third of the run.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{anyhow, Result};
use loupe_core::{groups_for_workers, Analysis, AnalysisOptions, MIN_GROUP_BYTES};

use crate::input::analyse_file;

/// A group's shard, once a thread has read it.
type Packed = Option<Result<Vec<u8>, String>>;

/// The analysis of every file, read on up to `threads` threads.
pub(crate) fn analyse(files: &[PathBuf], options: &AnalysisOptions, threads: usize) -> Result<Analysis> {
    let read = |range: std::ops::Range<usize>| {
        let mut analysis = Analysis::new(options.clone());
        for file in &files[range] {
            analyse_file(&mut analysis, file);
        }
        analysis
    };
    let sizes: Vec<u64> = files.iter().map(|file| std::fs::metadata(file).map_or(0, |m| m.len())).collect();
    let groups = groups_for_workers(&sizes, threads, MIN_GROUP_BYTES);
    if threads <= 1 || groups.len() <= 1 {
        return Ok(read(0..files.len()));
    }
    let next = AtomicUsize::new(0);
    let shards: Mutex<Vec<Packed>> = Mutex::new(groups.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(groups.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(group) = groups.get(index) else { break };
                let shard = read(group.clone()).into_shard();
                if let Some(slot) = shards.lock().unwrap_or_else(|poison| poison.into_inner()).get_mut(index)
                {
                    *slot = Some(shard);
                }
            });
        }
    });
    let mut whole = Analysis::new(options.clone());
    for shard in shards.into_inner().unwrap_or_else(|poison| poison.into_inner()) {
        let shard = shard.ok_or_else(|| anyhow!("a reading thread failed"))?.map_err(|e| anyhow!(e))?;
        whole.absorb_shard(&shard).map_err(|e| anyhow!(e))?;
    }
    Ok(whole)
}
