//! A row of mutually exclusive filter buttons with counts ("All 10 · Failed 8 · ...").

use yew::prelude::*;

/// One choice.
#[derive(Clone, PartialEq)]
pub(crate) struct Chip {
    pub(crate) label: &'static str,
    /// Used for `data-filter` and the chip's colour (`chip-failed`, ...).
    pub(crate) slug: &'static str,
    pub(crate) count: usize,
}

#[derive(Properties, PartialEq)]
pub(crate) struct FilterChipsProps {
    /// Names the group for screen readers.
    pub(crate) label: &'static str,
    pub(crate) chips: Vec<Chip>,
    pub(crate) selected: usize,
    pub(crate) on_select: Callback<usize>,
}

#[function_component(FilterChips)]
pub(crate) fn filter_chips(props: &FilterChipsProps) -> Html {
    html! {
        <div class="chips" role="group" aria-label={props.label}>
            { for props.chips.iter().enumerate().map(|(i, chip)| {
                let onclick = props.on_select.reform(move |_: MouseEvent| i);
                let pressed = i == props.selected;
                html! {
                    <button
                        type="button"
                        class={classes!("chip", format!("chip-{}", chip.slug), pressed.then_some("chip-on"))}
                        aria-pressed={pressed.to_string()}
                        data-filter={chip.slug}
                        disabled={chip.count == 0 && !pressed}
                        {onclick}
                    >
                        { chip.label }
                        <span class="chip-count">{ chip.count }</span>
                    </button>
                }
            }) }
        </div>
    }
}
