//! The chat window: header with state and actions, messages and placement notes in order,
//! and the reply composer (locked, with a hint, while the agent may not reply).
use super::actions::{ReplyLock, reply_lock, teams_of};
use super::chat_header::ChatHeader;
use super::history::OpenHistory;
use super::quick_reply_picker::{QuickReplyList, QuickReplyPicker};
use super::rows::ContactMap;
use super::system_note::SystemNote;
use super::timeline::{Entry, timeline};
use crate::i18n::*;
use crate::models::catalogues::{Catalogues, QuickReply, ReplyVariables};
use crate::models::{ConversationId, CurrentUser};
use crate::realtime::protocol::{AuthorKind, ClientFrame, Content};
use crate::routing::conversation_access::Viewer;
use crate::ui::common::chat_parts::{Bubble, Composer};
use crate::ui::common::emoji_picker::EmojiPicker;
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// The selected conversation, or a hint to pick one.
#[component]
pub fn ChatWindow(
    chat: LiveChat,
    selected: RwSignal<Option<ConversationId>>,
    user: CurrentUser,
    /// The visitors' names, emails and phones (quick replies' variables).
    contacts: ReadSignal<ContactMap>,
    /// The project's catalogues (quick replies).
    catalogues: Signal<Catalogues>,
) -> impl IntoView {
    let i18n = use_i18n();
    let replies = Signal::derive(move || catalogues.with(|all| all.quick_replies.clone()));
    // Drawn afresh for each conversation: its draft, form and scroll belong to it.
    let conversation = Memo::new(move |_| selected.get());
    view! {
        {move || match conversation.get() {
            Some(id) => view! { <Conversation chat id user=user.clone() replies contacts /> }.into_any(),
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
fn Conversation(
    chat: LiveChat,
    id: ConversationId,
    user: CurrentUser,
    replies: Signal<Vec<QuickReply>>,
    contacts: ReadSignal<ContactMap>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (me, role) = (user.id, user.role);
    let agent_name = user.display_name.clone();
    let variables = Signal::derive(move || {
        let contact = contacts.with(|contacts| contacts.get(&id).cloned());
        ReplyVariables {
            visitor_name: contact.as_ref().and_then(|contact| contact.name.clone()),
            visitor_email: contact.as_ref().and_then(|contact| contact.email.clone()),
            visitor_phone: contact.and_then(|contact| contact.phone),
            agent_name: agent_name.clone(),
        }
    });
    let draft = RwSignal::new(String::new());
    let note = RwSignal::new(false);
    let picker = QuickReplyPicker::new(draft, replies, variables);
    let history = OpenHistory::open(chat, id);
    let entries = move || chat.log.with(|log| timeline(log, id));
    let scroll = ScrollKeeper::new();
    let shown = Memo::new(move |_| chat.log.with(|log| timeline(log, id).len()));
    Effect::new(move |_| {
        // Read, not only tracked: a memo recomputes (and notifies) only when read.
        shown.get();
        scroll.after_change();
    });
    // Asked while a page was on its way: asked again once it is in.
    let wants_older = StoredValue::new(false);
    let load_older = move || {
        if history.older.get_untracked().is_none() {
            return;
        }
        if history.loading.get_untracked() {
            wants_older.set_value(true);
            return;
        }
        wants_older.set_value(false);
        scroll.keep_place_for_older();
        history.load_older(chat);
    };
    Effect::new(move |_| {
        if !history.loading.get() && wants_older.get_value() {
            load_older();
        }
    });
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
    // A note may be left by anyone who sees the conversation; a reply needs it unlocked.
    let send = Callback::new(move |body: String| {
        if note.get_untracked() {
            chat.send(AuthorKind::Agent, Some(id), &body, Content::Note);
        } else if lock.get_untracked().is_none() {
            chat.send(AuthorKind::Agent, Some(id), &body, Content::Text);
        }
    });
    let invite_review = move |_| {
        if lock.get_untracked().is_none() {
            chat.send(AuthorKind::Agent, Some(id), "", Content::ReviewInvite);
        }
    };
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
        <ol
            class="chat-messages"
            node_ref=scroll.list
            aria-label=move || t_string!(i18n, workbench.chat)
            aria-live="polite"
            on:scroll=move |_| {
                if scroll.scrolled() {
                    load_older();
                }
            }
        >
            <Show when=move || history.older.with(Option::is_some)>
                <li class="load-more">
                    <button
                        type="button"
                        class="button small"
                        disabled=move || history.loading.get()
                        on:click=move |_| load_older()
                    >
                        {t!(i18n, workbench.load_older)}
                    </button>
                </li>
            </Show>
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
        <div class="composer-tools" class:note-mode=move || note.get()>
            <EmojiPicker draft />
            <label class="note-toggle">
                <input type="checkbox" prop:checked=move || note.get() on:change=move |event| note.set(event_target_checked(&event)) />
                {t!(i18n, workbench.note_mode)}
            </label>
            <button type="button" class="button small" disabled=move || lock.get().is_some() on:click=invite_review>
                {t!(i18n, workbench.invite_review)}
            </button>
        </div>
        <QuickReplyList picker />
        // A disabled fieldset disables the text box and the button inside the shared composer.
        <fieldset class="reply-fieldset" class:note-mode=move || note.get() disabled=move || lock.get().is_some() && !note.get()>
            <Composer
                id="reply"
                class="chat-composer"
                rows=2
                label=Signal::derive(move || {
                    if note.get() {
                        t_string!(i18n, workbench.note_label).to_string()
                    } else {
                        t_string!(i18n, workbench.reply).to_string()
                    }
                })
                placeholder=Signal::derive(move || t_string!(i18n, workbench.reply_placeholder).to_string())
                draft
                on_send=send
                on_typing=typing
                on_key=Callback::new(move |event: leptos::ev::KeyboardEvent| picker.on_key(&event))
                attach=(Some(id), send_file)
            />
        </fieldset>
    }
}

/// Keeps the message list where the agent expects it: on the newest message when the
/// conversation opens and while they read at the bottom, and on the same message when older
/// ones are put above it.
#[derive(Clone, Copy)]
struct ScrollKeeper {
    list: NodeRef<leptos::html::Ol>,
    /// The agent is at the bottom: new messages keep it there.
    at_bottom: StoredValue<bool>,
    /// Older messages are coming: keep this distance from the bottom.
    from_bottom: StoredValue<Option<i32>>,
}

impl ScrollKeeper {
    fn new() -> Self {
        Self {
            list: NodeRef::new(),
            at_bottom: StoredValue::new(true),
            from_bottom: StoredValue::new(None),
        }
    }

    /// Notes where the agent scrolled to; true when they are near the top (time for older
    /// messages).
    fn scrolled(self) -> bool {
        let Some(list) = self.list.get_untracked() else {
            return false;
        };
        let bottom = list.scroll_top() + list.client_height() >= list.scroll_height() - 40;
        self.at_bottom.set_value(bottom);
        list.scroll_top() < 80
    }

    /// Older messages were asked for: what is shown now must stay in place.
    fn keep_place_for_older(self) {
        if let Some(list) = self.list.get_untracked() {
            self.from_bottom
                .set_value(Some(list.scroll_height() - list.scroll_top()));
        }
    }

    /// The lines changed: scroll as promised, once they are drawn.
    fn after_change(self) {
        request_animation_frame(move || self.settle());
    }

    fn settle(self) {
        let Some(list) = self.list.try_get_untracked().flatten() else {
            return;
        };
        if let Some(distance) = self.from_bottom.try_get_value().flatten() {
            self.from_bottom.set_value(None);
            list.set_scroll_top(list.scroll_height() - distance);
        } else if self.at_bottom.try_get_value() == Some(true) {
            list.set_scroll_top(list.scroll_height());
        }
    }
}
