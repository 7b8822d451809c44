//! The panel: header with the business name and a close button, the chat, the footer.
use super::chat::WidgetChat;
use super::config::WidgetConfig;
use crate::i18n::*;
use crate::locale::locale_for;
use crate::models::Language;
use crate::ui::common::language::UiLocale;
use leptos::prelude::*;

/// The whole widget panel for `config`, in the locale the server chose.
#[component]
pub fn WidgetRoot(config: WidgetConfig) -> impl IntoView {
    let locale = Language::ALL
        .into_iter()
        .find(|language| language.tag() == config.locale)
        .map_or_else(Locale::default, locale_for);
    // The visitor's browser language (decided by the server), never an agent's cookie.
    provide_context(UiLocale(Signal::stored(locale)));
    view! { <WidgetPanel config locale /> }
}

#[component]
fn WidgetPanel(config: WidgetConfig, locale: Locale) -> impl IntoView {
    let close = move |_| {
        #[cfg(feature = "browser")]
        if let Some(parent) = web_sys::window().and_then(|window| window.parent().ok().flatten()) {
            // The loader listens for this and hides the iframe; "*" is fine: it carries no data.
            let _ = parent.post_message(&wasm_bindgen::JsValue::from_str("parley:close"), "*");
        }
    };
    view! {
        <div class="widget-panel" role="region" aria-label=config.project_name.clone()>
            <header class="widget-header">
                <div>
                    <h1 class="widget-title">{config.project_name.clone()}</h1>
                    <p class="widget-subtitle">
                        {if config.greeting.is_empty() {
                            td_string!(locale, widget.reply_time).to_owned()
                        } else {
                            config.greeting.clone()
                        }}
                    </p>
                </div>
                <button
                    type="button"
                    class="icon-button"
                    aria-label=td_string!(locale, widget.close)
                    on:click=close
                >
                    "×"
                </button>
            </header>
            <WidgetChat
                project_key=config.project_key
                locale
                forms=config.forms
            />
            <p class="widget-footer">{td_string!(locale, widget.powered_by)}</p>
        </div>
    }
}

/// Renders the panel into the iframe's body from the config the server embedded.
#[cfg(feature = "browser")]
pub fn mount() {
    use super::config::CONFIG_ELEMENT_ID;
    let config = document()
        .get_element_by_id(CONFIG_ELEMENT_ID)
        .and_then(|element| element.text_content())
        .and_then(|json| crate::realtime::wire::node::parse(&json))
        .and_then(|json| WidgetConfig::read(&json));
    match config {
        Some(config) => leptos::mount::mount_to_body(move || view! { <WidgetRoot config /> }),
        None => leptos::logging::error!("Parley widget: the page carries no widget config"),
    }
}
