//! Saves the finished report: JSON (the CLI's contract) or Markdown (for a ticket).

use std::rc::Rc;

use loupe_core::Report;
use yew::prelude::*;

use crate::export::{self, JSON_NAME, MARKDOWN_NAME};
use crate::save::save_text;
use crate::sections::Sections;

#[derive(Properties, PartialEq)]
pub(crate) struct ExportButtonsProps {
    /// The report's findings and files.
    pub(crate) report: Rc<Report>,
    /// The rest of the report, which the panels hold.
    pub(crate) sections: Rc<Sections>,
}

#[function_component(ExportButtons)]
pub(crate) fn export_buttons(props: &ExportButtonsProps) -> Html {
    // Why the browser refused the last download, if it did.
    let error = use_state(|| None::<String>);
    let save = |make: fn(&Report) -> (String, &'static str, &'static str)| {
        let (report, sections) = (props.report.clone(), props.sections.clone());
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            // Put together only when asked: it copies every section.
            let (text, name, mime) = make(&sections.whole(&report));
            error.set(save_text(name, mime, &text).err().map(|e| format!("Could not save: {e}")));
        })
    };
    let json = save(|report| (export::to_json(report), JSON_NAME, "application/json"));
    let markdown = save(|report| (export::to_markdown(report, &now()), MARKDOWN_NAME, "text/markdown"));
    html! {
        <div class="export" role="group" aria-label="Export report">
            <span class="export-label">{ "Export report" }</span>
            <button type="button" class="button" data-testid="export-json" onclick={json}>{ "JSON" }</button>
            <button type="button" class="button" data-testid="export-markdown" onclick={markdown}>{ "Markdown" }</button>
            if let Some(message) = (*error).clone() {
                <span class="export-error" role="alert">{ message }</span>
            }
        </div>
    }
}

/// The browser's clock in UTC, to the minute, for the Markdown header.
fn now() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    format!("{} UTC", iso.get(..16).unwrap_or(&iso).replacen('T', " ", 1))
}
