//! One logged JWT, decoded: header, claims with their times in UTC and in the viewer's
//! zone, the lifetime against Google's limit, the clock comparison with its line, and which
//! dropped key signed it. The signature itself is never shown.

use loupe_core::JwtSummary;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::lifetime_bar::LifetimeBar;
use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct JwtCardProps {
    pub(crate) jwt: JwtSummary,
    /// Starts open.
    pub(crate) open: bool,
}

/// Claims that hold Unix times.
const TIME_CLAIMS: [&str; 4] = ["iat", "exp", "nbf", "auth_time"];

#[function_component(JwtCard)]
pub(crate) fn jwt_card(props: &JwtCardProps) -> Html {
    let open = {
        let start = props.open;
        use_state(move || start)
    };
    let jwt = &props.jwt;
    let onclick = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let who = claim_text(&jwt.claims, "sub").or_else(|| claim_text(&jwt.claims, "iss"));
    let body_id = format!("jwt-body-{}", jwt.id);
    html! {
        <article class={classes!("finding", "jcard", open.then_some("open"))} data-testid="jwt" data-jwt-id={jwt.id.clone()}>
            <button type="button" class="finding-head" aria-expanded={open.to_string()} aria-controls={body_id.clone()} {onclick}>
                <code class="jcard-id">{ &jwt.id }</code>
                <span class="jcard-summary">
                    <span class="jcard-title">{ who.unwrap_or_else(|| "No subject".to_owned()) }</span>
                    <span class="finding-meta">
                        if let Some(alg) = claim_text(&jwt.header, "alg") {
                            <span>{ alg }</span>
                        }
                        if let Some(lifetime) = jwt.lifetime_seconds {
                            <span>{ format!("lives {}", format::span(lifetime)) }</span>
                        }
                        <span>{ format!("seen {}× in {}", jwt.occurrences, format::plural(jwt.files.len(), "file", "files")) }</span>
                    </span>
                </span>
                { verification_chip(jwt) }
                if !jwt.problems.is_empty() {
                    <span class="chip-static chip-bad">{ format::plural(jwt.problems.len(), "problem", "problems") }</span>
                }
                <span class="chevron" aria-hidden="true"></span>
            </button>
            if *open {
                <div class="jcard-body" id={body_id}>
                    <div class="jcard-columns">
                        <div>
                            <h4>{ "Header" }</h4>
                            { fields(&jwt.header) }
                            <h4>{ "Claims" }</h4>
                            { fields(&jwt.claims) }
                            <p class="sub">{ format!("Signature: {}; never shown.", jwt.signature) }</p>
                        </div>
                        <div>
                            <h4>{ "Lifetime" }</h4>
                            if let Some(seconds) = jwt.lifetime_seconds {
                                <LifetimeBar {seconds} />
                            } else {
                                <p class="muted">{ "iat or exp is missing, so the lifetime is unknown." }</p>
                            }
                            <h4>{ "Clock" }</h4>
                            { clock(jwt) }
                            <h4>{ "Signed by" }</h4>
                            <p>{ &jwt.verification }</p>
                            if !jwt.kid_matches.is_empty() && jwt.signed_by.is_none() {
                                <p class="sub">{ format!("kid matches {}", jwt.kid_matches.join(", ")) }</p>
                            }
                            if !jwt.problems.is_empty() {
                                <h4>{ "Problems" }</h4>
                                <ul class="problems">
                                    { for jwt.problems.iter().map(|p| html! { <li>{ p }</li> }) }
                                </ul>
                            }
                        </div>
                    </div>
                    <p class="sub">{ where_logged(jwt) }</p>
                </div>
            }
        </article>
    }
}

/// "First logged at a.uc:3; also in b.uc". Files that share a name (the same trace from
/// two servers) are counted rather than named twice.
fn where_logged(jwt: &JwtSummary) -> String {
    let first = format!("First logged at {}:{}", jwt.path, jwt.line);
    let others: Vec<&str> =
        jwt.files.iter().filter(|f| **f != jwt.path).map(|f| format::file_name(f)).collect();
    let same_name = jwt.files.iter().filter(|f| **f == jwt.path).count().saturating_sub(1);
    match (others.is_empty(), same_name) {
        (true, 0) => first,
        (true, n) => {
            format!("{first}; also in {} of the same name", format::plural(n, "other file", "other files"))
        }
        (false, _) => format!("{first}; also in {}", others.join(", ")),
    }
}

fn verification_chip(jwt: &JwtSummary) -> Html {
    let (class, text) = match &jwt.signed_by {
        Some(key) => ("chip-good", format!("signed by {}", format::file_name(key))),
        None if jwt.verification.starts_with("not signed") => {
            ("chip-bad", "not signed by any dropped key".to_owned())
        }
        None => ("chip-plain", "signer not checked".to_owned()),
    };
    html! { <span class={classes!("chip-static", class)} title={jwt.verification.clone()}>{ text }</span> }
}

/// The header or the claims as a two-column list; times also in UTC and local time.
fn fields(map: &Map<String, Value>) -> Html {
    if map.is_empty() {
        return html! { <p class="muted">{ "Not decoded." }</p> };
    }
    html! {
        <dl class="facts claims">
            { for map.iter().map(|(name, value)| html! {
                <>
                    <dt>{ name }</dt>
                    <dd>{ field_value(name, value) }</dd>
                </>
            }) }
        </dl>
    }
}

fn field_value(name: &str, value: &Value) -> Html {
    if TIME_CLAIMS.contains(&name) {
        if let Some(secs) = value.as_i64().or_else(|| value.as_f64().map(|f| f as i64)) {
            let offset = local_offset_minutes(secs);
            return html! {
                <>
                    <code>{ secs }</code>
                    <span class="time-pair">
                        <span>{ format!("{} UTC", format::unix_time(secs, 0)) }</span>
                        <span class="muted">{ format!("{} local ({})", format::unix_time(secs, offset), format::utc_offset(offset)) }</span>
                    </span>
                </>
            };
        }
    }
    match value {
        // Scopes are space-separated; one per line reads far better.
        Value::String(s) if name == "scope" => html! {
            <code class="scope-claim">{ s.split_whitespace().collect::<Vec<_>>().join("\n") }</code>
        },
        Value::String(s) => html! { <code>{ s }</code> },
        other => html! { <code>{ other.to_string() }</code> },
    }
}

/// `iat` against the time of the line that logged the token: a token issued after the line
/// that carries it was signed by a clock that runs ahead.
fn clock(jwt: &JwtSummary) -> Html {
    let Some(diff) = jwt.iat_minus_line_seconds else {
        return html! { <p class="muted">{ "The token's iat could not be compared with a line time." }</p> };
    };
    // "14:14:10.901, date unknown" rather than nested brackets.
    let line_time = match format::time_range_parts(jwt.line_time.as_deref(), None) {
        Some((time, Some(note))) => format!("{time}, {note}"),
        Some((time, None)) => time,
        None => "time unknown".to_owned(),
    };
    let (text, bad) = match diff {
        0 => (format!("Issued in the same second as the line that logs it ({line_time})."), false),
        d if d > 0 => (
            format!(
                "Issued {} after the line that logs it ({line_time}): the clock that signed it runs ahead of the one that logged it.",
                format::span(d)
            ),
            d > 5,
        ),
        d => (format!("Issued {} before the line that logs it ({line_time}).", format::span(-d)), d < -3_600),
    };
    html! {
        <>
            <p class={classes!(bad.then_some("lifetime-bad"))}>{ text }</p>
            if jwt.compared_time_of_day_only {
                <span class="assumed" title="The log has no date: only the time of day was compared.">{ "time of day only" }</span>
            }
            <div class="evidence-inline">
                <span class="evidence-at">{ format!("{}:{}", jwt.path, jwt.line) }</span>
            </div>
        </>
    }
}

fn claim_text(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Minutes the viewer's zone is east of UTC at that instant (so summer time is right).
fn local_offset_minutes(unix_secs: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_secs as f64 * 1000.0));
    -(date.get_timezone_offset() as i64)
}
