//! The page's entry point: everything lives in the `loupe_web` library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    loupe_web::run_app();
}
