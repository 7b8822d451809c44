//! The console's Settings page: chat settings as a person types them (minutes and hours), the
//! project's teams with their routing and members, and the pure rules for what may be typed.
use super::ids::{TeamId, UserId};
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Waiting thresholds run from one minute to a day.
pub const MINUTES: (i64, i64) = (1, 24 * 60);
/// Auto-close runs from 0 (at once) to 30 days, in hours.
pub const HOURS: (i64, i64) = (0, 720);
/// An agent takes from 1 to 100 conversations at once.
pub const LIMIT: (i64, i64) = (1, 100);

/// The chat settings as the console shows and edits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSettingsForm {
    /// A visitor waiting longer than this many minutes is "soon".
    pub soon_minutes: i64,
    /// A visitor waiting longer than this many minutes is "overdue".
    pub overdue_minutes: i64,
    /// Open conversations close after this many hours without a visitor message.
    pub auto_close_hours: i64,
    /// The conversation limit of agents without their own.
    pub default_limit: i64,
}

impl ChatSettingsForm {
    /// Seconds as the form's minutes: rounded to the nearest minute, at least one.
    pub fn minutes_of(secs: i64) -> i64 {
        ((secs + 30) / 60).max(MINUTES.0)
    }

    /// The soon threshold in seconds, as stored.
    pub fn soon_secs(&self) -> i64 {
        self.soon_minutes * 60
    }

    /// The overdue threshold in seconds, as stored.
    pub fn overdue_secs(&self) -> i64 {
        self.overdue_minutes * 60
    }
}

/// How a team hands out conversations, as the console offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutingChoice {
    /// To the least-loaded online member with room.
    Auto,
    /// Offered to every online member; the first to join takes it.
    Grab,
}

impl RoutingChoice {
    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            RoutingChoice::Auto => "auto",
            RoutingChoice::Grab => "grab",
        }
    }

    /// Reads a form value; anything but `grab` is `auto`.
    pub fn from_form(value: &str) -> Self {
        if value == "grab" {
            RoutingChoice::Grab
        } else {
            RoutingChoice::Auto
        }
    }
}

/// A team as the Settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSummary {
    /// Which.
    pub id: TeamId,
    /// Its name.
    pub name: String,
    /// Auto or grab.
    pub routing: RoutingChoice,
    /// Its members.
    pub members: Vec<UserId>,
    /// The project's default team (new conversations and accounts go to it).
    pub is_default: bool,
}

/// What the Settings page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsOverview {
    /// The project's chat settings.
    pub chat: ChatSettingsForm,
    /// The project's teams, the default first.
    pub teams: Vec<TeamSummary>,
    /// The active members who can be put in teams: id and display name.
    pub agents: Vec<(UserId, String)>,
}

/// A whole number typed into `field`, within `min..=max`.
pub fn parse_number(field: &str, input: &str, (min, max): (i64, i64)) -> Result<i64, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::new(field, FieldProblem::Required));
    }
    match input.parse::<i64>() {
        Ok(number) if (min..=max).contains(&number) => Ok(number),
        _ => Err(FieldError::new(
            field,
            FieldProblem::OutOfRange { min, max },
        )),
    }
}

/// The chat settings form as typed: every number in range and "soon" before "overdue" (else
/// the overdue field asks for a number above the soon one).
pub fn parse_chat_settings(
    soon_minutes: &str,
    overdue_minutes: &str,
    auto_close_hours: &str,
    default_limit: &str,
) -> Result<ChatSettingsForm, FieldError> {
    let soon_minutes = parse_number("soon_minutes", soon_minutes, MINUTES)?;
    let overdue_minutes = parse_number("overdue_minutes", overdue_minutes, MINUTES)?;
    if overdue_minutes <= soon_minutes {
        return Err(FieldError::new(
            "overdue_minutes",
            FieldProblem::OutOfRange {
                min: soon_minutes + 1,
                max: MINUTES.1,
            },
        ));
    }
    Ok(ChatSettingsForm {
        soon_minutes,
        overdue_minutes,
        auto_close_hours: parse_number("auto_close_hours", auto_close_hours, HOURS)?,
        default_limit: parse_number("default_limit", default_limit, LIMIT)?,
    })
}

/// Whether `name` is taken by one of `existing` (names compare case-insensitively).
pub fn team_name_taken<'a>(name: &str, mut existing: impl Iterator<Item = &'a str>) -> bool {
    let name = name.to_lowercase();
    existing.any(|other| other.trim().to_lowercase() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(result: Result<ChatSettingsForm, FieldError>) -> Option<(String, FieldProblem)> {
        result.err().map(|error| (error.field, error.problem))
    }

    #[test]
    fn settings_in_range_parse() {
        assert_eq!(
            parse_chat_settings(" 3", "5 ", "24", "5"),
            Ok(ChatSettingsForm {
                soon_minutes: 3,
                overdue_minutes: 5,
                auto_close_hours: 24,
                default_limit: 5,
            })
        );
        assert!(parse_chat_settings("1", "1440", "0", "100").is_ok());
        assert!(parse_chat_settings("1", "2", "720", "1").is_ok());
    }

    #[test]
    fn settings_out_of_range_name_their_field() {
        let range = |min, max| FieldProblem::OutOfRange { min, max };
        let cases = [
            (["0", "5", "24", "5"], "soon_minutes", range(1, 1440)),
            (["3", "1441", "24", "5"], "overdue_minutes", range(1, 1440)),
            (["3", "5", "721", "5"], "auto_close_hours", range(0, 720)),
            (["3", "5", "-1", "5"], "auto_close_hours", range(0, 720)),
            (["3", "5", "24", "0"], "default_limit", range(1, 100)),
            (["3", "5", "24", "101"], "default_limit", range(1, 100)),
            (["3", "5", "24", "2.5"], "default_limit", range(1, 100)),
            (["three", "5", "24", "5"], "soon_minutes", range(1, 1440)),
            (
                ["3", "", "24", "5"],
                "overdue_minutes",
                FieldProblem::Required,
            ),
        ];
        for ([soon, overdue, hours, limit], field, expected) in cases {
            assert_eq!(
                problem(parse_chat_settings(soon, overdue, hours, limit)),
                Some((field.to_owned(), expected)),
                "{soon} {overdue} {hours} {limit}"
            );
        }
    }

    #[test]
    fn soon_must_come_before_overdue() {
        let after_soon = |min| FieldProblem::OutOfRange { min, max: 1440 };
        assert_eq!(
            problem(parse_chat_settings("5", "5", "24", "5")),
            Some(("overdue_minutes".to_owned(), after_soon(6)))
        );
        assert_eq!(
            problem(parse_chat_settings("10", "4", "24", "5")),
            Some(("overdue_minutes".to_owned(), after_soon(11)))
        );
    }

    #[test]
    fn stored_seconds_show_as_whole_minutes() {
        assert_eq!(ChatSettingsForm::minutes_of(180), 3);
        assert_eq!(ChatSettingsForm::minutes_of(89), 1);
        assert_eq!(ChatSettingsForm::minutes_of(90), 2);
        assert_eq!(ChatSettingsForm::minutes_of(1), 1);
        let form = ChatSettingsForm {
            soon_minutes: 3,
            overdue_minutes: 5,
            auto_close_hours: 24,
            default_limit: 5,
        };
        assert_eq!((form.soon_secs(), form.overdue_secs()), (180, 300));
    }

    #[test]
    fn routing_choices_read_from_the_form() {
        assert_eq!(RoutingChoice::from_form("grab"), RoutingChoice::Grab);
        assert_eq!(RoutingChoice::from_form("auto"), RoutingChoice::Auto);
        assert_eq!(RoutingChoice::from_form("other"), RoutingChoice::Auto);
        for choice in [RoutingChoice::Auto, RoutingChoice::Grab] {
            assert_eq!(RoutingChoice::from_form(choice.as_str()), choice);
        }
    }

    #[test]
    fn team_names_are_unique_regardless_of_case() {
        let names = ["Support", "Sales"];
        assert!(team_name_taken("support", names.into_iter()));
        assert!(team_name_taken("SALES", names.into_iter()));
        assert!(!team_name_taken("Billing", names.into_iter()));
    }
}
