//! The clock-skew estimate: how far the logging server's clock is off, how sure Loupe is,
//! and every observation behind the number with its log line.

use loupe_core::{ClockSkew, SkewSignal};
use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct ClockSkewPanelProps {
    pub(crate) skew: ClockSkew,
}

/// Skews Google tolerates without complaint; a larger one is drawn as a problem.
const TOLERATED_SECONDS: i64 = 60;

#[function_component(ClockSkewPanel)]
pub(crate) fn clock_skew_panel(props: &ClockSkewPanelProps) -> Html {
    let skew = &props.skew;
    let bad = skew.seconds.abs() > TOLERATED_SECONDS;
    let figure =
        if skew.seconds > 0 { format!("+{} s", skew.seconds) } else { format!("{} s", skew.seconds) };
    html! {
        <section class="panel" aria-labelledby="skew-heading" data-testid="clock-skew">
            <div class="panel-head">
                <h2 id="skew-heading">{ "Clock skew" }</h2>
                <span class="panel-note">{ format!("measured against {}", skew.reference) }</span>
            </div>
            <div class="skew-summary">
                <div class={classes!("skew-figure", if bad { "skew-bad" } else { "skew-fine" })}>
                    <span class="skew-seconds">{ figure }</span>
                    <span class="skew-words">
                        { if skew.seconds == 0 { "in sync".to_owned() } else { format!("{} {}", format::span(skew.seconds.abs()), skew.direction) } }
                    </span>
                </div>
                <div class="skew-text">
                    <p>{ &skew.summary }</p>
                    <span class={classes!("pill", format!("pill-confidence-{}", skew.confidence))}>
                        { format!("{} confidence", skew.confidence) }
                    </span>
                    <span class="sub">{ format::plural(skew.signals.len(), "signal", "signals") }</span>
                </div>
            </div>
            <div class="table-scroll">
                <table class="grid skew-signals">
                    <thead>
                        <tr>
                            <th scope="col">{ "Signal" }</th>
                            <th scope="col" class="num">{ "Offset" }</th>
                            <th scope="col">{ "What it compares, and the line" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for skew.signals.iter().map(signal_row) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn signal_row(signal: &SkewSignal) -> Html {
    let kind = match signal.kind.as_str() {
        "http-date" => "HTTP Date header",
        "jwt-iat" => "JWT issued-at",
        "same-event" => "Same token, two files",
        other => other,
    };
    html! {
        <tr data-testid="skew-signal">
            <td class="nowrap">{ kind }</td>
            <td class="num">{ if signal.seconds > 0 { format!("+{} s", signal.seconds) } else { format!("{} s", signal.seconds) } }</td>
            <td>
                { &signal.meaning }
                if signal.time_of_day_only {
                    <span class="assumed" title="The log has no date: only the time of day was compared.">{ "time of day only" }</span>
                }
                <div class="evidence-inline">
                    <span class="evidence-at">{ format!("{}:{}", signal.path, signal.line) }</span>
                    <code class="evidence-text">{ &signal.text }</code>
                </div>
            </td>
        </tr>
    }
}
