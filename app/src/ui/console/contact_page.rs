//! `/console/contacts/{id}`: one contact's details (editable), the blacklist switch, merging
//! another contact into this one, and every conversation they had.
use super::contacts_page::contact_label;
use super::frame::ConsoleFrame;
use crate::i18n::*;
use crate::models::VisitorId;
use crate::models::contact::{ContactDetail, ContactsPage};
use crate::server_fns::contacts::{
    MergeContacts, SetContactBlocked, UpdateContact, get_contact, get_contacts,
};
use crate::ui::common::confirm::confirmed;
use crate::ui::common::field_error::{FieldMessage, FormMessage, error_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// One contact, behind an admin sign-in.
#[component]
pub fn ContactPage() -> impl IntoView {
    view! {
        <ConsoleFrame
            render=Callback::new(|_user| view! { <ContactView /> }.into_any())
        />
    }
}

#[component]
fn ContactView() -> impl IntoView {
    let i18n = use_i18n();
    let id = move || {
        use_params_map()
            .with(|params| params.get("id"))
            .and_then(|id| VisitorId::parse(&id))
    };
    let update = ServerAction::<UpdateContact>::new();
    let block = ServerAction::<SetContactBlocked>::new();
    let merge = ServerAction::<MergeContacts>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                block.version().get(),
                merge.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => get_contact(id).await,
                None => Err(crate::errors::AppError::NotFound),
            }
        },
    );
    let others = Resource::new(
        move || merge.version().get(),
        |_| get_contacts(String::new(), "all".to_owned(), String::new()),
    );
    view! {
        <Title text=move || format!("{} · {} · Parley", t_string!(i18n, console.contact_title), t_string!(i18n, console.title)) />
        <p><A href="/console/contacts">{t!(i18n, console.back_to_contacts)}</A></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match (detail.await, others.await) {
                    (Ok(detail), Ok(others)) => view! { <Detail detail others update block merge /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! {
                        <h1>{t!(i18n, console.contact_title)}</h1>
                        <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(
    detail: ContactDetail,
    others: ContactsPage,
    update: ServerAction<UpdateContact>,
    block: ServerAction<SetContactBlocked>,
    merge: ServerAction<MergeContacts>,
) -> impl IntoView {
    let i18n = use_i18n();
    let anonymous = t_string!(i18n, console.anonymous).to_string();
    let ContactDetail {
        contact,
        conversations,
    } = detail;
    let id = contact.id;
    let title = contact_label(&contact, &anonymous);
    let blocked = contact.blocked;
    let update_error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(()))));
    let merge_error = Signal::derive(move || merge.value().get().and_then(Result::err));
    let merge_pick = NodeRef::<leptos::html::Select>::new();
    let question = t_string!(i18n, console.merge_confirm).to_string();
    let on_merge = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fold = merge_pick
            .get()
            .and_then(|select| VisitorId::parse(&select.value()));
        if let Some(fold) = fold
            && confirmed(&question)
        {
            merge.dispatch(MergeContacts { keep: id, fold });
        }
    };
    let candidates = others
        .contacts
        .into_iter()
        .filter(|other| other.id != id)
        .map(|other| {
            let label = contact_label(&other, &anonymous);
            view! { <option value=other.id.to_string()>{label}</option> }
        })
        .collect_view();
    let history = conversations
        .into_iter()
        .map(|conversation| {
            let state = if conversation.open {
                t_string!(i18n, console.conversation_open)
            } else {
                t_string!(i18n, console.conversation_closed)
            };
            let date = conversation.created_at.utc_date();
            let started = t_string!(i18n, console.started, date).to_string();
            view! { <li>{state} " · " {started}</li> }
        })
        .collect_view();
    view! {
        <h1>{title}</h1>
        <div class="card-grid">
            <section class="card" aria-labelledby="contact-fields-title">
                <h2 id="contact-fields-title">{t!(i18n, console.contact_title)}</h2>
                <Show when=move || blocked>
                    <p class="banner warning" role="status">{t!(i18n, console.blacklisted)}</p>
                </Show>
                <ActionForm action=update attr:class="stack">
                    <input type="hidden" name="contact" value=id.to_string() />
                    <div class="field">
                        <label for="contact-name">{t!(i18n, console.contact_name)}</label>
                        <input id="contact-name" name="name" type="text" value=contact.name.unwrap_or_default() aria-describedby="contact-name-error" />
                        <FieldMessage field="name" id="contact-name-error" error=update_error />
                    </div>
                    <div class="field">
                        <label for="contact-email">{t!(i18n, console.contact_email)}</label>
                        <input id="contact-email" name="email" type="text" inputmode="email" value=contact.email.unwrap_or_default() aria-describedby="contact-email-error" />
                        <FieldMessage field="email" id="contact-email-error" error=update_error />
                    </div>
                    <div class="field">
                        <label for="contact-phone">{t!(i18n, console.contact_phone)}</label>
                        <input id="contact-phone" name="phone" type="tel" value=contact.phone.unwrap_or_default() aria-describedby="contact-phone-error" />
                        <FieldMessage field="phone" id="contact-phone-error" error=update_error />
                    </div>
                    <FormMessage error=update_error />
                    <div class="actions">
                        <button type="submit" class="button primary">{t!(i18n, console.contact_save)}</button>
                        <Show when=saved>
                            <span class="muted" role="status">{t!(i18n, console.saved)}</span>
                        </Show>
                    </div>
                </ActionForm>
                <div class="actions">
                    <button
                        type="button"
                        class="button ghost"
                        on:click=move |_| { block.dispatch(SetContactBlocked { contact: id, blocked: !blocked }); }
                    >
                        {if blocked { t_string!(i18n, console.unblacklist) } else { t_string!(i18n, console.blacklist) }}
                    </button>
                </div>
            </section>
            <section class="card" aria-labelledby="contact-history-title">
                <h2 id="contact-history-title">{t!(i18n, console.contact_conversations)}</h2>
                <ul class="plain-list" aria-labelledby="contact-history-title">{history}</ul>
            </section>
            <section class="card" aria-labelledby="contact-merge-title">
                <h2 id="contact-merge-title">{t!(i18n, console.merge_into)}</h2>
                <form class="stack" on:submit=on_merge>
                    <div class="field">
                        <label for="contact-merge">{t!(i18n, console.merge_other)}</label>
                        <select id="contact-merge" node_ref=merge_pick>{candidates}</select>
                    </div>
                    <FormMessage error=merge_error />
                    <button type="submit" class="button ghost">{t!(i18n, console.merge)}</button>
                </form>
            </section>
        </div>
    }
}
