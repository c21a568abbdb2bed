//! One finding: a summary line that expands into what it means, what to do, and evidence.

use std::rc::Rc;

use loupe_core::Finding;
use yew::prelude::*;

use crate::format;
use crate::labels::{category_label, category_slug, severity_label, severity_slug};

#[derive(Properties, PartialEq)]
pub(crate) struct FindingItemProps {
    /// An `Rc`, so that an unchanged finding is told by its pointer (see `converge`).
    pub(crate) finding: Rc<Finding>,
}

/// Files named in the summary line before "and N more".
const NAMED_FILES: usize = 3;

#[function_component(FindingItem)]
pub(crate) fn finding_item(props: &FindingItemProps) -> Html {
    let open = use_state(|| false);
    let finding = &props.finding;
    let severity = severity_slug(finding.severity);
    let body_id = format!("finding-{}", finding.rule);
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };

    let when = format::time_range(finding.first_seen.as_deref(), finding.last_seen.as_deref());
    let times = if finding.count == 1 {
        "1 occurrence".to_owned()
    } else {
        format!("{} occurrences", format::count(finding.count))
    };
    html! {
        <article
            class={classes!("finding", format!("finding-{severity}"), open.then_some("open"))}
            data-testid="finding"
            data-category={category_slug(finding.category)}
            data-severity={severity}
            data-rule={finding.rule.clone()}
        >
            <button
                type="button"
                class="finding-head"
                aria-expanded={open.to_string()}
                aria-controls={body_id.clone()}
                {onclick}
            >
                <span class={classes!("badge", format!("badge-{severity}"))}>{ severity_label(finding.severity) }</span>
                <span class="finding-summary">
                    <span class="finding-title">{ &finding.title }</span>
                    <span class="finding-meta">
                        <span class="tag">{ category_label(finding.category) }</span>
                        <span>{ times }</span>
                        if let Some(when) = when {
                            <span>{ when }</span>
                        }
                        { seen_in(finding) }
                    </span>
                </span>
                <span class="chevron" aria-hidden="true"></span>
            </button>
            if *open {
                <div class="finding-body" id={body_id}>
                    <h4>{ "What it means" }</h4>
                    <p>{ &finding.detail }</p>
                    <h4>{ "What to do" }</h4>
                    <p>{ &finding.remedy }</p>
                    if !finding.evidence.is_empty() {
                        <h4>{ "Evidence" }</h4>
                        <ol class="evidence">
                            { for finding.evidence.iter().map(|e| html! {
                                <li data-testid="evidence">
                                    <span class="evidence-at">{ format!("{}:{}", e.path, e.line) }</span>
                                    <code class="evidence-text">{ &e.text }</code>
                                </li>
                            }) }
                        </ol>
                        if (finding.evidence.len() as u64) < finding.count {
                            <p class="sub">{ format!("Showing {} of {} occurrences.", finding.evidence.len(), format::count(finding.count)) }</p>
                        }
                    }
                </div>
            }
        </article>
    }
}

/// "seen in a.uc, b.log and 2 more": the distinct files of the evidence, in order.
fn seen_in(finding: &Finding) -> Html {
    let mut files: Vec<&str> = Vec::new();
    for evidence in &finding.evidence {
        if !files.contains(&evidence.path.as_str()) {
            files.push(&evidence.path);
        }
    }
    if files.is_empty() {
        return Html::default();
    }
    let more = files.len().saturating_sub(NAMED_FILES);
    let named = files.iter().take(NAMED_FILES).copied().collect::<Vec<_>>().join(", ");
    let text = if more > 0 { format!("seen in {named} and {more} more") } else { format!("seen in {named}") };
    html! { <span class="finding-files" title={files.join("\n")}>{ text }</span> }
}
