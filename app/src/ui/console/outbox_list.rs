//! Mail Parley kept because no SMTP server is configured, shown as plain text.
use crate::i18n::*;
use crate::models::OutboxMail;
use leptos::prelude::*;

/// The outbox; nothing at all when there is no mail (with SMTP there never is).
#[component]
pub fn OutboxList(mails: Vec<OutboxMail>) -> impl IntoView {
    let i18n = use_i18n();
    let empty = mails.is_empty();
    view! {
        <section class="card wide" aria-labelledby="outbox-title">
            <h2 id="outbox-title">{t!(i18n, console.outbox_title)}</h2>
            <p class="muted">{t!(i18n, console.outbox_help)}</p>
            <Show when=move || empty>
                <p class="muted">{t!(i18n, console.outbox_empty)}</p>
            </Show>
            <ul class="plain-list outbox" aria-labelledby="outbox-title">
                {mails.into_iter().map(|mail| view! {
                    <li>
                        <article class="mail" aria-label=mail.subject.clone()>
                            <p><strong>{mail.subject.clone()}</strong></p>
                            <p class="muted">{t!(i18n, console.outbox_to)} ": " {mail.to} " · " {mail.created_at.utc_date()}</p>
                            <pre class="mail-body">{mail.body}</pre>
                        </article>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
