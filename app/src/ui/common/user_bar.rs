//! The top bar of the signed-in surfaces, and the wrapper that loads the account.
use crate::i18n::*;
use crate::locale::locale_for;
use crate::models::{CurrentUser, Role};
use crate::routing::permissions::{Surface, may_open};
use crate::server_fns::auth::{Logout, get_current_user};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

/// Loads the signed-in account and renders `render(user)`; sends signed-out visitors to the
/// sign-in page and agents who open the console to the workbench. (The server guard already
/// redirects before rendering; this covers client-side navigation.)
#[component]
pub fn SignedIn(
    /// Which surface is being opened.
    surface: Surface,
    /// The page, given the account.
    render: Callback<CurrentUser, AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    // The language cookie set at sign-in already picks the rendering language; this keeps the
    // page right when the account's language differs from that cookie.
    Effect::new(move |_| {
        if let Some(Ok(Some(account))) = user.get() {
            let locale = locale_for(account.language);
            if i18n.get_locale_untracked() != locale {
                i18n.set_locale(locale);
            }
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="page-loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(account)) if may_open(account.role, surface) => render.run(account),
                    Ok(Some(_)) => view! { <Redirect path="/workbench" /> }.into_any(),
                    _ => view! { <Redirect path="/login" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Brand, surface switcher, who is signed in, and sign-out.
#[component]
pub fn UserBar(
    /// The signed-in account.
    user: CurrentUser,
    /// The surface shown.
    surface: Surface,
    /// The surface's own account controls (the workbench's status menu).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let role = match user.role {
        Role::Admin => t_string!(i18n, common.role_admin),
        Role::Agent => t_string!(i18n, common.role_agent),
    };
    let is_admin = user.role == Role::Admin;
    view! {
        <header class="topbar">
            <a class="brand" href="/workbench">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">{t!(i18n, app_name)}</span>
            </a>
            <nav class="surface-switch" aria-label=move || t_string!(i18n, common.main_navigation)>
                <A href="/workbench" attr:class="surface-link" attr:aria-current=move || (surface == Surface::Workbench).then_some("page")>
                    {t!(i18n, workbench.title)}
                </A>
                <Show when=move || is_admin>
                    <A href="/console" attr:class="surface-link" attr:aria-current=move || (surface == Surface::Console).then_some("page")>
                        {t!(i18n, console.title)}
                    </A>
                </Show>
            </nav>
            <div class="account" aria-label=move || t_string!(i18n, common.account) role="group">
                <Avatar user=user.clone() large=false />
                <span class="account-text">
                    <span class="visually-hidden">{t!(i18n, common.signed_in_as)} " "</span>
                    <strong class="account-name">{user.display_name.clone()}</strong>
                    <span class="account-role">{role}</span>
                </span>
                {children.map(|children| children())}
                <A href="/workbench/profile" attr:class="button ghost small">{t!(i18n, common.profile)}</A>
                <ActionForm action=logout>
                    <button type="submit" class="button ghost small">
                        {t!(i18n, common.sign_out)}
                    </button>
                </ActionForm>
            </div>
        </header>
    }
}

/// The account's picture over its initial. Without a picture the image fails to load and,
/// having an empty `alt`, draws nothing, so the initial shows.
#[component]
pub fn Avatar(
    /// Whose.
    user: CurrentUser,
    /// The profile page's big one.
    large: bool,
) -> impl IntoView {
    let initial = user
        .display_name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    view! {
        <span class=if large { "avatar large" } else { "avatar" } aria-hidden="true">
            {initial}
            <img class="avatar-picture" src=format!("/avatars/{}", user.id) alt="" />
        </span>
    }
}
