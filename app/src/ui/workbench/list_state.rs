//! The conversation list and view counts as the server answers them: the first page when
//! the view or filters change, the next page on scroll, and a refresh of what is shown (at
//! most twice a second) when a live change may have moved rows. Answers that come back
//! after the view or filters changed again are dropped.
use super::rows::{Filters, refresh_size};
use super::views::View;
use crate::models::Timestamp;
use crate::models::conversation_list::{ListCursor, ListRequest, ListedConversation, ViewCounts};
use leptos::prelude::*;

/// How long live changes gather before the list refreshes.
const REFRESH_EVERY_MS: u64 = 500;
/// How long typing in a text filter (search, email, phone) pauses before the list asks.
const TYPING_PAUSE_MS: u64 = 250;

/// The list's state.
#[derive(Clone, Copy)]
pub struct ListState {
    /// The rows shown, in the server's order.
    pub rows: RwSignal<Vec<ListedConversation>>,
    /// Where the next page starts (none: the end is shown).
    pub next: RwSignal<Option<ListCursor>>,
    /// Each view's count and the tab title's number.
    pub counts: RwSignal<ViewCounts>,
    /// A request for the first page is on its way (the list says "Loading").
    pub loading: RwSignal<bool>,
    /// The last request failed (the list offers to try again).
    pub failed: RwSignal<bool>,
    /// Bumped when the view or filters change: answers to older requests are dropped.
    generation: StoredValue<u64>,
    /// Bumped by each first-page request: only the newest one's answer is applied.
    newest_request: StoredValue<u64>,
    /// A refresh is scheduled.
    refresh_due: StoredValue<bool>,
    /// The next page is being fetched.
    paging: StoredValue<bool>,
}

/// What a request is for, besides the cursor.
#[derive(Clone)]
struct Asked {
    view: View,
    filters: Filters,
    midnight: Timestamp,
}

impl ListState {
    /// Empty, until [`ListState::watch`] starts asking.
    pub fn new() -> Self {
        Self {
            rows: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            counts: RwSignal::new(ViewCounts::default()),
            loading: RwSignal::new(true),
            failed: RwSignal::new(false),
            generation: StoredValue::new(0),
            newest_request: StoredValue::new(0),
            refresh_due: StoredValue::new(false),
            paging: StoredValue::new(false),
        }
    }

    /// Asks for the first page whenever the view or the filters change (the search after a
    /// pause in typing), and refreshes after live changes and reconnects. `midnight` is the
    /// agent's last local midnight on the server's clock.
    pub fn watch(
        self,
        view: RwSignal<View>,
        filters: RwSignal<Filters>,
        midnight: Signal<Timestamp>,
        changes: Signal<u64>,
    ) {
        let asked = move || Asked {
            view: view.get_untracked(),
            filters: filters.get_untracked(),
            midnight: midnight.get_untracked(),
        };
        let search_pause = StoredValue::new(0_u64);
        Effect::new(move |previous: Option<(View, Filters)>| {
            let now = (view.get(), filters.get());
            let typing = previous
                .as_ref()
                .is_some_and(|(view, filters)| *view == now.0 && typed_only(filters, &now.1));
            self.generation.update_value(|generation| *generation += 1);
            if typing {
                let pause = search_pause.get_value() + 1;
                search_pause.set_value(pause);
                set_timeout(
                    move || {
                        // The page may be gone by now (its signals with it).
                        if search_pause.try_get_value() == Some(pause) {
                            self.first_page(asked(), 0);
                        }
                    },
                    std::time::Duration::from_millis(TYPING_PAUSE_MS),
                );
            } else {
                self.rows.set(Vec::new());
                self.next.set(None);
                self.first_page(asked(), 0);
            }
            now
        });
        Effect::new(move |previous: Option<u64>| {
            let seen = changes.get();
            if previous.is_some() && !self.refresh_due.get_value() {
                self.refresh_due.set_value(true);
                set_timeout(
                    move || {
                        if self.refresh_due.try_set_value(false).is_some() {
                            return; // the page is gone
                        }
                        let shown = self.rows.with_untracked(Vec::len);
                        self.first_page(asked(), shown);
                    },
                    std::time::Duration::from_millis(REFRESH_EVERY_MS),
                );
            }
            seen
        });
    }

    /// Asks for the first `shown` rows (at least a page) and the counts again; the answer
    /// replaces what is shown.
    fn first_page(self, asked: Asked, shown: usize) {
        let generation = self.generation.get_value();
        let request_id = self.newest_request.get_value() + 1;
        self.newest_request.set_value(request_id);
        self.loading.set(self.rows.with_untracked(Vec::is_empty));
        let request = ListRequest {
            view: Some(asked.view),
            filters: asked.filters,
            after: None,
            midnight: Some(asked.midnight),
            limit: Some(refresh_size(shown)),
        };
        #[cfg(feature = "browser")]
        leptos::task::spawn_local(async move {
            use crate::server_fns::conversation_list::{conversation_counts, list_conversations};
            let page = list_conversations(request).await;
            // The views' counts and the tab title count the whole views, as before filters.
            let counts = conversation_counts(Filters::default(), Some(asked.midnight)).await;
            // Dropped when the page is gone or the list was asked again meanwhile.
            let current = self.generation.try_get_value() == Some(generation)
                && self.newest_request.try_get_value() == Some(request_id);
            if !current {
                return;
            }
            self.loading.set(false);
            self.failed.set(page.is_err());
            if let Ok(page) = page {
                self.rows.set(page.rows);
                self.next.set(page.next);
            }
            if let Ok(counts) = counts {
                self.counts.set(counts);
            }
        });
        #[cfg(not(feature = "browser"))]
        let _ = (generation, request);
    }

    /// Asks for the page after the last row shown, if there is one and none is on its way.
    pub fn more(self, view: View, filters: Filters, midnight: Timestamp) {
        let Some(after) = self.next.get_untracked() else {
            return;
        };
        if self.paging.get_value() {
            return;
        }
        self.paging.set_value(true);
        let generation = self.generation.get_value();
        let request = ListRequest {
            view: Some(view),
            filters,
            after: Some(after),
            midnight: Some(midnight),
            limit: None,
        };
        #[cfg(feature = "browser")]
        leptos::task::spawn_local(async move {
            let page = crate::server_fns::conversation_list::list_conversations(request).await;
            // Dropped when the page is gone or the list was asked afresh meanwhile.
            if self.paging.try_set_value(false).is_some()
                || self.generation.try_get_value() != Some(generation)
                || self.next.try_get_untracked() != Some(Some(after))
            {
                return;
            }
            self.failed.set(page.is_err());
            if let Ok(page) = page {
                self.rows
                    .update(|rows| super::rows::append_page(rows, page.rows));
                self.next.set(page.next);
            }
        });
        #[cfg(not(feature = "browser"))]
        let _ = (generation, request);
    }

    /// The count shown for `view`.
    pub fn count_of(self, view: View) -> usize {
        self.counts.with(|counts| {
            counts
                .counts
                .iter()
                .find(|(counted, _)| *counted == view)
                .map_or(0, |(_, count)| {
                    usize::try_from(*count).unwrap_or(usize::MAX)
                })
        })
    }
}

/// Whether `now` differs from `before` only in the typed fields (search, email, phone): the
/// list then waits for a pause in typing instead of asking at every key.
fn typed_only(before: &Filters, now: &Filters) -> bool {
    let untyped = |filters: &Filters| Filters {
        search: String::new(),
        email: String::new(),
        phone: String::new(),
        ..filters.clone()
    };
    before != now && untyped(before) == untyped(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_waits_for_a_pause_and_toggles_ask_at_once() {
        let before = Filters::default();
        let typed = |change: fn(&mut Filters)| {
            let mut now = before.clone();
            change(&mut now);
            typed_only(&before, &now)
        };
        assert!(typed(|filters| filters.search = "退".to_owned()));
        assert!(typed(|filters| filters.email = "ann@".to_owned()));
        assert!(typed(|filters| filters.phone = "555".to_owned()));
        assert!(!typed(|filters| filters.online = true));
        assert!(!typed(|filters| {
            filters.search = "x".to_owned();
            filters.overdue = true;
        }));
        assert!(!typed_only(&before, &before));
    }
}
