//! `/console/settings`: the chat settings and the teams.
use super::chat_settings_form::ChatSettingsCard;
use super::frame::ConsoleFrame;
use super::teams_editor::{NewTeamForm, TeamsEditor};
use super::upload_settings_form::UploadLimitCard;
use super::visitor_forms_form::VisitorFormsCard;
use crate::i18n::*;
use crate::server_fns::settings::get_settings;
use crate::server_fns::visitor_forms::get_visitor_forms;
use crate::ui::common::field_error::error_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The Settings page, behind an admin sign-in.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <ConsoleFrame
            render=Callback::new(|_user| view! { <Settings /> }.into_any())
        />
    }
}

#[component]
fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    // Read once: the chat settings form keeps what the admin typed while teams change.
    let chat = Resource::new(|| (), |_| get_settings());
    let forms = Resource::new(|| (), |_| get_visitor_forms());
    // Bumped by every team change, so the teams are read again.
    let changes = RwSignal::new(0_u32);
    let teams = Resource::new(move || changes.get(), |_| get_settings());
    let changed = Callback::new(move |()| changes.update(|n| *n += 1));
    let loading = move || view! { <p class="muted">{t!(i18n, common.loading)}</p> };
    view! {
        <Title text=move || format!("{} · {} · Parley", t_string!(i18n, console.nav_settings), t_string!(i18n, console.title)) />
        <h1>{t!(i18n, console.nav_settings)}</h1>
        <div class="card-grid">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match chat.await {
                        Ok(overview) => view! { <ChatSettingsCard settings=overview.chat /> }.into_any(),
                        Err(error) => view! {
                            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match forms.await {
                        Ok(forms) => view! { <VisitorFormsCard forms /> }.into_any(),
                        Err(error) => view! {
                            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <UploadLimitCard />
            // Outside the refreshed part: it stays as it is while the teams reload.
            <NewTeamForm changed />
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match teams.await {
                        Ok(overview) => view! {
                            <TeamsEditor teams=overview.teams agents=overview.agents changed />
                        }.into_any(),
                        Err(error) => view! {
                            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
