//! "Correct date/zone": for logs whose lines carry no date (CUC traces) or name no zone,
//! the user says when and where they were written, and the files are analysed again.
//!
//! The correction goes to the core as `date_override` / `utc_offset_override_minutes`, which
//! it applies only where the lines lack a date or a zone (a date from a file's name counts
//! as lacking: the user's word beats a guess); lines that state theirs keep them. Shown only when some file's times rest on a guess, or a correction is in effect.

use std::rc::Rc;

use loupe_core::FileSummary;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::file_view::{self, date_origin, utc_offset_label, UTC_OFFSETS};
use crate::format;
use crate::state::TimeCorrection;

#[derive(Properties, PartialEq)]
pub(crate) struct TimeCorrectionProps {
    /// The report's rows.
    pub(crate) rows: Rc<Vec<FileSummary>>,
    /// The correction the shown report was made with.
    pub(crate) correction: TimeCorrection,
    /// Analyse again with this correction.
    pub(crate) on_apply: Callback<TimeCorrection>,
}

#[function_component(TimeCorrectionPanel)]
pub(crate) fn time_correction_panel(props: &TimeCorrectionProps) -> Html {
    let date = use_state(|| props.correction.date.clone().unwrap_or_default());
    let offset = use_state(|| props.correction.utc_offset_minutes.map(|m| m.to_string()).unwrap_or_default());

    let no_date = props.rows.iter().filter(|row| date_origin(row).is_some_and(|o| o.assumed)).count();
    let no_zone = props.rows.iter().filter(|row| row.zone_assumed && date_origin(row).is_some()).count();
    let assumed = props.rows.iter().filter(|row| file_view::time_assumed(row)).count();
    let active = !props.correction.is_empty();
    if assumed == 0 && !active {
        return Html::default();
    }

    let on_date = {
        let date = date.clone();
        Callback::from(move |event: Event| {
            date.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_offset = {
        let offset = offset.clone();
        Callback::from(move |event: Event| {
            offset.set(event.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let onsubmit = {
        let (date, offset, on_apply) = (date.clone(), offset.clone(), props.on_apply.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_apply.emit(TimeCorrection {
                date: Some((*date).clone()).filter(|d| !d.is_empty()),
                utc_offset_minutes: offset.parse().ok(),
            });
        })
    };
    let on_clear = {
        let (date, offset, on_apply) = (date.clone(), offset.clone(), props.on_apply.clone());
        Callback::from(move |_: MouseEvent| {
            date.set(String::new());
            offset.set(String::new());
            on_apply.emit(TimeCorrection::default());
        })
    };

    let unchanged = *date == props.correction.date.clone().unwrap_or_default()
        && *offset == props.correction.utc_offset_minutes.map(|m| m.to_string()).unwrap_or_default();
    html! {
        <section
            class={classes!("time-fix", active.then_some("time-fix-active"))}
            data-testid="time-correction"
            aria-labelledby="time-fix-title"
        >
            <div class="time-fix-text">
                <h3 id="time-fix-title">{ heading(assumed, &props.correction) }</h3>
                <p>{ explanation(no_date, no_zone, &props.correction) }</p>
            </div>
            <form class="time-fix-form" {onsubmit}>
                <label class="field">
                    <span class="field-label">{ "Date" }</span>
                    <input type="date" data-testid="correct-date" value={(*date).clone()} onchange={on_date} />
                </label>
                <label class="field">
                    <span class="field-label">{ "UTC offset" }</span>
                    <select data-testid="correct-offset" onchange={on_offset}>
                        <option value="" selected={offset.is_empty()}>{ "As found" }</option>
                        { for UTC_OFFSETS.iter().map(|m| html! {
                            <option value={m.to_string()} selected={*offset == m.to_string()}>
                                { offset_choice(*m) }
                            </option>
                        }) }
                    </select>
                </label>
                <button type="submit" class="button time-fix-apply" data-testid="correct-apply" disabled={unchanged}>
                    { "Re-analyse" }
                </button>
                if active {
                    <button type="button" class="button" data-testid="correct-clear" onclick={on_clear}>
                        { "Clear" }
                    </button>
                }
            </form>
        </section>
    }
}

fn heading(assumed: usize, correction: &TimeCorrection) -> String {
    if correction.is_empty() {
        format!("Times assumed in {}", format::plural(assumed, "file", "files"))
    } else {
        "Time corrected".to_owned()
    }
}

fn explanation(no_date: usize, no_zone: usize, correction: &TimeCorrection) -> String {
    if !correction.is_empty() {
        let mut parts = Vec::new();
        if let Some(date) = &correction.date {
            parts.push(format!("date {date}"));
        }
        if let Some(minutes) = correction.utc_offset_minutes {
            parts.push(format!("zone {}", utc_offset_label(minutes)));
        }
        return format!(
            "Using {} where the lines carry no date or name no zone (marked “set by you”); \
             lines that state their own keep them.",
            parts.join(" and ")
        );
    }
    let mut gaps = Vec::new();
    if no_date > 0 {
        gaps.push(format!("{} no date of their own", format::plural(no_date, "file has", "files have")));
    }
    if no_zone > 0 {
        gaps.push(format!(
            "{} no zone, so UTC was assumed",
            format::plural(no_zone, "file names", "files name")
        ));
    }
    format!(
        "{}. Say when and where these logs were written: the date is used for every file whose \
         lines carry none, the zone for lines that name none.",
        sentence_case(&gaps.join("; "))
    )
}

fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `UTC+05:30`, with `UTC±00:00` spelled out so the list reads evenly.
fn offset_choice(minutes: i32) -> String {
    if minutes == 0 {
        "UTC±00:00".to_owned()
    } else {
        file_view::utc_offset_label(minutes)
    }
}
