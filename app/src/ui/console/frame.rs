//! What every console page shares: sign-in as an admin, the top bar and the section menu.
use crate::i18n::*;
use crate::models::CurrentUser;
use crate::routing::permissions::Surface;
use crate::ui::common::language::Localized;
use crate::ui::common::user_bar::{SignedIn, UserBar};
use leptos::prelude::*;
use leptos_router::components::A;

/// The console's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `/console`: project facts and the install snippet.
    Overview,
    /// `/console/team`: members, invitations, seats, outbox.
    Team,
}

/// A console page for the signed-in admin: `render(user)` inside the frame.
#[component]
pub fn ConsoleFrame(
    /// The section shown (highlighted in the menu).
    section: Section,
    /// The page's content, given the admin.
    render: Callback<CurrentUser, AnyView>,
) -> impl IntoView {
    view! {
        <Localized>
            <SignedIn
                surface=Surface::Console
                render=Callback::new(move |user: CurrentUser| {
                    view! { <Frame user=user.clone() section content=render.run(user) /> }.into_any()
                })
            />
        </Localized>
    }
}

#[component]
fn Frame(user: CurrentUser, section: Section, content: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let current = move |here: Section| (section == here).then_some("page");
    view! {
        <div class="app-frame">
            <UserBar user surface=Surface::Console />
            <div class="console">
                <nav class="console-nav" aria-label=move || t_string!(i18n, console.title)>
                    <A href="/console" attr:class="console-nav-item" attr:aria-current=move || current(Section::Overview)>
                        {t!(i18n, console.nav_overview)}
                    </A>
                    <A href="/console/team" attr:class="console-nav-item" attr:aria-current=move || current(Section::Team)>
                        {t!(i18n, console.nav_team)}
                    </A>
                </nav>
                <main class="console-main" id="main">{content}</main>
            </div>
        </div>
    }
}
