//! The console's long lists (Sessions, Contacts) a page at a time: the rows shown so far, the
//! cursor of the next page, and a "Show more" button that appends it.
use crate::errors::AppError;
use crate::i18n::*;
use crate::ui::common::field_error::error_text;
use leptos::prelude::*;
use std::future::Future;

/// Rows shown so far and where the next page starts.
pub struct Pages<T: Send + Sync + 'static> {
    /// Every row fetched, in order.
    pub rows: RwSignal<Vec<T>>,
    /// The next page's cursor; none: everything is shown.
    pub next: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
}

impl<T: Send + Sync + 'static> Clone for Pages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Pages<T> {}

impl<T: Send + Sync + 'static> Pages<T> {
    /// The first page.
    pub fn new(rows: Vec<T>, next: Option<String>) -> Self {
        Self {
            rows: RwSignal::new(rows),
            next: RwSignal::new(next),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Fetches the page after the last one with `fetch` (given the cursor) and appends it.
    pub fn load_more<F, Fut>(self, fetch: F)
    where
        F: FnOnce(String) -> Fut + 'static,
        Fut: Future<Output = Result<(Vec<T>, Option<String>), AppError>> + 'static,
    {
        let Some(after) = self.next.get_untracked() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            match fetch(after).await {
                Ok((rows, next)) => {
                    self.rows.try_update(|shown| shown.extend(rows));
                    self.next.try_set(next);
                }
                Err(error) => {
                    self.error.try_set(Some(error));
                }
            }
            self.busy.try_set(false);
        });
    }
}

/// The "Show more" button under a list, while another page follows, and what went wrong
/// fetching it.
#[component]
pub fn ShowMore<T: Send + Sync + 'static>(pages: Pages<T>, on_more: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || pages.error.get().map(|error| view! {
            <p class="form-error" role="alert">{error_text(i18n, &error)}</p>
        })}
        <Show when=move || pages.next.with(Option::is_some)>
            <button
                type="button"
                class="button ghost"
                disabled=move || pages.busy.get()
                on:click=move |_| on_more.run(())
            >
                {t!(i18n, console.show_more)}
            </button>
        </Show>
    }
}
