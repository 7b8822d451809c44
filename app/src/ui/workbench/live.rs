//! The live panes of the workbench: conversation list and chat window.
use crate::i18n::*;
use crate::models::ConversationId;
use crate::realtime::protocol::{AuthorKind, ClientFrame};
use crate::ui::common::chat_parts::{Bubble, Composer};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Short visitor label for a conversation (until contacts have names).
fn visitor_label(id: ConversationId, prefix: &str) -> String {
    let text = id.to_string();
    format!("{prefix} {}", &text[..6])
}

/// Conversations, newest activity first, with unread counts.
#[component]
pub fn ConversationList(
    chat: LiveChat,
    selected: RwSignal<Option<ConversationId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || chat.log.with(|log| log.conversations());
    view! {
        <Show
            when=move || !rows().is_empty()
            fallback=move || view! { <p class="empty-state">{t!(i18n, workbench.list_empty)}</p> }
        >
            <ul class="conversation-list">
                <For
                    each=rows
                    key=|row| (row.id, row.last_at, row.unread)
                    children=move |row| {
                        let id = row.id;
                        let label = visitor_label(id, t_string!(i18n, workbench.visitor_name));
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="conversation-item"
                                    aria-pressed=move || (selected.get() == Some(id)).to_string()
                                    on:click=move |_| selected.set(Some(id))
                                >
                                    <span class="conversation-name">{label}</span>
                                    <span class="conversation-preview">{row.last_body.clone()}</span>
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
                />
            </ul>
        </Show>
    }
}

/// The selected conversation's messages and the reply composer.
#[component]
pub fn ChatWindow(chat: LiveChat, selected: RwSignal<Option<ConversationId>>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = move || {
        selected
            .get()
            .map(|id| {
                chat.log.with(|log| {
                    log.lines()
                        .iter()
                        .filter(|line| line.conversation_id == Some(id))
                        .cloned()
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    // The open conversation is read: tell the visitor, and show "Seen by visitor" under the
    // agent's newest message once the visitor has read it.
    Effect::new(move |_| {
        if let Some(conversation) = selected.get() {
            chat.mark_seen(conversation, AuthorKind::Agent);
        }
    });
    let seen = move || {
        selected
            .get()
            .is_some_and(|id| chat.log.with(|log| log.seen_note(id, AuthorKind::Agent)))
    };
    let retry = Callback::new(move |client_id| chat.retry(client_id));
    let send = Callback::new(move |body: String| {
        if let Some(conversation) = selected.get_untracked() {
            chat.send(AuthorKind::Agent, Some(conversation), &body);
        }
    });
    let typing = Callback::new(move |()| {
        let conversation = selected.get_untracked();
        if let Some(conversation_id) = conversation {
            chat.frame(ClientFrame::Typing { conversation_id });
        }
        conversation.is_some()
    });
    view! {
        <Show
            when=move || selected.get().is_some()
            fallback=move || view! {
                <div class="empty-state illustrated">
                    <span class="empty-icon" aria-hidden="true">
                        <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
                            <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />
                        </svg>
                    </span>
                    <p>{t!(i18n, workbench.chat_empty)}</p>
                </div>
            }
        >
            <ol class="chat-messages" aria-label=move || t_string!(i18n, workbench.chat) aria-live="polite">
                <For
                    each=lines
                    key=|line| (line.client_id, line.seq, line.delivery.clone())
                    children=move |line| {
                        let mine = line.author == AuthorKind::Agent;
                        view! { <Bubble line mine on_retry=retry /> }
                    }
                />
                <Show when=seen>
                    <li class="seen-note" role="status">{t!(i18n, workbench.seen_by_visitor)}</li>
                </Show>
            </ol>
            <Show when=move || chat.typing_in.get().is_some() && chat.typing_in.get() == selected.get()>
                <p class="typing-note" role="status">{t!(i18n, workbench.visitor_typing)}</p>
            </Show>
            <Composer
                id="reply"
                class="chat-composer"
                rows=2
                label=Signal::derive(move || t_string!(i18n, workbench.reply).to_string())
                placeholder=Signal::derive(move || t_string!(i18n, workbench.reply_placeholder).to_string())
                on_send=send
                on_typing=typing
            />
        </Show>
    }
}
