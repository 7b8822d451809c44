//! The widget iframe's entry point. Built on its own (`cargo make widget`) so that the
//! bundle holds the visitor's panel and nothing else; see `app::ui::widget`.

/// Runs once the WASM module is instantiated: mounts the panel described by the page.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    app::ui::widget::mount();
}
