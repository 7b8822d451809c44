//! Above the list: the search box, the visitor's email and phone, the status toggles (online
//! visitor, soon, overdue), the last-reply menu and the visitor-tag menu.
use super::rows::{Filters, LastReply};
use crate::i18n::*;
use crate::models::catalogues::{Catalogues, EntryId};
use leptos::prelude::*;

/// One toggle button of the filter bar.
#[component]
fn Toggle(
    /// Its text (and accessible name).
    #[prop(into)]
    label: Signal<&'static str>,
    /// A class for its look ("soon", "overdue"...).
    class: &'static str,
    /// Reads the toggle from the filters.
    get: fn(&Filters) -> bool,
    /// Writes it.
    set: fn(&mut Filters, bool),
    /// The filters.
    filters: RwSignal<Filters>,
) -> impl IntoView {
    let on = move || filters.with(get);
    view! {
        <button
            type="button"
            class=format!("filter-toggle {class}")
            aria-pressed=move || on().to_string()
            on:click=move |_| {
                let next = !on();
                filters.update(|filters| set(filters, next));
            }
        >
            {move || label.get()}
        </button>
    }
}

/// A labelled text box narrowing the list by one of the visitor's contact details.
#[component]
fn ContactField(
    /// Its visible label (and accessible name).
    #[prop(into)]
    label: Signal<&'static str>,
    /// The keyboard browsers offer (`email`, `tel`).
    inputmode: &'static str,
    /// Reads the text from the filters.
    get: fn(&Filters) -> String,
    /// Writes it.
    set: fn(&mut Filters, String),
    /// The filters.
    filters: RwSignal<Filters>,
) -> impl IntoView {
    view! {
        <label class="filter-field">
            <span>{move || label.get()}</span>
            <input
                type="search"
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                prop:value=move || filters.with(get)
                on:input=move |event| {
                    let text = event_target_value(&event);
                    filters.update(|filters| set(filters, text));
                }
            />
        </label>
    }
}

/// The project's visitor tags as a menu: conversations of visitors who carry the chosen one.
#[component]
fn TagMenu(filters: RwSignal<Filters>, catalogues: Signal<Catalogues>) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        catalogues
            .with(|all| all.visitor_tags.clone())
            .into_iter()
            .map(|tag| view! { <option value=tag.id.to_string()>{tag.name}</option> })
            .collect_view()
    };
    view! {
        <div class="filter-tag">
            <label for="visitor-tag-filter">{t!(i18n, workbench.filter_tag)}</label>
            <select
                id="visitor-tag-filter"
                prop:value=move || {
                    filters.with(|filters| filters.tag.map(|tag| tag.to_string()).unwrap_or_default())
                }
                on:change=move |event| {
                    let tag = EntryId::parse(&event_target_value(&event));
                    filters.update(|filters| filters.tag = tag);
                }
            >
                <option value="">{t!(i18n, workbench.filter_tag_any)}</option>
                {options}
            </select>
        </div>
    }
}

/// The search box, the contact fields, the toggles and the last-reply and tag menus.
#[component]
pub fn FilterBar(
    filters: RwSignal<Filters>,
    /// The project's catalogues (visitor tags).
    catalogues: Signal<Catalogues>,
) -> impl IntoView {
    let i18n = use_i18n();
    let last_reply_name = move |choice: LastReply| match choice {
        LastReply::Any => t_string!(i18n, workbench.last_reply_any),
        LastReply::WithinHour => t_string!(i18n, workbench.last_reply_hour),
        LastReply::Today => t_string!(i18n, workbench.last_reply_today),
        LastReply::OlderThanDay => t_string!(i18n, workbench.last_reply_older),
    };
    view! {
        <div class="filter-bar" role="group" aria-label=move || t_string!(i18n, workbench.filters)>
            <input
                type="search"
                class="filter-search"
                aria-label=move || t_string!(i18n, workbench.search)
                placeholder=move || t_string!(i18n, workbench.search_placeholder)
                prop:value=move || filters.with(|filters| filters.search.clone())
                on:input=move |event| {
                    let text = event_target_value(&event);
                    filters.update(|filters| filters.search = text);
                }
            />
            <div class="filter-contact">
                <ContactField
                    label=Signal::derive(move || t_string!(i18n, workbench.filter_email))
                    inputmode="email"
                    get=|filters| filters.email.clone()
                    set=|filters, text| filters.email = text
                    filters
                />
                <ContactField
                    label=Signal::derive(move || t_string!(i18n, workbench.filter_phone))
                    inputmode="tel"
                    get=|filters| filters.phone.clone()
                    set=|filters, text| filters.phone = text
                    filters
                />
            </div>
            <div class="filter-toggles">
                <Toggle
                    label=Signal::derive(move || t_string!(i18n, workbench.filter_online))
                    class="online"
                    get=|filters| filters.online
                    set=|filters, on| filters.online = on
                    filters
                />
                <Toggle
                    label=Signal::derive(move || t_string!(i18n, workbench.filter_soon))
                    class="soon"
                    get=|filters| filters.soon
                    set=|filters, on| filters.soon = on
                    filters
                />
                <Toggle
                    label=Signal::derive(move || t_string!(i18n, workbench.filter_overdue))
                    class="overdue"
                    get=|filters| filters.overdue
                    set=|filters, on| filters.overdue = on
                    filters
                />
            </div>
            <div class="filter-last-reply">
                <label for="last-reply">{t!(i18n, workbench.last_reply)}</label>
                <select
                    id="last-reply"
                    prop:value=move || filters.with(|filters| filters.last_reply.as_value())
                    on:change=move |event| {
                        let choice = LastReply::from_value(&event_target_value(&event));
                        filters.update(|filters| filters.last_reply = choice);
                    }
                >
                    {LastReply::ALL
                        .into_iter()
                        .map(|choice| {
                            view! {
                                <option value=choice.as_value()>{move || last_reply_name(choice)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <TagMenu filters catalogues />
        </div>
    }
}
