//! The chat window's header: where the conversation stands ("Queued", "Serving: Ann"...), the
//! actions the signed-in agent may take, and why the last one was refused.
use super::actions::{HeaderAction, StateLine, header_actions, state_line, teams_of};
use super::transfer_form::TransferForm;
use crate::i18n::*;
use crate::models::{ConversationId, CurrentUser};
use crate::realtime::protocol::ErrorCode;
use crate::routing::conversation_access::Viewer;
use crate::ui::common::agent_feeds::Outcome;
use crate::ui::common::confirm::confirmed;
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

fn action_name(i18n: leptos_i18n::I18nContext<Locale>, action: HeaderAction) -> &'static str {
    match action {
        HeaderAction::Pick => t_string!(i18n, workbench.action_pick),
        HeaderAction::Join => t_string!(i18n, workbench.action_join),
        HeaderAction::Transfer => t_string!(i18n, workbench.action_transfer),
        HeaderAction::Leave => t_string!(i18n, workbench.action_leave),
        HeaderAction::MarkProcessing => t_string!(i18n, workbench.action_processing),
        HeaderAction::Pin => t_string!(i18n, workbench.action_pin),
        HeaderAction::Unpin => t_string!(i18n, workbench.action_unpin),
        HeaderAction::Close => t_string!(i18n, workbench.action_close),
    }
}

fn refusal(i18n: leptos_i18n::I18nContext<Locale>, code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Taken => t_string!(i18n, workbench.error_taken),
        ErrorCode::AtLimit => t_string!(i18n, workbench.error_at_limit),
        ErrorCode::InvalidAction => t_string!(i18n, workbench.error_invalid),
        ErrorCode::Forbidden => t_string!(i18n, workbench.error_forbidden),
        ErrorCode::NotFound => t_string!(i18n, workbench.error_not_found),
        _ => t_string!(i18n, workbench.error_generic),
    }
}

/// State line, action buttons, transfer form and the refusal of the last request.
#[component]
pub fn ChatHeader(
    chat: LiveChat,
    user: CurrentUser,
    conversation: ConversationId,
) -> impl IntoView {
    let i18n = use_i18n();
    let (me, role) = (user.id, user.role);
    let placement = Memo::new(move |_| chat.log.with(|log| log.placement(conversation)));
    let actions = Memo::new(move |_| {
        let teams = chat.feeds.agents.with(|agents| teams_of(agents, me));
        let viewer = Viewer {
            id: me,
            role,
            teams: &teams,
        };
        placement.with(|placement| header_actions(viewer, placement))
    });
    let latest = move || {
        chat.feeds
            .requests
            .with(|requests| requests.latest_for(conversation))
            .map(|request| request.outcome)
    };
    let busy = move || !chat.live.get() || latest() == Some(Outcome::Pending);
    let transferring = RwSignal::new(false);
    // The form goes when the conversation moves on (transferred, closed by a colleague...).
    Effect::new(move |_| {
        if !actions.with(|actions| actions.contains(&HeaderAction::Transfer)) {
            transferring.set(false);
        }
    });
    let state = move || match placement.with(state_line) {
        StateLine::Queued => t_string!(i18n, workbench.state_queued).to_string(),
        StateLine::Serving(name) => {
            let name = name.unwrap_or_else(|| t_string!(i18n, workbench.someone).to_owned());
            t_string!(i18n, workbench.state_serving, name).to_string()
        }
        StateLine::OnHold => t_string!(i18n, workbench.state_on_hold).to_string(),
        StateLine::Closed => t_string!(i18n, workbench.state_closed).to_string(),
    };
    let run =
        move |action: HeaderAction| match placement.with_untracked(|seen| action.request(seen)) {
            Some(request) => {
                chat.act(conversation, request);
            }
            None => transferring.update(|open| *open = !*open),
        };
    view! {
        <div class="chat-header">
            <p class="chat-state" data-state=move || format!("{:?}", placement.with(state_line)).to_lowercase()>
                {state}
            </p>
            <div class="chat-actions" role="group" aria-label=move || t_string!(i18n, workbench.actions)>
                <For
                    each=move || actions.get()
                    key=|action| *action
                    children=move |action| {
                        let transfer = action == HeaderAction::Transfer;
                        view! {
                            <button
                                type="button"
                                class="button small"
                                class:danger=action == HeaderAction::Close
                                class:primary=matches!(action, HeaderAction::Pick | HeaderAction::Join)
                                aria-expanded=move || transfer.then(|| transferring.get().to_string())
                                disabled=busy
                                on:click=move |_| run(action)
                            >
                                {move || action_name(i18n, action)}
                            </button>
                        }
                    }
                />
            </div>
            {move || match latest() {
                Some(Outcome::Refused(code)) => Some(view! {
                    <p class="act-error" role="alert">
                        <span>{move || refusal(i18n, code)}</span>
                        <button
                            type="button"
                            class="link-button"
                            on:click=move |_| chat.feeds.requests.update(|requests| requests.dismiss(conversation))
                        >
                            {t!(i18n, workbench.dismiss)}
                        </button>
                    </p>
                }),
                _ => None,
            }}
            <Show when=move || transferring.get()>
                <TransferForm chat me conversation done=Callback::new(move |()| transferring.set(false)) />
            </Show>
            <BlockVisitor conversation />
        </div>
    }
}

/// "Block visitor", after a confirmation: blacklists the conversation's visitor (their widget
/// is disconnected and told politely), then says so.
#[component]
fn BlockVisitor(conversation: ConversationId) -> impl IntoView {
    let i18n = use_i18n();
    let blocked = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let block = move |_| {
        if !confirmed(t_string!(i18n, workbench.block_confirm)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let done = crate::server_fns::contacts::block_conversation_visitor(conversation).await;
            blocked.set(done.is_ok());
            failed.set(done.is_err());
        });
    };
    view! {
        <div class="block-visitor">
            <button type="button" class="button small danger" hidden=move || blocked.get() on:click=block>
                {t!(i18n, workbench.block_visitor)}
            </button>
            <p role="status" class="block-state">
                {move || {
                    if blocked.get() {
                        t_string!(i18n, workbench.visitor_blocked)
                    } else if failed.get() {
                        t_string!(i18n, workbench.error_generic)
                    } else {
                        ""
                    }
                }}
            </p>
        </div>
    }
}
