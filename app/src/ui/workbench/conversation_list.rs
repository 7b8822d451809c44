//! The conversation list: the rows the server listed for the chosen view and filters,
//! pinned first, each with its visitor, newest text (or the message a search matched),
//! waiting badge, serving agent and unread count; more rows on scroll or on request.
use super::list_state::ListState;
use super::rows::{ListRow, visitor_label};
use crate::i18n::*;
use crate::models::ConversationId;
use crate::routing::conversation_state::WaitFlag;
use leptos::prelude::*;

/// The rows, or a note saying why there are none.
#[component]
pub fn ConversationList(
    /// The rows to show, in order.
    rows: Memo<Vec<ListRow>>,
    /// The open conversation.
    selected: RwSignal<Option<ConversationId>>,
    /// Whether filters are on (an empty list then says "no matches").
    filtering: Signal<bool>,
    /// Where the list stands (loading, failed, more to come, counts).
    list: ListState,
    /// Asks for the next page.
    more: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let nothing_at_all = move || {
        list.counts
            .with(|counts| counts.counts.iter().all(|(_, count)| *count == 0))
    };
    let empty = move || {
        if list.loading.get() {
            t_string!(i18n, common.loading)
        } else if list.failed.get() {
            t_string!(i18n, workbench.list_failed)
        } else if filtering.get() {
            t_string!(i18n, workbench.no_matches)
        } else if nothing_at_all() {
            t_string!(i18n, workbench.list_empty)
        } else {
            t_string!(i18n, workbench.view_empty)
        }
    };
    view! {
        <Show
            when=move || rows.with(|rows| !rows.is_empty())
            fallback=move || view! { <p class="empty-state" role="status">{empty}</p> }
        >
            <ul class="conversation-list">
                <For
                    each=move || rows.get()
                    key=|item| {
                        let row = &item.row;
                        (
                            row.id,
                            row.last_at,
                            row.unread,
                            item.flag,
                            item.online,
                            row.placement.pinned,
                            row.placement.closed,
                            row.placement.assignee_name.clone(),
                            item.name.clone(),
                            item.matched.clone(),
                        )
                    }
                    children=move |item| view! { <Row item selected /> }
                />
            </ul>
            <Show when=move || list.next.with(Option::is_some)>
                <button type="button" class="button small load-more" on:click=move |_| more.run(())>
                    {t!(i18n, workbench.load_more)}
                </button>
            </Show>
        </Show>
    }
}

#[component]
fn Row(item: ListRow, selected: RwSignal<Option<ConversationId>>) -> impl IntoView {
    let i18n = use_i18n();
    let ListRow {
        row,
        flag,
        online,
        name,
        matched,
    } = item;
    let id = row.id;
    let is_match = matched.is_some();
    let preview = matched.unwrap_or_else(|| row.last_body.clone());
    // The contact's name when known, else a short label from the id.
    let label = move || {
        name.clone()
            .unwrap_or_else(|| visitor_label(id, t_string!(i18n, workbench.visitor_name)))
    };
    // A word as well as a colour: "Soon" in amber, "Overdue" in red.
    let badge = (flag != WaitFlag::OnTime).then(|| {
        let soon = flag == WaitFlag::Soon;
        let text = move || {
            if soon {
                t_string!(i18n, workbench.filter_soon)
            } else {
                t_string!(i18n, workbench.filter_overdue)
            }
        };
        view! { <span class="wait-badge" class:soon=soon class:overdue=!soon>{text}</span> }
    });
    let serving = row
        .placement
        .assignee_name
        .clone()
        .filter(|_| !row.placement.closed);
    view! {
        <li>
            <button
                type="button"
                class="conversation-item"
                data-flag=format!("{flag:?}").to_lowercase()
                aria-pressed=move || (selected.get() == Some(id)).to_string()
                on:click=move |_| selected.set(Some(id))
            >
                <span class="conversation-name">
                    {row.placement.pinned.then(|| view! {
                        <span class="pin-marker" title=move || t_string!(i18n, workbench.pinned)>
                            <span aria-hidden="true">"📌"</span>
                            <span class="visually-hidden">{t!(i18n, workbench.pinned)} " "</span>
                        </span>
                    })}
                    {online.then(|| view! {
                        <span class="online-dot" title=move || t_string!(i18n, workbench.visitor_online)>
                            <span class="visually-hidden">{t!(i18n, workbench.visitor_online)} " "</span>
                        </span>
                    })}
                    {label}
                </span>
                <span class="conversation-preview" class:search-match=is_match>
                    {preview}
                </span>
                <span class="conversation-meta">
                    {badge}
                    {serving.map(|name| view! {
                        <span class="serving-agent">
                            <span class="visually-hidden">{t!(i18n, workbench.served_by)} " "</span>
                            {name}
                        </span>
                    })}
                </span>
                {(row.unread > 0).then(|| view! {
                    <span class="count unread-count">
                        {row.unread}
                        <span class="visually-hidden">" " {t!(i18n, workbench.unread)}</span>
                    </span>
                })}
            </button>
        </li>
    }
}
