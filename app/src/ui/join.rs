//! `/join/{token}`: an invited person chooses a name and password, then lands in the workbench.
use super::common::field_error::{FieldMessage, FormMessage, error_text};
use crate::i18n::*;
use crate::models::team::JoinPreview;
use crate::server_fns::team::{Join, get_join_preview};
use crate::ui::common::language::Localized;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The join page.
#[component]
pub fn JoinPage() -> impl IntoView {
    view! {
        <Localized>
            <JoinContent />
        </Localized>
    }
}

#[component]
fn JoinContent() -> impl IntoView {
    let i18n = use_i18n();
    let token = move || use_params_map().with(|params| params.get("token").unwrap_or_default());
    let preview = Resource::new_blocking(token, get_join_preview);
    view! {
        <main class="centered-page" id="main">
            <section class="card auth-card" aria-labelledby="join-title">
                <div class="brand brand-large">
                    <span class="brand-mark" aria-hidden="true">"P"</span>
                    <span class="brand-name">{t!(i18n, app_name)}</span>
                </div>
                <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match preview.await {
                            Ok(preview) => view! { <JoinForm preview token=token() /> }.into_any(),
                            Err(error) => view! {
                                <h1 id="join-title">{t!(i18n, join.unusable_title)}</h1>
                                <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </main>
    }
}

#[component]
fn JoinForm(preview: JoinPreview, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let join = ServerAction::<Join>::new();
    let error = Signal::derive(move || join.value().get().and_then(Result::err));
    let pending = join.pending();
    let JoinPreview {
        project_name: project,
        email,
    } = preview;
    let invalid = move |field: &'static str| {
        move || {
            error
                .get()
                .is_some_and(|error| error.field() == Some(field))
                .to_string()
        }
    };
    view! {
        <h1 id="join-title">{t!(i18n, join.title, project = project.clone())}</h1>
        <p class="muted">{t!(i18n, join.subtitle, email = email.clone())}</p>
        <ActionForm action=join attr:class="stack">
            <input type="hidden" name="token" value=token />
            <div class="field">
                <label for="join-name">{t!(i18n, join.name)}</label>
                <input
                    id="join-name"
                    name="name"
                    type="text"
                    autocomplete="name"
                    aria-describedby="join-name-error"
                    aria-invalid=invalid("name")
                />
                <FieldMessage field="name" id="join-name-error" error />
            </div>
            <div class="field">
                <label for="join-password">{t!(i18n, join.password)}</label>
                <input
                    id="join-password"
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    aria-describedby="join-password-hint join-password-error"
                    aria-invalid=invalid("password")
                />
                <p class="field-hint" id="join-password-hint">{t!(i18n, join.password_hint)}</p>
                <FieldMessage field="password" id="join-password-error" error />
            </div>
            <FormMessage error />
            <button type="submit" class="button primary block" disabled=move || pending.get()>
                {move || if pending.get() {
                    t_string!(i18n, join.submitting)
                } else {
                    t_string!(i18n, join.submit)
                }}
            </button>
        </ActionForm>
    }
}
