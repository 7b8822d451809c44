//! The visitor pane's panel: who the selected conversation's visitor is, what their browser
//! told, the conversation's facts, and the agent's edits ([`super::visitor_edit`]).
use super::visitor_edit::{DetailsForm, TagPicker};
use super::visitor_trace::local_time;
use crate::i18n::*;
use crate::models::ConversationId;
use crate::models::visitor_panel::{
    ConversationInfo, DeviceKind, VisitorDetails, VisitorPanel, local_clock,
};
use crate::ui::common::live_chat::LiveChat;
use leptos::prelude::*;

/// The panel of the selected conversation, read again when the selection changes, when the
/// conversation moves (a reply sets "first response", a rating arrives) and after an edit.
/// Fetched from an effect, never a resource: the signed-in page's `Suspense` must not wait
/// for it (on the server it would never resolve).
#[component]
pub fn VisitorPanelView(
    chat: LiveChat,
    selected: RwSignal<Option<ConversationId>>,
    now: ReadSignal<crate::models::Timestamp>,
) -> impl IntoView {
    let i18n = use_i18n();
    let panel = RwSignal::new(None::<VisitorPanel>);
    let edited = RwSignal::new(0_u32);
    let newest = Memo::new(move |_| {
        selected.get().and_then(|id| {
            chat.log.with(|log| {
                log.lines()
                    .iter()
                    .filter(|line| line.conversation_id == Some(id))
                    .filter_map(|line| line.seq)
                    .max()
            })
        })
    });
    #[cfg(feature = "browser")]
    Effect::new(move |previous: Option<Option<ConversationId>>| {
        let conversation = selected.get();
        newest.get(); // read, not only tracked: a memo notifies only once read
        edited.track();
        if previous.flatten() != conversation {
            panel.set(None);
        }
        if let Some(id) = conversation {
            leptos::task::spawn_local(async move {
                let asked = crate::server_fns::visitor_panel::get_visitor_panel(id).await;
                if let Ok(found) = asked
                    && selected.get_untracked() == Some(id)
                {
                    panel.set(Some(found));
                }
            });
        }
        conversation
    });
    #[cfg(not(feature = "browser"))]
    let _ = (newest, edited);
    let online = move |id: ConversationId| {
        chat.feeds
            .visitors_online
            .with(|online| online.contains(&id))
    };
    // The edit form is rebuilt only when another conversation loads: refreshes while the
    // agent types must not wipe what they typed.
    let loaded =
        Memo::new(move |_| panel.with(|data| data.as_ref().map(|data| data.conversation.id)));
    view! {
        <Show when=move || selected.get().is_some()>
            {move || match panel.get() {
                None => view! { <p class="muted visitor-section">{t!(i18n, panel.loading)}</p> }.into_any(),
                Some(data) => {
                    let id = data.conversation.id;
                    view! { <Visitor visitor=data.visitor online=Signal::derive(move || online(id)) now /> }.into_any()
                }
            }}
            {move || loaded.get().and_then(|id| {
                let visitor = panel.with_untracked(|data| data.as_ref().map(|data| data.visitor.clone()))?;
                Some(view! { <DetailsForm conversation=id visitor edited /> })
            })}
            {move || panel.get().map(|data| {
                let id = data.conversation.id;
                view! {
                    <section class="visitor-section">
                        <TagPicker conversation=id on="visitor" legend=t_string!(i18n, panel.visitor_tags).to_string() choices=data.visitor.tags.clone() edited />
                    </section>
                    <Conversation info=data.conversation edited />
                    <PastConversations visitor=data.visitor />
                }
            })}
        </Show>
    }
}

/// A label and its value, as one row of a description list.
#[component]
fn Fact(label: String, value: String) -> impl IntoView {
    view! {
        <div class="panel-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

#[component]
fn Visitor(
    visitor: VisitorDetails,
    online: Signal<bool>,
    now: ReadSignal<crate::models::Timestamp>,
) -> impl IntoView {
    let i18n = use_i18n();
    let unknown = t_string!(i18n, panel.unknown).to_string();
    let or_unknown = move |value: Option<String>| value.unwrap_or_else(|| unknown.clone());
    let device = visitor.device.map(|device| match device {
        DeviceKind::Desktop => t_string!(i18n, panel.device_desktop),
        DeviceKind::Mobile => t_string!(i18n, panel.device_mobile),
        DeviceKind::Tablet => t_string!(i18n, panel.device_tablet),
        DeviceKind::Bot => t_string!(i18n, panel.device_bot),
        DeviceKind::Other => t_string!(i18n, panel.device_other),
    });
    let offset = visitor.utc_offset_minutes;
    let zone = visitor.time_zone.clone().unwrap_or_default();
    let local = move || offset.map(|offset| format!("{} ({zone})", local_clock(now.get(), offset)));
    let last_seen = visitor.last_seen_at;
    let presence = move || {
        if online.get() {
            t_string!(i18n, panel.online_now).to_string()
        } else {
            t_string!(i18n, panel.last_active, when = local_time(last_seen)).to_string()
        }
    };
    let page = visitor.current_page.clone();
    view! {
        <section class="visitor-section" aria-labelledby="visitor-facts-title">
            <h3 id="visitor-facts-title">{t!(i18n, panel.details)}</h3>
            <dl class="panel-facts">
                <div class="panel-fact">
                    <dt>{t!(i18n, panel.presence)}</dt>
                    <dd role="status">{presence}</dd>
                </div>
                <Fact label=t_string!(i18n, panel.browser).to_string() value=or_unknown(visitor.browser) />
                <Fact label=t_string!(i18n, panel.os).to_string() value=or_unknown(visitor.os) />
                <Fact label=t_string!(i18n, panel.device).to_string() value=or_unknown(device.map(str::to_owned)) />
                <Fact label=t_string!(i18n, panel.ip).to_string() value=or_unknown(visitor.ip) />
                <Fact label=t_string!(i18n, panel.language).to_string() value=or_unknown(visitor.language) />
                <div class="panel-fact">
                    <dt>{t!(i18n, panel.local_time)}</dt>
                    <dd>{move || local().unwrap_or_else(|| t_string!(i18n, panel.unknown).to_string())}</dd>
                </div>
                <div class="panel-fact">
                    <dt>{t!(i18n, panel.current_page)}</dt>
                    <dd>
                        // Text, not a link: the trace below links every page already.
                        {match page {
                            Some(page) => view! {
                                {if page.title.is_empty() { page.url.clone() } else { page.title }}
                                <br />
                                <span class="muted trace-meta">{page.url}</span>
                            }.into_any(),
                            None => t_string!(i18n, panel.unknown).into_any(),
                        }}
                    </dd>
                </div>
                <Fact label=t_string!(i18n, panel.visitor_id).to_string() value=visitor.id.to_string() />
            </dl>
        </section>
    }
}

#[component]
fn Conversation(info: ConversationInfo, edited: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let first_response = info.first_response_at.map_or_else(
        || t_string!(i18n, panel.no_response).to_string(),
        local_time,
    );
    let agents = if info.agents.is_empty() {
        t_string!(i18n, panel.nobody).to_string()
    } else {
        info.agents.join(", ")
    };
    let rating = match info.rating {
        Some(rating) => {
            let stars = t_string!(i18n, panel.stars, stars = rating.stars).to_string();
            match rating.comment {
                Some(comment) => format!("{stars}: “{comment}”"),
                None => stars,
            }
        }
        None => t_string!(i18n, panel.not_rated).to_string(),
    };
    let title = if info.title.is_empty() {
        t_string!(i18n, panel.unknown).to_string()
    } else {
        info.title
    };
    view! {
        <section class="visitor-section" aria-labelledby="conversation-facts-title">
            <h3 id="conversation-facts-title">{t!(i18n, panel.conversation)}</h3>
            <dl class="panel-facts">
                <Fact label=t_string!(i18n, panel.title).to_string() value=title />
                <Fact label=t_string!(i18n, panel.started).to_string() value=local_time(info.started_at) />
                <Fact label=t_string!(i18n, panel.first_response).to_string() value=first_response />
                <Fact label=t_string!(i18n, panel.agents).to_string() value=agents />
                <Fact label=t_string!(i18n, panel.rating).to_string() value=rating />
                <Fact label=t_string!(i18n, panel.conversation_id).to_string() value=info.id.to_string() />
            </dl>
            <TagPicker conversation=info.id on="session" legend=t_string!(i18n, panel.session_tags).to_string() choices=info.tags edited />
        </section>
    }
}

#[component]
fn PastConversations(visitor: VisitorDetails) -> impl IntoView {
    let i18n = use_i18n();
    let past = visitor.past_conversations;
    view! {
        <section class="visitor-section" aria-labelledby="past-title">
            <h3 id="past-title">{t!(i18n, panel.past_conversations)}</h3>
            {if past.is_empty() {
                view! { <p class="muted">{t!(i18n, panel.no_past)}</p> }.into_any()
            } else {
                view! {
                    <ul class="trace-list">
                        {past.into_iter().map(|conversation| {
                            let state = if conversation.open {
                                t_string!(i18n, panel.open)
                            } else {
                                t_string!(i18n, panel.closed)
                            };
                            view! { <li class="trace-item">{local_time(conversation.created_at)} " · " {state}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
