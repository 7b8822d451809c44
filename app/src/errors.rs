//! The one error type crossing the server-function boundary. Internal causes are logged on the
//! server; clients get a stable code (the serde tag) and enough data to render a message in the
//! user's language.
use serde::{Deserialize, Serialize};

/// Why a single form field was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FieldProblem {
    /// Nothing was entered.
    Required,
    /// Not a valid email address.
    InvalidEmail,
    /// Shorter than `min` characters.
    TooShort { min: usize },
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// Already used by another record (e.g. an email address).
    AlreadyTaken,
    /// Does not match what is stored (e.g. the current password).
    Incorrect,
    /// A number outside `min..=max`.
    OutOfRange { min: i64, max: i64 },
    /// Not a colour written as `#rrggbb`.
    InvalidColor,
    /// Not a phone number.
    InvalidPhone,
    /// Not opening hours like `09:00-17:00`.
    InvalidHours,
    /// Not an IANA time zone name.
    InvalidTimeZone,
}

/// A rejected field: which one and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {problem:?}")]
pub struct FieldError {
    /// The form field name, as in the HTML `name` attribute.
    pub field: String,
    /// What is wrong with it.
    #[serde(flatten)]
    pub problem: FieldProblem,
}

impl FieldError {
    /// A problem with the named field.
    pub fn new(field: &str, problem: FieldProblem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// Everything a server function or HTTP handler can answer instead of success.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    /// Input failed validation; shown next to the field.
    #[error("invalid input: {0}")]
    Invalid(FieldError),
    /// Email and password do not match (never says which).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many attempts; try again after the given number of seconds.
    #[error("too many attempts, retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// No valid session.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// The thing does not exist (or the caller may not know it exists).
    #[error("not found")]
    NotFound,
    /// Inviting would need more seats than the subscription has left.
    #[error("only {free} of {seats} seats are free")]
    SeatsExhausted { seats: i64, free: i64 },
    /// More addresses than one invitation request takes.
    #[error("at most {max} addresses at once")]
    TooManyInvitees { max: usize },
    /// The change would leave the project without an active admin.
    #[error("the last admin must stay")]
    LastAdmin,
    /// The subscription's paid period is over.
    #[error("the subscription has expired")]
    SubscriptionExpired,
    /// A join link that was used, withdrawn, expired or never existed.
    #[error("invitation link no longer valid")]
    InvitationUnusable,
    /// Something failed on the server; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// The request never reached the function, or its answer could not be read (a struct
    /// variant: the `code` tag cannot sit beside a bare string).
    #[error("request failed: {message}")]
    Transport {
        /// What went wrong, for developers.
        message: String,
    },
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::InvalidCredentials | AppError::Unauthorized => 401,
            AppError::RateLimited { .. } => 429,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::SeatsExhausted { .. } | AppError::LastAdmin => 409,
            AppError::TooManyInvitees { .. } => 422,
            AppError::SubscriptionExpired => 402,
            AppError::InvitationUnusable => 410,
            AppError::Internal => 500,
            AppError::Transport { .. } => 400,
        }
    }

    /// The field this error belongs to, if it is a validation error.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid(error) => Some(&error.field),
            _ => None,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError::Invalid(error)
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport {
            message: value.to_string(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_stable_on_the_wire() -> Result<(), serde_json::Error> {
        let json = serde_json::to_value(AppError::RateLimited {
            retry_after_secs: 60,
        })?;
        assert_eq!(json["code"], "rate_limited");
        assert_eq!(json["retry_after_secs"], 60);
        let invalid = AppError::Invalid(FieldError::new("email", FieldProblem::InvalidEmail));
        let json = serde_json::to_value(&invalid)?;
        assert_eq!(json["code"], "invalid");
        assert_eq!(json["field"], "email");
        assert_eq!(json["problem"], "invalid_email");
        let back: AppError = serde_json::from_value(json)?;
        assert_eq!(back, invalid);
        Ok(())
    }

    #[test]
    fn a_request_the_function_never_saw_still_encodes() -> Result<(), serde_json::Error> {
        use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "missing field `member`".to_owned(),
        ));
        let json = serde_json::to_value(&error)?;
        assert_eq!(json["code"], "transport");
        let back: AppError = serde_json::from_value(json)?;
        assert_eq!(back, error);
        assert_eq!(error.status_code(), 400);
        Ok(())
    }

    #[test]
    fn statuses_match_meaning() {
        assert_eq!(AppError::InvalidCredentials.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(
            AppError::RateLimited {
                retry_after_secs: 1
            }
            .status_code(),
            429
        );
    }
}
