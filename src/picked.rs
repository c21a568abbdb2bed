//! Turning what the user picked or dropped into a list of files with paths.
//!
//! A dropped folder arrives as a directory entry; it is walked (recursively, in name order)
//! so a whole log bundle can be dropped at once. Only handles are collected: no file is read
//! on the page.

use js_sys::{Array, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// A file and how the report should name it.
pub(crate) struct PickedFile {
    /// The file name, or its path inside a dropped folder (`bundle/node1/diag.uc`).
    pub(crate) path: String,
    pub(crate) file: File,
}

impl PickedFile {
    fn named(file: File) -> Self {
        Self { path: file.name(), file }
    }
}

/// The files of an `<input type=file>`.
pub(crate) fn from_file_list(list: &FileList) -> Vec<PickedFile> {
    (0..list.length()).filter_map(|i| list.get(i)).map(PickedFile::named).collect()
}

/// What a drop carries, captured while the drop event runs: the browser empties the
/// `DataTransfer` once the event handler returns, so the async walk works from these.
pub(crate) enum Dropped {
    Entry(FileSystemEntry),
    File(File),
}

/// Takes the dropped items out of the event's `DataTransfer`.
pub(crate) fn capture(transfer: &DataTransfer) -> Vec<Dropped> {
    let items = transfer.items();
    let mut dropped = Vec::new();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        // Browsers without entries (or with an entry-less item) still give the file.
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => dropped.push(Dropped::Entry(entry)),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    dropped.push(Dropped::File(file));
                }
            }
        }
    }
    if dropped.is_empty() {
        if let Some(list) = transfer.files() {
            dropped.extend(from_file_list(&list).into_iter().map(|p| Dropped::File(p.file)));
        }
    }
    dropped
}

/// Resolves the captured items into files, walking folders. Entries that cannot be read
/// (permissions, vanished files) are skipped: the rest can still be analysed.
pub(crate) async fn resolve(dropped: Vec<Dropped>) -> Vec<PickedFile> {
    let mut files = Vec::new();
    // Depth-first with an explicit stack; reversed pushes keep name order.
    let mut stack: Vec<Dropped> = dropped.into_iter().rev().collect();
    while let Some(next) = stack.pop() {
        match next {
            Dropped::File(file) => files.push(PickedFile::named(file)),
            Dropped::Entry(entry) if entry.is_file() => {
                let entry: FileSystemFileEntry = entry.unchecked_into();
                if let Some(file) = entry_file(&entry).await {
                    let path = entry.full_path().trim_start_matches('/').to_owned();
                    files.push(PickedFile { path, file });
                }
            }
            Dropped::Entry(entry) if entry.is_directory() => {
                let directory: FileSystemDirectoryEntry = entry.unchecked_into();
                let mut children = read_directory(&directory).await;
                children.sort_by_key(|child| std::cmp::Reverse(child.name()));
                stack.extend(children.into_iter().map(Dropped::Entry));
            }
            Dropped::Entry(_) => {}
        }
    }
    files
}

async fn entry_file(entry: &FileSystemFileEntry) -> Option<File> {
    let promise =
        Promise::new(&mut |resolve, reject| entry.file_with_callback_and_callback(&resolve, &reject));
    JsFuture::from(promise).await.ok()?.dyn_into::<File>().ok()
}

/// All entries of a directory: `readEntries` hands them out in batches until an empty one.
async fn read_directory(directory: &FileSystemDirectoryEntry) -> Vec<FileSystemEntry> {
    let reader = directory.create_reader();
    let mut entries = Vec::new();
    loop {
        let promise = Promise::new(&mut |resolve, reject| {
            if let Err(error) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&wasm_bindgen::JsValue::UNDEFINED, &error);
            }
        });
        let Ok(batch) = JsFuture::from(promise).await else { break };
        let batch: Array = batch.unchecked_into();
        if batch.length() == 0 {
            break;
        }
        // Unchecked: older engines name these classes differently, and only entries come back.
        entries.extend(batch.iter().map(|entry| entry.unchecked_into::<FileSystemEntry>()));
    }
    entries
}

/// Files whose size is asked for in one task (see [`sizes`]).
const SIZES_PER_TASK: usize = 4;

/// The files' sizes, a few files per task. The first `File.size` of a picked file is a
/// synchronous call to the browser process, and so is posting the file to the worker before
/// its size is known: one task for a bundle's 66 files took 65 ms on a busy machine.
pub(crate) async fn sizes(files: &[PickedFile]) -> Vec<u64> {
    let mut sizes = Vec::with_capacity(files.len());
    for chunk in files.chunks(SIZES_PER_TASK) {
        // The first chunk too: the task that started the job draws the running page.
        next_task().await;
        sizes.extend(chunk.iter().map(|f| f.file.size() as u64));
    }
    sizes
}

/// Resolves in a task of its own, after whatever the browser has queued meanwhile.
async fn next_task() {
    let promise = Promise::new(&mut |resolve, _| {
        let queued = web_sys::window().map(|window| window.set_timeout_with_callback(&resolve));
        if !matches!(queued, Some(Ok(_))) {
            // No timer to wait for: carry on at once rather than never.
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The built-in demo files (see [`crate::samples`]) as `File`s, so they take exactly the
/// path a user's files take.
pub(crate) fn samples() -> Vec<PickedFile> {
    crate::samples::SAMPLES
        .iter()
        .filter_map(|sample| {
            let bytes = js_sys::Uint8Array::from(sample.bytes);
            let options = web_sys::FilePropertyBag::new();
            options.set_type("text/plain");
            let name = sample.path.rsplit('/').next().unwrap_or(sample.path);
            let file =
                File::new_with_u8_array_sequence_and_options(&Array::of1(&bytes), name, &options).ok()?;
            Some(PickedFile { path: sample.path.to_owned(), file })
        })
        .collect()
}
