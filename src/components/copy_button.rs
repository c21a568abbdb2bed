//! A button that copies a value to the clipboard (`navigator.clipboard.writeText`) and says
//! whether it worked.

use gloo::timers::callback::Timeout;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct CopyButtonProps {
    /// What is copied.
    pub(crate) text: AttrValue,
    /// Says what is copied, for screen readers ("Copy client ID").
    pub(crate) label: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Done,
    Failed,
}

/// How long "Copied" stays before the button reads "Copy" again.
const FEEDBACK_MS: u32 = 2_000;

#[function_component(CopyButton)]
pub(crate) fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| Copied::Not);
    let onclick = {
        let copied = copied.clone();
        let text = props.text.clone();
        Callback::from(move |event: MouseEvent| {
            // Inside a clickable row or card, a copy must not also toggle it.
            event.stop_propagation();
            let copied = copied.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let written = match write_text(&text) {
                    Some(promise) => JsFuture::from(promise).await.is_ok(),
                    None => false,
                };
                let outcome = if written { Copied::Done } else { Copied::Failed };
                copied.set(outcome);
                let reset = copied.clone();
                Timeout::new(FEEDBACK_MS, move || reset.set(Copied::Not)).forget();
            });
        })
    };
    let (word, class) = match *copied {
        Copied::Not => ("Copy", None),
        Copied::Done => ("Copied", Some("copy-done")),
        Copied::Failed => ("Select and copy by hand", Some("copy-failed")),
    };
    html! {
        <button
            type="button"
            class={classes!("copy-button", class)}
            aria-label={props.label.clone()}
            title={props.label.clone()}
            data-testid="copy-button"
            {onclick}
        >
            <svg class="copy-icon" viewBox="0 0 16 16" aria-hidden="true">
                <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
                <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
            </svg>
            <span aria-live="polite">{ word }</span>
        </button>
    }
}

/// `navigator.clipboard.writeText(text)`, reached by name so no extra web-sys features are
/// needed; `None` where the browser offers no clipboard (an insecure origin).
fn write_text(text: &str) -> Option<Promise> {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    let write: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?.dyn_into().ok()?;
    write.call1(&clipboard, &JsValue::from_str(text)).ok()?.dyn_into().ok()
}
