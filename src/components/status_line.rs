//! One line saying where the analysis is, with progress and Cancel while it runs.

use yew::prelude::*;

use crate::format;
use crate::state::Phase;

#[derive(Properties, PartialEq)]
pub(crate) struct StatusLineProps {
    pub(crate) phase: Phase,
    /// Number of input files.
    pub(crate) files: usize,
    pub(crate) bytes_done: u64,
    /// Sum of the sizes; `None` until the worker has said them.
    pub(crate) bytes_total: Option<u64>,
    /// The file being read and its place among the inputs, counted from 1.
    #[prop_or_default]
    pub(crate) reading: Option<(usize, String)>,
    pub(crate) elapsed_ms: Option<f64>,
    /// A cancel note or a failure message.
    pub(crate) notice: Option<String>,
    /// Findings by severity: (errors, warnings, infos).
    pub(crate) counts: (usize, usize, usize),
    pub(crate) on_cancel: Callback<()>,
    /// Shown at the end of the line (the export buttons, once the report is there).
    #[prop_or_default]
    pub(crate) children: Html,
}

#[function_component(StatusLine)]
pub(crate) fn status_line(props: &StatusLineProps) -> Html {
    // Only the settled states are live regions: the running figures change ten times a
    // second and would drown a screen reader.
    let files = format::plural(props.files, "file", "files");
    let body = match props.phase {
        Phase::Idle => html! {
            <p class="status-text" role="status">
                { props.notice.clone().unwrap_or_else(|| "Ready. Add files to analyse them.".to_owned()) }
            </p>
        },
        Phase::Running => {
            let percent = props.bytes_total.map_or(0, |total| format::percent(props.bytes_done, total));
            let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
            html! {
                <>
                    <p class="status-text">
                        <span class="spinner" aria-hidden="true"></span>
                        <span>
                            { format!("Analysing {files}… ") }
                            if let Some(total) = props.bytes_total {
                                <span class="status-figures">
                                    { format!("{} of {} ({percent}%)", format::bytes(props.bytes_done), format::bytes(total)) }
                                </span>
                            }
                            if let Some((place, path)) = &props.reading {
                                <span class="status-reading" data-testid="status-reading" title={path.clone()}>
                                    { format!("Reading {path}") }
                                    if props.files > 1 {
                                        { format!(" ({place} of {})", props.files) }
                                    }
                                </span>
                            }
                        </span>
                    </p>
                    <div
                        class="progress"
                        role="progressbar"
                        aria-label="Bytes analysed"
                        aria-valuemin="0"
                        aria-valuemax="100"
                        aria-valuenow={percent.to_string()}
                    >
                        <div class="progress-fill" style={format!("width: {percent}%")}></div>
                    </div>
                    <button type="button" class="button" data-testid="cancel" onclick={on_cancel}>{ "Cancel" }</button>
                </>
            }
        }
        Phase::Done => {
            let (errors, warnings, infos) = props.counts;
            let took = props.elapsed_ms.map(|ms| format!(" in {}", format::duration(ms))).unwrap_or_default();
            html! {
                <p class="status-text" role="status">
                    <span class="status-dot" aria-hidden="true"></span>
                    <span>
                        { format!("Analysed {files} ({}){took}: ", format::bytes(props.bytes_total.unwrap_or_default())) }
                        <strong>{ format::plural(errors, "error", "errors") }</strong>{ ", " }
                        <strong>{ format::plural(warnings, "warning", "warnings") }</strong>{ ", " }
                        { format::plural(infos, "note", "notes") }{ "." }
                    </span>
                </p>
            }
        }
        Phase::Error => html! {
            <p class="status-text" role="alert">
                <span>
                    <strong>{ "Analysis failed. " }</strong>
                    { props.notice.clone().unwrap_or_default() }
                </span>
            </p>
        },
    };
    html! {
        <div
            class={classes!("status", format!("status-{}", props.phase.as_str()))}
            data-testid="analysis-status"
            data-state={props.phase.as_str()}
        >
            { body }
            { props.children.clone() }
        </div>
    }
}
