//! The visitor's conversation: history, live replies, composer with delivery states.
use crate::i18n::*;
use crate::realtime::chat_log::{Delivery, Line};
use crate::realtime::protocol::{AuthorKind, ClientFrame};
use crate::ui::common::live_chat::LiveChat;
use crate::ui::common::message_text::MessageText;
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
    let draft = RwSignal::new(String::new());
    let last_typing_sent = StoredValue::new(0.0_f64);

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

    let send = move || {
        let body = draft.get_untracked();
        let conversation = chat.log.with_untracked(|log| log.latest_conversation());
        chat.send(AuthorKind::Visitor, conversation, &body);
        draft.set(String::new());
    };
    let on_input = move |event: leptos::ev::Event| {
        draft.set(event_target_value(&event));
        #[cfg(feature = "hydrate")]
        {
            let now = js_sys::Date::now();
            let conversation = chat.log.with_untracked(|log| log.latest_conversation());
            if let Some(conversation_id) = conversation
                && now - last_typing_sent.get_value() > 2_000.0
            {
                last_typing_sent.set_value(now);
                chat.frame(ClientFrame::Typing { conversation_id });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (last_typing_sent, ClientFrame::Ping { nonce: 0 });
    };
    view! {
        <ol class="widget-messages" aria-label=move || t_string!(i18n, widget.messages) aria-live="polite">
            <li class="bubble incoming">{t!(i18n, widget.greeting)}</li>
            <For
                each=move || chat.log.with(|log| log.lines().to_vec())
                key=|line| (line.client_id, line.seq, line.delivery.clone())
                children=move |line| view! { <Bubble line /> }
            />
            <Show when=move || chat.typing_in.get().is_some()>
                <li class="bubble incoming typing" role="status">{t!(i18n, widget.agent_typing)}</li>
            </Show>
        </ol>
        <Show when=move || !chat.live.get()>
            <p class="widget-status" role="status">{t!(i18n, widget.reconnecting)}</p>
        </Show>
        <form class="widget-composer" on:submit=move |event| {
            event.prevent_default();
            send();
        }>
            <label class="visually-hidden" for="widget-message">{t!(i18n, widget.message)}</label>
            <textarea
                id="widget-message"
                rows="1"
                maxlength="5000"
                placeholder=move || t_string!(i18n, widget.placeholder)
                prop:value=move || draft.get()
                on:input=on_input
                on:keydown=move |event| {
                    if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                        event.prevent_default();
                        send();
                    }
                }
            ></textarea>
            <button type="submit" class="button primary">{t!(i18n, widget.send)}</button>
        </form>
    }
}

#[component]
fn Bubble(line: Line) -> impl IntoView {
    let i18n = use_i18n();
    let mine = line.author == AuthorKind::Visitor;
    let class = if mine {
        "bubble outgoing"
    } else {
        "bubble incoming"
    };
    let status = match &line.delivery {
        Delivery::Pending => Some(t_string!(i18n, widget.sending)),
        Delivery::Failed(_) => Some(t_string!(i18n, widget.not_sent)),
        Delivery::Sent => None,
    };
    view! {
        <li class=class data-delivery=format!("{:?}", line.delivery).to_lowercase()>
            {(!mine).then(|| view! { <span class="bubble-author">{line.author_name.clone()}</span> })}
            <span class="bubble-text"><MessageText body=line.body.clone() /></span>
            {status.map(|status| view! { <span class="bubble-status">{status}</span> })}
        </li>
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
