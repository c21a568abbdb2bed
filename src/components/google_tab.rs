//! The Google tab: the clock, the failed-request counter, the logged tokens, the credential
//! files, the scope lists and the Workspace Events subscriptions, each shown only when the
//! report has some.

use std::rc::Rc;

use loupe_core::Finding;
use yew::prelude::*;

use super::clock_skew_panel::ClockSkewPanel;
use super::counter_chart::CounterChart;
use super::jwt_card::JwtCard;
use super::key_card::KeyCardView;
use super::scope_panel::ScopePanel;
use super::subscription_list::SubscriptionList;
use crate::sections::Sections;

#[derive(Properties, PartialEq)]
pub(crate) struct GoogleTabProps {
    pub(crate) sections: Rc<Sections>,
    pub(crate) findings: Rc<Vec<Rc<Finding>>>,
}

/// Tokens listed open; past this many they start closed, so the page stays readable.
const OPEN_TOKENS: usize = 2;

#[function_component(GoogleTab)]
pub(crate) fn google_tab(props: &GoogleTabProps) -> Html {
    let s = &props.sections;
    let signers: Vec<String> =
        s.jwts.iter().filter_map(|j| j.signed_by.clone()).fold(Vec::new(), |mut acc, k| {
            if !acc.contains(&k) {
                acc.push(k);
            }
            acc
        });
    html! {
        <div class="stack" data-testid="google-panels">
            if let Some(skew) = &s.clock_skew {
                <ClockSkewPanel skew={skew.clone()} />
            }
            if !s.counters.is_empty() {
                { panel("counters", "Mailbox sync counters", None, html! {
                    <div class="charts">
                        { for s.counters.iter().map(|c| html! { <CounterChart series={c.clone()} /> }) }
                    </div>
                }) }
            }
            if !s.jwts.is_empty() {
                { panel("jwts", "Tokens (JWT)", Some(s.jwts.len()), html! {
                    <div class="cards">
                        { for s.jwts.iter().enumerate().map(|(i, jwt)| html! {
                            <JwtCard key={jwt.id.clone()} jwt={jwt.clone()} open={i < OPEN_TOKENS || !jwt.problems.is_empty()} />
                        }) }
                    </div>
                }) }
            }
            if !s.keys.is_empty() {
                { panel("keys", "Credential files", Some(s.keys.len()), html! {
                    <div class="cards key-grid">
                        // Two key files may share a name (picked from two folders).
                        { for s.keys.iter().enumerate().map(|(i, k)| html! {
                            <KeyCardView key={format!("{i}:{}", k.path)} key_card={k.clone()} logged_tokens={s.jwts.len()} signers={signers.clone()} />
                        }) }
                    </div>
                }) }
            }
            if !s.scopes.is_empty() {
                { panel("scopes", "OAuth scopes", Some(s.scopes.len()), html! {
                    <div class="cards">
                        { for s.scopes.iter().map(|l| html! { <ScopePanel list={l.clone()} /> }) }
                    </div>
                }) }
            }
            if !s.subscriptions.is_empty() {
                <SubscriptionList subscriptions={s.subscriptions.clone()} findings={props.findings.clone()} />
            }
        </div>
    }
}

/// A titled panel around `body`.
fn panel(id: &str, title: &str, count: Option<usize>, body: Html) -> Html {
    let heading = format!("{id}-heading");
    html! {
        <section class="panel" aria-labelledby={heading.clone()} data-testid={id.to_owned()}>
            <div class="panel-head">
                <h2 id={heading}>{ title }</h2>
                if let Some(count) = count {
                    <span class="panel-count">{ count }</span>
                }
            </div>
            { body }
        </section>
    }
}
