//! The teams: each one's routing mode and members, applied at once; and creating a team.
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::i18n::*;
use crate::models::UserId;
use crate::models::settings::{RoutingChoice, TeamSummary};
use crate::server_fns::settings::{CreateTeam, SetTeamMember, SetTeamRouting};
use crate::ui::common::field_error::{FormMessage, error_text};
use leptos::prelude::*;

/// Runs `changed` after a stored change, keeps the latest refusal in `error`.
fn watch<T>(
    outcome: Option<Result<T, AppError>>,
    error: RwSignal<Option<AppError>>,
    changed: Callback<()>,
) {
    match outcome {
        Some(Ok(_)) => {
            error.set(None);
            changed.run(());
        }
        Some(Err(refusal)) => error.set(Some(refusal)),
        None => {}
    }
}

/// Every team with its routing select and member checkboxes; `changed` runs after a change.
#[component]
pub fn TeamsEditor(
    teams: Vec<TeamSummary>,
    agents: Vec<(UserId, String)>,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let set_routing = ServerAction::<SetTeamRouting>::new();
    let set_member = ServerAction::<SetTeamMember>::new();
    let error = RwSignal::new(None);
    Effect::new(move |_| watch(set_routing.value().get(), error, changed));
    Effect::new(move |_| watch(set_member.value().get(), error, changed));
    let teams = teams
        .into_iter()
        .map(|team| view! { <TeamCard team agents=agents.clone() set_routing set_member /> })
        .collect_view();
    view! {
        <section class="card wide" aria-labelledby="teams-title">
            <h2 id="teams-title">{t!(i18n, console.teams_title)}</h2>
            <p class="muted">{t!(i18n, console.teams_help)}</p>
            <FormMessage error=error.into() />
            <div class="stack">{teams}</div>
        </section>
    }
}

#[component]
fn TeamCard(
    team: TeamSummary,
    agents: Vec<(UserId, String)>,
    set_routing: ServerAction<SetTeamRouting>,
    set_member: ServerAction<SetTeamMember>,
) -> impl IntoView {
    let i18n = use_i18n();
    let TeamSummary {
        id,
        name,
        routing,
        members,
        is_default,
    } = team;
    let title_id = format!("team-{id}-title");
    let labelled_by = title_id.clone();
    let routing_id = format!("team-{id}-routing");
    let routing_label = t_string!(i18n, console.routing_of, name = name.clone()).to_string();
    let members_label = t_string!(i18n, console.members_of, name = name.clone()).to_string();
    let on_routing = move |event: leptos::ev::Event| {
        let routing = RoutingChoice::from_form(&event_target_value(&event));
        set_routing.dispatch(SetTeamRouting { team: id, routing });
    };
    let empty = agents.is_empty();
    let checkboxes = agents
        .into_iter()
        .map(|(member, member_name)| {
            let label = t_string!(i18n, console.member_in, member = member_name.clone(), team = name.clone())
                .to_string();
            let on_change = move |event: leptos::ev::Event| {
                let member_of = event_target_checked(&event);
                set_member.dispatch(SetTeamMember { team: id, member, member_of });
            };
            view! {
                <li>
                    <label>
                        <input type="checkbox" aria-label=label checked=members.contains(&member) on:change=on_change />
                        " "
                        {member_name}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="stack" aria-labelledby=labelled_by>
            <h3 id=title_id>
                {name.clone()}
                {is_default.then(|| view! { <span class="muted">" · " {t!(i18n, console.team_default)}</span> })}
            </h3>
            <div class="field">
                <label for=routing_id.clone()>{t!(i18n, console.routing)}</label>
                <select id=routing_id aria-label=routing_label on:change=on_routing prop:value=routing.as_str()>
                    <option value="auto" selected=routing == RoutingChoice::Auto>{t!(i18n, console.routing_auto)}</option>
                    <option value="grab" selected=routing == RoutingChoice::Grab>{t!(i18n, console.routing_grab)}</option>
                </select>
            </div>
            <div role="group" aria-label=members_label>
                <p class="field-hint">{t!(i18n, console.team_members)}</p>
                <Show when=move || empty>
                    <p class="muted">{t!(i18n, console.no_agents)}</p>
                </Show>
                <ul class="plain-list">{checkboxes}</ul>
            </div>
        </section>
    }
}

/// The message under the new team's name: a taken name is a team's, not an email's.
fn name_error(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> Option<String> {
    match error {
        AppError::Invalid(FieldError {
            field,
            problem: FieldProblem::AlreadyTaken,
        }) if field == "name" => Some(t_string!(i18n, console.team_name_taken).to_string()),
        AppError::Invalid(FieldError { field, .. }) if field == "name" => {
            Some(error_text(i18n, error))
        }
        _ => None,
    }
}

/// Creating a team; `changed` runs after it was stored.
#[component]
pub fn NewTeamForm(changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTeam>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let message =
        move || error.with(|error| error.as_ref().and_then(|error| name_error(i18n, error)));
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
            changed.run(());
        }
    });
    view! {
        <section class="card" aria-labelledby="new-team-title">
            <h2 id="new-team-title">{t!(i18n, console.new_team_title)}</h2>
            <ActionForm action=create node_ref=form attr:class="stack">
                <div class="field">
                    <label for="new-team-name">{t!(i18n, console.team_name)}</label>
                    <input
                        id="new-team-name"
                        name="name"
                        type="text"
                        required
                        maxlength="80"
                        autocomplete="off"
                        aria-invalid=move || message().map(|_| "true")
                        aria-describedby="new-team-name-error"
                    />
                    <p class="field-error" id="new-team-name-error" role="alert" hidden=move || message().is_none()>
                        {message}
                    </p>
                </div>
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary">{t!(i18n, console.create_team)}</button>
                </div>
            </ActionForm>
        </section>
    }
}
