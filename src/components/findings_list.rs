//! The findings, grouped by severity, most severe first.

use std::rc::Rc;

use loupe_core::{Finding, Severity};
use yew::prelude::*;

use super::finding_item::FindingItem;
use crate::batches::after_next_frame;
use crate::converge::{self, Converging, NEW_COST};
use crate::format;
use crate::state::Phase;

#[derive(Properties, PartialEq)]
pub(crate) struct FindingsListProps {
    pub(crate) findings: Rc<Vec<Rc<Finding>>>,
    pub(crate) phase: Phase,
    /// The job the findings belong to: a new job draws its list from the start again.
    #[prop_or_default]
    pub(crate) job: u32,
}

/// Findings drawn in the first task of a list: the first answer should not wait. The report
/// can bring hundreds the snapshots did not have (300 on a bundle of many small files: 60 ms
/// of the page's time); the rest follow a few a frame (see `converge`).
const FIRST: usize = 25;
/// The same for the first findings while the files are read, when a task of the page's
/// waits for a core: the first few show at once, the others a frame later.
const FIRST_RUNNING: usize = 4;
/// Findings drawn while the files are read: the most severe first, the others counted.
const RUNNING_SHOWN: usize = 25;
/// Changes drawn a frame after that, while the files are read: a new finding is a dozen
/// elements to create, style and lay out, about a millisecond of the page's time on a busy
/// machine, and then the workers take every core, so a task of the page's waits for one
/// and a few ms of its time can last 50. Redrawing a changed finding costs a fraction.
const STEP_RUNNING: usize = 2 * NEW_COST;
/// The same once the workers are done and the page has a core to itself.
const STEP_DONE: usize = 4 * NEW_COST;

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
    // While running only the first findings are drawn: every frame of the page (progress
    // four times a second) costs more the more the page holds, at 1 GB 8 ms of its time with
    // 150 findings drawn.
    let running = props.phase == Phase::Running;
    let shown = if running {
        &props.findings[..props.findings.len().min(RUNNING_SHOWN)]
    } else {
        &props.findings[..]
    };
    let list = use_mut_ref(Converging::default);
    let frame = use_state(|| 0_u32);
    let step = {
        let mut list = list.borrow_mut();
        let budget = match (running, list.draws_nothing(props.job)) {
            (true, true) => FIRST_RUNNING * NEW_COST,
            (false, true) => FIRST * NEW_COST,
            (true, false) => STEP_RUNNING,
            (false, false) => STEP_DONE,
        };
        list.step(props.job, shown, budget)
    };
    {
        // Behind: another step after the next frame, unless new props come first.
        let behind = step.behind;
        let frame = frame.clone();
        use_effect(move || {
            let next = behind.then(|| after_next_frame(move || frame.set(frame.wrapping_add(1))));
            move || drop(next)
        });
    }
    // While running the list fills in within a few frames; a "listing" line would flicker.
    let waiting = if running { 0 } else { step.waiting };
    let more = props.findings.len() - shown.len();
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
                let members = props.findings.iter().filter(|f| f.severity == severity).count();
                let rows: Vec<&Rc<Finding>> = step.rows.iter().filter(|f| f.severity == severity).collect();
                group(members, &rows, heading)
            }) }
            if more > 0 {
                <p class="listing" data-testid="findings-more" data-count={more.to_string()}>
                    { converge::more_found(more) }
                </p>
            }
            if waiting > 0 {
                <p class="listing" data-testid="findings-listing">
                    { format!("Listing {} more…", format::plural(waiting, "finding", "findings")) }
                </p>
            }
        </section>
    }
}

/// One severity's findings (`members` of them), those drawn so far; a group none of whose
/// findings is drawn yet is left out.
fn group(members: usize, rows: &[&Rc<Finding>], heading: &str) -> Html {
    if rows.is_empty() {
        return Html::default();
    }
    html! {
        <div class="finding-group">
            <h3 class="group-heading">{ heading }<span class="group-count">{ members }</span></h3>
            <ul class="finding-list">
                { for rows.iter().map(|&finding| html! {
                    // Keyed so an open finding stays open as snapshots replace the list.
                    <li key={crate::labels::finding_key(finding)}><FindingItem finding={finding.clone()} /></li>
                }) }
            </ul>
        </div>
    }
}
