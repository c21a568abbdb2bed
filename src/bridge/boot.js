// Appended to wasm-bindgen's no-modules glue (which defines `wasm_bindgen`) to form the
// worker's script, loaded from a blob: URL so it needs no file next to the page.
// The first message is the worker's wasm bytes; once they are instantiated, the Rust
// `main` replaces this handler and posts `"Ready"`.
self.onmessage = (event) => {
  self.onmessage = null;
  wasm_bindgen({ module_or_path: event.data }).catch((error) => {
    self.postMessage({ Failed: { job: null, message: "The analysis engine could not start: " + error } });
  });
};
