//! Accounts: who signs in to the workbench and console.
use super::ids::{ProjectId, UserId};
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// A syntactically valid, normalised (trimmed, lower-cased) email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses user input for the form field `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(field, FieldProblem::Required));
        }
        if trimmed.len() > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                FieldProblem::TooLong { max: Self::MAX_LEN },
            ));
        }
        let has_dotted_domain = trimmed
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') || domain == "localhost");
        if !has_dotted_domain || email_address::EmailAddress::from_str(trimmed).is_err() {
            return Err(FieldError::new(field, FieldProblem::InvalidEmail));
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as typed: length-checked only (8 to 128 characters), never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Shortest password accepted for a new account.
    pub const MIN_LEN: usize = 8;
    /// Longest password accepted (bounds hashing work).
    pub const MAX_LEN: usize = 128;

    /// Parses a new password for the form field `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let length = input.chars().count();
        if length == 0 {
            return Err(FieldError::new(field, FieldProblem::Required));
        }
        if length < Self::MIN_LEN {
            return Err(FieldError::new(
                field,
                FieldProblem::TooShort { min: Self::MIN_LEN },
            ));
        }
        if length > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                FieldProblem::TooLong { max: Self::MAX_LEN },
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// The password text, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the project from the console; also answers chats.
    Admin,
    /// Answers chats in the workbench.
    Agent,
}

impl Role {
    /// The text stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
        }
    }

    /// Reads the stored text.
    pub fn from_db(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Role::Admin),
            "agent" => Some(Role::Agent),
            _ => None,
        }
    }
}

/// The working languages of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Language {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// 简体中文.
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// 繁體中文.
    #[serde(rename = "zh-Hant")]
    ZhHant,
}

impl Language {
    /// Every supported language, in menu order.
    pub const ALL: [Language; 3] = [Language::En, Language::ZhHans, Language::ZhHant];

    /// The BCP 47 tag (also the locale file name).
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhHans => "zh-Hans",
            Language::ZhHant => "zh-Hant",
        }
    }

    /// The language's own name, as shown in a language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::ZhHans => "简体中文",
            Language::ZhHant => "繁體中文",
        }
    }

    /// Reads a stored tag; unknown tags fall back to English.
    pub fn from_tag(tag: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|language| language.tag().eq_ignore_ascii_case(tag))
            .unwrap_or_default()
    }
}

/// The signed-in account, as every surface sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// Account id.
    pub id: UserId,
    /// The project the account belongs to.
    pub project_id: ProjectId,
    /// Sign-in address.
    pub email: String,
    /// Name shown to colleagues and visitors.
    pub display_name: String,
    /// Admin or agent.
    pub role: Role,
    /// Working language of the workbench and console.
    pub language: Language,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse("email", "  Ann@Example.COM ").map(|email| email.as_str().to_owned()),
            Ok("ann@example.com".to_owned())
        );
    }

    #[test]
    fn bad_emails_say_what_is_wrong() {
        let problem = |input: &str| {
            Email::parse("email", input)
                .err()
                .map(|error| error.problem)
        };
        assert_eq!(problem(""), Some(FieldProblem::Required));
        assert_eq!(problem("   "), Some(FieldProblem::Required));
        assert_eq!(problem("ann"), Some(FieldProblem::InvalidEmail));
        assert_eq!(problem("ann@"), Some(FieldProblem::InvalidEmail));
        assert_eq!(problem("ann@example"), Some(FieldProblem::InvalidEmail));
        assert_eq!(problem("a b@example.com"), Some(FieldProblem::InvalidEmail));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(problem(&long), Some(FieldProblem::TooLong { max: 254 }));
    }

    #[test]
    fn passwords_are_length_checked_by_characters() {
        assert!(Password::parse("password", "correct horse").is_ok());
        assert!(Password::parse("password", "密码密码密码密码").is_ok());
        assert_eq!(
            Password::parse("password", "short")
                .err()
                .map(|error| error.problem),
            Some(FieldProblem::TooShort { min: 8 })
        );
        assert_eq!(
            Password::parse("password", "")
                .err()
                .map(|error| error.problem),
            Some(FieldProblem::Required)
        );
        assert!(Password::parse("password", &"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", Password::parse("p", "secret-value").ok()),
            "Some(Password(***))"
        );
    }

    #[test]
    fn languages_round_trip_their_tags() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), language);
        }
        assert_eq!(Language::from_tag("fr"), Language::En);
        assert_eq!(Role::from_db(Role::Agent.as_str()), Some(Role::Agent));
        assert_eq!(Role::from_db("root"), None);
    }
}
