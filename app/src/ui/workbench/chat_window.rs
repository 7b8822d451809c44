//! The chat window: header with state and actions, messages and placement notes in order,
//! and the reply composer (locked, with a hint, while the agent may not reply).
use super::actions::{ReplyLock, reply_lock, teams_of};
use super::chat_header::ChatHeader;
use super::system_note::SystemNote;
use super::timeline::{Entry, timeline};
use crate::i18n::*;
use crate::models::{ConversationId, CurrentUser};
use crate::realtime::protocol::{AuthorKind, ClientFrame, Content};
use crate::routing::conversation_access::Viewer;
use crate::ui::common::chat_parts::{Bubble, Composer};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// The selected conversation, or a hint to pick one.
#[component]
pub fn ChatWindow(
    chat: LiveChat,
    selected: RwSignal<Option<ConversationId>>,
    user: CurrentUser,
) -> impl IntoView {
    let i18n = use_i18n();
    // Drawn afresh for each conversation: its draft, form and scroll belong to it.
    let conversation = Memo::new(move |_| selected.get());
    view! {
        {move || match conversation.get() {
            Some(id) => view! { <Conversation chat id user=user.clone() /> }.into_any(),
            None => view! {
                <div class="empty-state illustrated">
                    <span class="empty-icon" aria-hidden="true">
                        <svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
                            <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />
                        </svg>
                    </span>
                    <p>{t!(i18n, workbench.chat_empty)}</p>
                </div>
            }
            .into_any(),
        }}
    }
}

#[component]
fn Conversation(chat: LiveChat, id: ConversationId, user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let (me, role) = (user.id, user.role);
    let entries = move || chat.log.with(|log| timeline(log, id));
    // The open conversation is read: tell the visitor, and show "Seen by visitor" under the
    // agent's newest message once the visitor has read it.
    Effect::new(move |_| chat.mark_seen(id, AuthorKind::Agent));
    let seen = move || chat.log.with(|log| log.seen_note(id, AuthorKind::Agent));
    let lock = Memo::new(move |_| {
        let teams = chat.feeds.agents.with(|agents| teams_of(agents, me));
        let viewer = Viewer {
            id: me,
            role,
            teams: &teams,
        };
        chat.log.with(|log| reply_lock(viewer, &log.placement(id)))
    });
    let hint = move || {
        lock.get().map(|lock| match lock {
            ReplyLock::PickFirst => t_string!(i18n, workbench.hint_pick),
            ReplyLock::JoinFirst => t_string!(i18n, workbench.hint_join),
            ReplyLock::Closed => t_string!(i18n, workbench.hint_closed),
            ReplyLock::NotYours => t_string!(i18n, workbench.hint_not_yours),
        })
    };
    let retry = Callback::new(move |client_id| chat.retry(client_id));
    let send = Callback::new(move |body: String| {
        if lock.get_untracked().is_none() {
            chat.send(AuthorKind::Agent, Some(id), &body, Content::Text);
        }
    });
    let send_file = Callback::new(move |file| {
        if lock.get_untracked().is_none() {
            chat.send(AuthorKind::Agent, Some(id), "", Content::Attachment(file));
        }
    });
    let typing = Callback::new(move |()| {
        chat.frame(ClientFrame::Typing {
            conversation_id: id,
        });
        true
    });
    view! {
        <ChatHeader chat user conversation=id />
        <ol class="chat-messages" aria-label=move || t_string!(i18n, workbench.chat) aria-live="polite">
            <For
                each=entries
                key=Entry::key
                children=move |entry| match entry {
                    Entry::Message(line) => {
                        let mine = line.author == AuthorKind::Agent;
                        view! { <Bubble line mine on_retry=retry /> }.into_any()
                    }
                    Entry::Note(change) => view! { <SystemNote change /> }.into_any(),
                }
            />
            <Show when=seen>
                <li class="seen-note" role="status">{t!(i18n, workbench.seen_by_visitor)}</li>
            </Show>
        </ol>
        <Show when=move || chat.typing_in.get() == Some(id)>
            <p class="typing-note" role="status">{t!(i18n, workbench.visitor_typing)}</p>
        </Show>
        {move || hint().map(|hint| view! { <p class="reply-hint" id="reply-hint">{hint}</p> })}
        // A disabled fieldset disables the text box and the button inside the shared composer.
        <fieldset class="reply-fieldset" disabled=move || lock.get().is_some()>
            <Composer
                id="reply"
                class="chat-composer"
                rows=2
                label=Signal::derive(move || t_string!(i18n, workbench.reply).to_string())
                placeholder=Signal::derive(move || t_string!(i18n, workbench.reply_placeholder).to_string())
                on_send=send
                on_typing=typing
                attach=(Some(id), send_file)
            />
        </fieldset>
    }
}
