//! The visitor's conversation: history, live replies, composer with delivery states.
use crate::i18n::*;
use crate::realtime::protocol::{AuthorKind, ClientFrame};
use crate::ui::common::chat_parts::{Bubble, Composer};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Storage key of the visitor token for a project (the iframe's own origin storage).
#[cfg(feature = "hydrate")]
fn token_key(project_key: &str) -> String {
    format!("parley.visitor.{project_key}")
}

/// Message list and composer of the widget.
#[component]
pub fn WidgetChat(project_key: String) -> impl IntoView {
    let i18n = use_i18n();
    let chat = LiveChat::new();

    #[cfg(feature = "hydrate")]
    Effect::new(move |started: Option<()>| {
        if started.is_some() {
            return;
        }
        let project_key = project_key.clone();
        leptos::task::spawn_local(async move {
            if let Some(token) = visitor_token(&project_key).await
                && let Some(url) =
                    crate::ui::common::live_chat::socket_url(&format!("/ws?visitor={token}"))
            {
                chat.connect(url);
            }
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = project_key;

    let send = Callback::new(move |body: String| {
        let conversation = chat.log.with_untracked(|log| log.latest_conversation());
        chat.send(AuthorKind::Visitor, conversation, &body);
    });
    // Before the first message there is no conversation to be typing in.
    let typing = Callback::new(move |()| {
        let conversation = chat.log.with_untracked(|log| log.latest_conversation());
        if let Some(conversation_id) = conversation {
            chat.frame(ClientFrame::Typing { conversation_id });
        }
        conversation.is_some()
    });
    view! {
        <ol class="widget-messages" aria-label=move || t_string!(i18n, widget.messages) aria-live="polite">
            <li class="bubble incoming">{t!(i18n, widget.greeting)}</li>
            <For
                each=move || chat.log.with(|log| log.lines().to_vec())
                key=|line| (line.client_id, line.seq, line.delivery.clone())
                children=move |line| {
                    let mine = line.author == AuthorKind::Visitor;
                    view! { <Bubble line mine /> }
                }
            />
            <Show when=move || chat.typing_in.get().is_some()>
                <li class="bubble incoming typing" role="status">{t!(i18n, widget.agent_typing)}</li>
            </Show>
        </ol>
        <Show when=move || !chat.live.get()>
            <p class="widget-status" role="status">{t!(i18n, widget.reconnecting)}</p>
        </Show>
        <Composer
            id="widget-message"
            class="widget-composer"
            rows=1
            label=Signal::derive(move || t_string!(i18n, widget.message).to_string())
            placeholder=Signal::derive(move || t_string!(i18n, widget.placeholder).to_string())
            on_send=send
            on_typing=typing
        />
    }
}

/// The stored visitor token, or a new one from the server (stored for next time).
#[cfg(feature = "hydrate")]
async fn visitor_token(project_key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok().flatten();
    let key = token_key(project_key);
    if let Some(token) = storage
        .as_ref()
        .and_then(|storage| storage.get_item(&key).ok().flatten())
    {
        return Some(token);
    }
    let token = crate::server_fns::surfaces::start_visitor(project_key.to_owned())
        .await
        .ok()?;
    if let Some(storage) = storage {
        let _ = storage.set_item(&key, &token);
    }
    Some(token)
}
