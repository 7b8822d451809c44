//! `/workbench`: views, conversation list, chat window and visitor pane, wired to one live
//! connection.
use super::chat_window::ChatWindow;
use super::clock::{local_midnight, ticking_now};
use super::conversation_list::ConversationList;
use super::filter_bar::FilterBar;
use super::filters::{ContactMap, Filters, ListRow, Moment, contact_keys, list_rows};
use super::notify::{NotificationButton, watch_alerts};
use super::status_picker::StatusPicker;
use super::views::{View, counts, needs_attention, tab_title};
use super::views_pane::ViewsPane;
use super::visitor_panel::VisitorPanelView;
use super::visitor_trace::VisitorTrace;
use crate::i18n::*;
use crate::models::{ConversationId, CurrentUser};
use crate::realtime::chat_log::ConversationRow;
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
    let selected = RwSignal::new(None::<ConversationId>);
    let me = user.id;
    let role = user.role;
    let view = RwSignal::new(View::first_for(role));
    let filters = RwSignal::new(Filters::default());
    let client_now = ticking_now();
    #[cfg(feature = "browser")]
    Effect::new(move |started: Option<()>| {
        if started.is_none()
            && let Some(url) = crate::ui::common::live_chat::socket_url("/ws")
        {
            chat.connect(url);
        }
    });
    watch_alerts(chat, me, role, selected);
    // A socket that drops may mean the session ended (password changed elsewhere, account
    // deactivated, signed out in another tab): then the sign-in page shows.
    #[cfg(feature = "browser")]
    Effect::new(move |was_live: Option<bool>| {
        let live = chat.live.get();
        if was_live == Some(true) && !live {
            leptos::task::spawn_local(async {
                if let Ok(None) = crate::server_fns::auth::get_current_user().await
                    && let Some(window) = web_sys::window()
                {
                    let _ = window.location().set_href("/login?next=%2Fworkbench");
                }
            });
        }
        live
    });

    let all_rows = Memo::new(move |_| chat.log.with(|log| log.conversations()));
    let contacts = visitor_contacts(all_rows);
    let view_counts =
        Signal::derive(move || all_rows.with(|rows| counts(View::for_role(role), rows, me)));
    let rows: Memo<Vec<ListRow>> = Memo::new(move |_| {
        let client_now = client_now.get();
        let clock = chat.feeds.clock.get();
        let prefix = t_string!(i18n, workbench.visitor_name);
        chat.feeds.visitors_online.with(|online| {
            contacts.with(|contacts| {
                let moment = Moment {
                    now: clock.now(client_now),
                    midnight: clock.now(local_midnight(client_now)),
                    thresholds: clock.thresholds,
                    online,
                    contacts,
                };
                filters.with(|filters| {
                    chat.log
                        .with(|log| list_rows(log, view.get(), me, filters, moment, prefix))
                })
            })
        })
    });
    let title = move || {
        let attention = all_rows.with(|rows| needs_attention(rows, me));
        tab_title(t_string!(i18n, workbench.title), attention)
    };
    let filtering = Signal::derive(move || filters.with(Filters::any));
    let bar_user = user.clone();
    view! {
        <Title text=title />
        <div class="app-frame">
            <UserBar user=bar_user surface=Surface::Workbench>
                <StatusPicker chat me />
            </UserBar>
            <main class="workbench" id="main">
                <h1 class="visually-hidden">{t!(i18n, workbench.title)}</h1>
                <nav class="pane views-pane" aria-label=move || t_string!(i18n, workbench.views)>
                    <ViewsPane counts=view_counts current=view />
                    // Until the socket is live the lists and counts may be behind.
                    <Show when=move || !chat.live.get()>
                        <p class="link-state" role="status">{t!(i18n, workbench.connecting)}</p>
                    </Show>
                    <NotificationButton />
                </nav>
                <section class="pane list-pane" aria-labelledby="list-title">
                    <header class="pane-header">
                        <h2 id="list-title">{t!(i18n, workbench.conversations)}</h2>
                    </header>
                    <FilterBar filters />
                    <ConversationList rows selected filtering has_any=Signal::derive(move || all_rows.with(|rows| !rows.is_empty())) />
                </section>
                <section class="pane chat-pane" aria-labelledby="chat-title">
                    <header class="pane-header">
                        <h2 id="chat-title">{t!(i18n, workbench.chat)}</h2>
                    </header>
                    <ChatWindow chat selected user contacts />
                </section>
                <aside class="pane visitor-pane" aria-labelledby="visitor-title">
                    <header class="pane-header">
                        <h2 id="visitor-title">{t!(i18n, workbench.visitor)}</h2>
                    </header>
                    <VisitorPanelView chat selected now=client_now />
                    <VisitorTrace chat selected />
                </aside>
            </main>
        </div>
    }
}

/// The contacts of the conversations in the log, read again whenever the set of
/// conversations changes. While a new answer is on its way (or after a failed request) the
/// previous one stays. Fetched from an effect, never a resource: the page's `Suspense` must
/// not wait for it (on the server it would never resolve and the page would render empty).
fn visitor_contacts(rows: Memo<Vec<ConversationRow>>) -> ReadSignal<ContactMap> {
    let (contacts, set_contacts) = signal(ContactMap::new());
    let keys = Memo::new(move |_| rows.with(|rows| contact_keys(rows)));
    #[cfg(feature = "browser")]
    Effect::new(move |_| {
        let conversations = keys.get();
        if conversations.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let asked = crate::server_fns::conversations::get_conversation_contacts(conversations);
            if let Ok(found) = asked.await {
                set_contacts.set(
                    found
                        .into_iter()
                        .map(|contact| (contact.conversation_id, contact))
                        .collect(),
                );
            }
        });
    });
    #[cfg(not(feature = "browser"))]
    let _ = (keys, set_contacts);
    contacts
}
