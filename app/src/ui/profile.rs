//! `/workbench/profile`: every member's display name, working language and password.
use super::common::field_error::{FieldMessage, FormMessage};
use crate::i18n::*;
use crate::locale::locale_for;
use crate::models::{CurrentUser, Language};
use crate::routing::permissions::Surface;
use crate::server_fns::profile::{ChangePassword, UpdateProfile};
use crate::ui::common::language::Localized;
use crate::ui::common::user_bar::{Avatar, SignedIn, UserBar};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The profile page, behind sign-in.
#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Localized>
            <SignedIn
                surface=Surface::Workbench
                render=Callback::new(|user| view! { <Profile user /> }.into_any())
            />
        </Localized>
    }
}

#[component]
fn Profile(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("{} · Parley", t_string!(i18n, profile.title)) />
        <div class="app-frame">
            <UserBar user=user.clone() surface=Surface::Workbench />
            <main class="console-main profile-page" id="main">
                <h1>{t!(i18n, profile.title)}</h1>
                <div class="card-grid">
                    <ProfileForm user=user.clone() />
                    <AvatarForm user />
                    <PasswordForm />
                </div>
            </main>
        </div>
    }
}

#[component]
fn ProfileForm(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProfile>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(_))));
    // The page switches to the chosen language as soon as it is stored.
    Effect::new(move |_| {
        if let Some(Ok(account)) = update.value().get() {
            i18n.set_locale(locale_for(account.language));
        }
    });
    let chosen = user.language;
    view! {
        <section class="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{t!(i18n, profile.title)}</h2>
            <ActionForm action=update attr:class="stack">
                <div class="field">
                    <label for="profile-name">{t!(i18n, profile.name)}</label>
                    <input
                        id="profile-name"
                        name="name"
                        type="text"
                        autocomplete="name"
                        value=user.display_name.clone()
                        aria-describedby="profile-name-error"
                    />
                    <FieldMessage field="name" id="profile-name-error" error />
                </div>
                <div class="field">
                    <label for="profile-email">{t!(i18n, profile.email)}</label>
                    <input id="profile-email" type="text" readonly value=user.email.clone() aria-describedby="profile-fixed" />
                    <p class="field-hint" id="profile-fixed">{t!(i18n, profile.fixed_note)}</p>
                </div>
                <div class="field">
                    <label for="profile-language">{t!(i18n, profile.language)}</label>
                    <select id="profile-language" name="language">
                        {Language::ALL.into_iter().map(|language| view! {
                            <option value=language.tag() selected=language == chosen>
                                {language.native_name()}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary">{t!(i18n, profile.save)}</button>
                    <Show when=saved>
                        <span class="muted" role="status">{t!(i18n, profile.saved)}</span>
                    </Show>
                </div>
            </ActionForm>
        </section>
    }
}

/// A plain form upload (no script needed); the server answers with a redirect back here
/// carrying the outcome (`?avatar=saved`, `too_large`, `unsupported`, …).
#[component]
fn AvatarForm(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = move || use_query_map().with(|query| query.get("avatar"));
    let message = move || {
        outcome().map(|code| match code.as_str() {
            "saved" => t_string!(i18n, profile.avatar_saved).to_string(),
            "too_large" => t_string!(i18n, profile.avatar_too_large).to_string(),
            "unsupported" => t_string!(i18n, profile.avatar_unsupported).to_string(),
            "empty" => t_string!(i18n, profile.avatar_empty).to_string(),
            _ => t_string!(i18n, profile.avatar_unreadable).to_string(),
        })
    };
    let failed = move || outcome().is_some_and(|code| code != "saved");
    view! {
        <section class="card" aria-labelledby="avatar-title">
            <h2 id="avatar-title">{t!(i18n, profile.avatar_title)}</h2>
            <Avatar user=user.clone() large=true />
            <form class="stack" method="post" action="/workbench/profile/avatar" enctype="multipart/form-data">
                <div class="field">
                    <label for="avatar-file">{t!(i18n, profile.avatar_file)}</label>
                    <input id="avatar-file" name="avatar" type="file" accept="image/png,image/jpeg,image/gif,image/webp" />
                </div>
                <Show when=move || message().is_some()>
                    <p class=move || if failed() { "form-error" } else { "muted" } role=move || if failed() { "alert" } else { "status" }>
                        {message}
                    </p>
                </Show>
                <button type="submit" class="button primary">{t!(i18n, profile.avatar_upload)}</button>
            </form>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, profile.password_title)}</h2>
            <p class="muted">{t!(i18n, profile.password_note)}</p>
            <ActionForm action=change attr:class="stack">
                <div class="field">
                    <label for="current-password">{t!(i18n, profile.current_password)}</label>
                    <input
                        id="current-password"
                        name="current_password"
                        type="password"
                        autocomplete="current-password"
                        aria-describedby="current-password-error"
                    />
                    <FieldMessage field="current_password" id="current-password-error" error />
                </div>
                <div class="field">
                    <label for="new-password">{t!(i18n, profile.new_password)}</label>
                    <input
                        id="new-password"
                        name="new_password"
                        type="password"
                        autocomplete="new-password"
                        aria-describedby="new-password-error"
                    />
                    <FieldMessage field="new_password" id="new-password-error" error />
                </div>
                <FormMessage error />
                <button type="submit" class="button primary">{t!(i18n, profile.change_password)}</button>
            </ActionForm>
        </section>
    }
}
