//! `/workbench`: views, conversation list, chat window and visitor pane, wired to one live
//! connection.
use super::chat_window::ChatWindow;
use super::clock::{local_midnight, ticking_now};
use super::conversation_list::ConversationList;
use super::filter_bar::FilterBar;
use super::list_state::ListState;
use super::notify::{NotificationButton, watch_alerts};
use super::rows::{ContactMap, Filters, ListRow, list_row};
use super::status_picker::StatusPicker;
use super::views::{View, tab_title};
use super::views_pane::ViewsPane;
use super::visitor_panel::VisitorPanelView;
use super::visitor_trace::VisitorTrace;
use crate::i18n::*;
use crate::models::catalogues::Catalogues;
use crate::models::{ConversationId, CurrentUser};
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
    let catalogues = catalogues();
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

    let midnight = Signal::derive(move || {
        let clock = chat.feeds.clock.get();
        clock.now(local_midnight(client_now.get()))
    });
    let list = ListState::new();
    let changes = Signal::derive(move || {
        // Visitors coming and going move rows only in a list filtered to online visitors.
        let presence = if filters.with(|filters| filters.online) {
            chat.feeds.presence_changes.get()
        } else {
            0
        };
        chat.feeds.list_changes.get() + chat.feeds.went_live.get() + presence
    });
    list.watch(view, filters, midnight, changes);
    let view_counts = Signal::derive(move || {
        View::for_role(role)
            .iter()
            .map(|view| (*view, list.count_of(*view)))
            .collect::<Vec<_>>()
    });
    let rows: Memo<Vec<ListRow>> = Memo::new(move |_| {
        let clock = chat.feeds.clock.get();
        let now = clock.now(client_now.get());
        chat.feeds.visitors_online.with(|online| {
            list.rows.with(|rows| {
                rows.iter()
                    .map(|listed| list_row(listed, now, clock.thresholds, online))
                    .collect()
            })
        })
    });
    let contacts = visitor_contacts(selected);
    let title = move || {
        let attention = list.counts.with(|counts| counts.attention);
        tab_title(t_string!(i18n, workbench.title), attention)
    };
    let list_pane = NodeRef::<leptos::html::Section>::new();
    let more = Callback::new(move |()| {
        list.more(
            view.get_untracked(),
            filters.get_untracked(),
            midnight.get_untracked(),
        );
    });
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
                <section
                    class="pane list-pane"
                    aria-labelledby="list-title"
                    node_ref=list_pane
                    on:scroll=move |_| {
                        if list_pane.get_untracked().is_some_and(|pane| near_bottom(&pane)) {
                            more.run(());
                        }
                    }
                >
                    <header class="pane-header">
                        <h2 id="list-title">{t!(i18n, workbench.conversations)}</h2>
                    </header>
                    <FilterBar filters catalogues />
                    <ConversationList rows selected filtering list more />
                </section>
                <section class="pane chat-pane" aria-labelledby="chat-title">
                    <header class="pane-header">
                        <h2 id="chat-title">{t!(i18n, workbench.chat)}</h2>
                    </header>
                    <ChatWindow chat selected user contacts catalogues />
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

/// Whether a scrolled pane shows its last few rows (time to fetch the next page).
fn near_bottom(pane: &leptos::web_sys::Element) -> bool {
    pane.scroll_top() + pane.client_height() >= pane.scroll_height() - 200
}

/// The contact of the open conversation (quick replies' variables), read when it opens.
/// Fetched from an effect, never a resource: the page's `Suspense` must not wait for it (on
/// the server it would never resolve and the page would render empty).
fn visitor_contacts(selected: RwSignal<Option<ConversationId>>) -> ReadSignal<ContactMap> {
    let (contacts, set_contacts) = signal(ContactMap::new());
    #[cfg(feature = "browser")]
    Effect::new(move |_| {
        let Some(conversation) = selected.get() else {
            return;
        };
        if contacts.with_untracked(|contacts| contacts.contains_key(&conversation)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let asked =
                crate::server_fns::conversations::get_conversation_contacts(vec![conversation]);
            if let Ok(found) = asked.await {
                set_contacts.try_update(|contacts| {
                    for contact in found {
                        contacts.insert(contact.conversation_id, contact);
                    }
                });
            }
        });
    });
    #[cfg(not(feature = "browser"))]
    let _ = (selected, set_contacts);
    contacts
}

/// The project's catalogues (quick replies, tags), read once when the workbench opens (from
/// an effect: the page's `Suspense` must not wait for them on the server).
fn catalogues() -> Signal<Catalogues> {
    let catalogues = RwSignal::new(Catalogues::default());
    #[cfg(feature = "browser")]
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(read) = crate::server_fns::catalogues::get_catalogues().await {
                catalogues.set(read);
            }
        });
    });
    catalogues.into()
}
