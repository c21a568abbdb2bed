//! Loupe's browser front end: a yew page and the Web Worker that runs `loupe-core`.
//!
//! The two halves are two binaries of this package (`loupe-web` and `worker`) that share this
//! library. The page never parses a log: it hands the user's `File` objects to the worker,
//! which streams them through the core and answers with progress, early findings and the
//! final [`loupe_core::Report`].
//!
//! Only [`state`], [`converge`], [`format`], [`file_view`], [`reading`], [`split`], [`partials`], [`labels`],
//! [`export`], [`samples`] and the panels' [`sections`], [`ladder`] and [`provisioning_order`]
//! are plain Rust, so they build and are tested on the host; everything that touches the
//! browser is compiled for `wasm32` only.

pub mod converge;
pub mod export;
pub mod file_view;
pub mod format;
pub mod labels;
pub mod ladder;
pub mod partials;
pub mod provisioning_order;
pub mod reading;
pub mod samples;
pub mod sections;
pub mod split;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod batches;
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod js_error;
#[cfg(target_arch = "wasm32")]
mod offline;
#[cfg(target_arch = "wasm32")]
mod picked;
#[cfg(target_arch = "wasm32")]
mod protocol;
#[cfg(target_arch = "wasm32")]
mod save;
#[cfg(target_arch = "wasm32")]
pub mod worker;

/// Mounts the page into `<body>`. Called by the `loupe-web` binary.
#[cfg(target_arch = "wasm32")]
pub fn run_app() {
    std::panic::set_hook(Box::new(|info| {
        // With `panic = "abort"` nothing else would say what went wrong.
        web_sys::console::error_1(&format!("Loupe: {info}").into());
    }));
    yew::Renderer::<components::App>::new().render();
}
