//! `/console/catalogues`: quick replies, visitor and session tags, FAQ entries; plus what the
//! three editors share (labelled fields, messages, entry buttons, confirming a deletion).
use super::faq_editor::FaqEditor;
use super::frame::ConsoleFrame;
use super::quick_replies_editor::QuickRepliesEditor;
use super::tags_editor::TagsEditor;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::i18n::*;
use crate::models::catalogues::{Catalogues, MAX_KEYWORD_LEN, TagKind};
use crate::server_fns::catalogues::get_catalogues;
use crate::ui::common::confirm::confirmed;
use crate::ui::common::field_error::error_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The catalogues as the page reads them (again after every change).
pub(super) type CataloguesResource = Resource<Result<Catalogues, AppError>>;

/// The Catalogues page, behind an admin sign-in.
#[component]
pub fn CataloguesPage() -> impl IntoView {
    view! {
        <ConsoleFrame
            render=Callback::new(|_user| view! { <CataloguesContent /> }.into_any())
        />
    }
}

#[component]
fn CataloguesContent() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped by every change, so the lists are read again.
    let changes = RwSignal::new(0_u32);
    let catalogues = Resource::new(move || changes.get(), |_| get_catalogues());
    let changed = Callback::new(move |()| changes.update(|n| *n += 1));
    view! {
        <Title text=move || format!("{} · {} · Parley", t_string!(i18n, catalogues.title), t_string!(i18n, console.title)) />
        <h1>{t!(i18n, catalogues.title)}</h1>
        <p class="muted">{t!(i18n, catalogues.help)}</p>
        <div class="card-grid">
            <QuickRepliesEditor catalogues changed />
            <TagsEditor kind=TagKind::Visitor catalogues changed />
            <TagsEditor kind=TagKind::Session catalogues changed />
            <FaqEditor catalogues changed />
        </div>
    }
}

/// `render(catalogues)` once they are read; the loading line or the error until then.
#[component]
pub(super) fn WithCatalogues(
    catalogues: CataloguesResource,
    render: Callback<Catalogues, AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match catalogues.await {
                    Ok(catalogues) => render.run(catalogues),
                    Err(error) => view! {
                        <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The message for an error of a catalogue form: shortcuts, tag names and keywords have
/// their own words for the problems the shared messages describe for other fields.
pub(super) fn catalogue_error(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    let AppError::Invalid(FieldError { field, problem }) = error else {
        return error_text(i18n, error);
    };
    match (field.as_str(), *problem) {
        ("shortcut", FieldProblem::AlreadyTaken) => {
            t_string!(i18n, catalogues.shortcut_taken).to_string()
        }
        ("shortcut", FieldProblem::Incorrect) => {
            t_string!(i18n, catalogues.shortcut_invalid).to_string()
        }
        ("name", FieldProblem::AlreadyTaken) => t_string!(i18n, catalogues.tag_taken).to_string(),
        ("keywords", FieldProblem::TooLong { max }) => {
            t_string!(i18n, catalogues.too_many_keywords, max).to_string()
        }
        ("keywords", FieldProblem::Incorrect) => {
            let max = MAX_KEYWORD_LEN;
            t_string!(i18n, catalogues.keyword_too_long, max).to_string()
        }
        _ => error_text(i18n, error),
    }
}

/// Moves the focus to `input` (the form's first field, when an entry is opened for editing).
pub(super) fn focus(input: NodeRef<leptos::html::Input>) {
    if let Some(input) = input.get_untracked() {
        let _ = input.focus();
    }
}

/// A labelled text field of a catalogue form, bound to `value`, with its hint and error.
#[component]
pub(super) fn TextField(
    /// The control's element id; its hint and error append `-hint` and `-error`.
    id: String,
    /// The server function's argument (the field errors name).
    name: &'static str,
    /// The visible label.
    label: Signal<String>,
    /// What is typed.
    value: RwSignal<String>,
    /// The form's latest error.
    error: Signal<Option<AppError>>,
    /// A line under the field.
    #[prop(optional)]
    hint: Option<Signal<String>>,
    /// The most characters the control takes.
    #[prop(optional)]
    maxlength: Option<usize>,
    /// Whether it must not be empty.
    #[prop(optional)]
    required: bool,
    /// A text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// Set for the field that gets the focus when an entry is opened.
    #[prop(optional)]
    node_ref: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let message = move || {
        error
            .get()
            .filter(|error| error.field() == Some(name))
            .map(|error| catalogue_error(i18n, &error))
    };
    let invalid = move || message().map(|_| "true");
    let maxlength = maxlength.map(|max| max.to_string());
    let on_input = move |event: leptos::ev::Event| value.set(event_target_value(&event));
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="4"
                required=required
                maxlength=maxlength
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type="text"
                autocomplete="off"
                required=required
                maxlength=maxlength
                aria-invalid=invalid
                aria-describedby=described_by
                node_ref=node_ref.unwrap_or_default()
                prop:value=move || value.get()
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id role="alert" hidden=move || message().is_none()>
                {message}
            </p>
        </div>
    }
}

/// The submit button (adding, or saving the entry being edited) and Cancel while editing.
#[component]
pub(super) fn FormButtons(
    /// The submit button's words when adding.
    add: Signal<String>,
    /// Whether an entry is being edited.
    editing: Signal<bool>,
    /// A request is under way.
    pending: Signal<bool>,
    /// Leaves editing and empties the form.
    cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="actions">
            <button type="submit" class="button primary" disabled=move || pending.get()>
                {move || if editing.get() {
                    t_string!(i18n, catalogues.save_changes).to_string()
                } else {
                    add.get()
                }}
            </button>
            <Show when=move || editing.get()>
                <button type="button" class="button ghost" on:click=move |_| cancel.run(())>
                    {t!(i18n, catalogues.cancel)}
                </button>
            </Show>
        </div>
    }
}

/// Edit and Delete for one entry, named after it for screen readers.
#[component]
pub(super) fn EntryButtons(
    /// The entry's title, name or question.
    name: String,
    /// Opens it in the form.
    edit: Callback<()>,
    /// Deletes it (after asking).
    delete: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit_name = name.clone();
    let edit_label =
        move || t_string!(i18n, catalogues.edit_named, name = edit_name.clone()).to_string();
    let delete_label =
        move || t_string!(i18n, catalogues.delete_named, name = name.clone()).to_string();
    view! {
        <div class="actions">
            <button type="button" class="button ghost small" aria-label=edit_label on:click=move |_| edit.run(())>
                {t!(i18n, catalogues.edit)}
            </button>
            <button type="button" class="button ghost small" aria-label=delete_label on:click=move |_| delete.run(())>
                {t!(i18n, catalogues.delete)}
            </button>
        </div>
    }
}

/// Asks before deleting `name`; true when the person agrees. Runs in click handlers, so the
/// language is read without tracking.
pub(super) fn confirm_delete(i18n: leptos_i18n::I18nContext<Locale>, name: &str) -> bool {
    let question =
        untrack(|| t_string!(i18n, catalogues.delete_confirm, name = name.to_owned()).to_string());
    confirmed(&question)
}
