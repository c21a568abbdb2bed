//! Which file the worker is reading. It reads the inputs one after the other, in the order
//! given, and says only how many bytes it has read in all; the sizes say where that is.

use crate::state::InputFile;

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

/// Each input's progress after `bytes_done` bytes; `None` while the sizes are not known.
pub fn progress(inputs: &[InputFile], bytes_done: u64) -> Option<Vec<InputProgress>> {
    let mut start = 0_u64;
    let mut out = Vec::with_capacity(inputs.len());
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
    Some(out)
}

/// The input being read, by its index: the status line names it.
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
}
