//! The visitor pane's access trace: the pages of the website the visitor has opened.
use crate::i18n::*;
use crate::models::{ConversationId, PageView, Timestamp};
use crate::server_fns::conversations::get_visitor_trace;
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Pages visited by the selected conversation's visitor, newest first. Read again whenever
/// the conversation moves (a visitor who writes may well have opened another page).
#[component]
pub fn VisitorTrace(chat: LiveChat, selected: RwSignal<Option<ConversationId>>) -> impl IntoView {
    let i18n = use_i18n();
    let trace = Resource::new(
        move || {
            let conversation = selected.get();
            let newest = conversation.and_then(|id| {
                chat.log.with(|log| {
                    log.lines()
                        .iter()
                        .filter(|line| line.conversation_id == Some(id))
                        .filter_map(|line| line.seq)
                        .max()
                })
            });
            (conversation, newest)
        },
        |(conversation, _)| async move {
            match conversation {
                Some(id) => get_visitor_trace(id).await.unwrap_or_default(),
                None => Vec::new(),
            }
        },
    );
    view! {
        <Show
            when=move || selected.get().is_some()
            fallback=move || view! { <p class="empty-state">{t!(i18n, workbench.visitor_empty)}</p> }
        >
            <section class="visitor-section" aria-labelledby="trace-title">
                <h3 id="trace-title">{t!(i18n, workbench.trace)}</h3>
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                    {move || {
                        trace.get().map(|views| {
                            if views.is_empty() {
                                view! { <p class="muted">{t!(i18n, workbench.trace_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="trace-list">
                                        {views.into_iter().map(|view| view! { <TraceItem view /> }).collect_view()}
                                    </ol>
                                }
                                .into_any()
                            }
                        })
                    }}
                </Transition>
            </section>
        </Show>
    }
}

#[component]
fn TraceItem(view: PageView) -> impl IntoView {
    let i18n = use_i18n();
    let label = if view.title.is_empty() {
        view.url.clone()
    } else {
        view.title.clone()
    };
    // Only absolute http(s) addresses are stored (`parse_page_view`), so the link is safe.
    let href = view.url.clone();
    let referrer = (!view.referrer.is_empty()).then(|| view.referrer.clone());
    view! {
        <li class="trace-item">
            <a href=href target="_blank" rel="noopener noreferrer nofollow" title=view.url.clone()>{label}</a>
            <span class="muted trace-meta">
                <time datetime=view.at.0.to_string()>{local_time(view.at)}</time>
                {referrer.map(|referrer| view! { " · " {t!(i18n, workbench.from)} " " {referrer} })}
            </span>
        </li>
    }
}

/// The instant in the agent's own clock (browser); empty while rendering on the server.
pub(super) fn local_time(at: Timestamp) -> String {
    #[cfg(feature = "browser")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
        String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = at;
        String::new()
    }
}
