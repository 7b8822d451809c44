//! The transfer form: another online agent and an internal comment only agents see.
use super::actions::transfer_targets;
use crate::i18n::*;
use crate::models::{ConversationId, UserId};
use crate::realtime::placement::{AgentAction, MAX_COMMENT_CHARS, parse_comment};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Sends `transfer` for `conversation`, then calls `done` (also on Cancel).
#[component]
pub fn TransferForm(
    chat: LiveChat,
    me: UserId,
    conversation: ConversationId,
    done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let targets = Memo::new(move |_| {
        chat.feeds
            .agents
            .with(|agents| transfer_targets(agents, me))
    });
    let to = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    // The chosen agent, or the first one offered while none was chosen.
    let chosen = move || {
        targets.with(|targets| {
            let wanted = to.get();
            targets
                .iter()
                .find(|agent| agent.id.to_string() == wanted)
                .or_else(|| targets.first())
                .map(|agent| agent.id)
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(to) = chosen() else { return };
        let comment = parse_comment(&comment.get_untracked()).unwrap_or_default();
        chat.act(conversation, AgentAction::Transfer { to, comment });
        done.run(());
    };
    view! {
        <form
            class="transfer-form"
            aria-labelledby="transfer-title"
            on:submit=submit
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    done.run(());
                }
            }
        >
            <h3 id="transfer-title">{t!(i18n, workbench.transfer_title)}</h3>
            <Show
                when=move || targets.with(|targets| !targets.is_empty())
                fallback=move || view! { <p class="muted" role="status">{t!(i18n, workbench.transfer_nobody)}</p> }
            >
                <label for="transfer-to">{t!(i18n, workbench.transfer_to)}</label>
                <select
                    id="transfer-to"
                    prop:value=move || chosen().map(|id| id.to_string()).unwrap_or_default()
                    on:change=move |event| to.set(event_target_value(&event))
                >
                    <For
                        each=move || targets.get()
                        key=|agent| (agent.id, agent.name.clone(), agent.open, agent.limit)
                        children=|agent| {
                            view! {
                                <option value=agent.id.to_string()>
                                    {format!("{} ({}/{})", agent.name, agent.open, agent.limit)}
                                </option>
                            }
                        }
                    />
                </select>
            </Show>
            <label for="transfer-comment">{t!(i18n, workbench.transfer_comment)}</label>
            <textarea
                id="transfer-comment"
                rows="2"
                maxlength=MAX_COMMENT_CHARS.to_string()
                aria-describedby="transfer-comment-hint"
                prop:value=move || comment.get()
                on:input=move |event| comment.set(event_target_value(&event))
            ></textarea>
            <p id="transfer-comment-hint" class="muted field-hint">{t!(i18n, workbench.transfer_comment_hint)}</p>
            <div class="form-actions">
                <button type="submit" class="button primary small" disabled=move || chosen().is_none()>
                    {t!(i18n, workbench.transfer_submit)}
                </button>
                <button type="button" class="button ghost small" on:click=move |_| done.run(())>
                    {t!(i18n, workbench.cancel)}
                </button>
            </div>
        </form>
    }
}
