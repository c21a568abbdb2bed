//! The input files: before the report, how far the worker is in each (`pending_files`); with
//! it, one row each, with an archive's members grouped under it, and above the table the
//! time correction when times were assumed.

use std::rc::Rc;

use loupe_core::FileSummary;
use yew::prelude::*;

use super::file_row::{ArchiveRow, FileRow};
use super::pending_files::PendingFiles;
use super::time_correction::TimeCorrectionPanel;
use crate::batches::use_batches;
use crate::file_view::{self, FileGroup};
use crate::format;
use crate::reading::Lane;
use crate::state::{InputFile, Phase, TimeCorrection};

#[derive(Properties, PartialEq)]
pub(crate) struct FileListProps {
    pub(crate) inputs: Rc<Vec<InputFile>>,
    /// The report's rows; empty until the report arrives.
    pub(crate) summaries: Rc<Vec<FileSummary>>,
    pub(crate) phase: Phase,
    /// The job the files are read for: a new job draws its rows from the start again.
    #[prop_or_default]
    pub(crate) job: u32,
    /// How far the workers are in their groups of files, which says how far each file is.
    #[prop_or_default]
    pub(crate) lanes: Vec<Lane>,
    /// The time correction the current job runs with.
    #[prop_or_default]
    pub(crate) correction: TimeCorrection,
    /// Analyse the same files again with a time correction; without it, none is offered.
    #[prop_or_default]
    pub(crate) on_correct: Option<Callback<TimeCorrection>>,
}

/// Inputs whose rows are drawn in one task: a few ms of the page's time.
const BATCH: usize = 12;

#[function_component(FileList)]
pub(crate) fn file_list(props: &FileListProps) -> Html {
    let reported = !props.summaries.is_empty();
    let groups = use_memo((props.inputs.clone(), props.summaries.clone()), |(inputs, summaries)| {
        file_view::group(inputs, summaries)
    });
    let batches = if reported { groups.len().div_ceil(BATCH) } else { 0 };
    // Each report is a new list; the pointer tells one from the next.
    let shown = use_batches(Rc::as_ptr(&props.summaries) as usize, batches, 1, 1);
    let count = if reported { props.summaries.len() } else { props.inputs.len() };
    let head = html! {
        <div class="panel-head">
            <h2 id="files-heading">{ "Files" }</h2>
            <span class="panel-count">{ count }</span>
        </div>
    };
    if !reported {
        return html! {
            <section class="panel" aria-labelledby="files-heading">
                { head }
                <PendingFiles inputs={props.inputs.clone()} lanes={props.lanes.clone()} phase={props.phase} job={props.job} />
            </section>
        };
    }
    let waiting: usize = groups[(shown * BATCH).min(groups.len())..].iter().map(|g| g.rows.len()).sum();
    html! {
        <section class="panel" aria-labelledby="files-heading">
            { head }
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
                    <tbody>
                        // Every batch has its place from the start and fills it when its turn
                        // comes. Growing the list instead made yew 0.21 take every row already
                        // drawn out of the table and put it back (keyed), or redraw each with its
                        // neighbour's content (unkeyed, matched from the end): all rows laid out
                        // again at every batch.
                        { for (0..batches).map(|batch| html! {
                            <FileRows
                                inputs={props.inputs.clone()}
                                summaries={props.summaries.clone()}
                                groups={groups.clone()}
                                batch={batch}
                                shown={batch < shown}
                                correction={props.correction.clone()}
                            />
                        }) }
                        if waiting > 0 {
                            <tr data-testid="files-listing">
                                <td class="more-cell" colspan="7">{ format!("Listing {} more…", format::plural(waiting, "file", "files")) }</td>
                            </tr>
                        }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One batch of inputs' rows. A component of its own so that drawing the next batch leaves
/// this one alone: its props are the same `Rc`s, compared by pointer.
#[derive(Properties)]
struct FileRowsProps {
    inputs: Rc<Vec<InputFile>>,
    summaries: Rc<Vec<FileSummary>>,
    groups: Rc<Vec<FileGroup>>,
    batch: usize,
    /// Its turn has come.
    shown: bool,
    correction: TimeCorrection,
}

impl PartialEq for FileRowsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inputs, &other.inputs)
            && Rc::ptr_eq(&self.summaries, &other.summaries)
            && Rc::ptr_eq(&self.groups, &other.groups)
            && self.batch == other.batch
            && self.shown == other.shown
            && self.correction == other.correction
    }
}

#[function_component(FileRows)]
fn file_rows(props: &FileRowsProps) -> Html {
    if !props.shown {
        return Html::default();
    }
    let start = (props.batch * BATCH).min(props.groups.len());
    let end = (start + BATCH).min(props.groups.len());
    html! { for props.groups[start..end].iter().map(|g| group_rows(props, g)) }
}

/// One input's rows: a loose file is one row; an archive gets a heading row (carrying its
/// own problem, if it had one) and its members indented below.
fn group_rows(props: &FileRowsProps, group: &FileGroup) -> Html {
    let rows = &props.summaries[group.rows.clone()];
    let input = group.input.and_then(|i| props.inputs.get(i));
    let row = |summary: &FileSummary| {
        html! { <FileRow summary={summary.clone()} correction={props.correction.clone()} /> }
    };
    let Some(input) = input.filter(|input| is_archive(&input.path, rows)) else {
        return html! { for rows.iter().map(row) };
    };
    let own = rows.iter().find(|r| r.path == input.path).cloned();
    let members: Vec<&FileSummary> = rows.iter().filter(|r| r.path != input.path).collect();
    html! {
        <>
            <ArchiveRow
                path={input.path.clone()}
                size={input.size}
                own={own}
                members={members.iter().map(|m| m.status).collect::<Vec<_>>()}
            />
            { for members.into_iter().map(row) }
        </>
    }
}

/// An input is shown as an archive when the core opened it (it has members) or reported on
/// the archive itself.
fn is_archive(path: &str, rows: &[FileSummary]) -> bool {
    rows.iter().any(|r| r.path != path || file_view::is_archive_row(r))
}
