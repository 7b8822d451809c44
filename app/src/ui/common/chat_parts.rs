//! The message bubble and the composer, shared by the widget and the workbench.
use super::attach_control::AttachControl;
use super::language::use_locale;
use super::message_text::MessageText;
use crate::i18n::*;
use crate::models::ConversationId;
use crate::realtime::chat_log::{Delivery, Line};
use crate::realtime::protocol::{Attachment, AuthorKind, Content, ErrorCode, MAX_STARS};
use leptos::prelude::*;
use uuid::Uuid;

/// Typing notices are sent at most this often while someone types.
#[cfg(feature = "browser")]
const TYPING_EVERY_MS: f64 = 2_000.0;

/// One message: the author's name on agents' messages, the text, and its delivery state.
#[component]
pub fn Bubble(
    /// The message.
    line: Line,
    /// Written from this side of the conversation (right-aligned).
    mine: bool,
    /// Sends a failed message again; offered when the failure may pass (server trouble).
    #[prop(optional)]
    on_retry: Option<Callback<Uuid>>,
) -> impl IntoView {
    let locale = use_locale().get_untracked();
    let class = if mine {
        "bubble outgoing"
    } else {
        "bubble incoming"
    };
    let status = match &line.delivery {
        Delivery::Pending => Some(td_string!(locale, widget.sending)),
        Delivery::Failed(ErrorCode::BodyTooLong) => {
            Some(td_string!(locale, widget.not_sent_too_long))
        }
        Delivery::Failed(ErrorCode::EmptyBody) => Some(td_string!(locale, widget.not_sent_empty)),
        Delivery::Failed(ErrorCode::NotFound) => Some(td_string!(locale, widget.not_sent_refused)),
        Delivery::Failed(_) => Some(td_string!(locale, widget.not_sent)),
        Delivery::Sent => None,
    };
    let retry = match (&line.delivery, on_retry) {
        (Delivery::Failed(code), Some(on_retry)) if code.is_retryable() => {
            let client_id = line.client_id;
            Some(view! {
                <button type="button" class="link-button bubble-retry" on:click=move |_| on_retry.run(client_id)>
                    {td_string!(locale, widget.retry)}
                </button>
            })
        }
        _ => None,
    };
    let author = (line.author == AuthorKind::Agent)
        .then(|| line.author_name.clone())
        .flatten();
    // What the message carries besides text: a label above the text (notes, review prompts)
    // or stars beside it (ratings).
    let (kind, label) = match &line.content {
        Content::Note => ("note", Some(td_string!(locale, widget.note))),
        Content::ReviewInvite => (
            "review-invite",
            Some(td_string!(locale, widget.review_invite)),
        ),
        Content::Review { .. } => ("review", None),
        _ => ("", None),
    };
    let stars = match line.content {
        Content::Review { stars } => Some(stars),
        _ => None,
    };
    view! {
        <li class=format!("{class} {kind}") data-delivery=line.delivery.as_attribute()>
            {author.map(|name| view! { <span class="bubble-author">{name}</span> })}
            {label.map(|label| view! { <span class="bubble-label">{label}</span> })}
            {stars.map(|count| {
                let stars = u64::from(count);
                view! {
                    <span class="bubble-stars" role="img" aria-label=td_string!(locale, widget.review_stars, stars)>
                        {"★".repeat(usize::from(count))}{"☆".repeat(usize::from(MAX_STARS.saturating_sub(count)))}
                    </span>
                }
            })}
            <span class="bubble-text"><MessageText body=line.body.clone() /></span>
            {super::attachment_view::attachment_of(&line.content)}
            {status.map(|status| view! { <span class="bubble-status">{status}</span> })}
            {retry}
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
    /// The text being written (the surface's tools, such as the emoji picker, add to it).
    draft: RwSignal<String>,
    /// Called with the text when it is sent.
    on_send: Callback<String>,
    /// Called while the user types, at most every 2 s once it returns true (sent).
    on_typing: Callback<(), bool>,
    /// Sees each key press in the text box first; returns true when it handled it (a picker
    /// open over the composer takes Enter and the arrow keys).
    #[prop(optional)]
    on_key: Option<Callback<leptos::ev::KeyboardEvent, bool>>,
    /// Offers "Attach a file" (into this conversation, for agents) and sends what is
    /// uploaded through this callback.
    #[prop(optional)]
    attach: Option<(Option<ConversationId>, Callback<Attachment>)>,
) -> impl IntoView {
    let locale = use_locale();
    let last_typing = StoredValue::new(0.0_f64);
    let send = move || {
        on_send.run(draft.get_untracked());
        draft.set(String::new());
    };
    let on_input = move |event: leptos::ev::Event| {
        draft.set(event_target_value(&event));
        #[cfg(feature = "browser")]
        {
            let now = js_sys::Date::now();
            if now - last_typing.get_value() > TYPING_EVERY_MS && on_typing.run(()) {
                last_typing.set_value(now);
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = (last_typing, on_typing);
    };
    view! {
        <form class=format!("composer {class}") on:submit=move |event| {
            event.prevent_default();
            send();
        }>
            {attach.map(|(conversation, on_file)| view! { <AttachControl conversation on_file /> })}
            <label class="visually-hidden" for=id>{move || label.get()}</label>
            <textarea
                id=id
                rows=rows
                maxlength="5000"
                placeholder=move || placeholder.get()
                prop:value=move || draft.get()
                on:input=on_input
                on:keydown=move |event| {
                    if on_key.is_some_and(|on_key| on_key.run(event.clone())) {
                        event.prevent_default();
                    } else if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                        event.prevent_default();
                        send();
                    }
                }
            ></textarea>
            <button type="submit" class="button primary">{move || td_string!(locale.get(), widget.send)}</button>
        </form>
    }
}
