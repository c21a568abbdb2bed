//! Saving text the page made (the report exports) as a file on the user's disk.
//!
//! A `blob:` URL and a download link: nothing is sent anywhere, and it works in the
//! single-file bundle from `file://` as well.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use crate::js_error::describe;

/// How long the `blob:` URL lives: some browsers read it after `click()` returns.
const REVOKE_AFTER_MS: u32 = 60_000;

/// Offers `text` as a download named `name`.
pub(crate) fn save_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&Array::of1(&JsValue::from_str(text)), &options)
        .map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    let link: HtmlAnchorElement =
        document.create_element("a").map_err(describe)?.dyn_into().map_err(|_| "not an anchor".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    // In the document, because some browsers ignore a click on a detached link.
    body.append_child(&link).map_err(describe)?;
    link.click();
    link.remove();
    gloo::timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
