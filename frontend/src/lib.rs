//! Browser entry point: hydrates whatever surface the server rendered.

/// Called by the generated JS glue once the WASM module is loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
