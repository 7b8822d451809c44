//! The agent's status in the top bar: online (takes new conversations) or away (keeps the
//! current ones, takes no new ones). Shows what the roster says the agent chose.
use crate::i18n::*;
use crate::models::UserId;
use crate::routing::agent_status::ChosenStatus;
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

fn as_value(status: ChosenStatus) -> &'static str {
    match status {
        ChosenStatus::Online => "online",
        ChosenStatus::Away => "away",
    }
}

/// A menu labelled "Status" that sends `set_status`.
#[component]
pub fn StatusPicker(chat: LiveChat, me: UserId) -> impl IntoView {
    let i18n = use_i18n();
    // Online until the roster says otherwise (a fresh workbench tab is online).
    let chosen = move || {
        chat.feeds.agents.with(|agents| {
            agents
                .iter()
                .find(|agent| agent.id == me)
                .map_or(ChosenStatus::Online, |agent| agent.chosen)
        })
    };
    let on_change = move |event: leptos::ev::Event| {
        let status = match event_target_value(&event).as_str() {
            "away" => ChosenStatus::Away,
            _ => ChosenStatus::Online,
        };
        if status != chosen() {
            chat.set_status(status);
        }
    };
    view! {
        <div class="status-picker" data-status=move || as_value(chosen())>
            <span class="status-dot" aria-hidden="true"></span>
            <label class="visually-hidden" for="agent-status">{t!(i18n, workbench.status)}</label>
            <select id="agent-status" prop:value=move || as_value(chosen()) on:change=on_change>
                <option value="online">{t!(i18n, workbench.status_online)}</option>
                <option value="away">{t!(i18n, workbench.status_away)}</option>
            </select>
        </div>
    }
}
