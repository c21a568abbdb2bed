//! The page header: name and what the tool is for.

use yew::prelude::*;

#[function_component(Header)]
pub(crate) fn header() -> Html {
    html! {
        <header class="masthead">
            <div class="masthead-inner">
                <div class="brand">
                    <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
                        <circle cx="10" cy="10" r="6.5" />
                        <line x1="15" y1="15" x2="21" y2="21" />
                    </svg>
                    <h1>{ "Loupe" }</h1>
                </div>
                <p class="tagline">
                    { "Finds known failures in Cisco Unity Connection, Webex for BroadWorks and Google Workspace logs, and says how to fix them." }
                </p>
            </div>
        </header>
    }
}
