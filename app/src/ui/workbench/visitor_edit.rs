//! What an agent edits in the visitor panel: the visitor's name, email, phone, region and
//! notes, and the tags on the visitor and on the conversation.
use crate::i18n::*;
use crate::models::ConversationId;
use crate::models::visitor_panel::{TagChoice, VisitorDetails};
use crate::server_fns::visitor_panel::{SetPanelTags, UpdateVisitorFields};
use crate::ui::common::field_error::{FieldMessage, FormMessage};
use leptos::prelude::*;

/// The visitor's editable fields; `edited` moves after each save (the panel reads again).
#[component]
pub fn DetailsForm(
    conversation: ConversationId,
    visitor: VisitorDetails,
    edited: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateVisitorFields>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(()))));
    Effect::new(move |_| {
        if update.version().get() > 0 {
            edited.update(|count| *count += 1);
        }
    });
    view! {
        <section class="visitor-section">
            <ActionForm action=update attr:class="stack panel-form">
                <input type="hidden" name="conversation_id" value=conversation.to_string() />
                <div class="field">
                    <label for="panel-name">{t!(i18n, panel.name)}</label>
                    <input id="panel-name" name="name" type="text" value=visitor.name.unwrap_or_default() aria-describedby="panel-name-error" />
                    <FieldMessage field="name" id="panel-name-error" error />
                </div>
                <div class="field">
                    <label for="panel-email">{t!(i18n, panel.email)}</label>
                    <input id="panel-email" name="email" type="text" inputmode="email" value=visitor.email.unwrap_or_default() aria-describedby="panel-email-error" />
                    <FieldMessage field="email" id="panel-email-error" error />
                </div>
                <div class="field">
                    <label for="panel-phone">{t!(i18n, panel.phone)}</label>
                    <input id="panel-phone" name="phone" type="tel" value=visitor.phone.unwrap_or_default() aria-describedby="panel-phone-error" />
                    <FieldMessage field="phone" id="panel-phone-error" error />
                </div>
                <div class="field">
                    <label for="panel-region">{t!(i18n, panel.region)}</label>
                    <input id="panel-region" name="region" type="text" value=visitor.region.unwrap_or_default() aria-describedby="panel-region-error" />
                    <FieldMessage field="region" id="panel-region-error" error />
                </div>
                <div class="field">
                    <label for="panel-notes">{t!(i18n, panel.notes)}</label>
                    <textarea id="panel-notes" name="notes" rows="3" aria-describedby="panel-notes-error">{visitor.notes.unwrap_or_default()}</textarea>
                    <FieldMessage field="notes" id="panel-notes-error" error />
                </div>
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary">{t!(i18n, panel.save)}</button>
                    <Show when=saved>
                        <span class="muted" role="status">{t!(i18n, panel.saved)}</span>
                    </Show>
                </div>
            </ActionForm>
        </section>
    }
}

/// Check boxes for the project's tags of one kind (`on`: `visitor` or `session`), grouped
/// under `legend`; each change stores the whole selection.
#[component]
pub fn TagPicker(
    conversation: ConversationId,
    on: &'static str,
    legend: String,
    choices: Vec<TagChoice>,
    edited: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    if choices.is_empty() {
        return view! {
            <p class="muted"><strong>{legend}</strong> " · " {t!(i18n, panel.no_tags)}</p>
        }
        .into_any();
    }
    let set = ServerAction::<SetPanelTags>::new();
    Effect::new(move |_| {
        if set.version().get() > 0 {
            edited.update(|count| *count += 1);
        }
    });
    let selection = StoredValue::new(
        choices
            .iter()
            .filter(|choice| choice.set)
            .map(|choice| choice.id)
            .collect::<Vec<_>>(),
    );
    view! {
        <fieldset class="tag-picker">
            <legend>{legend}</legend>
            {choices.into_iter().map(|choice| {
                let id = choice.id;
                let toggle = move |event: leptos::ev::Event| {
                    let checked = event_target_checked(&event);
                    selection.update_value(|tags| {
                        tags.retain(|tag| *tag != id);
                        if checked {
                            tags.push(id);
                        }
                    });
                    set.dispatch(SetPanelTags {
                        conversation_id: conversation,
                        on: on.to_owned(),
                        tags: selection.get_value(),
                    });
                };
                view! {
                    <label class="check">
                        <input type="checkbox" checked=choice.set on:change=toggle />
                        {choice.name}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}
