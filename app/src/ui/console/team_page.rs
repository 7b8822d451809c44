//! `/console/team`: seats, inviting people, the members, pending invitations and the outbox.
use super::credentials_form::CredentialsForm;
use super::frame::ConsoleFrame;
use super::invite_form::InviteForm;
use super::members_table::MembersTable;
use super::outbox_list::OutboxList;
use crate::i18n::*;
use crate::models::team::{PendingInvitation, Subscription, TeamOverview};
use crate::models::{CurrentUser, UserId};
use crate::server_fns::team::get_team;
use crate::ui::common::field_error::error_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The Team page, behind an admin sign-in.
#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <ConsoleFrame
            render=Callback::new(|user| view! { <Team user /> }.into_any())
        />
    }
}

#[component]
fn Team(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    // Bumped by every change on the page, so the lists are read again.
    let changes = RwSignal::new(0_u32);
    let team = Resource::new(move || changes.get(), |_| get_team());
    let changed = Callback::new(move |()| changes.update(|n| *n += 1));
    let me = user.id;
    view! {
        <Title text=move || format!("{} · {} · Parley", t_string!(i18n, console.team_title), t_string!(i18n, console.title)) />
        <h1>{t!(i18n, console.team_title)}</h1>
        <div class="card-grid">
            // Outside the refreshed part: its per-address results stay after the lists reload.
            <InviteForm changed />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match team.await {
                        Ok(team) => view! { <TeamSections team me changed /> }.into_any(),
                        Err(error) => view! {
                            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn TeamSections(team: TeamOverview, me: UserId, changed: Callback<()>) -> impl IntoView {
    let TeamOverview {
        members,
        pending,
        subscription,
        outbox,
        smtp,
    } = team;
    view! {
        <SeatsCard subscription />
        <MembersTable members=members.clone() me changed />
        <CredentialsForm members changed />
        <PendingList pending />
        {(!smtp).then(|| view! { <OutboxList mails=outbox /> })}
    }
}

#[component]
fn SeatsCard(subscription: Subscription) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "browser")]
    let now = crate::models::Timestamp(js_sys::Date::now() as i64);
    #[cfg(not(feature = "browser"))]
    let now = crate::models::Timestamp::now();
    let expired = subscription.expired(now);
    let Subscription {
        seats,
        used,
        valid_until,
    } = subscription;
    view! {
        <section class="card" aria-labelledby="seats-title">
            <h2 id="seats-title">{t!(i18n, console.seats_title)}</h2>
            <Show when=move || expired>
                <p class="banner warning" role="alert">{t!(i18n, console.expired_banner)}</p>
            </Show>
            <dl class="facts">
                <div>
                    <dt>{t!(i18n, console.seats_title)}</dt>
                    <dd>{t!(i18n, console.seats_used, used, seats)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, console.subscription)}</dt>
                    <dd>
                        {match valid_until {
                            Some(until) => {
                                let date = until.utc_date();
                                t_string!(i18n, console.valid_until, date).to_string()
                            }
                            None => t_string!(i18n, console.no_end).to_string(),
                        }}
                    </dd>
                </div>
            </dl>
        </section>
    }
}

#[component]
fn PendingList(pending: Vec<PendingInvitation>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = pending.is_empty();
    view! {
        <section class="card" aria-labelledby="pending-title">
            <h2 id="pending-title">{t!(i18n, console.pending_title)}</h2>
            <Show when=move || empty>
                <p class="muted">{t!(i18n, console.pending_empty)}</p>
            </Show>
            <ul class="plain-list" aria-labelledby="pending-title">
                {pending
                    .into_iter()
                    .map(|invitation| {
                        let date = invitation.expires_at.utc_date();
                        let expires = t_string!(i18n, console.expires_on, date).to_string();
                        view! {
                            <li>
                                <strong>{invitation.email}</strong>
                                " · "
                                <span class="muted">{expires}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
