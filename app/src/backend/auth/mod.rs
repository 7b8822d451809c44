//! Authentication: password hashing, session tokens and cookies, sign-in rate limits.
pub mod cookies;
pub mod password;
pub mod rate_limit;
pub mod sessions;
pub mod token;
