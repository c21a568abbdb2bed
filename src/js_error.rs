//! JS errors as sentences for the user.

use wasm_bindgen::{JsCast, JsValue};

/// `NotReadableError: The file could not be read`, or the best text a non-`Error` value has.
pub(crate) fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.to_string()),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}
