//! The privacy promise, stated where the user is about to hand over files, with how to
//! check it.

use yew::prelude::*;

#[function_component(PrivacyNote)]
pub(crate) fn privacy_note() -> Html {
    html! {
        <aside class="privacy" data-testid="privacy">
            <svg class="privacy-icon" viewBox="0 0 24 24" aria-hidden="true">
                <rect x="5" y="10.5" width="14" height="10" rx="2" />
                <path d="M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" />
            </svg>
            <div class="privacy-text">
                <p>
                    <strong>{ "Your files never leave this browser. " }</strong>
                    { "Loupe reads them here, on your machine: nothing is uploaded, nothing is kept after you close the page, and private keys are never shown or exported." }
                </p>
                <p class="privacy-check">
                    { "How to check: open your browser's developer tools on the Network tab while you analyse — the only requests are for Loupe's own files. Or use the offline copy with the network unplugged." }
                </p>
            </div>
        </aside>
    }
}
