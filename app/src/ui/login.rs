//! `/login`: email and password.
use super::common::field_error::{FieldMessage, FormMessage};
use crate::i18n::*;
use crate::server_fns::auth::Login;
use crate::ui::common::language::Localized;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Localized>
            <LoginForm />
        </Localized>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    let pending = login.pending();
    let next = move || use_query_map().with(|query| query.get("next").unwrap_or_default());
    let invalid = move |field: &'static str| {
        move || {
            error
                .get()
                .is_some_and(|error| error.field() == Some(field))
                .to_string()
        }
    };
    view! {
        <main class="centered-page" id="main">
            <section class="card auth-card" aria-labelledby="login-title">
                <div class="brand brand-large">
                    <span class="brand-mark" aria-hidden="true">"P"</span>
                    <span class="brand-name">{t!(i18n, app_name)}</span>
                </div>
                <h1 id="login-title">{t!(i18n, login.title)}</h1>
                <p class="muted">{t!(i18n, login.subtitle)}</p>
                <ActionForm action=login attr:class="stack">
                    <input type="hidden" name="next" prop:value=next />
                    <div class="field">
                        <label for="email">{t!(i18n, login.email)}</label>
                        <input
                            id="email"
                            name="email"
                            type="text"
                            inputmode="email"
                            autocomplete="username"
                            spellcheck="false"
                            aria-describedby="email-error"
                            aria-invalid=invalid("email")
                        />
                        <FieldMessage field="email" id="email-error" error />
                    </div>
                    <div class="field">
                        <label for="password">{t!(i18n, login.password)}</label>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            aria-describedby="password-error"
                            aria-invalid=invalid("password")
                        />
                        <FieldMessage field="password" id="password-error" error />
                    </div>
                    <FormMessage error />
                    <button type="submit" class="button primary block" disabled=move || pending.get()>
                        {move || if pending.get() {
                            t_string!(i18n, login.submitting)
                        } else {
                            t_string!(i18n, login.submit)
                        }}
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}
