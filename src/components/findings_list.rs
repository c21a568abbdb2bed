//! The findings, grouped by severity, most severe first.

use std::rc::Rc;

use loupe_core::{Finding, Severity};
use yew::prelude::*;

use super::finding_item::FindingItem;
use crate::state::Phase;

#[derive(Properties, PartialEq)]
pub(crate) struct FindingsListProps {
    pub(crate) findings: Rc<Vec<Finding>>,
    pub(crate) phase: Phase,
}

const GROUPS: [(Severity, &str); 3] =
    [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Notes")];

#[function_component(FindingsList)]
pub(crate) fn findings_list(props: &FindingsListProps) -> Html {
    let empty = match props.phase {
        Phase::Running => "Nothing found yet. Findings appear here as the files are read.",
        Phase::Done => "No known problem found in these files. Loupe only recognises the failures it has rules for, so this is not proof that all is well.",
        Phase::Idle => "The analysis was cancelled, so there are no findings to show.",
        Phase::Error => "The analysis did not complete, so there are no findings to show.",
    };
    // Findings shown before the report is complete must not pass for the whole story.
    let partial_note = match props.phase {
        _ if props.findings.is_empty() => None,
        Phase::Running => Some("so far; still reading"),
        Phase::Error => Some("incomplete: the analysis stopped"),
        Phase::Idle | Phase::Done => None,
    };
    html! {
        <section class="panel" aria-labelledby="findings-heading">
            <div class="panel-head">
                <h2 id="findings-heading">{ "Findings" }</h2>
                <span class="panel-count">{ props.findings.len() }</span>
                if let Some(note) = partial_note {
                    <span class="panel-note">{ note }</span>
                }
            </div>
            if props.findings.is_empty() {
                <p class="empty">{ empty }</p>
            }
            { for GROUPS.iter().map(|&(severity, heading)| group(&props.findings, severity, heading)) }
        </section>
    }
}

fn group(findings: &[Finding], severity: Severity, heading: &str) -> Html {
    let members: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
    if members.is_empty() {
        return Html::default();
    }
    html! {
        <div class="finding-group">
            <h3 class="group-heading">{ heading }<span class="group-count">{ members.len() }</span></h3>
            <ul class="finding-list">
                { for members.into_iter().map(|finding| html! {
                    // Keyed so an open finding stays open as snapshots replace the list.
                    <li key={crate::labels::finding_key(finding)}><FindingItem finding={finding.clone()} /></li>
                }) }
            </ul>
        </div>
    }
}
