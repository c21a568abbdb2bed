//! Where files come in: a `<label>` for a hidden file input, which is also a drop target.
//!
//! Being a label, a click (or Enter/Space on the focused input) opens the browser's picker
//! with no script involved; the input stays in the accessibility tree, only visually hidden.

use gloo::events::{EventListener, EventListenerOptions};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::picked::{self, PickedFile};

#[derive(Properties, PartialEq)]
pub(crate) struct DropZoneProps {
    /// Called with the chosen or dropped files (folders already expanded).
    pub(crate) on_files: Callback<Vec<PickedFile>>,
    /// An analysis is running: new files will replace it.
    pub(crate) running: bool,
}

#[function_component(DropZone)]
pub(crate) fn drop_zone(props: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);

    // A file dropped beside the zone would make the browser open it and leave the page with
    // the results; swallow such drops anywhere in the document.
    use_effect_with((), |_| {
        let listeners = web_sys::window().and_then(|w| w.document()).map(|document| {
            let options = EventListenerOptions::enable_prevent_default();
            ["dragover", "drop"].map(|kind| {
                EventListener::new_with_options(&document, kind, options, |event| event.prevent_default())
            })
        });
        move || drop(listeners)
    });

    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let files = input.files().map(|list| picked::from_file_list(&list)).unwrap_or_default();
            // Cleared so that choosing the same file again still counts as a change.
            input.set_value("");
            // The analysis starts in a task of its own: this one already holds the browser's
            // work on the chosen files (a synchronous MIME lookup per file, about 1 ms each,
            // 130 ms for 66 files on a busy machine), and should not also draw the page.
            let on_files = on_files.clone();
            gloo::timers::callback::Timeout::new(0, move || on_files.emit(files)).forget();
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(transfer) = event.data_transfer() {
                transfer.set_drop_effect("copy");
            }
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = props.on_files.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let Some(transfer) = event.data_transfer() else { return };
            let dropped = picked::capture(&transfer);
            let on_files = on_files.clone();
            wasm_bindgen_futures::spawn_local(async move {
                on_files.emit(picked::resolve(dropped).await);
            });
        })
    };

    let title = if props.running { "Drop files to start over" } else { "Drop log files or folders here" };
    html! {
        <label
            for="file-input"
            data-testid="drop-zone"
            class={classes!("dropzone", dragging.then_some("dragging"))}
            {ondragover}
            {ondragleave}
            {ondrop}
        >
            <input
                id="file-input"
                class="visually-hidden"
                type="file"
                multiple=true
                data-testid="file-input"
                {onchange}
            />
            <svg class="dropzone-icon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M12 15V4" />
                <path d="M7.5 8.5 12 4l4.5 4.5" />
                <path d="M4 14v4.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V14" />
            </svg>
            <span class="dropzone-title">{ title }</span>
            <span class="dropzone-hint">
                { "or " }<span class="dropzone-link">{ "choose files" }</span>
                { " · traces, server and client logs of any size" }
            </span>
        </label>
    }
}
