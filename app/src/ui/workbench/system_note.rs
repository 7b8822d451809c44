//! A placement change among the messages: "Queued", "Assigned to Bo", "Ann transferred this
//! conversation to Bo: VIP customer". Names and comments are text, never HTML.
use super::timeline::{NoteText, note_text};
use crate::i18n::*;
use crate::realtime::placement::ConversationEvent;
use leptos::prelude::*;

/// One note line of the chat window.
#[component]
pub fn SystemNote(change: ConversationEvent) -> impl IntoView {
    let i18n = use_i18n();
    let internal = matches!(
        note_text(&change, ""),
        NoteText::Transferred {
            comment: Some(_),
            ..
        }
    );
    let kind = format!("{:?}", change.change).to_lowercase();
    let text = move || {
        let someone = t_string!(i18n, workbench.someone);
        match note_text(&change, someone) {
            NoteText::Queued => t_string!(i18n, workbench.note_queued).to_string(),
            NoteText::Offered => t_string!(i18n, workbench.note_offered).to_string(),
            NoteText::AssignedTo(name) => {
                t_string!(i18n, workbench.note_assigned, name).to_string()
            }
            NoteText::Picked(name) => t_string!(i18n, workbench.note_picked, name).to_string(),
            NoteText::Joined(name) => t_string!(i18n, workbench.note_joined, name).to_string(),
            NoteText::Transferred {
                by,
                to,
                comment: None,
            } => t_string!(i18n, workbench.note_transferred, by, to).to_string(),
            NoteText::Transferred {
                by,
                to,
                comment: Some(comment),
            } => t_string!(i18n, workbench.note_transferred_comment, by, to, comment).to_string(),
            NoteText::Left(name) => t_string!(i18n, workbench.note_left, name).to_string(),
            NoteText::Closed(None) => t_string!(i18n, workbench.note_closed).to_string(),
            NoteText::Closed(Some(name)) => {
                t_string!(i18n, workbench.note_closed_by, name).to_string()
            }
            NoteText::AutoClosed => t_string!(i18n, workbench.note_auto_closed).to_string(),
            NoteText::Reopened => t_string!(i18n, workbench.note_reopened).to_string(),
            NoteText::Processing(name) => {
                t_string!(i18n, workbench.note_processing, name).to_string()
            }
            NoteText::Resumed => t_string!(i18n, workbench.note_resumed).to_string(),
            NoteText::Pinned(name) => t_string!(i18n, workbench.note_pinned, name).to_string(),
            NoteText::Unpinned(name) => t_string!(i18n, workbench.note_unpinned, name).to_string(),
        }
    };
    view! {
        <li class="system-note" class:internal=internal data-change=kind>
            <span class="system-note-text">{text}</span>
            {internal.then(|| view! {
                <span class="note-internal">{t!(i18n, workbench.note_internal)}</span>
            })}
        </li>
    }
}
