//! The files before the report: what the browser knows (name, size) and how far the workers
//! have read each. A bundle can hold hundreds of files and this table is redrawn on every
//! progress message, so it shows the first [`SHOWN`] and counts the rest: the status line
//! names the file being read, and the report lists every file.

use std::rc::Rc;

use yew::prelude::*;

use crate::batches::use_batches;
use crate::file_view;
use crate::format;
use crate::reading::{self, InputProgress, Lane};
use crate::state::{InputFile, Phase};

/// Rows shown before the report.
pub(crate) const SHOWN: usize = 20;

#[derive(Properties, PartialEq)]
pub(crate) struct PendingFilesProps {
    pub(crate) inputs: Rc<Vec<InputFile>>,
    pub(crate) lanes: Vec<Lane>,
    pub(crate) phase: Phase,
    pub(crate) job: u32,
}

/// Rows drawn a frame: none with the drop itself, which has the rest of the page to draw.
const BATCH: usize = 10;

#[function_component(PendingFiles)]
pub(crate) fn pending_files(props: &PendingFilesProps) -> Html {
    let running = props.phase == Phase::Running;
    let progress = if running { reading::progress(&props.inputs, &props.lanes) } else { None };
    let hidden = &props.inputs[SHOWN.min(props.inputs.len())..];
    let drawn = use_batches(props.job, SHOWN.min(props.inputs.len()), 0, BATCH);
    html! {
        <div class="table-scroll">
            <table class="files">
                <thead>
                    <tr>
                        <th scope="col">{ "File" }</th>
                        <th scope="col" class="num">{ "Size" }</th>
                        <th scope="col">{ "Progress" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.inputs.iter().take(drawn).enumerate().map(|(i, input)| {
                        pending_row(i, input, progress.as_ref().and_then(|p| p.get(i).copied()), running)
                    }) }
                    if !hidden.is_empty() {
                        <tr data-testid="files-more" data-count={hidden.len().to_string()}>
                            <td class="more-cell" colspan="3">{ file_view::more_files(hidden, running) }</td>
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}

/// One file's row. Keyed elements, not components: yew 0.21 moves every keyed component
/// already drawn when more are added after them.
fn pending_row(index: usize, input: &InputFile, progress: Option<InputProgress>, running: bool) -> Html {
    let (label, slug) = match (running, progress) {
        (false, _) => ("Not analysed".to_owned(), "stopped"),
        (true, None) => ("Starting…".to_owned(), "starting"),
        (true, Some(InputProgress::Waiting)) => ("Waiting".to_owned(), "waiting"),
        (true, Some(InputProgress::Reading(percent))) => (format!("Reading… {percent}%"), "reading"),
        (true, Some(InputProgress::Read)) => ("Read".to_owned(), "read"),
    };
    html! {
        <tr key={index} data-testid="file-row" data-status="pending" data-progress={slug} data-path={input.path.clone()}>
            <td class="file-cell"><span class="file-path" title={input.path.clone()}>{ &input.path }</span></td>
            <td class="num">
                if let Some(size) = input.size {
                    { format::bytes(size) }
                } else {
                    <span class="muted">{ "—" }</span>
                }
            </td>
            <td><span class={classes!("pill", "pill-pending", format!("pill-{slug}"))}>{ label }</span></td>
        </tr>
    }
}
