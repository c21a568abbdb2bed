//! One row of the report's file list: a file (loose, or a member of an archive), or the
//! heading row of an archive that the user gave.

use loupe_core::{FileStatus, FileSummary};
use yew::prelude::*;

use crate::file_view::{self, date_origin, member_path};
use crate::format;
use crate::labels::status_slug;
use crate::state::TimeCorrection;

/// Columns of the table, for cells that span the rest of a row.
const COLUMNS_AFTER_SIZE: &str = "4";

#[derive(Properties, PartialEq)]
pub(crate) struct FileRowProps {
    /// The report's row for the file.
    pub(crate) summary: FileSummary,
    /// The time correction in effect, to mark what it changed.
    #[prop_or_default]
    pub(crate) correction: TimeCorrection,
}

#[function_component(FileRow)]
pub(crate) fn file_row(props: &FileRowProps) -> Html {
    let summary = &props.summary;
    let status = status_slug(summary.status);
    let member = member_path(&summary.path);
    let read = summary.lines > 0;
    let indent = (member.depth > 0).then(|| format!("padding-left: {}px", 18 + 20 * member.depth.min(4)));
    html! {
        <tr
            data-testid="file-row"
            data-status={status}
            data-path={summary.path.clone()}
            class={classes!((member.depth > 0).then_some("member-row"))}
        >
            <td class="file-cell" style={indent}>
                <span class="file-path" title={summary.path.clone()}>
                    if !member.containers.is_empty() {
                        <span class="path-archive">{ breakable(member.containers) }</span>
                    }
                    { breakable(member.inner) }
                </span>
                <span class={classes!("pill", format!("pill-{status}"))}>{ status }</span>
                if let Some(message) = &summary.message {
                    <span class="file-message" data-testid="file-message">{ message }</span>
                }
            </td>
            <td class="format-cell">
                if read || summary.status == FileStatus::Ok {
                    { &summary.format }
                } else {
                    <span class="muted">{ "—" }</span>
                }
                if !summary.encoding.is_empty() {
                    <span class="sub" data-testid="file-encoding">{ &summary.encoding }</span>
                }
            </td>
            <td class="num">{ format::bytes(summary.bytes) }</td>
            <td class="num">{ count_or_dash(summary.lines, read) }</td>
            <td class="num">{ count_or_dash(summary.entries, read) }</td>
            { time_cell(summary) }
            { zone_cell(summary, &props.correction) }
        </tr>
    }
}

/// A path that a narrow column wraps after a `/` rather than inside a name.
fn breakable(path: &str) -> Html {
    html! { for path.split_inclusive('/').map(|part| html! { <>{ part }<wbr /></> }) }
}

fn count_or_dash(n: u64, read: bool) -> Html {
    if read {
        html! { format::count(n) }
    } else {
        html! { <span class="muted">{ "—" }</span> }
    }
}

/// The time range, and where its date came from.
fn time_cell(summary: &FileSummary) -> Html {
    let Some(origin) = date_origin(summary) else {
        return html! { <td class="muted">{ "—" }</td> };
    };
    let range = file_view::compact_range(summary.first_time.as_deref(), summary.last_time.as_deref())
        .unwrap_or_default();
    let badge = if origin.corrected {
        html! { <span class="corrected" title="You set this date above the table.">{ "set by you" }</span> }
    } else if origin.assumed {
        html! { <span class="assumed" title="The lines carry no date of their own; correct it above the table.">{ "assumed" }</span> }
    } else {
        Html::default()
    };
    html! {
        <td class="time-cell" data-testid="file-time">
            { range }
            <span class="sub" data-testid="date-source">{ origin.label }{ " " }{ badge }</span>
        </td>
    }
}

/// The zone the file's times were read in, and whether it was assumed or corrected.
fn zone_cell(summary: &FileSummary, correction: &TimeCorrection) -> Html {
    if date_origin(summary).is_none() {
        return html! { <td class="muted">{ "—" }</td> };
    }
    html! {
        <td class="zone-cell" data-testid="file-zone">
            { &summary.zone }
            if summary.zone_assumed {
                <span class="sub">
                    <span class="assumed" title="The lines name no zone; this one was assumed. Correct it above the table.">{ "assumed" }</span>
                </span>
            } else if file_view::zone_corrected(summary, correction) {
                <span class="sub">
                    <span class="corrected" title="You set this zone above the table.">{ "set by you" }</span>
                </span>
            }
        </td>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ArchiveRowProps {
    /// The archive's name as the user gave it.
    pub(crate) path: String,
    /// Its size on disk, as the worker said.
    pub(crate) size: Option<u64>,
    /// The core's row for the archive itself, when it had a problem (truncated, capped).
    pub(crate) own: Option<FileSummary>,
    /// The statuses of the files found inside it.
    pub(crate) members: Vec<FileStatus>,
}

/// Heads an archive's members: its name, its own problem if any, and what was inside.
#[function_component(ArchiveRow)]
pub(crate) fn archive_row(props: &ArchiveRowProps) -> Html {
    let status = props.own.as_ref().map_or("ok", |own| status_slug(own.status));
    let kind =
        props.own.as_ref().map_or_else(|| file_view::archive_kind(&props.path), |own| own.format.as_str());
    let count = |wanted: FileStatus| props.members.iter().filter(|s| **s == wanted).count();
    let mut inside = vec![format::plural(props.members.len(), "file inside", "files inside")];
    for (wanted, word) in
        [(FileStatus::Ok, "ok"), (FileStatus::Skipped, "skipped"), (FileStatus::Error, "with errors")]
    {
        let n = count(wanted);
        if n > 0 && n < props.members.len() {
            inside.push(format!("{n} {word}"));
        }
    }
    html! {
        <tr class="archive-row" data-testid="archive-row" data-status={status} data-path={props.path.clone()}>
            <td class="file-cell">
                <span class="archive-icon" aria-hidden="true"></span>
                <span class="file-path" title={props.path.clone()}>{ &props.path }</span>
                <span class={classes!("pill", format!("pill-{status}"))}>{ status }</span>
                if let Some(message) = props.own.as_ref().and_then(|own| own.message.as_ref()) {
                    <span class="file-message" data-testid="file-message">{ message }</span>
                }
            </td>
            <td class="format-cell">{ kind }<span class="sub">{ "archive" }</span></td>
            <td class="num">{ props.size.map(format::bytes).unwrap_or_default() }</td>
            <td class="archive-inside" colspan={COLUMNS_AFTER_SIZE}>{ inside.join(" · ") }</td>
        </tr>
    }
}
