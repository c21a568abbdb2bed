//! One input file: what the core made of it, and what it had to assume.

use loupe_core::FileSummary;
use yew::prelude::*;

use crate::format;
use crate::labels::status_slug;
use crate::state::Phase;

#[derive(Properties, PartialEq)]
pub(crate) struct FileRowProps {
    pub(crate) path: String,
    pub(crate) size: u64,
    /// The report's summary, once it has arrived.
    pub(crate) summary: Option<FileSummary>,
    pub(crate) phase: Phase,
}

#[function_component(FileRow)]
pub(crate) fn file_row(props: &FileRowProps) -> Html {
    let Some(summary) = &props.summary else {
        // Before the report: only what the browser knows.
        let waiting = if props.phase == Phase::Running { "Reading…" } else { "Not analysed" };
        return html! {
            <tr data-testid="file-row" data-status="pending">
                <td class="file-cell">
                    <span class="file-path" title={props.path.clone()}>{ &props.path }</span>
                    <span class="pill pill-pending">{ waiting }</span>
                </td>
                <td class="muted">{ "—" }</td>
                <td class="num">{ format::bytes(props.size) }</td>
                <td class="num muted">{ "—" }</td>
                <td class="muted">{ "—" }</td>
                <td class="muted">{ "—" }</td>
            </tr>
        };
    };

    let status = status_slug(summary.status);
    let (range, note) = format::time_range_parts(summary.first_time.as_deref(), summary.last_time.as_deref())
        .map_or((None, None), |(range, note)| (Some(range), note));
    html! {
        <tr data-testid="file-row" data-status={status}>
            <td class="file-cell">
                <span class="file-path" title={summary.path.clone()}>{ &summary.path }</span>
                <span class={classes!("pill", format!("pill-{status}"))}>{ status }</span>
                if let Some(message) = &summary.message {
                    <span class="file-message">{ message }</span>
                }
            </td>
            <td>
                { &summary.format }
                if summary.encoding != "utf-8" && !summary.encoding.is_empty() {
                    <span class="sub">{ &summary.encoding }</span>
                }
            </td>
            <td class="num">{ format::bytes(summary.bytes) }</td>
            <td class="num">{ format::count(summary.lines) }</td>
            <td>
                { range.unwrap_or_else(|| "—".to_owned()) }
                { date_note(summary, note) }
            </td>
            <td>
                { &summary.zone }
                if summary.zone_assumed {
                    <span class="assumed" title="The lines name no zone; this one was assumed.">{ "assumed" }</span>
                }
            </td>
        </tr>
    }
}

/// Where the date came from, when the user should know it was not read from the lines.
/// `note` is what the core appended to the times (such as "date unknown"); the badge for a
/// missing date says the same, so the note is shown only when nothing else is.
fn date_note(summary: &FileSummary, note: Option<String>) -> Html {
    if summary.first_time.is_none() && summary.last_time.is_none() {
        return Html::default();
    }
    match summary.date_source.as_deref() {
        None => html! {
            <span class="sub">
                <span class="assumed" title="The lines carry only a time of day and no date was found.">{ "no date" }</span>
            </span>
        },
        Some("other files") => html! {
            <span class="sub">
                { "date from other files " }
                <span class="assumed" title="This file has no date of its own.">{ "assumed" }</span>
            </span>
        },
        Some("line") => note.map(|note| html! { <span class="sub">{ note }</span> }).unwrap_or_default(),
        Some(source) => html! { <span class="sub">{ format!("date from {source}") }</span> },
    }
}
