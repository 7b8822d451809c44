//! The views pane: one toggle button per view with its live count; the pressed one is the
//! list's view.
use super::views::View;
use crate::i18n::*;
use leptos::prelude::*;

/// The localized name of a view.
fn view_name(i18n: leptos_i18n::I18nContext<Locale>, view: View) -> &'static str {
    match view {
        View::Mine => t_string!(i18n, workbench.view_mine),
        View::Queued => t_string!(i18n, workbench.view_queued),
        View::Unread => t_string!(i18n, workbench.view_unread),
        View::OnHold => t_string!(i18n, workbench.view_on_hold),
        View::Replied => t_string!(i18n, workbench.view_replied),
        View::Closed => t_string!(i18n, workbench.view_closed),
        View::All => t_string!(i18n, workbench.view_all),
    }
}

/// The views with their counts (the button's accessible name is "Mine 3").
#[component]
pub fn ViewsPane(
    /// Each view the agent has and how many conversations it holds.
    counts: Signal<Vec<(View, usize)>>,
    /// The chosen view.
    current: RwSignal<View>,
) -> impl IntoView {
    let i18n = use_i18n();
    let views: Vec<View> =
        counts.with_untracked(|counts| counts.iter().map(|(view, _)| *view).collect());
    view! {
        <ul class="view-list">
            {views
                .into_iter()
                .map(|view| {
                    let count = move || {
                        counts.with(|counts| {
                            counts
                                .iter()
                                .find(|(counted, _)| *counted == view)
                                .map_or(0, |(_, count)| *count)
                        })
                    };
                    view! {
                        <li>
                            <button
                                type="button"
                                class="view-item"
                                aria-pressed=move || (current.get() == view).to_string()
                                // Said as "Mine 3": the two spans would run together.
                                aria-label=move || format!("{} {}", view_name(i18n, view), count())
                                on:click=move |_| current.set(view)
                            >
                                <span>{move || view_name(i18n, view)}</span>
                                <span class="count" aria-hidden="true">{count}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
