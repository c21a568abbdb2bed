//! How a job's files are shared among the page's workers.
//!
//! Each worker reads a contiguous run of the files, so the lead (group 0) can take in the
//! others' shards in group order and the report lists the files as the user gave them.
//! A job ends when its slowest group ends, so the groups are balanced by bytes: the largest
//! group is as small as a contiguous split allows.

use std::ops::Range;

/// Jobs smaller than this stay on one worker: starting the others and combining their
/// shards would cost more than reading a few MiB (a worker reads ~70 MB/s).
pub const SPLIT_MIN_BYTES: u64 = 8 * 1024 * 1024;

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

/// The files of a job, by index, in `workers` or fewer contiguous groups, in order: one
/// group per worker but never more than the files, and one only for a job under
/// `min_bytes`. Every group holds at least one file (for an empty job, the one group is
/// empty).
// A one-group plan is a `Vec` of one `Range`, not a `Vec` of indices.
#[allow(clippy::single_range_in_vec_init)]
pub fn plan(sizes: &[u64], workers: usize, min_bytes: u64) -> Vec<Range<usize>> {
    let total: u64 = sizes.iter().sum();
    let groups = workers.min(sizes.len());
    if groups <= 1 || total < min_bytes {
        return vec![0..sizes.len()];
    }
    // The smallest cap on a group's bytes that `groups` groups can keep to.
    let biggest = sizes.iter().copied().max().unwrap_or(0);
    let (mut low, mut high) = (biggest.max(total.div_ceil(groups as u64)), total);
    while low < high {
        let mid = low + (high - low) / 2;
        if greedy_groups(sizes, mid) <= groups {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    cut(sizes, low, groups)
}

/// How many groups filling each up to `cap` bytes makes.
fn greedy_groups(sizes: &[u64], cap: u64) -> usize {
    let mut groups = 1;
    let mut sum = 0;
    for &size in sizes {
        if sum + size > cap && sum > 0 {
            groups += 1;
            sum = 0;
        }
        sum += size;
    }
    groups
}

/// Exactly `groups` groups of at most `cap` bytes each (`cap` is feasible and at least the
/// largest file): filled greedily, then, once only as many files are left as groups to
/// open, one file each.
fn cut(sizes: &[u64], cap: u64, groups: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(groups);
    let (mut start, mut sum) = (0, 0);
    for (i, &size) in sizes.iter().enumerate() {
        let opened_after = groups - out.len() - 1;
        let full = sum + size > cap;
        let needed_elsewhere = sizes.len() - i <= opened_after;
        if i > start && opened_after > 0 && (full || needed_elsewhere) {
            out.push(start..i);
            (start, sum) = (i, 0);
        }
        sum += size;
    }
    out.push(start..sizes.len());
    out
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn bytes(sizes: &[u64], groups: &[Range<usize>]) -> Vec<u64> {
        groups.iter().map(|g| sizes[g.clone()].iter().sum()).collect()
    }

    /// The smallest largest group over every contiguous split into `k` non-empty groups.
    fn best(sizes: &[u64], k: usize) -> u64 {
        if k == 1 {
            return sizes.iter().sum();
        }
        (1..=sizes.len() - (k - 1))
            .map(|first| sizes[..first].iter().sum::<u64>().max(best(&sizes[first..], k - 1)))
            .min()
            .unwrap_or(u64::MAX)
    }

    fn assert_contiguous(groups: &[Range<usize>], files: usize) {
        assert_eq!(groups.first().map(|g| g.start), Some(0));
        assert_eq!(groups.last().map(|g| g.end), Some(files));
        assert!(groups.windows(2).all(|w| w[0].end == w[1].start), "{groups:?}");
        assert!(groups.iter().all(|g| !g.is_empty()), "{groups:?}");
    }

    #[test]
    fn groups_are_contiguous_in_order_and_balanced_by_bytes() {
        let sizes = [30, 10, 10, 10, 40, 20, 20];
        let groups = plan(&sizes, 2, 0);
        assert_eq!(groups, [0..4, 4..7]);
        assert_eq!(bytes(&sizes, &groups), [60, 80]);
        let groups = plan(&sizes, 3, 0);
        assert_contiguous(&groups, sizes.len());
        assert_eq!(bytes(&sizes, &groups).into_iter().max(), Some(best(&sizes, 3)));
    }

    #[test]
    fn never_more_groups_than_files_and_none_empty() {
        assert_eq!(plan(&[5, 1_000], 4, 0), [0..1, 1..2]);
        assert_eq!(plan(&[0, 0, 0], 2, 0), [0..2, 2..3]);
        // One huge file first: the others still get a worker each.
        let groups = plan(&[100, 1, 1, 1], 3, 0);
        assert_eq!(groups, [0..1, 1..3, 3..4]);
    }

    #[test]
    fn small_jobs_and_single_files_stay_on_one_worker() {
        assert_eq!(plan(&[1_000, 2_000], 4, SPLIT_MIN_BYTES), [0..2]);
        assert_eq!(plan(&[SPLIT_MIN_BYTES], 4, SPLIT_MIN_BYTES), [0..1]);
        assert_eq!(plan(&[10, 10], 1, 0), [0..2]);
        assert_eq!(plan(&[], 4, 0), [0..0]);
        assert_eq!(plan(&[SPLIT_MIN_BYTES / 2, SPLIT_MIN_BYTES / 2], 4, SPLIT_MIN_BYTES), [0..1, 1..2]);
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

    #[test]
    fn the_largest_group_is_the_smallest_possible() {
        // A small linear generator: many shapes, the same ones every run.
        let mut seed = 0x2545_f491_u64;
        let mut next = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for _ in 0..400 {
            let files = 1 + next(9) as usize;
            let sizes: Vec<u64> = (0..files).map(|_| if next(5) == 0 { 0 } else { next(1_000) }).collect();
            for workers in 1..=4 {
                let groups = plan(&sizes, workers, 0);
                assert_eq!(groups.len(), workers.min(files), "{sizes:?} on {workers}");
                assert_contiguous(&groups, files);
                let largest = bytes(&sizes, &groups).into_iter().max().unwrap_or(0);
                assert_eq!(largest, best(&sizes, groups.len()), "{sizes:?} on {workers}: {groups:?}");
            }
        }
    }
}
