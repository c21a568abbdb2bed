//! The input files, one row each, until the report arrives; then the report's files.

use std::rc::Rc;

use loupe_core::FileSummary;
use yew::prelude::*;

use super::file_row::FileRow;
use crate::state::{InputFile, Phase};

#[derive(Properties, PartialEq)]
pub(crate) struct FileListProps {
    pub(crate) inputs: Rc<Vec<InputFile>>,
    /// The report's summaries, in input order (archives expanded); empty until it arrives.
    pub(crate) summaries: Rc<Vec<FileSummary>>,
    pub(crate) phase: Phase,
}

#[function_component(FileList)]
pub(crate) fn file_list(props: &FileListProps) -> Html {
    // Before the report, the files as given; after it, the report's rows, which also list
    // the members of archives (`bundle.zip!/node1/diag.uc`).
    let (count, rows) = if props.summaries.is_empty() {
        let rows = props.inputs.iter().enumerate().map(|(i, input)| {
            html! { <FileRow key={i} path={input.path.clone()} size={input.size} summary={None::<FileSummary>} phase={props.phase} /> }
        });
        (props.inputs.len(), rows.collect::<Html>())
    } else {
        let rows = props.summaries.iter().enumerate().map(|(i, summary)| {
            html! { <FileRow key={i} path={summary.path.clone()} size={summary.bytes} summary={Some(summary.clone())} phase={props.phase} /> }
        });
        (props.summaries.len(), rows.collect::<Html>())
    };
    html! {
        <section class="panel" aria-labelledby="files-heading">
            <div class="panel-head">
                <h2 id="files-heading">{ "Files" }</h2>
                <span class="panel-count">{ count }</span>
            </div>
            <div class="table-scroll">
                <table class="files">
                    <thead>
                        <tr>
                            <th scope="col">{ "File" }</th>
                            <th scope="col">{ "Format" }</th>
                            <th scope="col" class="num">{ "Size" }</th>
                            <th scope="col" class="num">{ "Lines" }</th>
                            <th scope="col">{ "Time range" }</th>
                            <th scope="col">{ "Zone" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { rows }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
