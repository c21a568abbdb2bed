//! One subscriber of the provisioning table; a click shows the request it was read from.

use loupe_core::{ProvisioningRow, ProvisioningStatus};
use yew::prelude::*;

use crate::format;
use crate::labels::{provisioning_label, provisioning_slug};

#[derive(Properties, PartialEq)]
pub(crate) struct ProvisioningRowProps {
    /// The row's index in the report: what `on_toggle` reports.
    pub(crate) index: usize,
    pub(crate) row: ProvisioningRow,
    pub(crate) open: bool,
    pub(crate) on_toggle: Callback<usize>,
}

#[function_component(ProvisioningRowView)]
pub(crate) fn provisioning_row(props: &ProvisioningRowProps) -> Html {
    let row = &props.row;
    let status = provisioning_slug(row.status);
    let detail_id = format!("provisioning-detail-{}", props.index);
    // The whole row is the click target; the button in the first cell gives keyboard users
    // the same toggle (its click bubbles up to the row).
    let onclick = {
        let index = props.index;
        props.on_toggle.reform(move |_: MouseEvent| index)
    };
    html! {
        <>
            <tr
                class={classes!("prov-row", format!("prov-{status}"), props.open.then_some("open"))}
                data-testid="provisioning-row"
                data-status={status}
                {onclick}
            >
                <td class="col-user">
                    <button
                        type="button"
                        class="row-toggle"
                        aria-expanded={props.open.to_string()}
                        aria-controls={detail_id.clone()}
                    >
                        <span class="chevron" aria-hidden="true"></span>
                        <span class="prov-user">{ &row.user }</span>
                    </button>
                    if let Some(email) = row.email.as_deref().filter(|e| *e != row.user) {
                        <span class="sub prov-email">{ email }</span>
                    }
                    if row.attempts > 1 {
                        <span class="sub">{ format!("{} attempts; the last is shown", row.attempts) }</span>
                    }
                </td>
                <td class="col-time">{ posted(row.time.as_deref()) }</td>
                <td class="col-status">
                    <span class={classes!("pill", pill_class(row.status))}>{ provisioning_label(row.status) }</span>
                </td>
                <td class="col-http">
                    { row.http_code.map(|c| c.to_string()).unwrap_or_else(|| "—".to_owned()) }
                </td>
                <td class="col-cause">
                    { &row.cause }
                    if !row.defects.is_empty() {
                        <span class="defects">
                            { for row.defects.iter().map(|d| html! { <span class="defect" data-testid="defect">{ d }</span> }) }
                        </span>
                    }
                </td>
                <td class="col-remedy">
                    // Clamped to a few lines until the row is opened; a table cell cannot clamp.
                    <div class={classes!((!props.open).then_some("clamped"))}>{ &row.remedy }</div>
                </td>
            </tr>
            if props.open {
                <tr class="prov-detail" id={detail_id}>
                    <td colspan="6">
                        <dl class="facts">
                            if let Some(message) = &row.message {
                                <dt>{ "Bridge message" }</dt>
                                <dd><code>{ message }</code></dd>
                            }
                            if let Some(target) = &row.target {
                                <dt>{ "Posted to" }</dt>
                                <dd><code>{ target }</code></dd>
                            }
                            if let Some(email) = &row.email {
                                <dt>{ "Email posted" }</dt>
                                <dd><code>{ email }</code></dd>
                            }
                            <dt>{ "Requests logged" }</dt>
                            <dd>{ row.attempts }</dd>
                        </dl>
                        <ol class="evidence">
                            <li data-testid="evidence">
                                <span class="evidence-at">{ format!("{}:{}", row.evidence.path, row.evidence.line) }</span>
                                <code class="evidence-text">{ &row.evidence.text }</code>
                            </li>
                        </ol>
                    </td>
                </tr>
            }
        </>
    }
}

/// The time of day on top, the date under it: every row of one PSLog shares the date.
fn posted(time: Option<&str>) -> Html {
    let Some(time) = time else { return html! { <span class="muted">{ "—" }</span> } };
    let (clock, date) = format::time_then_date(time);
    html! {
        <>
            <span class="nowrap">{ clock }</span>
            if let Some(date) = date {
                <span class="sub">{ date }</span>
            }
        </>
    }
}

fn pill_class(status: ProvisioningStatus) -> &'static str {
    match status {
        ProvisioningStatus::Accepted => "pill-ok",
        ProvisioningStatus::Failed => "pill-error",
        ProvisioningStatus::NoResponse => "pill-no-response",
    }
}
