//! Google Workspace Events subscriptions: name, state, suspension reason and what to do.
//! The remedy is the one the core wrote into the subscription's finding.

use std::rc::Rc;

use loupe_core::{Category, Finding, SubscriptionSummary};
use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct SubscriptionListProps {
    pub(crate) subscriptions: Vec<SubscriptionSummary>,
    pub(crate) findings: Rc<Vec<Rc<Finding>>>,
}

#[function_component(SubscriptionList)]
pub(crate) fn subscription_list(props: &SubscriptionListProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="subscriptions-heading" data-testid="subscriptions">
            <div class="panel-head">
                <h2 id="subscriptions-heading">{ "Workspace Events subscriptions" }</h2>
                <span class="panel-count">{ props.subscriptions.len() }</span>
            </div>
            <div class="table-scroll">
                <table class="grid subscriptions">
                    <thead>
                        <tr>
                            <th scope="col">{ "Subscription" }</th>
                            <th scope="col">{ "State" }</th>
                            <th scope="col">{ "Reason" }</th>
                            <th scope="col">{ "What to do" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.subscriptions.iter().map(|s| row(s, &props.findings)) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn row(sub: &SubscriptionSummary, findings: &[Rc<Finding>]) -> Html {
    let state = sub.state.as_deref().unwrap_or("unknown");
    let pill = match state {
        "ACTIVE" => "pill-ok",
        "SUSPENDED" => "pill-error",
        _ => "pill-skipped",
    };
    // The subscription's own findings, named by it in their titles (one per subscription).
    let own: Vec<&Finding> = findings
        .iter()
        .map(|f| &**f)
        .filter(|f| f.category == Category::Subscription && f.title.ends_with(sub.name.as_str()))
        .collect();
    html! {
        <tr data-testid="subscription" data-state={state.to_lowercase()}>
            <td class="col-sub">
                <code class="sub-name">{ &sub.name }</code>
                if let Some(target) = &sub.target_resource {
                    <span class="sub">{ target }</span>
                }
                if let Some(event) = &sub.event_type {
                    <span class="sub">{ event }</span>
                }
                if let Some(expires) = &sub.expire_time {
                    <span class="sub">{ format!("expires {}", format::timestamp(expires)) }</span>
                }
                <span class="sub">{ format!("{}:{}", format::file_name(&sub.path), sub.line) }</span>
            </td>
            <td><span class={classes!("pill", pill)}>{ state }</span></td>
            <td>
                if let Some(reason) = &sub.suspension_reason {
                    <code class="reason">{ breakable(reason) }</code>
                    { match sub.reactivatable {
                        Some(true) => html! { <span class="sub">{ "reactivate once fixed" }</span> },
                        Some(false) => html! { <span class="sub">{ "cannot be reactivated: create a new one" }</span> },
                        None => Html::default(),
                    } }
                } else {
                    <span class="muted">{ "—" }</span>
                }
            </td>
            <td class="col-remedy">
                if own.is_empty() {
                    <span class="muted">{ if state == "ACTIVE" { "Nothing: it is delivering events." } else { "—" } }</span>
                }
                { for own.iter().map(|f| html! { <p>{ &f.remedy }</p> }) }
                if !sub.reactivation_errors.is_empty() {
                    <span class="sub">{ format!("Still failing at the last reactivate(): {}", sub.reactivation_errors.join(", ")) }</span>
                }
                if let Some(account) = &sub.push_account {
                    <span class="sub">{ format!("Push service account: {account}") }</span>
                }
            </td>
        </tr>
    }
}

/// `ENDPOINT_PERMISSION_DENIED` with line-break chances after its underscores, so a narrow
/// column breaks it between words (and a copy of it stays exact).
fn breakable(code: &str) -> Html {
    let parts: Vec<&str> = code.split_inclusive('_').collect();
    html! { for parts.iter().map(|part| html! { <>{ *part }<wbr /></> }) }
}
