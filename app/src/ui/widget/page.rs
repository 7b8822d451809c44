//! `/w/{project_key}`: the panel the loader's iframe shows. Language follows the browser.
use super::chat::WidgetChat;
use crate::i18n::*;
use crate::server_fns::surfaces::get_widget_project;
use crate::ui::common::language::Localized;
use leptos::prelude::*;
use leptos_meta::{Body, Title};
use leptos_router::hooks::use_params_map;

/// The widget panel.
#[component]
pub fn WidgetPage() -> impl IntoView {
    view! {
        // No cookie: the visitor's browser language decides, never an agent's saved choice.
        <Localized visitor=true>
            <Body attr:class="widget-body" />
            <WidgetPanel />
        </Localized>
    }
}

#[component]
fn WidgetPanel() -> impl IntoView {
    let i18n = use_i18n();
    let key = move || use_params_map().with(|params| params.get("key").unwrap_or_default());
    let project = Resource::new_blocking(key, get_widget_project);
    let close = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(parent) = web_sys::window().and_then(|window| window.parent().ok().flatten()) {
            // The loader listens for this and hides the iframe; "*" is fine: it carries no data.
            let _ = parent.post_message(&wasm_bindgen::JsValue::from_str("parley:close"), "*");
        }
    };
    view! {
        <Suspense fallback=move || view! { <p class="page-loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match project.await {
                    Ok(project) => view! {
                        <Title text=project.name.clone() />
                        <div class="widget-panel" role="region" aria-label=project.name.clone()>
                            <header class="widget-header">
                                <div>
                                    <h1 class="widget-title">{project.name.clone()}</h1>
                                    <p class="widget-subtitle">{t!(i18n, widget.reply_time)}</p>
                                </div>
                                <button
                                    type="button"
                                    class="icon-button"
                                    aria-label=move || t_string!(i18n, widget.close)
                                    on:click=close
                                >
                                    "×"
                                </button>
                            </header>
                            <WidgetChat project_key=key() />
                            <p class="widget-footer">{t!(i18n, widget.powered_by)}</p>
                        </div>
                    }.into_any(),
                    Err(_) => view! {
                        <p class="widget-unavailable" role="status">{t!(i18n, widget.unknown_project)}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
