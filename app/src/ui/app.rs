//! The HTML shell and the router that picks a surface.
use super::console::{
    CataloguesPage, ConsolePage, ContactPage, ContactsPage, SessionsPage, SettingsPage, TeamPage,
};
use super::join::JoinPage;
use super::login::LoginPage;
use super::not_found::NotFound;
use super::profile::ProfilePage;
use super::workbench::WorkbenchPage;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

/// The document around every server-rendered page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.ico" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Routes: the sign-in page and the two signed-in surfaces (the widget iframe has its own
/// document and bundle: [`crate::ui::widget`]).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="parley" href="/pkg/parley.css" />
        <Title text="Parley" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/workbench" /> } />
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/workbench") view=WorkbenchPage />
                <Route path=path!("/workbench/profile") view=ProfilePage />
                <Route path=path!("/console") view=ConsolePage />
                <Route path=path!("/console/team") view=TeamPage />
                <Route path=path!("/console/settings") view=SettingsPage />
                <Route path=path!("/console/catalogues") view=CataloguesPage />
                <Route path=path!("/console/contacts") view=ContactsPage />
                <Route path=path!("/console/sessions") view=SessionsPage />
                <Route path=path!("/console/contacts/:id") view=ContactPage />
                <Route path=path!("/join/:token") view=JoinPage />
            </Routes>
        </Router>
    }
}
