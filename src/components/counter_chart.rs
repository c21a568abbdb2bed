//! A small line chart of a counter read from the logs (CUC's failed-HTTPS-request total),
//! drawn as inline SVG.

use loupe_core::{CounterPoint, CounterSeries};
use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct CounterChartProps {
    pub(crate) series: CounterSeries,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 150.0;
/// Room for the value labels on the left and the time labels below.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 26.0;

#[function_component(CounterChart)]
pub(crate) fn counter_chart(props: &CounterChartProps) -> Html {
    let points = &props.series.points;
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return Html::default() };
    let xs = x_positions(points);
    let (low, high) = points.iter().fold((u64::MAX, 0), |(lo, hi), p| (lo.min(p.value), hi.max(p.value)));
    // A flat series still needs a visible band.
    let (low, high) = if low == high { (low.saturating_sub(1), high + 1) } else { (low, high) };
    let y = |v: u64| TOP + (1.0 - (v - low) as f64 / (high - low) as f64) * (HEIGHT - TOP - BOTTOM);
    let plotted: Vec<(f64, f64, &CounterPoint)> =
        xs.iter().zip(points).map(|(&x, p)| (x, y(p.value), p)).collect();
    let line = plotted.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let rise = last.value as i128 - first.value as i128;
    let when = |p: &CounterPoint| {
        p.time.as_deref().map(format::timestamp).unwrap_or_else(|| format!("line {}", p.line))
    };
    html! {
        <figure class="chart" data-testid="counter-chart" data-rule={props.series.rule.clone()}>
            <figcaption>
                <strong>{ &props.series.label }</strong>
                <span class="sub">
                    { format!("{} → {} ({}{rise}) over {}", format::count(first.value), format::count(last.value), if rise >= 0 { "+" } else { "" }, format::plural(points.len(), "reading", "readings")) }
                </span>
            </figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} class="chart-svg" role="img" aria-label={props.series.label.clone()}>
                <line class="chart-axis" x1={LEFT.to_string()} y1={(HEIGHT - BOTTOM).to_string()} x2={(WIDTH - RIGHT).to_string()} y2={(HEIGHT - BOTTOM).to_string()} />
                <line class="chart-grid" x1={LEFT.to_string()} y1={TOP.to_string()} x2={(WIDTH - RIGHT).to_string()} y2={TOP.to_string()} />
                <text class="chart-label" x={(LEFT - 8.0).to_string()} y={(TOP + 4.0).to_string()} text-anchor="end">{ format::count(high) }</text>
                <text class="chart-label" x={(LEFT - 8.0).to_string()} y={(HEIGHT - BOTTOM + 4.0).to_string()} text-anchor="end">{ format::count(low) }</text>
                <text class="chart-label" x={LEFT.to_string()} y={(HEIGHT - 6.0).to_string()} text-anchor="start">{ when(first) }</text>
                if points.len() > 1 {
                    <text class="chart-label" x={(WIDTH - RIGHT).to_string()} y={(HEIGHT - 6.0).to_string()} text-anchor="end">{ when(last) }</text>
                }
                <polyline class="chart-line" points={line} />
                { for plotted.iter().map(|(x, y, p)| html! {
                    <circle class="chart-dot" cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="3.5">
                        <title>{ format!("{}: {} ({}:{})", when(p), format::count(p.value), format::file_name(&p.path), p.line) }</title>
                    </circle>
                }) }
            </svg>
        </figure>
    }
}

/// Horizontal positions: by time when every reading has a date, else evenly in log order.
fn x_positions(points: &[CounterPoint]) -> Vec<f64> {
    let span = WIDTH - LEFT - RIGHT;
    let times: Option<Vec<i64>> = points.iter().map(|p| p.utc_ms).collect();
    match times {
        Some(times) if times.len() > 1 => {
            let (t0, t1) =
                (times.iter().min().copied().unwrap_or(0), times.iter().max().copied().unwrap_or(0));
            if t1 > t0 {
                return times.iter().map(|t| LEFT + (t - t0) as f64 / (t1 - t0) as f64 * span).collect();
            }
            even(points.len(), span)
        }
        _ => even(points.len(), span),
    }
}

fn even(n: usize, span: f64) -> Vec<f64> {
    if n <= 1 {
        return vec![LEFT + span / 2.0; n];
    }
    (0..n).map(|i| LEFT + i as f64 / (n - 1) as f64 * span).collect()
}
