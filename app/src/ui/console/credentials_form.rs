//! Sign-in details of the team's accounts (admins): a member's email, or a new password for
//! them (their sessions end). Plain forms: they work before the page's script has loaded.
use crate::i18n::*;
use crate::models::team::Member;
use crate::server_fns::team::{SetMemberEmail, SetMemberPassword};
use crate::ui::common::field_error::{FieldMessage, FormMessage};
use leptos::prelude::*;

/// The two forms; `changed` runs after an email was changed (the table shows it).
#[component]
pub fn CredentialsForm(members: Vec<Member>, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let set_email = ServerAction::<SetMemberEmail>::new();
    let set_password = ServerAction::<SetMemberPassword>::new();
    let email_error = Signal::derive(move || set_email.value().get().and_then(Result::err));
    let password_error = Signal::derive(move || set_password.value().get().and_then(Result::err));
    let email_done = move || matches!(set_email.value().get(), Some(Ok(())));
    let password_done = move || matches!(set_password.value().get(), Some(Ok(())));
    Effect::new(move |seen: Option<usize>| {
        let version = set_email.version().get();
        if seen.is_some_and(|seen| seen != version) && email_done() {
            changed.run(());
        }
        version
    });
    let active: Vec<Member> = members.into_iter().filter(|member| member.active).collect();
    let options = move || {
        active
            .iter()
            .map(|member| {
                view! { <option value=member.id.to_string()>{format!("{} <{}>", member.name, member.email)}</option> }
            })
            .collect_view()
    };
    let options_again = options.clone();
    view! {
        <section class="card wide" aria-labelledby="credentials-title">
            <h2 id="credentials-title">{t!(i18n, console.credentials_title)}</h2>
            <div class="two-forms">
                <ActionForm action=set_email attr:class="stack" attr:aria-label=move || t_string!(i18n, console.change_email)>
                    <div class="field">
                        <label for="email-member">{t!(i18n, console.credentials_member)}</label>
                        <select id="email-member" name="member">{options}</select>
                    </div>
                    <div class="field">
                        <label for="member-email">{t!(i18n, console.new_email)}</label>
                        <input id="member-email" name="email" type="email" autocomplete="off" aria-describedby="member-email-error" />
                        <FieldMessage field="email" id="member-email-error" error=email_error />
                    </div>
                    <FormMessage error=email_error />
                    <button type="submit" class="button">{t!(i18n, console.change_email)}</button>
                    <p role="status" class="form-done">{move || email_done().then(|| t_string!(i18n, console.email_changed))}</p>
                </ActionForm>
                <ActionForm action=set_password attr:class="stack" attr:aria-label=move || t_string!(i18n, console.set_password)>
                    <div class="field">
                        <label for="password-member">{t!(i18n, console.credentials_member)}</label>
                        <select id="password-member" name="member">{options_again}</select>
                    </div>
                    <div class="field">
                        <label for="member-password">{t!(i18n, console.new_password)}</label>
                        <input id="member-password" name="password" type="password" autocomplete="new-password" aria-describedby="member-password-hint member-password-error" />
                        <p class="field-hint" id="member-password-hint">{t!(i18n, console.set_password_hint)}</p>
                        <FieldMessage field="password" id="member-password-error" error=password_error />
                    </div>
                    <FormMessage error=password_error />
                    <button type="submit" class="button">{t!(i18n, console.set_password)}</button>
                    <p role="status" class="form-done">{move || password_done().then(|| t_string!(i18n, console.password_set))}</p>
                </ActionForm>
            </div>
        </section>
    }
}
