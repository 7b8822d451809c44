//! The rating prompt: after an agent invites a review, the visitor picks 1 to 5 stars and may
//! add a comment. Hidden (not unmounted) while no review is due: one attribute costs the
//! bundle less than a `Show`.
use crate::i18n::*;
use crate::realtime::protocol::{AuthorKind, Content, MAX_STARS};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Stars and comment for the visitor's current conversation, while a review is due.
#[component]
pub fn ReviewForm(chat: LiveChat, locale: Locale) -> impl IntoView {
    let chosen = RwSignal::new(0_u8);
    let comment = RwSignal::new(String::new());
    let due = move || {
        chat.log
            .with(|log| log.latest_conversation().filter(|id| log.review_due(*id)))
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let stars = chosen.get_untracked();
        if let (Some(conversation), 1..=MAX_STARS) = (due(), stars) {
            chat.send(
                AuthorKind::Visitor,
                Some(conversation),
                &comment.get_untracked(),
                Content::Review { stars },
            );
        }
    };
    view! {
        <form class="review-form" hidden=move || due().is_none() on:submit=submit>
            <fieldset class="review-stars">
                <legend>{td_string!(locale, widget.review_rating)}</legend>
                {(1..=MAX_STARS)
                    .map(|count| {
                        let stars = u64::from(count);
                        view! {
                            <label class=move || {
                                if chosen.get() >= count { "review-star chosen" } else { "review-star" }
                            }>
                                <input
                                    type="radio"
                                    name="stars"
                                    aria-label=td_string!(locale, widget.review_stars, stars)
                                    on:change=move |_| chosen.set(count)
                                />
                                "★"
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label class="visually-hidden" for="review-comment">{td_string!(locale, widget.review_comment)}</label>
            <textarea
                id="review-comment"
                rows=2
                maxlength="5000"
                placeholder=td_string!(locale, widget.review_comment)
                prop:value=move || comment.get()
                on:input=move |event| comment.set(event_target_value(&event))
            ></textarea>
            <button type="submit" class="button primary" disabled=move || chosen.get() == 0>
                {td_string!(locale, widget.review_send)}
            </button>
        </form>
    }
}
