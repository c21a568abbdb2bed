//! "Try with sample logs": analyses the built-in demo files, so a newcomer sees what Loupe
//! finds without having logs at hand.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct SamplesButtonProps {
    pub(crate) on_click: Callback<()>,
}

#[function_component(SamplesButton)]
pub(crate) fn samples_button(props: &SamplesButtonProps) -> Html {
    let onclick = props.on_click.reform(|_: MouseEvent| ());
    html! {
        <div class="samples">
            <button type="button" class="button" data-testid="try-samples" {onclick}>
                { "Try with sample logs" }
            </button>
            <span class="samples-hint">
                { "Demo files of one made-up customer: a Unity Connection trace, a Google key file and scope list, Workspace Events subscriptions, BroadWorks and Webex app logs." }
            </span>
        </div>
    }
}
