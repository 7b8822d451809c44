//! Error messages in the user's language, next to the field they belong to.
use crate::errors::{AppError, FieldProblem};
use crate::i18n::*;
use leptos::prelude::*;

/// The message for an error, in the current language.
pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Invalid(field) => match field.problem {
            FieldProblem::Required => t_string!(i18n, errors.required).to_string(),
            FieldProblem::InvalidEmail => t_string!(i18n, errors.invalid_email).to_string(),
            FieldProblem::TooShort { min } => t_string!(i18n, errors.too_short, min).to_string(),
            FieldProblem::TooLong { max } => t_string!(i18n, errors.too_long, max).to_string(),
            FieldProblem::AlreadyTaken => t_string!(i18n, errors.already_taken).to_string(),
            FieldProblem::Incorrect => t_string!(i18n, errors.incorrect).to_string(),
            FieldProblem::InvalidColor => t_string!(i18n, errors.invalid_color).to_string(),
            FieldProblem::InvalidPhone => t_string!(i18n, errors.invalid_phone).to_string(),
            FieldProblem::InvalidHours => t_string!(i18n, errors.invalid_hours).to_string(),
            FieldProblem::InvalidTimeZone => t_string!(i18n, errors.invalid_time_zone).to_string(),
            FieldProblem::OutOfRange { min, max } => {
                t_string!(i18n, errors.out_of_range, min, max).to_string()
            }
        },
        AppError::InvalidCredentials => t_string!(i18n, errors.invalid_credentials).to_string(),
        AppError::RateLimited { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            t_string!(i18n, errors.rate_limited, minutes).to_string()
        }
        AppError::Unauthorized => t_string!(i18n, errors.unauthorized).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::SeatsExhausted { seats, free } => {
            t_string!(i18n, errors.seats_exhausted, seats, free).to_string()
        }
        AppError::TooManyInvitees { max } => {
            t_string!(i18n, errors.too_many_invitees, max).to_string()
        }
        AppError::LastAdmin => t_string!(i18n, errors.last_admin).to_string(),
        AppError::SubscriptionExpired => t_string!(i18n, errors.subscription_expired).to_string(),
        AppError::InvitationUnusable => t_string!(i18n, errors.invitation_unusable).to_string(),
        AppError::Internal | AppError::Transport { .. } => {
            t_string!(i18n, errors.generic).to_string()
        }
    }
}

/// The message under one form field: shown only when `error` belongs to `field`.
#[component]
pub fn FieldMessage(
    /// The field's `name`.
    field: &'static str,
    /// Its element id, for `aria-describedby`.
    id: &'static str,
    /// The latest error of the form, if any.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .filter(|error| error.field() == Some(field))
            .map(|error| error_text(i18n, &error))
    };
    view! {
        <p class="field-error" id=id role="alert" hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// The message for errors that belong to no single field.
#[component]
pub fn FormMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        error
            .get()
            .filter(|error| error.field().is_none())
            .map(|error| error_text(i18n, &error))
    };
    view! {
        <p class="form-error" role="alert" hidden=move || message().is_none()>
            {message}
        </p>
    }
}

/// Keeps the latest refusal in `error`, or clears it and runs `done` after a success.
pub fn settle<T>(
    outcome: Option<Result<T, AppError>>,
    error: RwSignal<Option<AppError>>,
    done: impl FnOnce(),
) {
    match outcome {
        Some(Ok(_)) => {
            error.set(None);
            done();
        }
        Some(Err(refusal)) => error.set(Some(refusal)),
        None => {}
    }
}
