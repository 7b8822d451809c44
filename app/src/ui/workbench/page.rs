//! `/workbench`: the three-pane layout every later workbench feature fills in.
use super::live::{ChatWindow, ConversationList};
use super::visitor_trace::VisitorTrace;
use crate::i18n::*;
use crate::models::CurrentUser;
use crate::routing::permissions::Surface;
use crate::ui::common::language::Localized;
use crate::ui::common::live_chat::LiveChat;
use crate::ui::common::user_bar::{SignedIn, UserBar};
use leptos::prelude::*;
use leptos_meta::Title;

/// The workbench, behind sign-in.
#[component]
pub fn WorkbenchPage() -> impl IntoView {
    view! {
        <Localized>
            <SignedIn
                surface=Surface::Workbench
                render=Callback::new(|user| view! { <Workbench user /> }.into_any())
            />
        </Localized>
    }
}

#[component]
fn Workbench(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let chat = LiveChat::new();
    let selected = RwSignal::new(None);
    #[cfg(feature = "browser")]
    Effect::new(move |started: Option<()>| {
        if started.is_none()
            && let Some(url) = crate::ui::common::live_chat::socket_url("/ws")
        {
            chat.connect(url);
        }
    });
    let views = move || {
        [
            t_string!(i18n, workbench.view_mine),
            t_string!(i18n, workbench.view_queued),
            t_string!(i18n, workbench.view_unread),
            t_string!(i18n, workbench.view_on_hold),
            t_string!(i18n, workbench.view_replied),
            t_string!(i18n, workbench.view_closed),
        ]
    };
    view! {
        <Title text=move || format!("{} · Parley", t_string!(i18n, workbench.title)) />
        <div class="app-frame">
            <UserBar user surface=Surface::Workbench />
            <main class="workbench" id="main">
                <h1 class="visually-hidden">{t!(i18n, workbench.title)}</h1>
                <nav class="pane views-pane" aria-label=move || t_string!(i18n, workbench.views)>
                    <ul class="view-list">
                        {move || {
                            views()
                                .into_iter()
                                .enumerate()
                                .map(|(index, label)| {
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="view-item"
                                                aria-pressed=if index == 0 { "true" } else { "false" }
                                            >
                                                <span>{label}</span>
                                                <span class="count" aria-label="0">"0"</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </nav>
                <section class="pane list-pane" aria-labelledby="list-title">
                    <header class="pane-header">
                        <h2 id="list-title">{t!(i18n, workbench.conversations)}</h2>
                    </header>
                    <ConversationList chat selected />
                </section>
                <section class="pane chat-pane" aria-labelledby="chat-title">
                    <header class="pane-header">
                        <h2 id="chat-title">{t!(i18n, workbench.chat)}</h2>
                    </header>
                    <ChatWindow chat selected />
                </section>
                <aside class="pane visitor-pane" aria-labelledby="visitor-title">
                    <header class="pane-header">
                        <h2 id="visitor-title">{t!(i18n, workbench.visitor)}</h2>
                    </header>
                    <VisitorTrace chat selected />
                </aside>
            </main>
        </div>
    }
}
