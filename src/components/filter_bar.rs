//! A panel's filter bar: a text box and a row of mutually exclusive status buttons with
//! counts ("All 10 · Failed 8 · ...").

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One status choice.
#[derive(Clone, PartialEq)]
pub(crate) struct Chip {
    pub(crate) label: &'static str,
    /// Used for `data-filter` and the chip's colour (`chip-failed`, ...).
    pub(crate) slug: &'static str,
    pub(crate) count: usize,
}

#[derive(Properties, PartialEq)]
pub(crate) struct FilterBarProps {
    /// The text box's placeholder.
    pub(crate) placeholder: &'static str,
    /// Names the text box for screen readers.
    pub(crate) label: &'static str,
    /// The text box's `data-testid`.
    pub(crate) testid: &'static str,
    pub(crate) text: AttrValue,
    pub(crate) on_text: Callback<String>,
    pub(crate) chips: Vec<Chip>,
    pub(crate) selected: usize,
    pub(crate) on_select: Callback<usize>,
}

#[function_component(FilterBar)]
pub(crate) fn filter_bar(props: &FilterBarProps) -> Html {
    let oninput = props.on_text.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value()
    });
    html! {
        <div class="toolbar">
            <input
                type="search"
                class="filter-box"
                placeholder={props.placeholder}
                aria-label={props.label}
                data-testid={props.testid}
                value={props.text.clone()}
                {oninput}
            />
            <div class="chips" role="group" aria-label="Status">
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
        </div>
    }
}
