//! The project's name and how its widget looks: colour, greeting, corner.
use crate::i18n::*;
use crate::models::appearance::{Appearance, WidgetPosition};
use crate::server_fns::surfaces::UpdateWidget;
use crate::ui::common::field_error::{FieldMessage, FormMessage};
use leptos::prelude::*;

/// The widget settings form, filled with the stored values.
#[component]
pub fn WidgetForm(project_name: String, appearance: Appearance) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateWidget>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(_))));
    let Appearance {
        color,
        greeting,
        position,
    } = appearance;
    view! {
        <section class="card wide" aria-labelledby="widget-card-title">
            <h2 id="widget-card-title">{t!(i18n, console.widget_title)}</h2>
            <p class="muted">{t!(i18n, console.widget_help)}</p>
            <ActionForm action=update attr:class="stack">
                <div class="field">
                    <label for="widget-project-name">{t!(i18n, console.project_name)}</label>
                    <input id="widget-project-name" name="project_name" type="text" value=project_name aria-describedby="widget-project-name-error" />
                    <FieldMessage field="project_name" id="widget-project-name-error" error />
                </div>
                <div class="field">
                    <label for="widget-color">{t!(i18n, console.widget_color)}</label>
                    <input id="widget-color" name="color" type="color" value=color aria-describedby="widget-color-error" />
                    <FieldMessage field="color" id="widget-color-error" error />
                </div>
                <div class="field">
                    <label for="widget-greeting">{t!(i18n, console.widget_greeting)}</label>
                    <textarea id="widget-greeting" name="greeting" rows="2" aria-describedby="widget-greeting-hint widget-greeting-error">
                        {greeting}
                    </textarea>
                    <p class="field-hint" id="widget-greeting-hint">{t!(i18n, console.widget_greeting_hint)}</p>
                    <FieldMessage field="greeting" id="widget-greeting-error" error />
                </div>
                <div class="field">
                    <label for="widget-position">{t!(i18n, console.widget_position)}</label>
                    <select id="widget-position" name="position">
                        <option value="right" selected=position == WidgetPosition::Right>{t!(i18n, console.position_right)}</option>
                        <option value="left" selected=position == WidgetPosition::Left>{t!(i18n, console.position_left)}</option>
                    </select>
                </div>
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary">{t!(i18n, console.widget_save)}</button>
                    <Show when=saved>
                        <span class="muted" role="status">{t!(i18n, console.saved)}</span>
                    </Show>
                </div>
            </ActionForm>
        </section>
    }
}
