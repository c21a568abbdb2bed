//! The results as tabs: Findings first, then one tab per report section that has something
//! to show (Provisioning, Sign-ins, Google). With no such section there are no tabs, only findings.

use std::rc::Rc;

use loupe_core::{Finding, ProvisioningStatus, SignInStatus};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::findings_list::FindingsList;
use super::google_tab::GoogleTab;
use super::provisioning_table::ProvisioningTable;
use super::signin_trails::SignInTrails;
use crate::sections::Sections;
use crate::state::{InputFile, Phase};

#[derive(Properties, PartialEq)]
pub(crate) struct ReportTabsProps {
    pub(crate) findings: Rc<Vec<Rc<Finding>>>,
    pub(crate) phase: Phase,
    pub(crate) sections: Rc<Sections>,
    /// The files analysed: new files start on the findings, while a rerun of the same files
    /// (with a time correction) stays on the tab the user was reading.
    pub(crate) inputs: Rc<Vec<InputFile>>,
    /// The job the findings belong to.
    #[prop_or_default]
    pub(crate) job: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Findings,
    Provisioning,
    SignIns,
    Google,
}

impl Tab {
    fn slug(self) -> &'static str {
        match self {
            Tab::Findings => "findings",
            Tab::Provisioning => "provisioning",
            Tab::SignIns => "signins",
            Tab::Google => "google",
        }
    }
}

/// A tab's label, how many items it holds, and how many of them need attention.
struct TabInfo {
    tab: Tab,
    label: &'static str,
    count: usize,
    failures: usize,
    /// What the failures are called ("failed", "to fix").
    failure_word: &'static str,
}

#[function_component(ReportTabs)]
pub(crate) fn report_tabs(props: &ReportTabsProps) -> Html {
    let selected = use_state(|| Tab::Findings);
    {
        let selected = selected.clone();
        use_effect_with(props.inputs.clone(), move |_| selected.set(Tab::Findings));
    }

    let tabs = available(props);
    let findings =
        html! { <FindingsList findings={props.findings.clone()} phase={props.phase} job={props.job} /> };
    // One tree with or without tabs: when the report brings the first tab, yew keeps the
    // findings already on the page instead of building them all again (a 256-finding
    // report took 230 ms to rebuild, restyle and lay out, in one task).
    let tabbed = tabs.len() >= 2;
    let current = if tabbed && tabs.iter().any(|t| t.tab == *selected) { *selected } else { Tab::Findings };
    let panel = match current {
        Tab::Findings => findings,
        Tab::Provisioning => html! { <ProvisioningTable sections={props.sections.clone()} /> },
        Tab::SignIns => html! { <SignInTrails sections={props.sections.clone()} /> },
        Tab::Google => {
            html! { <GoogleTab sections={props.sections.clone()} findings={props.findings.clone()} /> }
        }
    };

    html! {
        <div class="report-tabs">
            if tabbed {
                { tab_list(&tabs, current, &selected) }
            }
            <div
                role={tabbed.then_some("tabpanel")}
                id="results-panel"
                aria-labelledby={tabbed.then(|| format!("tab-{}", current.slug()))}
            >
                { panel }
            </div>
        </div>
    }
}

/// The row of tabs, which the arrow keys move along.
fn tab_list(tabs: &[TabInfo], current: Tab, selected: &UseStateHandle<Tab>) -> Html {
    let onkeydown = {
        let selected = selected.clone();
        let order: Vec<Tab> = tabs.iter().map(|t| t.tab).collect();
        Callback::from(move |event: KeyboardEvent| {
            let Some(at) = order.iter().position(|&t| t == current) else { return };
            let next = match event.key().as_str() {
                "ArrowRight" => order[(at + 1) % order.len()],
                "ArrowLeft" => order[(at + order.len() - 1) % order.len()],
                "Home" => order[0],
                "End" => order[order.len() - 1],
                _ => return,
            };
            event.prevent_default();
            selected.set(next);
            focus(&format!("tab-{}", next.slug()));
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Results" {onkeydown}>
            { for tabs.iter().map(|info| {
                let active = info.tab == current;
                let onclick = {
                    let selected = selected.clone();
                    let tab = info.tab;
                    Callback::from(move |_: MouseEvent| selected.set(tab))
                };
                html! {
                    <button
                        type="button"
                        role="tab"
                        id={format!("tab-{}", info.tab.slug())}
                        class={classes!("tab", active.then_some("tab-on"))}
                        aria-selected={active.to_string()}
                        aria-controls="results-panel"
                        tabindex={if active { "0" } else { "-1" }}
                        data-testid={format!("tab-{}", info.tab.slug())}
                        {onclick}
                    >
                        { info.label }
                        <span class="panel-count">{ info.count }</span>
                        if info.failures > 0 {
                            <span class="tab-failures">{ format!("{} {}", info.failures, info.failure_word) }</span>
                        }
                    </button>
                }
            }) }
        </div>
    }
}

/// The tabs with something to show, in order.
fn available(props: &ReportTabsProps) -> Vec<TabInfo> {
    let sections = &props.sections;
    let mut tabs = vec![TabInfo {
        tab: Tab::Findings,
        label: "Findings",
        count: props.findings.len(),
        failures: 0,
        failure_word: "",
    }];
    if !sections.provisioning.is_empty() {
        tabs.push(TabInfo {
            tab: Tab::Provisioning,
            label: "Provisioning",
            count: sections.provisioning.len(),
            failures: sections.provisioning.iter().filter(|r| r.status == ProvisioningStatus::Failed).count(),
            failure_word: "failed",
        });
    }
    if !sections.signins.is_empty() {
        tabs.push(TabInfo {
            tab: Tab::SignIns,
            label: "Sign-ins",
            count: sections.signins.len(),
            failures: sections.signins.iter().filter(|s| s.status == SignInStatus::Failed).count(),
            failure_word: "failed",
        });
    }
    if sections.has_google() {
        let s = sections;
        tabs.push(TabInfo {
            tab: Tab::Google,
            label: "Google",
            count: s.jwts.len()
                + s.keys.len()
                + s.scopes.len()
                + s.subscriptions.len()
                + s.counters.len()
                + usize::from(s.clock_skew.is_some()),
            failures: s.google_problems(),
            failure_word: "to fix",
        });
    }
    tabs
}

/// Moves the keyboard focus to the element with this id, as arrow keys in a tab list should.
fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
