//! Every member's own profile: display name, working language, password.
use crate::errors::AppError;
use crate::models::CurrentUser;
use leptos::prelude::*;

/// Stores a new display name and working language (`en`, `zh-Hans`, `zh-Hant`).
#[server(endpoint = "profile")]
pub async fn update_profile(name: String, language: String) -> Result<CurrentUser, AppError> {
    use crate::backend::auth::cookies;
    use crate::backend::profile;
    use crate::backend::request::{as_member, set_cookie};
    use crate::errors::{FieldError, FieldProblem};
    use crate::models::Language;
    as_member(async |state, user| {
        let language = Language::ALL
            .into_iter()
            .find(|known| known.tag() == language)
            .ok_or_else(|| FieldError::new("language", FieldProblem::Required))?;
        let updated = profile::update(&state, &user, &name, language).await?;
        set_cookie(&cookies::language_cookie(language.tag(), &state.auth));
        Ok(updated)
    })
    .await
}

/// Changes the password; every session of the account ends and the sign-in page shows.
#[server(endpoint = "password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::backend::auth::cookies;
    use crate::backend::profile;
    use crate::backend::request::{as_member, set_cookie};
    as_member(async |state, user| {
        profile::change_password(&state, &user, &current_password, &new_password).await?;
        set_cookie(&cookies::clear_session_cookie(&state.auth));
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}
