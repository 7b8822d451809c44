//! `/console`: overview of the project and its install snippet.
use super::frame::ConsoleFrame;
use super::widget_form::WidgetForm;
use crate::i18n::*;
use crate::server_fns::surfaces::{ConsoleOverview, get_console_overview};
use crate::ui::common::field_error::error_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The console's overview, behind an admin sign-in.
#[component]
pub fn ConsolePage() -> impl IntoView {
    view! {
        <ConsoleFrame
            render=Callback::new(|_user| view! { <Overview /> }.into_any())
        />
    }
}

#[component]
fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_console_overview());
    view! {
        <Title text=move || format!("{} · Parley", t_string!(i18n, console.title)) />
        <h1>{t!(i18n, console.nav_overview)}</h1>
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <OverviewCards overview /> }.into_any(),
                    Err(error) => view! {
                        <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OverviewCards(overview: ConsoleOverview) -> impl IntoView {
    let i18n = use_i18n();
    let snippet = overview.install_snippet.clone();
    let (copied, set_copied) = signal(false);
    let copy = move |_| {
        #[cfg(feature = "browser")]
        if let Some(window) = web_sys::window() {
            // Fire and forget: the promise resolves after the text is on the clipboard.
            let _promise = window.navigator().clipboard().write_text(&snippet);
            set_copied.set(true);
        }
        #[cfg(not(feature = "browser"))]
        let _ = (&snippet, set_copied);
    };
    view! {
        <div class="card-grid">
            <section class="card" aria-labelledby="project-card-title">
                <h2 id="project-card-title">{t!(i18n, console.project)}</h2>
                <dl class="facts">
                    <div>
                        <dt>{t!(i18n, console.project_name)}</dt>
                        <dd>{overview.project.name.clone()}</dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, console.project_key)}</dt>
                        <dd><code>{overview.project.key.as_str().to_owned()}</code></dd>
                    </div>
                    <div>
                        <dt>{t!(i18n, console.team_size)}</dt>
                        <dd>{overview.team_size}</dd>
                    </div>
                </dl>
            </section>
            <WidgetForm project_name=overview.project.name.clone() appearance=overview.appearance.clone() />
            <section class="card wide" aria-labelledby="install-card-title">
                <h2 id="install-card-title">{t!(i18n, console.install_title)}</h2>
                <p class="muted">{t!(i18n, console.install_help)}</p>
                <label class="snippet-label" for="install-snippet">{t!(i18n, console.install_snippet)}</label>
                <textarea id="install-snippet" class="snippet" readonly rows="2">
                    {overview.install_snippet.clone()}
                </textarea>
                <div class="actions">
                    <button type="button" class="button primary" on:click=copy>
                        {move || if copied.get() {
                            t_string!(i18n, console.copied)
                        } else {
                            t_string!(i18n, console.copy)
                        }}
                    </button>
                    <a class="button ghost" href="/demo" target="_blank" rel="noopener">
                        {t!(i18n, console.preview)}
                    </a>
                </div>
            </section>
        </div>
    }
}
