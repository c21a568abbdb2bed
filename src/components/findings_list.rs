//! The findings, grouped by severity, most severe first.

use std::rc::Rc;

use loupe_core::{Finding, Severity};
use yew::prelude::*;

use super::finding_item::FindingItem;
use crate::batches::use_batches;
use crate::format;
use crate::state::Phase;

#[derive(Properties, PartialEq)]
pub(crate) struct FindingsListProps {
    pub(crate) findings: Rc<Vec<Finding>>,
    pub(crate) phase: Phase,
    /// The job the findings belong to: a new job draws its list from the start again.
    #[prop_or_default]
    pub(crate) job: u32,
}

/// Findings drawn in one task. The report can bring dozens the snapshots did not have (300
/// on a bundle of many small files: 60 ms of the page's time); the rest follow, a batch a
/// frame. (`content-visibility: auto` on the items would have saved more, but a full-page
/// capture of the report then showed blanks where the findings off-screen were.)
const BATCH: usize = 25;

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
    let shown = use_batches(props.job, props.findings.len(), BATCH, BATCH);
    let waiting = props.findings.len() - shown;
    let mut budget = shown;
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
            { for GROUPS.iter().map(|&(severity, heading)| {
                let members: Vec<&Finding> = props.findings.iter().filter(|f| f.severity == severity).collect();
                let drawn = members.len().min(budget);
                budget -= drawn;
                group(&members, drawn, heading)
            }) }
            if waiting > 0 {
                <p class="listing" data-testid="findings-listing">
                    { format!("Listing {} more…", format::plural(waiting, "finding", "findings")) }
                </p>
            }
        </section>
    }
}

/// One severity's findings, the first `drawn` of them drawn; a group whose turn has not come
/// is left out.
fn group(members: &[&Finding], drawn: usize, heading: &str) -> Html {
    if drawn == 0 {
        return Html::default();
    }
    html! {
        <div class="finding-group">
            <h3 class="group-heading">{ heading }<span class="group-count">{ members.len() }</span></h3>
            <ul class="finding-list">
                { for members[..drawn].iter().map(|&finding| html! {
                    // Keyed so an open finding stays open as snapshots replace the list.
                    <li key={crate::labels::finding_key(finding)}><FindingItem finding={finding.clone()} /></li>
                }) }
            </ul>
        </div>
    }
}
