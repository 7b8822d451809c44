//! The chat settings: waiting thresholds, auto-close and the default conversation limit.
use crate::errors::AppError;
use crate::i18n::*;
use crate::models::settings::{ChatSettingsForm, HOURS, LIMIT, MINUTES};
use crate::server_fns::settings::UpdateChatSettings;
use crate::ui::common::field_error::{FieldMessage, FormMessage};
use leptos::prelude::*;

/// One labelled number input with its error below it.
#[component]
fn NumberField(
    /// The form field's `name` (the server function's argument).
    name: &'static str,
    /// The input's element id.
    id: &'static str,
    /// Its error message's element id.
    error_id: &'static str,
    /// The visible label.
    label: Signal<String>,
    /// The stored value.
    value: i64,
    /// Smallest and largest value accepted.
    range: (i64, i64),
    /// The form's latest error.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let invalid = move || {
        error
            .with(|error| error.as_ref().and_then(AppError::field) == Some(name))
            .then_some("true")
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type="number"
                inputmode="numeric"
                required
                min=range.0.to_string()
                max=range.1.to_string()
                step="1"
                value=value.to_string()
                aria-invalid=invalid
                aria-describedby=error_id
            />
            <FieldMessage field=name id=error_id error />
        </div>
    }
}

/// The chat settings form, filled with the stored values.
#[component]
pub fn ChatSettingsCard(settings: ChatSettingsForm) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateChatSettings>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(()))));
    let pending = update.pending();
    let label = move |text: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        Signal::derive(move || text(i18n))
    };
    view! {
        <section class="card" aria-labelledby="chat-settings-title">
            <h2 id="chat-settings-title">{t!(i18n, console.chat_settings_title)}</h2>
            <p class="muted">{t!(i18n, console.chat_settings_help)}</p>
            <ActionForm action=update attr:class="stack">
                <NumberField
                    name="soon_minutes"
                    id="settings-soon"
                    error_id="settings-soon-error"
                    label=label(|i18n| t_string!(i18n, console.soon_minutes).to_string())
                    value=settings.soon_minutes
                    range=MINUTES
                    error
                />
                <NumberField
                    name="overdue_minutes"
                    id="settings-overdue"
                    error_id="settings-overdue-error"
                    label=label(|i18n| t_string!(i18n, console.overdue_minutes).to_string())
                    value=settings.overdue_minutes
                    range=MINUTES
                    error
                />
                <NumberField
                    name="auto_close_hours"
                    id="settings-auto-close"
                    error_id="settings-auto-close-error"
                    label=label(|i18n| t_string!(i18n, console.auto_close_hours).to_string())
                    value=settings.auto_close_hours
                    range=HOURS
                    error
                />
                <NumberField
                    name="default_limit"
                    id="settings-default-limit"
                    error_id="settings-default-limit-error"
                    label=label(|i18n| t_string!(i18n, console.default_limit).to_string())
                    value=settings.default_limit
                    range=LIMIT
                    error
                />
                <FormMessage error />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {t!(i18n, console.save_settings)}
                    </button>
                    <span class="muted" role="status">
                        {move || saved().then(|| t_string!(i18n, console.saved).to_string())}
                    </span>
                </div>
            </ActionForm>
        </section>
    }
}
