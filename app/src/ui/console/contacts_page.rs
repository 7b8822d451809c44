//! `/console/contacts`: search and filter contacts, and merge the pairs that look like one
//! person.
use super::frame::ConsoleFrame;
use super::more_pages::{Pages, ShowMore};
use crate::i18n::*;
use crate::models::contact::{Contact, ContactsPage as Page, MergeReason, MergeSuggestion};
use crate::server_fns::contacts::{MergeContacts, get_contacts};
use crate::ui::common::confirm::confirmed;
use crate::ui::common::field_error::{FormMessage, error_text};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The contacts list, behind an admin sign-in.
#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <ConsoleFrame
            render=Callback::new(|_user| view! { <Contacts /> }.into_any())
        />
    }
}

/// How a contact is named in lists: name, else email, else phone, else "Anonymous visitor".
pub fn contact_label(contact: &Contact, anonymous: &str) -> String {
    contact
        .name
        .clone()
        .or_else(|| contact.email.clone())
        .or_else(|| contact.phone.clone())
        .unwrap_or_else(|| anonymous.to_owned())
}

#[component]
fn Contacts() -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let filter = RwSignal::new("all".to_owned());
    let merge = ServerAction::<MergeContacts>::new();
    let page = Resource::new(
        move || (search.get(), filter.get(), merge.version().get()),
        |(search, filter, _)| get_contacts(search, filter, String::new()),
    );
    let merge_error = Signal::derive(move || merge.value().get().and_then(Result::err));
    view! {
        <Title text=move || format!("{} · {} · Parley", t_string!(i18n, console.contacts_title), t_string!(i18n, console.title)) />
        <h1>{t!(i18n, console.contacts_title)}</h1>
        <div class="card-grid">
            <section class="card wide" aria-labelledby="contacts-list-title">
                <h2 id="contacts-list-title" class="visually-hidden">{t!(i18n, console.contacts_title)}</h2>
                <div class="filter-row">
                    <div class="field">
                        <label for="contacts-search">{t!(i18n, console.contacts_search)}</label>
                        <input
                            id="contacts-search"
                            type="search"
                            prop:value=move || search.get()
                            on:input=move |event| search.set(event_target_value(&event))
                        />
                    </div>
                    <div class="field">
                        <label for="contacts-filter">{t!(i18n, console.contacts_filter)}</label>
                        <select id="contacts-filter" on:change=move |event| filter.set(event_target_value(&event))>
                            <option value="all">{t!(i18n, console.filter_all)}</option>
                            <option value="known">{t!(i18n, console.filter_known)}</option>
                            <option value="blocked">{t!(i18n, console.filter_blocked)}</option>
                        </select>
                    </div>
                </div>
                <FormMessage error=merge_error />
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match page.await {
                            Ok(page) => {
                                let Page { contacts, suggestions, next } = page;
                                let pages = Pages::new(contacts, next);
                                let (search, filter) = (search.get_untracked(), filter.get_untracked());
                                let on_more = Callback::new(move |()| {
                                    let (search, filter) = (search.clone(), filter.clone());
                                    pages.load_more(async move |after| {
                                        get_contacts(search, filter, after)
                                            .await
                                            .map(|page| (page.contacts, page.next))
                                    });
                                });
                                view! {
                                    <ContactsTable pages suggestions merge />
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
        </div>
    }
}

#[component]
fn ContactsTable(
    pages: Pages<Contact>,
    suggestions: Vec<MergeSuggestion>,
    merge: ServerAction<MergeContacts>,
) -> impl IntoView {
    let i18n = use_i18n();
    let anonymous = t_string!(i18n, console.anonymous).to_string();
    let label_of = {
        let anonymous = anonymous.clone();
        move |id| {
            pages.rows.with_untracked(|contacts| {
                contacts
                    .iter()
                    .find(|contact| contact.id == id)
                    .map(|contact| contact_label(contact, &anonymous))
                    .unwrap_or_default()
            })
        }
    };
    let empty = move || pages.rows.with(Vec::is_empty);
    let suggestion_rows = suggestions
        .into_iter()
        .map(|MergeSuggestion { keep, fold, reason }| {
            let why = match reason {
                MergeReason::SameEmail => t_string!(i18n, console.suggestion_email),
                MergeReason::SamePhone => t_string!(i18n, console.suggestion_phone),
            };
            let question = t_string!(i18n, console.merge_confirm).to_string();
            let on_merge = move |_| {
                if confirmed(&question) {
                    merge.dispatch(MergeContacts { keep, fold });
                }
            };
            view! {
                <li>
                    <strong>{label_of(fold)}</strong> " → " <strong>{label_of(keep)}</strong>
                    " (" {why} ") "
                    <button type="button" class="button ghost small" on:click=on_merge>
                        {t!(i18n, console.merge)}
                    </button>
                </li>
            }
        })
        .collect_view();
    let rows = move || {
        pages.rows.get()
        .into_iter()
        .map(|contact| {
            let label = contact_label(&contact, &anonymous);
            let open = t_string!(i18n, console.open_contact, name = label.clone()).to_string();
            view! {
                <tr data-blocked=contact.blocked.to_string()>
                    <th scope="row">
                        <A href=format!("/console/contacts/{}", contact.id) attr:aria-label=open>{label}</A>
                        {contact.blocked.then(|| view! { " · " <span class="muted">{t!(i18n, console.filter_blocked)}</span> })}
                    </th>
                    <td>{contact.email.unwrap_or_default()}</td>
                    <td>{contact.phone.unwrap_or_default()}</td>
                    <td>{contact.conversations}</td>
                    <td>{contact.last_seen_at.utc_date()}</td>
                </tr>
            }
        })
        .collect_view()
    };
    view! {
        <section class="suggestions" aria-labelledby="suggestions-title">
            <h3 id="suggestions-title">{t!(i18n, console.suggestions_title)}</h3>
            <ul class="plain-list" aria-labelledby="suggestions-title">{suggestion_rows}</ul>
        </section>
        <Show when=empty>
            <p class="muted">{t!(i18n, console.contacts_empty)}</p>
        </Show>
        <div class="table-scroll">
            <table class="data-table" aria-labelledby="contacts-list-title">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, console.contact_name)}</th>
                        <th scope="col">{t!(i18n, console.contact_email)}</th>
                        <th scope="col">{t!(i18n, console.col_phone)}</th>
                        <th scope="col">{t!(i18n, console.col_conversations)}</th>
                        <th scope="col">{t!(i18n, console.col_last_seen)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
