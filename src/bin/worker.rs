//! The Web Worker's entry point: it installs the message handler and returns; the work then
//! happens in response to messages from the page (see `loupe_web::worker`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    loupe_web::worker::run();
}
