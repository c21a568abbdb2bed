//! The page header: name, what the tool is for, and the offline copy.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct HeaderProps {
    /// This page is the single-file bundle: it is the offline copy, so it offers none.
    pub(crate) single_file: bool,
}

#[function_component(Header)]
pub(crate) fn header(props: &HeaderProps) -> Html {
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
                if props.single_file {
                    <span class="offline-chip" data-testid="offline-copy" title="This file holds all of Loupe and works without a network.">
                        { "Offline copy" }
                    </span>
                } else {
                    // A plain link: the file is built next to the page (scripts/bundle.mjs).
                    <a
                        class="button download"
                        href="./loupe.html"
                        download="loupe.html"
                        data-testid="download-offline"
                        title="One HTML file with all of Loupe: open it from disk, with no network."
                    >
                        <svg class="button-icon" viewBox="0 0 24 24" aria-hidden="true">
                            <path d="M12 4v11" />
                            <path d="M7.5 10.5 12 15l4.5-4.5" />
                            <path d="M5 19.5h14" />
                        </svg>
                        { "Download for offline use" }
                    </a>
                }
            </div>
        </header>
    }
}
