//! Visitor or session tags: the list, and one form for adding a tag or renaming the one opened.
use super::catalogues_page::{
    CataloguesResource, EntryButtons, FormButtons, TextField, WithCatalogues, confirm_delete, focus,
};
use crate::errors::AppError;
use crate::i18n::*;
use crate::models::catalogues::{Catalogues, EntryId, MAX_TAG_LEN, Tag, TagKind};
use crate::server_fns::catalogues::{CreateTag, DeleteTag, RenameTag};
use crate::ui::common::field_error::{FormMessage, settle};
use leptos::prelude::*;

/// The words of one kind's card.
struct Words {
    title: String,
    help: String,
    label: String,
    add: String,
}

fn words(i18n: leptos_i18n::I18nContext<Locale>, kind: TagKind) -> Words {
    match kind {
        TagKind::Visitor => Words {
            title: t_string!(i18n, catalogues.visitor_tags_title).to_string(),
            help: t_string!(i18n, catalogues.visitor_tags_help).to_string(),
            label: t_string!(i18n, catalogues.visitor_tag_name).to_string(),
            add: t_string!(i18n, catalogues.add_visitor_tag).to_string(),
        },
        TagKind::Session => Words {
            title: t_string!(i18n, catalogues.session_tags_title).to_string(),
            help: t_string!(i18n, catalogues.session_tags_help).to_string(),
            label: t_string!(i18n, catalogues.session_tag_name).to_string(),
            add: t_string!(i18n, catalogues.add_session_tag).to_string(),
        },
    }
}

/// The card of one kind of tags; `changed` runs after a change was stored.
#[component]
pub fn TagsEditor(
    kind: TagKind,
    catalogues: CataloguesResource,
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateTag>::new();
    let rename = ServerAction::<RenameTag>::new();
    let remove = ServerAction::<DeleteTag>::new();
    let editing = RwSignal::new(None::<EntryId>);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let list_error = RwSignal::new(None::<AppError>);
    let first_field = NodeRef::<leptos::html::Input>::new();
    let clear = move || {
        editing.set(None);
        name.set(String::new());
        error.set(None);
    };
    Effect::new(move |_| {
        settle(create.value().get(), error, || {
            clear();
            changed.run(());
        })
    });
    Effect::new(move |_| {
        settle(rename.value().get(), error, || {
            clear();
            changed.run(());
        })
    });
    Effect::new(move |_| settle(remove.value().get(), list_error, || changed.run(())));
    let edit = Callback::new(move |tag: Tag| {
        editing.set(Some(tag.id));
        name.set(tag.name);
        error.set(None);
        focus(first_field);
    });
    let delete = Callback::new(move |tag: Tag| {
        if !confirm_delete(i18n, &tag.name) {
            return;
        }
        if editing.get_untracked() == Some(tag.id) {
            clear();
        }
        remove.dispatch(DeleteTag { id: tag.id });
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = name.get_untracked();
        match editing.get_untracked() {
            Some(id) => rename.dispatch(RenameTag { id, name }),
            None => create.dispatch(CreateTag { kind, name }),
        };
    };
    let pending = Signal::derive(move || create.pending().get() || rename.pending().get());
    let is_editing = Signal::derive(move || editing.with(Option::is_some));
    let prefix = kind.as_str();
    let title_id = format!("{prefix}-tags-title");
    let list_labelled_by = title_id.clone();
    let (section_labelled_by, form_labelled_by) = (title_id.clone(), title_id.clone());
    let render = Callback::new(move |catalogues: Catalogues| {
        let tags = match kind {
            TagKind::Visitor => catalogues.visitor_tags,
            TagKind::Session => catalogues.session_tags,
        };
        let labelled_by = list_labelled_by.clone();
        view! { <TagList tags labelled_by edit delete /> }.into_any()
    });
    view! {
        <section class="card" aria-labelledby=section_labelled_by>
            <h2 id=title_id>{move || words(i18n, kind).title}</h2>
            <p class="muted">{move || words(i18n, kind).help}</p>
            <FormMessage error=list_error.into() />
            <WithCatalogues catalogues render />
            <form class="stack" aria-labelledby=form_labelled_by on:submit=on_submit>
                <TextField
                    id=format!("{prefix}-tag-name")
                    name="name"
                    label=Signal::derive(move || words(i18n, kind).label)
                    value=name
                    error=error.into()
                    maxlength=MAX_TAG_LEN
                    required=true
                    node_ref=first_field
                />
                <FormMessage error=error.into() />
                <FormButtons
                    add=Signal::derive(move || words(i18n, kind).add)
                    editing=is_editing
                    pending
                    cancel=Callback::new(move |()| clear())
                />
            </form>
        </section>
    }
}

#[component]
fn TagList(
    tags: Vec<Tag>,
    labelled_by: String,
    edit: Callback<Tag>,
    delete: Callback<Tag>,
) -> impl IntoView {
    let i18n = use_i18n();
    if tags.is_empty() {
        return view! { <p class="muted">{t!(i18n, catalogues.tags_empty)}</p> }.into_any();
    }
    let items = tags
        .into_iter()
        .map(|tag| {
            let opened = tag.clone();
            view! {
                <li>
                    <strong>{tag.name.clone()}</strong>
                    <EntryButtons
                        name=tag.name.clone()
                        edit=Callback::new(move |()| edit.run(opened.clone()))
                        delete=Callback::new(move |()| delete.run(tag.clone()))
                    />
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list" aria-labelledby=labelled_by>{items}</ul> }.into_any()
}
