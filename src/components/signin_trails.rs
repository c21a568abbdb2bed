//! Webex for BroadWorks sign-ins: one card per tracking ID, filtered by status or by words
//! (a user, or a tracking ID the customer read out).

use std::rc::Rc;

use loupe_core::{SignIn, SignInStatus};
use yew::prelude::*;

use super::filter_bar::{Chip, FilterBar};
use super::signin_card::SignInCard;
use crate::ladder;
use crate::sections::Sections;

#[derive(Properties, PartialEq)]
pub(crate) struct SignInTrailsProps {
    pub(crate) sections: Rc<Sections>,
}

/// The status filter's choices, in chip order.
const STATUS_CHOICES: [Option<SignInStatus>; 4] =
    [None, Some(SignInStatus::Failed), Some(SignInStatus::Incomplete), Some(SignInStatus::Complete)];

#[function_component(SignInTrails)]
pub(crate) fn signin_trails(props: &SignInTrailsProps) -> Html {
    let signins = &props.sections.signins;
    let status = use_state(|| ladder::initial_status(signins));
    let text = use_state(String::new);

    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let shown: Vec<&SignIn> = signins
        .iter()
        .filter(|s| status.is_none_or(|wanted| s.status == wanted))
        .filter(|s| {
            let haystack = format!("{} {}", s.tracking_id, s.user.as_deref().unwrap_or("")).to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect();

    let on_text = {
        let text = text.clone();
        Callback::from(move |value: String| text.set(value))
    };
    let on_status = {
        let status = status.clone();
        Callback::from(move |i: usize| status.set(STATUS_CHOICES.get(i).copied().flatten()))
    };
    let (failed, incomplete, complete) = ladder::status_counts(signins);
    let chips = vec![
        Chip { label: "All", slug: "all", count: signins.len() },
        Chip { label: "Failed", slug: "failed", count: failed },
        Chip { label: "Incomplete", slug: "incomplete", count: incomplete },
        Chip { label: "Complete", slug: "complete", count: complete },
    ];
    let selected = STATUS_CHOICES.iter().position(|&s| s == *status).unwrap_or(0);

    html! {
        <section class="panel" aria-labelledby="signins-heading" data-testid="signin-trails">
            <div class="panel-head">
                <h2 id="signins-heading">{ "Sign-ins" }</h2>
                <span class="panel-count">{ signins.len() }</span>
                <span class="panel-note">{ "one per tracking ID, rebuilt from every file; click a step for its log lines" }</span>
            </div>
            <FilterBar
                placeholder="Filter: user or tracking ID…"
                label="Filter sign-ins"
                testid="signin-filter"
                text={(*text).clone()}
                {on_text}
                {chips}
                {selected}
                on_select={on_status}
            />
            <div class="trails">
                { for shown.iter().take(ladder::SHOWN_SIGNINS).map(|signin| html! {
                    <SignInCard key={signin.tracking_id.clone()} signin={(*signin).clone()} />
                }) }
                if shown.len() > ladder::SHOWN_SIGNINS {
                    <p class="empty" data-testid="signin-more">
                        { format!(
                            "Showing the first {} of {} sign-ins. Filter by status, user or tracking ID to find the others.",
                            ladder::SHOWN_SIGNINS,
                            shown.len()
                        ) }
                    </p>
                }
                if shown.is_empty() {
                    <p class="empty">{ "No sign-in matches this filter." }</p>
                }
            </div>
        </section>
    }
}
