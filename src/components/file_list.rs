//! The input files, one row each; details fill in when the report arrives.

use std::rc::Rc;

use loupe_core::FileSummary;
use yew::prelude::*;

use super::file_row::FileRow;
use crate::state::{InputFile, Phase};

#[derive(Properties, PartialEq)]
pub(crate) struct FileListProps {
    pub(crate) inputs: Rc<Vec<InputFile>>,
    /// The report's summaries, in input order; empty until the report arrives.
    pub(crate) summaries: Rc<Vec<FileSummary>>,
    pub(crate) phase: Phase,
}

#[function_component(FileList)]
pub(crate) fn file_list(props: &FileListProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="files-heading">
            <div class="panel-head">
                <h2 id="files-heading">{ "Files" }</h2>
                <span class="panel-count">{ props.inputs.len() }</span>
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
                        { for props.inputs.iter().enumerate().map(|(i, input)| html! {
                            <FileRow
                                key={i}
                                path={input.path.clone()}
                                size={input.size}
                                summary={props.summaries.get(i).cloned()}
                                phase={props.phase}
                            />
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
