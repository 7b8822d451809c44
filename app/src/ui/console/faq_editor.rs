//! FAQ entries for the bot: the list, and one form for adding an entry or changing the one
//! opened.
use super::catalogues_page::{
    CataloguesResource, EntryButtons, FormButtons, TextField, WithCatalogues, confirm_delete, focus,
};
use crate::errors::AppError;
use crate::i18n::*;
use crate::models::catalogues::{Catalogues, EntryId, FaqEntry, MAX_ANSWER_LEN, MAX_QUESTION_LEN};
use crate::server_fns::catalogues::{CreateFaqEntry, DeleteFaqEntry, UpdateFaqEntry};
use crate::ui::common::field_error::{FormMessage, settle};
use leptos::prelude::*;

/// The FAQ card; `changed` runs after a change was stored.
#[component]
pub fn FaqEditor(catalogues: CataloguesResource, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateFaqEntry>::new();
    let update = ServerAction::<UpdateFaqEntry>::new();
    let remove = ServerAction::<DeleteFaqEntry>::new();
    let editing = RwSignal::new(None::<EntryId>);
    let question = RwSignal::new(String::new());
    let answer = RwSignal::new(String::new());
    let keywords = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let list_error = RwSignal::new(None::<AppError>);
    let first_field = NodeRef::<leptos::html::Input>::new();
    let clear = move || {
        editing.set(None);
        question.set(String::new());
        answer.set(String::new());
        keywords.set(String::new());
        error.set(None);
    };
    Effect::new(move |_| {
        settle(create.value().get(), error, || {
            clear();
            changed.run(());
        })
    });
    Effect::new(move |_| {
        settle(update.value().get(), error, || {
            clear();
            changed.run(());
        })
    });
    Effect::new(move |_| settle(remove.value().get(), list_error, || changed.run(())));
    let edit = Callback::new(move |entry: FaqEntry| {
        editing.set(Some(entry.id));
        question.set(entry.question);
        answer.set(entry.answer);
        keywords.set(entry.keywords.join(", "));
        error.set(None);
        focus(first_field);
    });
    let delete = Callback::new(move |entry: FaqEntry| {
        if !confirm_delete(i18n, &entry.question) {
            return;
        }
        if editing.get_untracked() == Some(entry.id) {
            clear();
        }
        remove.dispatch(DeleteFaqEntry { id: entry.id });
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (question, answer, keywords) = (
            question.get_untracked(),
            answer.get_untracked(),
            keywords.get_untracked(),
        );
        match editing.get_untracked() {
            Some(id) => update.dispatch(UpdateFaqEntry {
                id,
                question,
                answer,
                keywords,
            }),
            None => create.dispatch(CreateFaqEntry {
                question,
                answer,
                keywords,
            }),
        };
    };
    let pending = Signal::derive(move || create.pending().get() || update.pending().get());
    let is_editing = Signal::derive(move || editing.with(Option::is_some));
    let form_title = move || {
        if is_editing.get() {
            t_string!(i18n, catalogues.edit_faq).to_string()
        } else {
            t_string!(i18n, catalogues.new_faq).to_string()
        }
    };
    let render = Callback::new(move |catalogues: Catalogues| {
        view! { <FaqList entries=catalogues.faq edit delete /> }.into_any()
    });
    view! {
        <section class="card wide" aria-labelledby="faq-title">
            <h2 id="faq-title">{t!(i18n, catalogues.faq_title)}</h2>
            <p class="muted">{t!(i18n, catalogues.faq_help)}</p>
            <FormMessage error=list_error.into() />
            <WithCatalogues catalogues render />
            <form class="stack" aria-labelledby="faq-form-title" on:submit=on_submit>
                <h3 id="faq-form-title">{form_title}</h3>
                <TextField
                    id="faq-question".to_owned()
                    name="question"
                    label=Signal::derive(move || t_string!(i18n, catalogues.faq_question).to_string())
                    value=question
                    error=error.into()
                    maxlength=MAX_QUESTION_LEN
                    required=true
                    node_ref=first_field
                />
                <TextField
                    id="faq-answer".to_owned()
                    name="answer"
                    label=Signal::derive(move || t_string!(i18n, catalogues.faq_answer).to_string())
                    value=answer
                    error=error.into()
                    maxlength=MAX_ANSWER_LEN
                    required=true
                    multiline=true
                />
                <TextField
                    id="faq-keywords".to_owned()
                    name="keywords"
                    label=Signal::derive(move || t_string!(i18n, catalogues.faq_keywords).to_string())
                    hint=Signal::derive(move || t_string!(i18n, catalogues.faq_keywords_hint).to_string())
                    value=keywords
                    error=error.into()
                />
                <FormMessage error=error.into() />
                <FormButtons
                    add=Signal::derive(move || t_string!(i18n, catalogues.add_faq).to_string())
                    editing=is_editing
                    pending
                    cancel=Callback::new(move |()| clear())
                />
            </form>
        </section>
    }
}

#[component]
fn FaqList(
    entries: Vec<FaqEntry>,
    edit: Callback<FaqEntry>,
    delete: Callback<FaqEntry>,
) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted">{t!(i18n, catalogues.faq_empty)}</p> }.into_any();
    }
    let items = entries
        .into_iter()
        .map(|entry| {
            let FaqEntry {
                question,
                answer,
                keywords,
                ..
            } = entry.clone();
            let opened = entry.clone();
            let keywords = (!keywords.is_empty()).then(|| {
                let keywords = keywords.join(", ");
                view! {
                    <p class="field-hint">
                        {t!(i18n, catalogues.faq_keywords)} ": " {keywords}
                    </p>
                }
            });
            view! {
                <li>
                    <p><strong>{question.clone()}</strong></p>
                    <p class="muted">{answer}</p>
                    {keywords}
                    <EntryButtons
                        name=question
                        edit=Callback::new(move |()| edit.run(opened.clone()))
                        delete=Callback::new(move |()| delete.run(entry.clone()))
                    />
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list" aria-labelledby="faq-title">{items}</ul> }.into_any()
}
