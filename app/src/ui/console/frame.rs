//! What every console page shares: sign-in as an admin, the top bar and the section menu.
use crate::i18n::*;
use crate::models::CurrentUser;
use crate::routing::permissions::Surface;
use crate::ui::common::language::Localized;
use crate::ui::common::user_bar::{SignedIn, UserBar};
use leptos::prelude::*;
use leptos_router::components::A;

/// A console page for the signed-in admin: `render(user)` inside the frame. The menu marks
/// the current section itself (`A` sets `aria-current="page"`; a contact's page counts as
/// Contacts).
#[component]
pub fn ConsoleFrame(
    /// The page's content, given the admin.
    render: Callback<CurrentUser, AnyView>,
) -> impl IntoView {
    view! {
        <Localized>
            <SignedIn
                surface=Surface::Console
                render=Callback::new(move |user: CurrentUser| {
                    view! { <Frame user=user.clone() content=render.run(user) /> }.into_any()
                })
            />
        </Localized>
    }
}

#[component]
fn Frame(user: CurrentUser, content: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="app-frame">
            <UserBar user surface=Surface::Console />
            <div class="console">
                <nav class="console-nav" aria-label=move || t_string!(i18n, console.title)>
                    <A href="/console" exact=true attr:class="console-nav-item">
                        {t!(i18n, console.nav_overview)}
                    </A>
                    <A href="/console/team" attr:class="console-nav-item">
                        {t!(i18n, console.nav_team)}
                    </A>
                    <A href="/console/settings" attr:class="console-nav-item">
                        {t!(i18n, console.nav_settings)}
                    </A>
                    <A href="/console/catalogues" attr:class="console-nav-item">
                        {t!(i18n, catalogues.nav)}
                    </A>
                    <A href="/console/contacts" attr:class="console-nav-item">
                        {t!(i18n, console.nav_contacts)}
                    </A>
                    <A href="/console/sessions" attr:class="console-nav-item">
                        {t!(i18n, console.nav_sessions)}
                    </A>
                </nav>
                <main class="console-main" id="main">{content}</main>
            </div>
        </div>
    }
}
