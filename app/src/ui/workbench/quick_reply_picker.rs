//! The quick-reply picker: typing `/` at the start of the reply opens a list of the
//! catalogue's quick replies matching what follows (by shortcut or title); arrow keys move,
//! Enter or a click puts the reply, variables filled in, in place of what was typed.
use crate::i18n::*;
use crate::models::catalogues::{QuickReply, ReplyVariables, fill_variables, search_quick_replies};
use leptos::prelude::*;

/// What follows the `/` when the draft is a quick-reply search (one line starting with `/`).
pub fn picker_query(draft: &str) -> Option<&str> {
    draft
        .strip_prefix('/')
        .filter(|query| !query.contains('\n'))
}

/// The highlighted entry after a key press: down and up wrap around `count` entries.
pub fn moved(highlighted: usize, count: usize, key: &str) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match key {
        "ArrowDown" => Some((highlighted + 1) % count),
        "ArrowUp" => Some((highlighted + count - 1) % count),
        _ => None,
    }
}

/// The picker's state: the catalogue, the entry highlighted and a draft the agent dismissed
/// it for (Escape), so it stays closed until they type on.
#[derive(Clone, Copy)]
pub struct QuickReplyPicker {
    draft: RwSignal<String>,
    replies: Signal<Vec<QuickReply>>,
    variables: Signal<ReplyVariables>,
    highlighted: RwSignal<usize>,
    dismissed_for: RwSignal<Option<String>>,
}

impl QuickReplyPicker {
    /// A picker over `replies` for the composer's `draft`.
    pub fn new(
        draft: RwSignal<String>,
        replies: Signal<Vec<QuickReply>>,
        variables: Signal<ReplyVariables>,
    ) -> Self {
        Self {
            draft,
            replies,
            variables,
            highlighted: RwSignal::new(0),
            dismissed_for: RwSignal::new(None),
        }
    }

    /// The matching replies while the picker is open (none: closed).
    fn matches(self) -> Option<Vec<QuickReply>> {
        let draft = self.draft.get();
        let query = picker_query(&draft)?;
        if self
            .dismissed_for
            .with(|dismissed| dismissed.as_deref() == Some(draft.as_str()))
        {
            return None;
        }
        Some(self.replies.with(|replies| {
            search_quick_replies(replies, query)
                .into_iter()
                .cloned()
                .collect()
        }))
    }

    fn insert(self, reply: &QuickReply) {
        let text = self
            .variables
            .with_untracked(|variables| fill_variables(&reply.body, variables));
        self.draft.set(text);
        self.highlighted.set(0);
    }

    /// Handles a key press in the composer; true when the picker used it.
    pub fn on_key(self, event: &leptos::ev::KeyboardEvent) -> bool {
        let Some(found) = self.matches() else {
            return false;
        };
        let key = event.key();
        if let Some(next) = moved(self.highlighted.get_untracked(), found.len(), &key) {
            self.highlighted.set(next);
            return true;
        }
        match key.as_str() {
            "Enter" if !event.shift_key() => {
                let chosen = found
                    .get(self.highlighted.get_untracked())
                    .or(found.first());
                match chosen {
                    Some(reply) => self.insert(reply),
                    None => self.dismissed_for.set(Some(self.draft.get_untracked())),
                }
                true
            }
            "Escape" => {
                self.dismissed_for.set(Some(self.draft.get_untracked()));
                true
            }
            _ => {
                self.highlighted.set(0);
                false
            }
        }
    }
}

/// The list shown above the composer while the picker is open.
#[component]
pub fn QuickReplyList(picker: QuickReplyPicker) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        picker.matches().map(|found| {
            let empty = found.is_empty();
            view! {
                <div class="quick-replies">
                    <ul role="listbox" aria-label=move || t_string!(i18n, workbench.quick_replies)>
                        {found
                            .into_iter()
                            .enumerate()
                            .map(|(index, reply)| {
                                let title = reply.title.clone();
                                let shortcut = reply.shortcut.clone().map(|shortcut| format!("/{shortcut}"));
                                view! {
                                    <li
                                        role="option"
                                        aria-selected=move || (picker.highlighted.get() == index).to_string()
                                        on:mousedown=|event| event.prevent_default()
                                        on:click=move |_| picker.insert(&reply)
                                    >
                                        <span class="quick-reply-title">{title}</span>
                                        {shortcut.map(|shortcut| view! { <span class="quick-reply-shortcut">{shortcut}</span> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    {empty.then(|| view! { <p class="quick-replies-empty">{t!(i18n, workbench.no_quick_replies)}</p> })}
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_one_line_draft_starting_with_a_slash_searches() {
        assert_eq!(picker_query("/ship"), Some("ship"));
        assert_eq!(picker_query("/"), Some(""));
        assert_eq!(picker_query("/thank you"), Some("thank you"));
        assert_eq!(picker_query("hello /ship"), None);
        assert_eq!(picker_query("/ship\nmore"), None);
        assert_eq!(picker_query(""), None);
    }

    #[test]
    fn arrows_wrap_around() {
        assert_eq!(moved(0, 3, "ArrowDown"), Some(1));
        assert_eq!(moved(2, 3, "ArrowDown"), Some(0));
        assert_eq!(moved(0, 3, "ArrowUp"), Some(2));
        assert_eq!(moved(0, 0, "ArrowDown"), None);
        assert_eq!(moved(1, 3, "Enter"), None);
    }
}
