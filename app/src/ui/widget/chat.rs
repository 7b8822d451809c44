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
    #[cfg(feature = "hydrate")]
    notify_while_closed(chat);

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
            <Show when=move || {
                chat.log.with(|log| log.latest_conversation().is_some_and(|id| log.visitor_message_seen(id)))
            }>
                <li class="seen-note" role="status">{t!(i18n, widget.seen)}</li>
            </Show>
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

/// While the loader keeps the panel closed, counts replies for its bubble badge and chimes.
#[cfg(feature = "hydrate")]
fn notify_while_closed(chat: LiveChat) {
    let open = RwSignal::new(true);
    let unread = RwSignal::new(0_u32);
    let post_unread = move |count: u32| {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"parley:unread".into());
        let _ = js_sys::Reflect::set(&message, &"count".into(), &count.into());
        if let Some(parent) = web_sys::window().and_then(|window| window.parent().ok().flatten()) {
            // Only a count: no conversation data leaves the iframe.
            let _ = parent.post_message(&message, "*");
        }
    };
    let _listener = window_event_listener(leptos::ev::message, move |event| {
        match event.data().as_string().as_deref() {
            Some("parley:opened") => {
                open.set(true);
                unread.set(0);
                post_unread(0);
            }
            Some("parley:closed") => open.set(false),
            _ => {}
        }
    });
    Effect::new(move |previous: Option<u64>| {
        let arrivals = chat.arrivals.get();
        if previous.is_some_and(|previous| arrivals > previous) && !open.get_untracked() {
            let count = unread.get_untracked() + 1;
            unread.set(count);
            post_unread(count);
            chime();
        }
        arrivals
    });
}

/// A short two-note chime (Web Audio; the loader's iframe is allowed to autoplay).
#[cfg(feature = "hydrate")]
fn chime() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let start = context.current_time();
    for (index, frequency) in [880.0_f32, 1320.0].into_iter().enumerate() {
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        let at = start + index as f64 * 0.12;
        oscillator.frequency().set_value(frequency);
        gain.gain().set_value(0.0);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.15, at + 0.01);
        let _ = gain.gain().linear_ramp_to_value_at_time(0.0, at + 0.25);
        let _ = oscillator.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = oscillator.start_with_when(at);
        let _ = oscillator.stop_with_when(at + 0.3);
    }
}
