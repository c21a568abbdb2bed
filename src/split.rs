//! How a job's files are shared among the page's workers.
//!
//! Each worker reads a contiguous run of the files, so the lead (group 0) can take in the
//! others' shards in group order and the report lists the files as the user gave them.
//! A job ends when its slowest group ends, so the groups are balanced by bytes.

use std::ops::Range;

/// The floor on a worker's share, so small jobs stay on one worker (the CLI's threads use it too).
pub use loupe_core::MIN_GROUP_BYTES;

/// The most workers a page starts: each holds its own wasm memory (30 to 40 MiB once it has
/// read a large job), and bundles rarely balance over more groups.
pub const MAX_WORKERS: usize = 4;

/// The workers a page keeps: one per core, up to [`MAX_WORKERS`].
pub fn pool_size(cores: f64) -> usize {
    if cores.is_finite() && cores >= 1.0 {
        (cores as usize).min(MAX_WORKERS)
    } else {
        1
    }
}

/// A page address's `?workers=N` (1 to 16): a pool of exactly N workers that splits every
/// job of several files whatever its size. For tests and measurements, so that a job runs on
/// a known number of workers on any machine.
pub fn workers_override(query: &str) -> Option<usize> {
    let value = query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("workers="))?;
    value.parse().ok().filter(|n| (1..=16).contains(n))
}

/// The files of a job, by index, in contiguous groups, in order, balanced by bytes (the
/// core's split, as the CLI's threads use it), for `workers` workers: [`loupe_core::GROUPS_PER_WORKER`]
/// groups a worker if there are several, but never more groups than files, nor than shares of
/// `min_group_bytes`. Every group holds at least one file; an empty job is one empty group.
// A one-group plan is a `Vec` of one `Range`, not a `Vec` of indices.
#[allow(clippy::single_range_in_vec_init)]
pub fn plan(sizes: &[u64], workers: usize, min_group_bytes: u64) -> Vec<Range<usize>> {
    let groups = loupe_core::groups_for_workers(sizes, workers, min_group_bytes);
    if groups.is_empty() {
        vec![0..0]
    } else {
        groups
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn bytes(sizes: &[u64], groups: &[Range<usize>]) -> Vec<u64> {
        groups.iter().map(|g| sizes[g.clone()].iter().sum()).collect()
    }

    fn assert_contiguous(groups: &[Range<usize>], files: usize) {
        assert_eq!(groups.first().map(|g| g.start), Some(0));
        assert_eq!(groups.last().map(|g| g.end), Some(files));
        assert!(groups.windows(2).all(|w| w[0].end == w[1].start), "{groups:?}");
        assert!(groups.iter().all(|g| !g.is_empty()), "{groups:?}");
    }

    #[test]
    fn groups_are_contiguous_in_order_and_balanced_by_bytes() {
        // The 256M benchmark corpus's sizes: eight groups for two workers.
        let sizes = [
            16_777_283, 16_777_304, 16_777_358, 16_777_434, 16_777_423, 10_065_706, 16_777_555, 16_778_051,
            6_709_995, 16_777_288, 16_777_239, 16_777_122, 16_777_256, 16_777_375, 16_777_245, 6_710_720,
            10_066_331, 16_777_419,
        ];
        let groups = plan(&sizes, 2, MIN_GROUP_BYTES);
        assert_eq!(groups.len(), 8);
        assert_contiguous(&groups, sizes.len());
        let total: u64 = sizes.iter().sum();
        // No group is more than a file away from an eighth.
        let biggest = sizes.iter().copied().max().unwrap_or(0);
        assert!(bytes(&sizes, &groups).into_iter().all(|b| b.abs_diff(total / 8) <= biggest), "{groups:?}");
    }

    #[test]
    fn never_more_groups_than_files_and_none_empty() {
        assert_eq!(plan(&[5 * MIB, 100 * MIB], 4, MIN_GROUP_BYTES), [0..1, 1..2]);
        // One huge file first: the others still make groups of their own.
        let groups = plan(&[100 * MIB, 9 * MIB, 9 * MIB, 9 * MIB], 2, MIN_GROUP_BYTES);
        assert_contiguous(&groups, 4);
        assert_eq!(groups[0], 0..1);
        // `?workers=N` splits any job of several files.
        assert_eq!(plan(&[10, 20, 30], 3, 1), [0..1, 1..2, 2..3]);
        assert_eq!(plan(&[10; 30], 3, 1).len(), 12);
    }

    #[test]
    fn small_jobs_single_files_and_one_worker_make_one_group() {
        assert_eq!(plan(&[1_000, 2_000], 4, MIN_GROUP_BYTES), [0..2]);
        assert_eq!(plan(&[3 * MIB, 4 * MIB], 4, MIN_GROUP_BYTES), [0..2]);
        assert_eq!(plan(&[4 * MIB, 4 * MIB], 4, MIN_GROUP_BYTES), [0..1, 1..2]);
        assert_eq!(plan(&[512 * MIB], 4, MIN_GROUP_BYTES), [0..1]);
        assert_eq!(plan(&[10 * MIB; 8], 1, MIN_GROUP_BYTES), [0..8]);
        assert_eq!(plan(&[10; 8], 1, 1), [0..8]);
        assert_eq!(plan(&[], 4, MIN_GROUP_BYTES), [0..0]);
    }

    #[test]
    fn one_worker_per_core_up_to_four_unless_the_address_says() {
        assert_eq!([0.0, 1.0, 2.0, 3.0, 8.0, 64.0, f64::NAN].map(pool_size), [1, 1, 2, 3, 4, 4, 1]);
        assert_eq!(workers_override("?workers=3"), Some(3));
        assert_eq!(workers_override("?lang=en&workers=1"), Some(1));
        assert_eq!(workers_override("workers=16"), Some(16));
        for query in ["", "?workers=0", "?workers=17", "?workers=two", "?maxworkers=2", "?workers="] {
            assert_eq!(workers_override(query), None, "{query}");
        }
    }
}
