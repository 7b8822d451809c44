//! `/console/sessions`: every conversation, filtered by agent, team, state, the days it
//! started, session tag and rating, with its rating and full transcript.
use super::frame::ConsoleFrame;
use super::more_pages::{Pages, ShowMore};
use crate::errors::AppError;
use crate::i18n::*;
use crate::models::ConversationId;
use crate::models::catalogues::Catalogues;
use crate::models::history::{SessionRow, SessionsPage, Speaker, TranscriptLine};
use crate::models::settings::SettingsOverview;
use crate::server_fns::catalogues::get_catalogues;
use crate::server_fns::history::{get_sessions, get_transcript};
use crate::server_fns::settings::get_settings;
use crate::ui::common::field_error::error_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The Sessions page, behind an admin sign-in.
#[component]
pub fn SessionsPage() -> impl IntoView {
    view! { <ConsoleFrame render=Callback::new(|_user| view! { <Sessions /> }.into_any()) /> }
}

/// What the filter form holds (all text, as the server function takes it).
#[derive(Debug, Clone, Default, PartialEq)]
struct FilterForm {
    agent: String,
    team: String,
    state: String,
    from: String,
    to: String,
    tag: String,
    rating: String,
}

/// A conversation's rating as the page shows it: "4 of 5 stars: “comment”", or "Not rated".
fn rating_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    stars: Option<u8>,
    comment: Option<&str>,
) -> String {
    match (stars, comment) {
        (Some(stars), Some(comment)) => {
            format!(
                "{}: “{comment}”",
                t_string!(i18n, panel.stars, stars = stars)
            )
        }
        (Some(stars), None) => t_string!(i18n, panel.stars, stars = stars).to_string(),
        (None, _) => t_string!(i18n, panel.not_rated).to_string(),
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new(FilterForm::default());
    let selected = RwSignal::new(None::<(ConversationId, String)>);
    let choices = Resource::new(|| (), |_| get_settings());
    let tags = Resource::new(|| (), |_| get_catalogues());
    let rows = Resource::new(move || filter.get(), |form| fetch(form, String::new()));
    let set = move |apply: fn(&mut FilterForm, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            filter.update(|form| apply(form, value));
        }
    };
    view! {
        <Title text=move || format!("{} · {} · Parley", t_string!(i18n, console.sessions_title), t_string!(i18n, console.title)) />
        <h1>{t!(i18n, console.sessions_title)}</h1>
        <div class="card-grid">
            <section class="card wide" aria-labelledby="sessions-filters-title">
                <h2 id="sessions-filters-title">{t!(i18n, console.sessions_filters)}</h2>
                <div class="filter-row">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let choices = choices.await.ok();
                            view! { <ChoiceFilters choices set_agent=set(|form, value| form.agent = value) set_team=set(|form, value| form.team = value) /> }
                        })}
                    </Transition>
                    <div class="field">
                        <label for="sessions-state">{t!(i18n, console.sessions_state)}</label>
                        <select id="sessions-state" on:change=set(|form, value| form.state = value)>
                            <option value="">{t!(i18n, console.sessions_any)}</option>
                            <option value="open">{t!(i18n, console.conversation_open)}</option>
                            <option value="closed">{t!(i18n, console.conversation_closed)}</option>
                        </select>
                    </div>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let tags = tags.await.ok();
                            view! { <TagFilter tags set_tag=set(|form, value| form.tag = value) /> }
                        })}
                    </Transition>
                    <div class="field">
                        <label for="sessions-rating">{t!(i18n, panel.sessions_rating)}</label>
                        <select id="sessions-rating" on:change=set(|form, value| form.rating = value)>
                            <option value="">{t!(i18n, console.sessions_any)}</option>
                            <option value="rated">{t!(i18n, panel.rated)}</option>
                            <option value="unrated">{t!(i18n, panel.not_rated)}</option>
                            {(1..=5_u8).rev().map(|stars| view! {
                                <option value=stars.to_string()>{t_string!(i18n, panel.stars, stars = stars).to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="sessions-from">{t!(i18n, console.sessions_from)}</label>
                        <input id="sessions-from" type="date" on:change=set(|form, value| form.from = value) />
                    </div>
                    <div class="field">
                        <label for="sessions-to">{t!(i18n, console.sessions_to)}</label>
                        <input id="sessions-to" type="date" on:change=set(|form, value| form.to = value) />
                    </div>
                </div>
            </section>
            <section class="card wide" aria-labelledby="sessions-list-title">
                <h2 id="sessions-list-title">{t!(i18n, console.sessions_list)}</h2>
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match rows.await {
                            Ok(page) => {
                                let pages = Pages::new(page.rows, page.next);
                                let form = filter.get_untracked();
                                let on_more = Callback::new(move |()| {
                                    let form = form.clone();
                                    pages.load_more(async move |after| {
                                        fetch(form, after).await.map(|page| (page.rows, page.next))
                                    });
                                });
                                view! {
                                    <SessionsTable pages selected />
                                    <ShowMore pages on_more />
                                }.into_any()
                            }
                            Err(error) => view! {
                                <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            {move || selected.get().map(|(conversation, rating)| view! { <Transcript conversation rating /> })}
        </div>
    }
}

#[component]
fn ChoiceFilters(
    choices: Option<SettingsOverview>,
    set_agent: impl Fn(leptos::ev::Event) + 'static,
    set_team: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let (agents, teams) = choices.map_or((Vec::new(), Vec::new()), |choices| {
        (choices.agents, choices.teams)
    });
    view! {
        <div class="field">
            <label for="sessions-agent">{t!(i18n, console.sessions_agent)}</label>
            <select id="sessions-agent" on:change=set_agent>
                <option value="">{t!(i18n, console.sessions_any)}</option>
                {agents.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="sessions-team">{t!(i18n, console.sessions_team)}</label>
            <select id="sessions-team" on:change=set_team>
                <option value="">{t!(i18n, console.sessions_any)}</option>
                {teams.into_iter().map(|team| view! { <option value=team.id.to_string()>{team.name}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn TagFilter(
    tags: Option<Catalogues>,
    set_tag: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let tags = tags
        .map(|catalogues| catalogues.session_tags)
        .unwrap_or_default();
    view! {
        <div class="field">
            <label for="sessions-tag">{t!(i18n, panel.sessions_tag)}</label>
            <select id="sessions-tag" on:change=set_tag>
                <option value="">{t!(i18n, console.sessions_any)}</option>
                {tags.into_iter().map(|tag| view! { <option value=tag.id.to_string()>{tag.name}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// One page of sessions with the form's filters, after `after` (empty: the first).
async fn fetch(form: FilterForm, after: String) -> Result<SessionsPage, AppError> {
    get_sessions(
        form.agent,
        form.team,
        form.state,
        form.from,
        form.to,
        form.tag,
        form.rating,
        after,
    )
    .await
}

#[component]
fn SessionsTable(
    pages: Pages<SessionRow>,
    selected: RwSignal<Option<(ConversationId, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = move || pages.rows.with(Vec::is_empty);
    let anonymous = t_string!(i18n, console.anonymous).to_string();
    let body = move || {
        pages.rows.get()
        .into_iter()
        .map(|row| {
            let visitor = row.visitor.unwrap_or_else(|| anonymous.clone());
            let label = t_string!(i18n, console.sessions_open_transcript, name = visitor.clone()).to_string();
            let state = if row.open {
                t_string!(i18n, console.conversation_open)
            } else {
                t_string!(i18n, console.conversation_closed)
            };
            let id = row.id;
            let rating = rating_text(i18n, row.rating_stars, row.rating_comment.as_deref());
            let shown = rating.clone();
            view! {
                <tr>
                    <th scope="row">
                        <button type="button" class="link-button" aria-label=label on:click=move |_| selected.set(Some((id, rating.clone())))>
                            {visitor}
                        </button>
                    </th>
                    <td>{row.agent.unwrap_or_default()}</td>
                    <td>{row.team.unwrap_or_default()}</td>
                    <td>{state}</td>
                    <td>{row.started_at.utc_date()}</td>
                    <td>{row.messages}</td>
                    <td>{shown}</td>
                </tr>
            }
        })
        .collect_view()
    };
    view! {
        <Show when=empty>
            <p class="muted">{t!(i18n, console.sessions_empty)}</p>
        </Show>
        <div class="table-scroll">
            <table class="data-table" aria-labelledby="sessions-list-title">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, console.sessions_visitor)}</th>
                        <th scope="col">{t!(i18n, console.sessions_agent)}</th>
                        <th scope="col">{t!(i18n, console.sessions_team)}</th>
                        <th scope="col">{t!(i18n, console.sessions_state)}</th>
                        <th scope="col">{t!(i18n, console.sessions_started)}</th>
                        <th scope="col">{t!(i18n, console.sessions_messages)}</th>
                        <th scope="col">{t!(i18n, panel.sessions_rating)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

#[component]
fn Transcript(conversation: ConversationId, rating: String) -> impl IntoView {
    let i18n = use_i18n();
    let lines = Resource::new(move || conversation, get_transcript);
    view! {
        <section class="card wide" aria-labelledby="transcript-title">
            <h2 id="transcript-title">{t!(i18n, console.transcript_title)}</h2>
            <p><strong>{t!(i18n, panel.sessions_rating)}</strong> " · " {rating}</p>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match lines.await {
                        Ok(lines) => view! { <TranscriptLines lines /> }.into_any(),
                        Err(error) => view! {
                            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TranscriptLines(lines: Vec<TranscriptLine>) -> impl IntoView {
    let i18n = use_i18n();
    let visitor = t_string!(i18n, console.sessions_visitor).to_string();
    view! {
        <ol class="plain-list transcript" aria-labelledby="transcript-title">
            {lines.into_iter().map(|line| {
                let who = match line.speaker {
                    Speaker::Visitor => visitor.clone(),
                    Speaker::Agent | Speaker::System => line.name.unwrap_or_default(),
                };
                view! {
                    <li data-speaker=format!("{:?}", line.speaker)>
                        <strong>{who}</strong> " · " <span class="muted">{line.at.utc_date()}</span>
                        <p class="transcript-body">{line.body}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
