//! Inviting up to ten people at once, with what became of each address.
use crate::i18n::*;
use crate::models::team::{InviteOutcome, InviteResult};
use crate::server_fns::team::InviteMembers;
use crate::ui::common::field_error::{FieldMessage, FormMessage};
use leptos::prelude::*;

fn outcome_text(i18n: leptos_i18n::I18nContext<Locale>, outcome: InviteOutcome) -> String {
    match outcome {
        InviteOutcome::Sent => t_string!(i18n, console.outcome_sent),
        InviteOutcome::Invalid => t_string!(i18n, console.outcome_invalid),
        InviteOutcome::Duplicate => t_string!(i18n, console.outcome_duplicate),
        InviteOutcome::AlreadyMember => t_string!(i18n, console.outcome_already_member),
        InviteOutcome::Reinvited => t_string!(i18n, console.outcome_reinvited),
        InviteOutcome::NotDelivered => t_string!(i18n, console.outcome_not_delivered),
    }
    .to_string()
}

/// The invitation form; `changed` runs after invitations were stored.
#[component]
pub fn InviteForm(changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteMembers>::new();
    let error = Signal::derive(move || invite.value().get().and_then(Result::err));
    let results = Signal::derive(move || {
        invite
            .value()
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    let pending = invite.pending();
    Effect::new(move |seen: Option<usize>| {
        let version = invite.version().get();
        if seen.is_some_and(|seen| seen != version) && results.with(|r| !r.is_empty()) {
            changed.run(());
        }
        version
    });
    view! {
        <section class="card wide" aria-labelledby="invite-title">
            <h2 id="invite-title">{t!(i18n, console.invite_title)}</h2>
            <ActionForm action=invite attr:class="stack">
                <div class="field">
                    <label for="invite-emails">{t!(i18n, console.invite_emails)}</label>
                    <textarea
                        id="invite-emails"
                        name="emails"
                        rows="3"
                        spellcheck="false"
                        aria-describedby="invite-emails-hint invite-emails-error"
                    ></textarea>
                    <p class="field-hint" id="invite-emails-hint">{t!(i18n, console.invite_hint)}</p>
                    <FieldMessage field="emails" id="invite-emails-error" error />
                </div>
                <div class="field">
                    <label for="invite-role">{t!(i18n, console.invite_role)}</label>
                    <select id="invite-role" name="role">
                        <option value="agent" selected>{t!(i18n, common.role_agent)}</option>
                        <option value="admin">{t!(i18n, common.role_admin)}</option>
                    </select>
                </div>
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {move || if pending.get() {
                            t_string!(i18n, console.invite_sending)
                        } else {
                            t_string!(i18n, console.invite_submit)
                        }}
                    </button>
                </div>
            </ActionForm>
            <Show when=move || results.with(|r| !r.is_empty())>
                <ul class="plain-list invite-results" aria-label=move || t_string!(i18n, console.invite_results)>
                    {move || results.get().into_iter().map(|InviteResult { email, outcome }| {
                        let ok = matches!(outcome, InviteOutcome::Sent | InviteOutcome::Reinvited);
                        view! {
                            <li data-ok=ok.to_string()>
                                <strong>{email}</strong>
                                ": "
                                {outcome_text(i18n, outcome)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
