//! Webex for BroadWorks flow-through provisioning: one row per subscriber, sortable by
//! clicking a column header, filtered by words and by status.

use std::collections::HashSet;
use std::rc::Rc;

use loupe_core::ProvisioningStatus;
use yew::prelude::*;

use super::filter_bar::{Chip, FilterBar};
use super::provisioning_row::ProvisioningRowView;
use crate::provisioning_order::{self, Column, Query};
use crate::sections::Sections;

#[derive(Properties, PartialEq)]
pub(crate) struct ProvisioningTableProps {
    pub(crate) sections: Rc<Sections>,
}

/// The status filter's choices, in chip order.
const STATUS_CHOICES: [Option<ProvisioningStatus>; 4] = [
    None,
    Some(ProvisioningStatus::Failed),
    Some(ProvisioningStatus::NoResponse),
    Some(ProvisioningStatus::Accepted),
];

/// The columns: how each sorts (the remedy, too long to sort by usefully, does not), its
/// heading and its class.
const COLUMNS: [(Option<Column>, &str, &str); 6] = [
    (Some(Column::User), "Subscriber", "col-user"),
    (Some(Column::Time), "Posted", "col-time"),
    (Some(Column::Status), "Status", "col-status"),
    (Some(Column::Http), "HTTP", "col-http"),
    (Some(Column::Cause), "Cause", "col-cause"),
    (None, "Remedy", "col-remedy"),
];

#[function_component(ProvisioningTable)]
pub(crate) fn provisioning_table(props: &ProvisioningTableProps) -> Html {
    let query = use_state(Query::default);
    // Open rows by their index in the report, so sorting keeps them open.
    let open = use_state(HashSet::<usize>::new);
    let rows = &props.sections.provisioning;
    let shown = provisioning_order::visible(rows, &query);

    let on_text = {
        let query = query.clone();
        Callback::from(move |text: String| query.set(Query { text, ..(*query).clone() }))
    };
    let on_status = {
        let query = query.clone();
        Callback::from(move |i: usize| {
            query.set(Query { status: STATUS_CHOICES.get(i).copied().flatten(), ..(*query).clone() })
        })
    };
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |index: usize| {
            let mut next = (*open).clone();
            if !next.remove(&index) {
                next.insert(index);
            }
            open.set(next);
        })
    };

    let (failed, unanswered, accepted) = provisioning_order::status_counts(rows);
    let chips = vec![
        Chip { label: "All", slug: "all", count: rows.len() },
        Chip { label: "Failed", slug: "failed", count: failed },
        Chip { label: "No answer", slug: "no-response", count: unanswered },
        Chip { label: "Accepted", slug: "accepted", count: accepted },
    ];
    let selected = STATUS_CHOICES.iter().position(|&s| s == query.status).unwrap_or(0);

    html! {
        <section class="panel" aria-labelledby="provisioning-heading" data-testid="provisioning-table">
            <div class="panel-head">
                <h2 id="provisioning-heading">{ "Provisioning" }</h2>
                <span class="panel-count">{ rows.len() }</span>
                <span class="panel-note">{ "flow-through requests from the Application Server to the Webex provisioning bridge, last one per subscriber" }</span>
            </div>
            <FilterBar
                placeholder="Filter: user, email, code, cause…"
                label="Filter subscribers"
                testid="provisioning-filter"
                text={query.text.clone()}
                {on_text}
                {chips}
                {selected}
                on_select={on_status}
            />
            <div class="table-scroll">
                <table class="grid provisioning">
                    <thead>
                        <tr>
                            { for COLUMNS.iter().map(|&(column, label, class)| header(&query, column, label, class)) }
                        </tr>
                    </thead>
                    <tbody>
                        { for shown.iter().take(provisioning_order::SHOWN_ROWS).map(|&i| html! {
                            <ProvisioningRowView
                                key={i}
                                index={i}
                                row={rows[i].clone()}
                                open={open.contains(&i)}
                                on_toggle={on_toggle.clone()}
                            />
                        }) }
                    </tbody>
                </table>
            </div>
            if shown.len() > provisioning_order::SHOWN_ROWS {
                <p class="empty" data-testid="provisioning-more">
                    { format!(
                        "Showing the first {} of {} subscribers in this order. Filter by status, user, email, code or cause to find the others.",
                        provisioning_order::SHOWN_ROWS,
                        shown.len()
                    ) }
                </p>
            }
            if shown.is_empty() {
                <p class="empty">{ "No subscriber matches this filter." }</p>
            }
        </section>
    }
}

/// A column header; a sortable one is a button that sorts by it, or reverses the sort.
fn header(
    query: &UseStateHandle<Query>,
    column: Option<Column>,
    label: &'static str,
    class: &'static str,
) -> Html {
    let Some(column) = column else {
        return html! { <th scope="col" class={class}>{ label }</th> };
    };
    let active = query.column == column;
    let sort = match (active, query.descending) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    let onclick = {
        let query = query.clone();
        Callback::from(move |_: MouseEvent| query.set(query.sorted_by(column)))
    };
    html! {
        <th scope="col" class={class} aria-sort={sort}>
            <button type="button" class={classes!("sort", active.then_some("sort-on"))} data-sort={label} {onclick}>
                { label }
                <span class={classes!("sort-mark", format!("sort-{sort}"))} aria-hidden="true"></span>
            </button>
        </th>
    }
}
