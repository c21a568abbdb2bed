//! Offline use of a hosted copy: the service worker that keeps the app's files, and the
//! notice that a newer version has been deployed.
//!
//! The single-file bundle needs none of this (it is already on disk) and a `file://` page
//! cannot register a service worker, so both are left alone.

use gloo::events::EventListener;
use js_sys::Reflect;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use crate::bridge;
use crate::js_error::describe;

/// Next to the page, so a copy under any sub-path registers its own worker and scope.
const SERVICE_WORKER_URL: &str = "./sw.js";

/// True in the single-file bundle (`loupe.html`), which carries everything inline.
pub(crate) fn is_single_file() -> bool {
    bridge::carries_worker_inline()
}

/// Registers the service worker of a hosted copy, and calls `on_update` when a newer
/// version takes over this page (the worker installs a new deployment at once; this page
/// keeps running the code it has, so the user is asked to reload). The returned listener
/// must be kept for as long as the notice should come.
pub(crate) fn register_service_worker(on_update: Callback<()>) -> Option<EventListener> {
    let window = web_sys::window()?;
    let protocol = window.location().protocol().ok()?;
    if !matches!(protocol.as_str(), "http:" | "https:") || is_single_file() {
        return None;
    }
    let navigator = window.navigator();
    // Only secure contexts (https, localhost) have service workers; elsewhere the page
    // simply works online only.
    let available = Reflect::get(&navigator, &"serviceWorker".into()).is_ok_and(|v| !v.is_undefined());
    if !available {
        return None;
    }
    let container = navigator.service_worker();
    // On a first visit the new worker also takes over, but there is nothing newer to load.
    let had_controller = container.controller().is_some();
    let listener = EventListener::new(&container, "controllerchange", move |_| {
        if had_controller {
            on_update.emit(());
        }
    });
    let registration = container.register(SERVICE_WORKER_URL);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = JsFuture::from(registration).await {
            // Not fatal: the page works, it just will not open offline.
            web_sys::console::warn_1(
                &format!("Loupe: offline copy not available: {}", describe(error)).into(),
            );
        }
    });
    Some(listener)
}
