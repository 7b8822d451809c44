//! The emoji picker of both composers: a button that opens a small grid; a pick is added to
//! the draft. A fixed set in one string (each emoji is its own button's accessible name):
//! the widget's bundle stays small, and the everyday set covers what support chats use.
use super::language::use_locale;
use crate::i18n::*;
use leptos::prelude::*;

const EMOJI: &str = "😀 😂 😊 😍 😉 🙂 🤔 😮 😢 😡 👍 👎 👏 🙏 👋 🎉 ❤️ 🔥 ✅ ❌ ⭐ 💡 📦 🚚";

/// A toggle button and, while open, the grid of emoji.
#[component]
pub fn EmojiPicker(
    /// The composer's draft the pick is added to.
    draft: RwSignal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let label = move || td_string!(locale.get(), widget.emoji);
    view! {
        <div class="emoji-picker">
            <button
                type="button"
                class="icon-button"
                aria-label=label
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|open| *open = !*open)
            >
                "🙂"
            </button>
            <div class="emoji-grid" role="group" aria-label=label hidden=move || !open.get()>
                {EMOJI
                    .split(' ')
                    .map(|emoji| {
                        view! {
                            <button
                                type="button"
                                on:click=move |_| {
                                    draft.update(|draft| draft.push_str(emoji));
                                    open.set(false);
                                }
                            >
                                {emoji}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
