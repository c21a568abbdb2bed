//! The input files, one row each, with an archive's members grouped under it; details fill
//! in when the report arrives. Above the table, the time correction when times were assumed.

use std::rc::Rc;

use loupe_core::FileSummary;
use yew::prelude::*;

use super::file_row::{ArchiveRow, FileRow};
use super::time_correction::TimeCorrectionPanel;
use crate::file_view::{self, FileGroup};
use crate::state::{InputFile, Phase, TimeCorrection};

#[derive(Properties, PartialEq)]
pub(crate) struct FileListProps {
    pub(crate) inputs: Rc<Vec<InputFile>>,
    /// The report's rows; empty until the report arrives.
    pub(crate) summaries: Rc<Vec<FileSummary>>,
    pub(crate) phase: Phase,
    /// The time correction the current job runs with.
    #[prop_or_default]
    pub(crate) correction: TimeCorrection,
    /// Analyse the same files again with a time correction; without it, none is offered.
    #[prop_or_default]
    pub(crate) on_correct: Option<Callback<TimeCorrection>>,
}

#[function_component(FileList)]
pub(crate) fn file_list(props: &FileListProps) -> Html {
    let reported = !props.summaries.is_empty();
    let body = if reported {
        let groups = file_view::group(&props.inputs, &props.summaries);
        html! { for groups.iter().map(|g| group_rows(props, g)) }
    } else {
        html! {
            for props.inputs.iter().enumerate().map(|(i, input)| html! {
                <FileRow key={i} path={input.path.clone()} size={input.size} summary={None::<FileSummary>} phase={props.phase} />
            })
        }
    };
    let count = if reported { props.summaries.len() } else { props.inputs.len() };
    html! {
        <section class="panel" aria-labelledby="files-heading">
            <div class="panel-head">
                <h2 id="files-heading">{ "Files" }</h2>
                <span class="panel-count">{ count }</span>
            </div>
            if let (Phase::Done, Some(on_apply)) = (props.phase, &props.on_correct) {
                <TimeCorrectionPanel
                    rows={props.summaries.clone()}
                    correction={props.correction.clone()}
                    on_apply={on_apply.clone()}
                />
            }
            <div class="table-scroll">
                <table class="files">
                    <thead>
                        <tr>
                            <th scope="col">{ "File" }</th>
                            <th scope="col">{ "Format" }</th>
                            <th scope="col" class="num">{ "Size" }</th>
                            <th scope="col" class="num">{ "Lines" }</th>
                            <th scope="col" class="num">{ "Entries" }</th>
                            <th scope="col">{ "Time range" }</th>
                            <th scope="col">{ "Zone" }</th>
                        </tr>
                    </thead>
                    <tbody>{ body }</tbody>
                </table>
            </div>
        </section>
    }
}

/// One input's rows: a loose file is one row; an archive gets a heading row (carrying its
/// own problem, if it had one) and its members indented below.
fn group_rows(props: &FileListProps, group: &FileGroup) -> Html {
    let rows = &props.summaries[group.rows.clone()];
    let input = group.input.and_then(|i| props.inputs.get(i));
    let key = format!("{:?}-{}", group.input, group.rows.start);
    // Two members of one archive may share a path (a zip may list a name twice), and yew
    // panics on two list items with one key.
    let row = |(index, summary): (usize, &FileSummary)| {
        html! {
            <FileRow
                key={format!("{index}:{}", summary.path)}
                path={summary.path.clone()}
                size={summary.bytes}
                summary={Some(summary.clone())}
                phase={props.phase}
                correction={props.correction.clone()}
            />
        }
    };
    let Some(input) = input.filter(|input| is_archive(&input.path, rows)) else {
        return html! { <key={key}>{ for rows.iter().enumerate().map(row) }</> };
    };
    let own = rows.iter().find(|r| r.path == input.path).cloned();
    let members: Vec<&FileSummary> = rows.iter().filter(|r| r.path != input.path).collect();
    html! {
        <key={key}>
            <ArchiveRow
                path={input.path.clone()}
                size={input.size}
                own={own}
                members={members.iter().map(|m| m.status).collect::<Vec<_>>()}
            />
            { for members.into_iter().enumerate().map(row) }
        </>
    }
}

/// An input is shown as an archive when the core opened it (it has members) or reported on
/// the archive itself.
fn is_archive(path: &str, rows: &[FileSummary]) -> bool {
    rows.iter().any(|r| r.path != path || file_view::is_archive_row(r))
}
