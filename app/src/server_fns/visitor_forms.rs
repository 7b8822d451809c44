//! The widget's forms: their settings (console, admins only) and what visitors send through
//! them (the widget posts these with its visitor token, straight through `fetch`).
use crate::errors::AppError;
use crate::models::visitor_forms::{VisitorForms, VisitorFormsInput};
use leptos::prelude::*;

/// The pre-chat and offline forms, business hours and bot setting of the admin's project.
#[server(endpoint = "visitor_forms")]
pub async fn get_visitor_forms() -> Result<VisitorForms, AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::visitor_forms;
    as_admin(async |state, admin| visitor_forms::settings(&state, &admin).await).await
}

/// Stores the forms settings as typed (the console's field names are `forms[…]`).
#[server(endpoint = "update_visitor_forms")]
pub async fn update_visitor_forms(forms: VisitorFormsInput) -> Result<VisitorForms, AppError> {
    use crate::backend::request::as_admin;
    use crate::backend::visitor_forms;
    as_admin(async |state, admin| visitor_forms::update(&state, &admin, &forms).await).await
}

/// The widget's pre-chat form: the visitor's details (those the project does not ask for are
/// ignored). A blacklisted visitor is refused (403).
#[server(endpoint = "visitor_details")]
pub async fn visitor_details(
    token: String,
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
) -> Result<(), AppError> {
    use crate::backend::request::{state, with_status};
    use crate::backend::visitor_forms;
    with_status(
        async { visitor_forms::give_details(&state()?, &token, &name, &email, &phone).await }.await,
    )
}

/// The widget's offline form: a message and the address to answer it at. The message starts
/// the visitor's conversation, which waits in the queue. A blacklisted visitor is refused.
#[server(endpoint = "offline_message")]
pub async fn offline_message(
    token: String,
    #[server(default)] email: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use crate::backend::request::{state, with_status};
    use crate::backend::visitor_forms;
    with_status(
        async { visitor_forms::leave_message(&state()?, &token, &email, &message).await }.await,
    )
}
