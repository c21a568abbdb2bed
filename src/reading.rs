//! Which files the workers are reading. A job's inputs are shared among the page's workers
//! in contiguous groups, one group a worker (see `split`); each worker reads its group's
//! inputs one after the other, in the order given, and says only how many bytes it has read
//! in all; the sizes say where that is.

use crate::state::InputFile;

/// One worker's share of a job: its first input (its group runs to the next lane's first
/// input) and how many bytes of the group it has read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lane {
    /// The index of the group's first input.
    pub first: usize,
    /// Bytes of the group read so far.
    pub bytes_done: u64,
}

/// Where one input is while the analysis runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputProgress {
    /// Not reached yet.
    Waiting,
    /// Being read: this whole percentage of it is behind.
    Reading(u64),
    /// Read to its end.
    Read,
}

/// Each input's progress when each lane has read its bytes; `None` while the sizes are not
/// known. Lanes are in input order; without any, nothing has been read.
pub fn progress(inputs: &[InputFile], lanes: &[Lane]) -> Option<Vec<InputProgress>> {
    let mut out = Vec::with_capacity(inputs.len());
    const UNSTARTED: [Lane; 1] = [Lane { first: 0, bytes_done: 0 }];
    let lanes = if lanes.is_empty() { &UNSTARTED[..] } else { lanes };
    for (at, lane) in lanes.iter().enumerate() {
        let end = lanes.get(at + 1).map_or(inputs.len(), |next| next.first).min(inputs.len());
        one_lane(inputs.get(lane.first..end).unwrap_or_default(), lane.bytes_done, &mut out)?;
    }
    Some(out)
}

/// The inputs of one lane, read in order.
fn one_lane(inputs: &[InputFile], bytes_done: u64, out: &mut Vec<InputProgress>) -> Option<()> {
    let mut start = 0_u64;
    let mut reading = false;
    for input in inputs {
        let size = input.size?;
        let end = start + size;
        out.push(if bytes_done >= end {
            InputProgress::Read
        } else if !reading {
            // The first file not read to its end: every file before it is, so it has begun.
            reading = true;
            InputProgress::Reading(crate::format::percent(bytes_done.saturating_sub(start), size))
        } else {
            InputProgress::Waiting
        });
        start = end;
    }
    Some(())
}

/// The first input being read, by its index: the status line names it.
pub fn current(progress: &[InputProgress]) -> Option<usize> {
    progress.iter().position(|p| matches!(p, InputProgress::Reading(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use InputProgress::*;

    fn inputs(sizes: &[u64]) -> Vec<InputFile> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| InputFile { path: format!("{i}.log"), size: Some(size) })
            .collect()
    }

    fn one(bytes_done: u64) -> [Lane; 1] {
        [Lane { first: 0, bytes_done }]
    }

    fn progress(files: &[InputFile], bytes_done: u64) -> Option<Vec<InputProgress>> {
        super::progress(files, &one(bytes_done))
    }

    #[test]
    fn the_bytes_read_say_which_file_is_being_read() {
        let files = inputs(&[100, 50, 200]);
        assert_eq!(progress(&files, 0), Some(vec![Reading(0), Waiting, Waiting]));
        assert_eq!(progress(&files, 125), Some(vec![Read, Reading(50), Waiting]));
        assert_eq!(progress(&files, 150), Some(vec![Read, Read, Reading(0)]));
        assert_eq!(progress(&files, 350), Some(vec![Read, Read, Read]));
        assert_eq!(current(&progress(&files, 125).unwrap_or_default()), Some(1));
        assert_eq!(current(&progress(&files, 350).unwrap_or_default()), None);
    }

    #[test]
    fn empty_files_are_read_once_reached_and_only_one_file_is_being_read() {
        let files = inputs(&[0, 10, 0, 10]);
        assert_eq!(progress(&files, 0), Some(vec![Read, Reading(0), Waiting, Waiting]));
        assert_eq!(progress(&files, 10), Some(vec![Read, Read, Read, Reading(0)]));
    }

    #[test]
    fn nothing_is_said_before_the_sizes_are_known() {
        let mut files = inputs(&[10, 10]);
        files[1].size = None;
        assert_eq!(progress(&files, 5), None);
    }

    #[test]
    fn each_worker_reads_its_own_group_in_order() {
        let files = inputs(&[100, 50, 200, 10, 10]);
        let lanes = [
            Lane { first: 0, bytes_done: 120 },
            Lane { first: 2, bytes_done: 0 },
            Lane { first: 4, bytes_done: 10 },
        ];
        assert_eq!(super::progress(&files, &lanes), Some(vec![Read, Reading(40), Reading(0), Waiting, Read]));
        assert_eq!(current(&super::progress(&files, &lanes).unwrap_or_default()), Some(1));
        // Before the workers are given their groups, all inputs wait for the first one.
        assert_eq!(super::progress(&files, &[]), Some(vec![Reading(0), Waiting, Waiting, Waiting, Waiting]));
    }
}
