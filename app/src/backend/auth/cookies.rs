//! The session cookie: `HttpOnly`, `SameSite=Lax`, `Secure` when served over https.
use crate::backend::AuthSettings;
use cookie::{Cookie, SameSite, time::Duration};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "parley_session";
/// Name of the language cookie leptos_i18n reads when rendering.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// `Set-Cookie` value that stores a session token.
pub fn session_cookie(token: &str, settings: &AuthSettings) -> String {
    Cookie::build((SESSION_COOKIE, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.cookie_secure)
        .max_age(Duration::seconds(settings.absolute_timeout_secs))
        .build()
        .to_string()
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(settings: &AuthSettings) -> String {
    Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.cookie_secure)
        .max_age(Duration::ZERO)
        .build()
        .to_string()
}

/// `Set-Cookie` value that makes pages render in the account's language.
pub fn language_cookie(tag: &str, settings: &AuthSettings) -> String {
    Cookie::build((LANGUAGE_COOKIE, tag.to_owned()))
        .path("/")
        .same_site(SameSite::Lax)
        .secure(settings.cookie_secure)
        .max_age(Duration::days(365))
        .build()
        .to_string()
}

/// The session token from a request's `Cookie` headers.
pub fn session_token(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == SESSION_COOKIE && !cookie.value().is_empty())
        .map(|cookie| cookie.value().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(secure: bool) -> AuthSettings {
        AuthSettings {
            cookie_secure: secure,
            idle_timeout_secs: 60,
            absolute_timeout_secs: 3600,
        }
    }

    #[test]
    fn session_cookie_is_locked_down() {
        let cookie = session_cookie("tok", &settings(false));
        assert!(cookie.starts_with("parley_session=tok"), "{cookie}");
        assert!(cookie.contains("HttpOnly"));
        assert!(cookie.contains("SameSite=Lax"));
        assert!(cookie.contains("Path=/"));
        assert!(!cookie.contains("Secure"));
        assert!(session_cookie("tok", &settings(true)).contains("Secure"));
    }

    #[test]
    fn token_is_read_among_other_cookies() -> Result<(), http::header::InvalidHeaderValue> {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::COOKIE,
            "a=1; parley_session=xyz; b=2".parse()?,
        );
        assert_eq!(session_token(&headers), Some("xyz".to_owned()));
        let mut empty = http::HeaderMap::new();
        empty.append(http::header::COOKIE, "parley_session=".parse()?);
        assert_eq!(session_token(&empty), None);
        Ok(())
    }
}
