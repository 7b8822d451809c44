//! The visitor's conversation: history, live replies, composer with delivery states.
use super::forms::visitor_form;
use super::review_form::ReviewForm;
use crate::i18n::*;
use crate::models::visitor_forms::{WidgetForm, widget_form};
use crate::realtime::protocol::{AuthorKind, ClientFrame, Content};
use crate::ui::common::chat_parts::{Bubble, Composer};
use crate::ui::common::emoji_picker::EmojiPicker;
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Message list and composer of the widget, behind the pre-chat or offline form when the
/// project has them (`forms`: the server's one-byte code, see `WidgetConfig::forms`).
#[component]
pub fn WidgetChat(project_key: String, locale: Locale, forms: u8) -> impl IntoView {
    let chat = LiveChat::new();
    #[cfg(feature = "browser")]
    super::browser::start(chat, project_key.clone(), forms);
    // 1: the visitor gave their details; 2: they left an offline message.
    let sent = RwSignal::new(0_u8);
    // Which form the page has is decided once; whether it still shows follows the chat (a
    // returning visitor's history arrives, a form is sent). Drawn once and hidden, not
    // redrawn: what was typed stays, and the bundle needs no memo.
    let first = widget_form(forms, false, false);
    let in_form = move || {
        let started = sent.get() == 2 || chat.log.with(|log| log.latest_conversation().is_some());
        widget_form(forms, started, sent.get() == 1) != WidgetForm::Chat
    };
    let draft = RwSignal::new(String::new());
    let send = Callback::new(move |body: String| {
        let conversation = chat.log.with_untracked(|log| log.latest_conversation());
        chat.send(AuthorKind::Visitor, conversation, &body, Content::Text);
    });
    let send_file = Callback::new(move |file| {
        let conversation = chat.log.with_untracked(|log| log.latest_conversation());
        chat.send(
            AuthorKind::Visitor,
            conversation,
            "",
            Content::Attachment(file),
        );
    });
    let retry = Callback::new(move |client_id| chat.retry(client_id));
    // Before the first message there is no conversation to be typing in.
    let typing = Callback::new(move |()| {
        let conversation = chat.log.with_untracked(|log| log.latest_conversation());
        if let Some(conversation_id) = conversation {
            chat.frame(ClientFrame::Typing { conversation_id });
        }
        conversation.is_some()
    });
    // Blacklisted in the console: no composer, a polite line instead.
    let blocked = move || chat.log.with(|log| log.blocked());
    // "Seen" under the visitor's own newest message once an agent has read it.
    let seen = move || {
        chat.log.with(|log| {
            log.latest_conversation()
                .is_some_and(|id| log.seen_note(id, AuthorKind::Visitor))
        })
    };
    // "You are number 2 in line. Estimated wait: about 4 min." while the visitor waits for
    // an agent, else empty (and hidden by `:empty`). Built from types the bundle already
    // has (u64, String): every new one costs the widget's download.
    let queue_line = move || {
        let Some(place) = chat.log.with(|log| log.queue_place()) else {
            return String::new();
        };
        let position = u64::from(place.position);
        let line = td_string!(locale, widget.queue_position, position);
        match place.wait_minutes {
            Some(minutes) => {
                let minutes = u64::from(minutes.max(1));
                format!("{line} {}", td_string!(locale, widget.queue_wait, minutes))
            }
            None => line,
        }
    };
    view! {
        {(first != WidgetForm::Chat)
            .then(|| {
                visitor_form(first == WidgetForm::Offline, forms, locale, project_key, sent, in_form)
            })}
        // The chat, hidden behind a form (one wrapper: the bundle pays per reactive attribute).
        <div class="composer-slot" hidden=in_form>
        <ol class="widget-messages" aria-label=td_string!(locale, widget.messages) aria-live="polite">
            <li class="bubble incoming">{td_string!(locale, widget.greeting)}</li>
            // Redrawn whole on change (a visitor's history is short): keyed lists cost the
            // bundle more than they save here.
            {move || {
                chat.log.with(|log| {
                    log.lines()
                        .iter()
                        .cloned()
                        .map(|line| {
                            let mine = line.author == AuthorKind::Visitor;
                            view! { <Bubble line mine on_retry=retry /> }
                        })
                        .collect_view()
                })
            }}
            <Show when=seen>
                <li class="seen-note" role="status">{td_string!(locale, widget.seen)}</li>
            </Show>
            <Show when=move || chat.typing_in.get().is_some()>
                <li class="bubble incoming typing" role="status">{td_string!(locale, widget.agent_typing)}</li>
            </Show>
        </ol>
        <p class="widget-status widget-queue" role="status">{queue_line}</p>
        // One status line: blacklisted, or reconnecting (one reactive node: the widget's
        // bundle pays for every `Show`).
        <p class="widget-status" role="status">
            {move || {
                if blocked() {
                    td_string!(locale, widget.blocked)
                } else if sent.get() == 2 {
                    td_string!(locale, widget.offline_sent)
                } else if chat.live.get() {
                    ""
                } else {
                    td_string!(locale, widget.reconnecting)
                }
            }}
        </p>
        <ReviewForm chat locale />
        <div class="composer-row" hidden=blocked>
            <EmojiPicker draft />
            <Composer
                id="widget-message"
                class="widget-composer"
                rows=1
                label=Signal::stored(td_string!(locale, widget.message).to_string())
                placeholder=Signal::stored(td_string!(locale, widget.placeholder).to_string())
                draft
                on_send=send
                on_typing=typing
                attach=(None, send_file)
            />
        </div>
        </div>
    }
}
