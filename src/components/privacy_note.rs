//! The privacy promise, stated where the user is about to hand over files.

use yew::prelude::*;

#[function_component(PrivacyNote)]
pub(crate) fn privacy_note() -> Html {
    html! {
        <aside class="privacy" data-testid="privacy">
            <svg class="privacy-icon" viewBox="0 0 24 24" aria-hidden="true">
                <rect x="5" y="10.5" width="14" height="10" rx="2" />
                <path d="M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" />
            </svg>
            <p>
                <strong>{ "Your files never leave this browser: " }</strong>
                { "Loupe runs entirely on your machine, and makes no network requests after the page loads. You can verify it in your browser's developer tools, Network tab." }
            </p>
        </aside>
    }
}
