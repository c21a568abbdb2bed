//! File-system side of the CLI: walking directories and streaming files into the core.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Result;
use loupe_core::Analysis;

/// Bytes read per call: large enough to amortise syscalls, small enough to keep memory flat.
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

/// Streams one file into the analysis; a read failure becomes that file's status, never a
/// reason to stop the other files.
pub(crate) fn analyse_file(analysis: &mut Analysis, path: &Path) {
    let id = analysis.add_file(&path.display().to_string());
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) => {
            analysis.fail_file(id, &format!("cannot open: {error}"));
            return;
        }
    };
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => analysis.feed(id, &buffer[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => {
                analysis.fail_file(id, &format!("read failed: {error}"));
                return;
            }
        }
    }
    analysis.finish_file(id);
}
