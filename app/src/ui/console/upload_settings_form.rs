//! The largest attachment visitors and agents may send (1 to 100 MB).
use crate::i18n::*;
use crate::server_fns::settings::{SetUploadLimit, get_upload_limit};
use crate::ui::common::field_error::{FieldMessage, FormMessage, error_text};
use leptos::prelude::*;

/// The upload limit card: reads the stored limit, saves what the admin types.
#[component]
pub fn UploadLimitCard() -> impl IntoView {
    let i18n = use_i18n();
    let stored = Resource::new(|| (), |_| get_upload_limit());
    let update = ServerAction::<SetUploadLimit>::new();
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let saved = move || update.value().with(|value| matches!(value, Some(Ok(()))));
    let pending = update.pending();
    let invalid = move || {
        error
            .with(|error| error.as_ref().and_then(|e| e.field()).is_some())
            .then_some("true")
    };
    view! {
        <section class="card" aria-labelledby="upload-settings-title">
            <h2 id="upload-settings-title">{t!(i18n, console.uploads_title)}</h2>
            <p class="muted">{t!(i18n, console.uploads_help)}</p>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match stored.await {
                        Ok(limit) => view! {
                            <ActionForm action=update attr:class="stack">
                                <div class="field">
                                    <label for="settings-max-upload">{t!(i18n, console.max_upload_mb)}</label>
                                    <input
                                        id="settings-max-upload"
                                        name="max_upload_mb"
                                        type="number"
                                        inputmode="numeric"
                                        required
                                        min="1"
                                        max="100"
                                        step="1"
                                        value=limit.to_string()
                                        aria-invalid=invalid
                                        aria-describedby="settings-max-upload-error"
                                    />
                                    <FieldMessage field="max_upload_mb" id="settings-max-upload-error" error />
                                </div>
                                <FormMessage error />
                                <div class="actions">
                                    <button type="submit" class="button primary" disabled=move || pending.get()>
                                        {t!(i18n, console.save_uploads)}
                                    </button>
                                    <span class="muted" role="status">
                                        {move || saved().then(|| t_string!(i18n, console.saved).to_string())}
                                    </span>
                                </div>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! {
                            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
