//! File-system side of the CLI: walking directories and streaming files into the core.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Result;
use loupe_core::Analysis;

/// Read buffer: large enough to amortise syscalls, small enough to keep memory flat.
const CHUNK_BYTES: usize = 256 * 1024;

/// Every regular file under `path` (or `path` itself), in a stable order so that reports are
/// reproducible.
pub(crate) fn walk(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let mut children: Vec<PathBuf> =
            std::fs::read_dir(&dir)?.filter_map(|entry| entry.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            if child.is_dir() {
                pending.push(child);
            } else if child.is_file() {
                files.push(child);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Streams one file into the analysis through the core's intake, which opens archives
/// (`.zip`, `.gz`, `.tar`, `.tar.gz`) by their content; a failure becomes that file's status,
/// never a reason to stop the other files.
pub(crate) fn analyse_file(analysis: &mut Analysis, path: &Path) {
    let name = path.display().to_string();
    match File::open(path) {
        Ok(file) => loupe_core::analyse_source(analysis, &name, BufReader::with_capacity(CHUNK_BYTES, file)),
        Err(error) => {
            let id = analysis.add_file(&name);
            analysis.fail_file(id, &format!("cannot open: {error}"));
        }
    }
}
