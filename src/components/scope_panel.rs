//! One scope list: each entry as written and as it should be, what the required-scope
//! profile says is missing or extra, and the corrected list ready to paste (with a copy
//! button).

use loupe_core::{ScopeEntry, ScopeList};
use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct ScopePanelProps {
    pub(crate) list: ScopeList,
}

#[function_component(ScopePanel)]
pub(crate) fn scope_panel(props: &ScopePanelProps) -> Html {
    let list = &props.list;
    let damaged = list.scopes.iter().filter(|s| !s.defects.is_empty()).count();
    let kind = match list.kind.as_str() {
        "pasted" => "Scope list given to Loupe (as in the Admin console)",
        "requested" => "Scopes the logged tokens asked for",
        "wanted" => "Scopes an API error said it needed",
        other => other,
    };
    html! {
        <article class="scard" data-testid="scope-list" data-kind={list.kind.clone()}>
            <div class="scard-head">
                <span class="scard-kind">{ kind }</span>
                <span class="finding-meta">
                    <span class="file-path">{ &list.source }</span>
                    if !list.profile_label.is_empty() {
                        <span>{ format!("checked against: {}", list.profile_label) }</span>
                    }
                </span>
            </div>
            <div class="scope-counts">
                <span class="chip-static chip-plain">{ format::plural(list.scopes.len(), "entry", "entries") }</span>
                if !list.missing.is_empty() {
                    <span class="chip-static chip-bad">{ format!("{} missing", list.missing.len()) }</span>
                }
                if !list.extra.is_empty() {
                    <span class="chip-static chip-warn">{ format!("{} not needed", list.extra.len()) }</span>
                }
                if damaged > 0 {
                    <span class="chip-static chip-warn">{ format!("{damaged} written wrongly") }</span>
                }
                if list.missing.is_empty() && list.extra.is_empty() && damaged == 0 && !list.profile.is_empty() {
                    <span class="chip-static chip-good">{ "matches the profile" }</span>
                }
            </div>
            if !list.missing.is_empty() {
                <h4>{ "Missing" }</h4>
                <ul class="scope-names scope-missing" data-testid="scope-missing">
                    { for list.missing.iter().map(|s| html! { <li><code>{ s }</code></li> }) }
                </ul>
            }
            if !list.extra.is_empty() {
                <h4>{ "Not needed by the profile" }</h4>
                <ul class="scope-names scope-extra">
                    { for list.extra.iter().map(|s| html! { <li><code>{ s }</code></li> }) }
                </ul>
            }
            if damaged > 0 {
                <h4>{ "Written wrongly" }</h4>
                <ol class="scope-entries">
                    { for list.scopes.iter().enumerate().filter(|(_, e)| !e.defects.is_empty()).map(|(i, e)| entry(i, e)) }
                </ol>
            }
            if !list.corrected.is_empty() {
                <h4>{ "Corrected list, ready to paste" }</h4>
                <div class="corrected" data-testid="scope-corrected">
                    <code>{ &list.corrected }</code>
                    <CopyButton text={list.corrected.clone()} label="Copy the corrected scope list" />
                </div>
            } else if damaged == 0 && list.missing.is_empty() {
                <details class="scope-all">
                    <summary>{ format!("Show the {}", format::plural(list.scopes.len(), "scope", "scopes")) }</summary>
                    <ul class="scope-names">
                        { for list.scopes.iter().map(|s| html! { <li><code>{ &s.scope }</code></li> }) }
                    </ul>
                </details>
            }
        </article>
    }
}

fn entry(index: usize, entry: &ScopeEntry) -> Html {
    html! {
        <li value={(index + 1).to_string()}>
            <code class={classes!("scope-raw", (entry.raw != entry.scope).then_some("scope-changed"))}>{ &entry.raw }</code>
            if entry.raw != entry.scope {
                <span class="scope-arrow" aria-label="should be">{ "→" }</span>
                <code class="scope-fixed">{ &entry.scope }</code>
            }
            <ul class="scope-defects">
                { for entry.defects.iter().map(|d| html! { <li>{ d }</li> }) }
            </ul>
        </li>
    }
}
