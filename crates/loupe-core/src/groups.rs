//! How a job's files are split among threads or workers: into contiguous groups, so that
//! merging the groups' shards in order gives the report of one analysis, balanced by size.

use std::ops::Range;

/// A group must be about this large to be worth its own analysis: starting one (the
/// knowledge base, the automata) and merging its shard cost a few ms.
pub const MIN_GROUP_BYTES: u64 = 4 << 20;

/// Groups per thread or worker: one done early takes the next group, so they finish together
/// even though a byte of one log family costs several times one of another.
pub const GROUPS_PER_WORKER: usize = 4;

/// The contiguous groups for `workers` threads or workers: [`GROUPS_PER_WORKER`] each when
/// there are several, one when there is one, never below `min_group_bytes` a group.
pub fn groups_for_workers(sizes: &[u64], workers: usize, min_group_bytes: u64) -> Vec<Range<usize>> {
    let groups = if workers > 1 { workers.saturating_mul(GROUPS_PER_WORKER) } else { 1 };
    contiguous_groups(sizes, groups, min_group_bytes)
}

/// Splits files of the given sizes, in order, into at most `workers` contiguous groups of
/// about equal bytes, each with at least one file and, when there are several groups, about
/// `min_group_bytes` or more: below that, another worker costs more than it saves.
pub fn contiguous_groups(sizes: &[u64], workers: usize, min_group_bytes: u64) -> Vec<Range<usize>> {
    let total: u64 = sizes.iter().sum();
    let by_bytes = usize::try_from(total / min_group_bytes.max(1)).unwrap_or(usize::MAX);
    let count = workers.min(sizes.len()).min(by_bytes).max(1);
    if sizes.is_empty() {
        return Vec::new();
    }
    let mut prefix = Vec::with_capacity(sizes.len() + 1);
    prefix.push(0_u64);
    for size in sizes {
        prefix.push(prefix.last().copied().unwrap_or(0) + size);
    }
    let mut cuts = vec![0];
    for group in 1..count {
        let ideal = total as u128 * group as u128 / count as u128;
        let previous = cuts.last().copied().unwrap_or(0);
        // Every later group keeps at least one file.
        let latest = sizes.len() - (count - group);
        let mut cut = (previous + 1..=latest).find(|&i| u128::from(prefix[i]) >= ideal).unwrap_or(latest);
        let over = u128::from(prefix[cut]) - ideal.min(u128::from(prefix[cut]));
        if cut > previous + 1 && ideal.saturating_sub(u128::from(prefix[cut - 1])) < over {
            cut -= 1;
        }
        cuts.push(cut);
    }
    cuts.push(sizes.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_contiguous_cover_every_file_and_balance_bytes() {
        let sizes = [10, 70, 5, 5, 40, 30, 20, 20];
        let groups = contiguous_groups(&sizes, 2, 1);
        assert_eq!(groups, vec![0..4, 4..8], "90 and 110 bytes");
        let groups = contiguous_groups(&sizes, 4, 1);
        assert_eq!(groups.first().map(|g| g.start), Some(0));
        assert_eq!(groups.last().map(|g| g.end), Some(sizes.len()));
        assert!(groups.windows(2).all(|w| w[0].end == w[1].start && !w[0].is_empty()));
        assert_eq!(groups.len(), 4);
    }

    #[test]
    fn there_are_never_more_groups_than_files_workers_or_bytes_allow() {
        assert_eq!(contiguous_groups(&[5, 5, 5], 8, 1).len(), 3);
        assert_eq!(contiguous_groups(&[5, 5, 5], 2, 1).len(), 2);
        assert_eq!(contiguous_groups(&[5, 5, 5], 8, 8), vec![0..3]);
        assert_eq!(contiguous_groups(&[], 4, 1), Vec::<Range<usize>>::new());
        assert_eq!(contiguous_groups(&[0, 0], 4, 1), vec![0..2]);
    }

    #[test]
    fn one_huge_file_first_leaves_the_rest_to_the_other_worker() {
        assert_eq!(contiguous_groups(&[1000, 1, 1, 1], 2, 1), vec![0..1, 1..4]);
        assert_eq!(contiguous_groups(&[1, 1, 1, 1000], 2, 1), vec![0..3, 3..4]);
    }
}
