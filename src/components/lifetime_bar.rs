//! A token's lifetime (`exp - iat`) drawn against Google's one-hour limit.

use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct LifetimeBarProps {
    pub(crate) seconds: i64,
}

/// Google refuses assertions that live longer than this.
const LIMIT_SECONDS: i64 = 3_600;

#[function_component(LifetimeBar)]
pub(crate) fn lifetime_bar(props: &LifetimeBarProps) -> Html {
    let seconds = props.seconds;
    if seconds <= 0 {
        return html! {
            <p class="lifetime-bad" data-testid="lifetime">{ format!("exp is not after iat ({seconds} s): the token is expired from the start.") }</p>
        };
    }
    // Room past the larger of the two, so the limit mark never sits on the edge.
    let scale = seconds.max(LIMIT_SECONDS) as f64 * 1.12;
    let pct = |s: i64| format!("{:.2}%", s as f64 / scale * 100.0);
    let over = seconds > LIMIT_SECONDS;
    html! {
        <div class="lifetime" data-testid="lifetime" data-over-limit={over.to_string()}>
            <div class="lifetime-track" role="img" aria-label={format!("Lifetime {} against a limit of 1 hour", format::span(seconds))}>
                <div class="lifetime-fill" style={format!("width: {}", pct(seconds.min(LIMIT_SECONDS)))}></div>
                if over {
                    <div
                        class="lifetime-over"
                        style={format!("left: {}; width: {}", pct(LIMIT_SECONDS), pct(seconds - LIMIT_SECONDS))}
                    ></div>
                }
                <div class="lifetime-limit" style={format!("left: {}", pct(LIMIT_SECONDS))}></div>
            </div>
            <div class="lifetime-scale">
                <span>{ "iat" }</span>
                <span class="lifetime-limit-label" style={format!("left: {}", pct(LIMIT_SECONDS))}>{ "1 h limit" }</span>
            </div>
            <p class={classes!("lifetime-text", over.then_some("lifetime-bad"))}>
                { format!("Lives {} ({seconds} s)", format::span(seconds)) }
                { if over { format!(": {} s over the limit, so Google rejects it.", seconds - LIMIT_SECONDS) } else { ", within the limit.".to_owned() } }
            </p>
        </div>
    }
}
