//! The message bubble and the composer, shared by the widget and the workbench.
use super::message_text::MessageText;
use crate::i18n::*;
use crate::realtime::chat_log::{Delivery, Line};
use crate::realtime::protocol::AuthorKind;
use leptos::prelude::*;

/// Typing notices are sent at most this often while someone types.
#[cfg(feature = "hydrate")]
const TYPING_EVERY_MS: f64 = 2_000.0;

/// One message: the author's name on agents' messages, the text, and its delivery state.
#[component]
pub fn Bubble(
    /// The message.
    line: Line,
    /// Written from this side of the conversation (right-aligned).
    mine: bool,
) -> impl IntoView {
    let i18n = use_i18n();
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
    let author = (line.author == AuthorKind::Agent)
        .then(|| line.author_name.clone())
        .flatten();
    view! {
        <li class=class data-delivery=format!("{:?}", line.delivery).to_lowercase()>
            {author.map(|name| view! { <span class="bubble-author">{name}</span> })}
            <span class="bubble-text"><MessageText body=line.body.clone() /></span>
            {status.map(|status| view! { <span class="bubble-status">{status}</span> })}
        </li>
    }
}

/// A labelled text box with a send button: Enter sends, Shift+Enter adds a line, and typing
/// is reported (throttled) through `on_typing`, which says whether it could send.
#[component]
pub fn Composer(
    /// The text box's element id.
    id: &'static str,
    /// The surface's extra class (the shared look is `.composer`).
    class: &'static str,
    /// Visible rows.
    rows: u32,
    /// Accessible name of the text box.
    #[prop(into)]
    label: Signal<String>,
    /// Hint inside the empty text box.
    #[prop(into)]
    placeholder: Signal<String>,
    /// Called with the text when it is sent.
    on_send: Callback<String>,
    /// Called while the user types, at most every 2 s once it returns true (sent).
    on_typing: Callback<(), bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(String::new());
    let last_typing = StoredValue::new(0.0_f64);
    let send = move || {
        on_send.run(draft.get_untracked());
        draft.set(String::new());
    };
    let on_input = move |event: leptos::ev::Event| {
        draft.set(event_target_value(&event));
        #[cfg(feature = "hydrate")]
        {
            let now = js_sys::Date::now();
            if now - last_typing.get_value() > TYPING_EVERY_MS && on_typing.run(()) {
                last_typing.set_value(now);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (last_typing, on_typing);
    };
    view! {
        <form class=format!("composer {class}") on:submit=move |event| {
            event.prevent_default();
            send();
        }>
            <label class="visually-hidden" for=id>{move || label.get()}</label>
            <textarea
                id=id
                rows=rows
                maxlength="5000"
                placeholder=move || placeholder.get()
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
