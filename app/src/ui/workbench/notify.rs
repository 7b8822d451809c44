//! New-conversation alerts in the browser: a chime, a desktop notification when the agent
//! has allowed them (asked only when they press "Enable desktop notifications", never on
//! load), and the button that asks.
use super::alerts::{Alert, alert_for};
use crate::i18n::*;
use crate::models::{ConversationId, Role, UserId};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// Alerts for live placement changes (`LiveChat` hands over only those after `replayed`).
/// Clicking a notification brings the tab forward with the conversation open.
pub fn watch_alerts(
    chat: LiveChat,
    me: UserId,
    role: Role,
    selected: RwSignal<Option<ConversationId>>,
) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        chat.feeds.fresh_changes.track();
        let fresh = chat
            .feeds
            .fresh_changes
            .try_update_untracked(std::mem::take)
            .unwrap_or_default();
        if fresh.is_empty() {
            return;
        }
        let (teams, status) = chat.feeds.agents.with_untracked(|agents| {
            agents
                .iter()
                .find(|agent| agent.id == me)
                .map(|agent| (agent.teams.clone(), Some(agent.status)))
                .unwrap_or_default()
        });
        let viewer = crate::routing::conversation_access::Viewer {
            id: me,
            role,
            teams: &teams,
        };
        let alerts: Vec<(ConversationId, Alert)> = fresh
            .iter()
            .filter_map(|change| {
                alert_for(change, viewer, status).map(|alert| (change.conversation_id, alert))
            })
            .collect();
        if alerts.is_empty() {
            return;
        }
        #[cfg(feature = "browser")]
        {
            crate::ui::common::chime::chime();
            let someone = t_string!(i18n, workbench.someone);
            for (conversation, alert) in alerts {
                let title = match alert {
                    Alert::AssignedToMe => t_string!(i18n, workbench.alert_assigned).to_string(),
                    Alert::TransferredToMe(name) => {
                        let name = name.unwrap_or_else(|| someone.to_owned());
                        t_string!(i18n, workbench.alert_transferred, name).to_string()
                    }
                    Alert::Offered => t_string!(i18n, workbench.alert_offered).to_string(),
                    Alert::Queued => t_string!(i18n, workbench.alert_queued).to_string(),
                };
                let body = chat.log.with_untracked(|log| {
                    log.lines()
                        .iter()
                        .rev()
                        .find(|line| line.conversation_id == Some(conversation))
                        .map(|line| line.body.chars().take(140).collect::<String>())
                        .unwrap_or_default()
                });
                browser::show(&title, &body, conversation, selected);
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = (alerts, selected, i18n);
    });
}

/// "Enable desktop notifications", while the browser has not been asked yet.
#[component]
pub fn NotificationButton() -> impl IntoView {
    let i18n = use_i18n();
    // Unknown while rendering on the server; read once the page runs in the browser.
    let permission = RwSignal::new(String::new());
    #[cfg(feature = "browser")]
    Effect::new(move |_| permission.set(browser::permission()));
    let ask = move |_| {
        #[cfg(feature = "browser")]
        leptos::task::spawn_local(async move {
            permission.set(browser::request_permission().await);
        });
    };
    view! {
        <Show when=move || permission.get() == "default">
            <button type="button" class="button ghost small notify-button" on:click=ask>
                {t!(i18n, workbench.enable_notifications)}
            </button>
        </Show>
        <Show when=move || permission.get() == "denied">
            <p class="muted notify-note">{t!(i18n, workbench.notifications_blocked)}</p>
        </Show>
    }
}

#[cfg(feature = "browser")]
mod browser {
    use crate::models::ConversationId;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Notification, NotificationOptions, NotificationPermission};

    /// Whether this browser has the Notification API at all (an insecure page may not).
    fn supported() -> bool {
        js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false)
    }

    /// "default", "granted", "denied", or "unsupported".
    pub fn permission() -> String {
        if !supported() {
            return "unsupported".to_owned();
        }
        match Notification::permission() {
            NotificationPermission::Granted => "granted",
            NotificationPermission::Denied => "denied",
            _ => "default",
        }
        .to_owned()
    }

    /// Asks the browser (the agent pressed the button); the permission afterwards.
    pub async fn request_permission() -> String {
        if let Ok(promise) = Notification::request_permission() {
            let _ = js_sys::futures::JsFuture::from(promise).await;
        }
        permission()
    }

    /// Shows a notification when allowed; one per conversation (a newer one replaces it).
    pub fn show(
        title: &str,
        body: &str,
        conversation: ConversationId,
        selected: RwSignal<Option<ConversationId>>,
    ) {
        if permission() != "granted" {
            return;
        }
        let options = NotificationOptions::new();
        options.set_body(body);
        options.set_tag(&conversation.to_string());
        let Ok(notification) = Notification::new_with_options(title, &options) else {
            return;
        };
        let on_click = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = window().focus();
            selected.set(Some(conversation));
        });
        notification.set_onclick(Some(on_click.unchecked_ref()));
    }
}
