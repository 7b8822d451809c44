//! Quick replies: the list, and one form for adding a reply or changing the one opened.
use super::catalogues_page::{
    CataloguesResource, EntryButtons, FormButtons, TextField, WithCatalogues, confirm_delete, focus,
};
use crate::errors::AppError;
use crate::i18n::*;
use crate::models::catalogues::{
    Catalogues, EntryId, MAX_BODY_LEN, MAX_SHORTCUT_LEN, MAX_TITLE_LEN, QuickReply,
};
use crate::server_fns::catalogues::{CreateQuickReply, DeleteQuickReply, UpdateQuickReply};
use crate::ui::common::field_error::{FormMessage, settle};
use leptos::prelude::*;

/// The Quick replies card; `changed` runs after a change was stored.
#[component]
pub fn QuickRepliesEditor(catalogues: CataloguesResource, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateQuickReply>::new();
    let update = ServerAction::<UpdateQuickReply>::new();
    let remove = ServerAction::<DeleteQuickReply>::new();
    let editing = RwSignal::new(None::<EntryId>);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let shortcut = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let list_error = RwSignal::new(None::<AppError>);
    let first_field = NodeRef::<leptos::html::Input>::new();
    let clear = move || {
        editing.set(None);
        title.set(String::new());
        body.set(String::new());
        shortcut.set(String::new());
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
    let edit = Callback::new(move |reply: QuickReply| {
        editing.set(Some(reply.id));
        title.set(reply.title);
        body.set(reply.body);
        shortcut.set(reply.shortcut.map(|s| format!("/{s}")).unwrap_or_default());
        error.set(None);
        focus(first_field);
    });
    let delete = Callback::new(move |reply: QuickReply| {
        if !confirm_delete(i18n, &reply.title) {
            return;
        }
        if editing.get_untracked() == Some(reply.id) {
            clear();
        }
        remove.dispatch(DeleteQuickReply { id: reply.id });
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (title, body, shortcut) = (
            title.get_untracked(),
            body.get_untracked(),
            shortcut.get_untracked(),
        );
        match editing.get_untracked() {
            Some(id) => update.dispatch(UpdateQuickReply {
                id,
                title,
                body,
                shortcut,
            }),
            None => create.dispatch(CreateQuickReply {
                title,
                body,
                shortcut,
            }),
        };
    };
    let pending = Signal::derive(move || create.pending().get() || update.pending().get());
    let is_editing = Signal::derive(move || editing.with(Option::is_some));
    let form_title = move || {
        if is_editing.get() {
            t_string!(i18n, catalogues.edit_quick_reply).to_string()
        } else {
            t_string!(i18n, catalogues.new_quick_reply).to_string()
        }
    };
    let render = Callback::new(move |catalogues: Catalogues| {
        view! { <QuickReplyList replies=catalogues.quick_replies edit delete /> }.into_any()
    });
    view! {
        <section class="card wide" aria-labelledby="quick-replies-title">
            <h2 id="quick-replies-title">{t!(i18n, catalogues.quick_replies_title)}</h2>
            <p class="muted">{t!(i18n, catalogues.quick_replies_help)}</p>
            <FormMessage error=list_error.into() />
            <WithCatalogues catalogues render />
            <form class="stack" aria-labelledby="quick-reply-form-title" on:submit=on_submit>
                <h3 id="quick-reply-form-title">{form_title}</h3>
                <TextField
                    id="quick-reply-title".to_owned()
                    name="title"
                    label=Signal::derive(move || t_string!(i18n, catalogues.reply_title).to_string())
                    value=title
                    error=error.into()
                    maxlength=MAX_TITLE_LEN
                    required=true
                    node_ref=first_field
                />
                <TextField
                    id="quick-reply-shortcut".to_owned()
                    name="shortcut"
                    label=Signal::derive(move || t_string!(i18n, catalogues.reply_shortcut).to_string())
                    hint=Signal::derive(move || t_string!(i18n, catalogues.reply_shortcut_hint).to_string())
                    value=shortcut
                    error=error.into()
                    maxlength=MAX_SHORTCUT_LEN + 1
                />
                <TextField
                    id="quick-reply-body".to_owned()
                    name="body"
                    label=Signal::derive(move || t_string!(i18n, catalogues.reply_body).to_string())
                    value=body
                    error=error.into()
                    maxlength=MAX_BODY_LEN
                    required=true
                    multiline=true
                />
                <FormMessage error=error.into() />
                <FormButtons
                    add=Signal::derive(move || t_string!(i18n, catalogues.add_quick_reply).to_string())
                    editing=is_editing
                    pending
                    cancel=Callback::new(move |()| clear())
                />
            </form>
        </section>
    }
}

#[component]
fn QuickReplyList(
    replies: Vec<QuickReply>,
    edit: Callback<QuickReply>,
    delete: Callback<QuickReply>,
) -> impl IntoView {
    let i18n = use_i18n();
    if replies.is_empty() {
        return view! { <p class="muted">{t!(i18n, catalogues.quick_replies_empty)}</p> }
            .into_any();
    }
    let items = replies
        .into_iter()
        .map(|reply| {
            let QuickReply { title, body, shortcut, .. } = reply.clone();
            let opened = reply.clone();
            view! {
                <li>
                    <p>
                        <strong>{title.clone()}</strong>
                        {shortcut.map(|shortcut| view! { " · " <code>{format!("/{shortcut}")}</code> })}
                    </p>
                    <p class="muted">{body}</p>
                    <EntryButtons
                        name=title
                        edit=Callback::new(move |()| edit.run(opened.clone()))
                        delete=Callback::new(move |()| delete.run(reply.clone()))
                    />
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="plain-list" aria-labelledby="quick-replies-title">{items}</ul>
    }
    .into_any()
}
