//! The workbench's clock: this browser's time, ticking once a second so waiting flags turn on
//! without a reload, and the last local midnight (the "today" filter).
use crate::models::Timestamp;
use crate::ui::common::live_chat::client_now;
use leptos::prelude::*;

/// This browser's time, updated every second while the page is open.
pub fn ticking_now() -> ReadSignal<Timestamp> {
    let (now, set_now) = signal(client_now());
    #[cfg(feature = "browser")]
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(client_now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    #[cfg(not(feature = "browser"))]
    let _ = set_now;
    now
}

/// The last midnight before `client_now` in this browser's time zone (UTC on the server).
pub fn local_midnight(client_now: Timestamp) -> Timestamp {
    #[cfg(feature = "browser")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(client_now.0 as f64));
        date.set_hours(0);
        date.set_minutes(0);
        date.set_seconds(0);
        date.set_milliseconds(0);
        Timestamp(date.get_time() as i64)
    }
    #[cfg(not(feature = "browser"))]
    {
        const DAY_MS: i64 = 86_400_000;
        Timestamp(client_now.0 - client_now.0.rem_euclid(DAY_MS))
    }
}
