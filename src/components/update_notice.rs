//! Says that a newer version of Loupe has been deployed and installed for offline use; the
//! page in front of the user keeps running the old code until it is reloaded.

use yew::prelude::*;

#[function_component(UpdateNotice)]
pub(crate) fn update_notice() -> Html {
    let reload = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    html! {
        <div class="update" role="status" data-testid="update-notice">
            <span>{ "A new version of Loupe is available — reload to update." }</span>
            <button type="button" class="button" data-testid="reload" onclick={reload}>{ "Reload" }</button>
        </div>
    }
}
