//! Where the worker's code comes from: its JS glue text and its wasm bytes.
//!
//! Hosted, they are the `worker.js` and `worker_bg.wasm` files Trunk writes next to the
//! page, fetched once while the page loads. A single-file (offline) bundle instead defines
//! `window.LOUPE_WORKER = { glue: "<worker.js text>", wasm: <ArrayBuffer or Uint8Array> }`
//! in an inline script before the app starts; nothing is fetched then.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::js_error::describe;

/// Relative to the page, so the app works under any sub-path.
const GLUE_URL: &str = "./worker.js";
const WASM_URL: &str = "./worker_bg.wasm";
/// The global an offline bundle sets to provide the worker inline.
const INLINE_GLOBAL: &str = "LOUPE_WORKER";

/// The worker's code, kept so a replacement worker starts without fetching again.
pub(crate) struct WorkerSource {
    pub(crate) glue: String,
    pub(crate) wasm: ArrayBuffer,
}

impl WorkerSource {
    /// A copy of the wasm bytes to transfer to a new worker; the original stays here.
    pub(crate) fn wasm_copy(&self) -> ArrayBuffer {
        self.wasm.slice(0)
    }
}

/// Gets the worker's code, inline if the page carries it, otherwise by fetching it.
pub(crate) async fn load() -> Result<WorkerSource, String> {
    if let Some(source) = inline()? {
        return Ok(source);
    }
    let glue = fetch(GLUE_URL).await?;
    let glue = JsFuture::from(glue.text().map_err(describe)?).await.map_err(describe)?;
    let wasm = fetch(WASM_URL).await?;
    let wasm = JsFuture::from(wasm.array_buffer().map_err(describe)?).await.map_err(describe)?;
    Ok(WorkerSource {
        glue: glue.as_string().unwrap_or_default(),
        wasm: wasm.dyn_into().map_err(|_| "the worker's wasm is not binary data".to_owned())?,
    })
}

/// True when the page carries the worker inline: it is the single-file (offline) bundle.
pub(crate) fn is_inline() -> bool {
    Reflect::get(&js_sys::global(), &INLINE_GLOBAL.into()).is_ok_and(|v| !v.is_undefined() && !v.is_null())
}

fn inline() -> Result<Option<WorkerSource>, String> {
    let provided = Reflect::get(&js_sys::global(), &INLINE_GLOBAL.into()).map_err(describe)?;
    if provided.is_undefined() || provided.is_null() {
        return Ok(None);
    }
    let glue = Reflect::get(&provided, &"glue".into()).map_err(describe)?;
    let wasm = Reflect::get(&provided, &"wasm".into()).map_err(describe)?;
    let glue = glue.as_string().ok_or(format!("{INLINE_GLOBAL}.glue is not a string"))?;
    let wasm = if let Some(buffer) = wasm.dyn_ref::<ArrayBuffer>() {
        buffer.clone()
    } else if let Some(bytes) = wasm.dyn_ref::<Uint8Array>() {
        // Copy out exactly this view: it may be a window onto a larger buffer.
        bytes.slice(0, bytes.length()).buffer()
    } else {
        return Err(format!("{INLINE_GLOBAL}.wasm is not an ArrayBuffer or Uint8Array"));
    };
    Ok(Some(WorkerSource { glue, wasm }))
}

async fn fetch(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response =
        JsFuture::from(window.fetch_with_str(url)).await.map_err(describe)?.unchecked_into();
    if response.ok() {
        Ok(response)
    } else {
        Err(format!("{url}: HTTP {}", response.status()))
    }
}
