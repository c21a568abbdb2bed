//! One sign-in: who, how it ended and why, and its steps as a ladder across the files. A
//! click on a step lists the log lines behind it; the failing step's lines show at once.

use loupe_core::{SignIn, SignInStatus, SignInStepKind, StepOutcome};
use yew::prelude::*;

use crate::format;
use crate::labels::{signin_label, signin_slug, step_label};
use crate::ladder::{self, Rung, RungState};

#[derive(Properties, PartialEq)]
pub(crate) struct SignInCardProps {
    pub(crate) signin: SignIn,
}

#[function_component(SignInCard)]
pub(crate) fn signin_card(props: &SignInCardProps) -> Html {
    let signin = &props.signin;
    let chosen = {
        let failed = signin.failed_step;
        use_state(move || failed)
    };
    let rungs = ladder::rungs(signin);
    let status = signin_slug(signin.status);
    let badge = match signin.status {
        SignInStatus::Complete => "badge-ok",
        SignInStatus::Failed => "badge-error",
        SignInStatus::Incomplete => "badge-warning",
    };
    let first = signin.steps.iter().filter_map(|s| s.time.as_deref()).min();
    let last = signin.steps.iter().filter_map(|s| s.time.as_deref()).max();
    let files = rungs.iter().flat_map(|r| r.files()).fold(Vec::<&str>::new(), |mut acc, f| {
        if !acc.contains(&f) {
            acc.push(f);
        }
        acc
    });
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |kind: SignInStepKind| {
            chosen.set(if *chosen == Some(kind) { None } else { Some(kind) })
        })
    };
    let detail = chosen.and_then(|kind| rungs.iter().find(|r| r.kind == kind));

    html! {
        <article
            class={classes!("trail", format!("trail-{status}"))}
            data-testid="signin-trail"
            data-status={status}
            data-tracking-id={signin.tracking_id.clone()}
        >
            <div class="trail-head">
                <span class={classes!("badge", badge)}>{ signin_label(signin.status) }</span>
                <div class="trail-summary">
                    <span class="trail-user">{ signin.user.clone().unwrap_or_else(|| "Unknown user".to_owned()) }</span>
                    <span class="finding-meta">
                        <code class="trail-id" title="Tracking ID">{ &signin.tracking_id }</code>
                        if let Some(when) = format::time_range(first, last) {
                            <span>{ when }</span>
                        }
                        <span title={files.join("\n")}>{ format::plural(files.len(), "file", "files") }</span>
                    </span>
                </div>
            </div>
            <p class="trail-verdict">{ &signin.verdict }</p>
            <ol class="ladder" aria-label="Sign-in steps">
                { for rungs.iter().map(|rung| rung_view(rung, chosen.as_ref() == Some(&rung.kind), &on_choose)) }
            </ol>
            if let Some(rung) = detail {
                { rung_detail(rung) }
            }
        </article>
    }
}

fn rung_view(rung: &Rung<'_>, chosen: bool, on_choose: &Callback<SignInStepKind>) -> Html {
    let (label, how) = step_label(rung.kind);
    let state = state_slug(rung.state);
    let statuses = rung.http_statuses();
    let result = match rung.state {
        RungState::NotLogged => "not in these logs".to_owned(),
        RungState::NotReached => "not reached".to_owned(),
        _ if !statuses.is_empty() => statuses.iter().map(u16::to_string).collect::<Vec<_>>().join(" · "),
        RungState::Ok => "ok".to_owned(),
        RungState::Failed => "failed".to_owned(),
        RungState::Seen => "logged".to_owned(),
    };
    let files = rung.files();
    // Hovering names the lines; a click lists them under the ladder.
    let title = rung.steps.iter().map(|s| format!("{}:{}", s.path, s.line)).collect::<Vec<_>>().join("\n");
    let kind = rung.kind;
    let onclick = on_choose.reform(move |_: MouseEvent| kind);
    let logged = !rung.steps.is_empty();
    html! {
        <li
            class={classes!("rung", format!("rung-{state}"), (rung.kind == SignInStepKind::Client).then_some("rung-client"), rung.failed_here.then_some("rung-died"))}
            data-testid="signin-step"
            data-step={step_slug(rung.kind)}
            data-outcome={state}
            data-failed={rung.failed_here.to_string()}
        >
            <button
                type="button"
                class={classes!("rung-button", chosen.then_some("chosen"))}
                aria-pressed={chosen.to_string()}
                disabled={!logged}
                title={if logged { title } else { String::new() }}
                {onclick}
            >
                <span class="rung-dot" aria-hidden="true"></span>
                <span class="rung-label">{ label }</span>
                <span class="rung-how">{ how }</span>
                <span class="rung-result">
                    if rung.failed_here {
                        <strong>{ "failed here · " }</strong>
                    }
                    { result }
                </span>
                { for files.iter().map(|&f| html! { <span class="rung-file">{ format::file_name(f) }</span> }) }
            </button>
        </li>
    }
}

fn rung_detail(rung: &Rung<'_>) -> Html {
    let (label, _) = step_label(rung.kind);
    html! {
        <div class="rung-detail" data-testid="signin-step-detail">
            <h4>{ format!("{label}: {}", format::plural(rung.steps.len(), "log line", "log lines")) }</h4>
            <ol class="evidence">
                { for rung.steps.iter().map(|step| html! {
                    <li data-testid="evidence">
                        <span class="evidence-at">
                            <span class={classes!("outcome", format!("outcome-{}", outcome_slug(step.outcome)))}>
                                { outcome_label(step.outcome, step.http_status) }
                            </span>
                            if let Some(time) = &step.time {
                                <span class="evidence-time">{ format::timestamp(time) }</span>
                            }
                            { format!("{}:{}", step.path, step.line) }
                        </span>
                        <code class="evidence-text">{ &step.text }</code>
                    </li>
                }) }
            </ol>
        </div>
    }
}

fn outcome_label(outcome: StepOutcome, http: Option<u16>) -> String {
    let word = match outcome {
        StepOutcome::Ok => "ok",
        StepOutcome::Failed => "failed",
        StepOutcome::Seen => "logged",
    };
    match http {
        Some(code) => format!("{word} {code}"),
        None => word.to_owned(),
    }
}

fn outcome_slug(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::Ok => "ok",
        StepOutcome::Failed => "failed",
        StepOutcome::Seen => "seen",
    }
}

fn state_slug(state: RungState) -> &'static str {
    match state {
        RungState::Ok => "ok",
        RungState::Failed => "failed",
        RungState::Seen => "seen",
        RungState::NotLogged => "not-logged",
        RungState::NotReached => "not-reached",
    }
}

/// The step as the report serialises it: used for `data-step`.
fn step_slug(kind: SignInStepKind) -> &'static str {
    match kind {
        SignInStepKind::Profile => "profile",
        SignInStepKind::OciVerify => "oci-verify",
        SignInStepKind::Token => "token",
        SignInStepKind::DeviceProfile => "device-profile",
        SignInStepKind::TokenValidation => "token-validation",
        SignInStepKind::DeviceList => "device-list",
        SignInStepKind::Client => "client",
    }
}
