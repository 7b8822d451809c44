//! The console's Sessions: every conversation of the project with filters, and transcripts.
//! The filter is parsed here, purely, from what the form sends.
use super::catalogues::EntryId;
use super::ids::{ConversationId, TeamId, UserId};
use super::time::Timestamp;
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Which conversations by state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StateFilter {
    /// Open and closed.
    #[default]
    Any,
    /// Still open.
    Open,
    /// Closed.
    Closed,
}

/// Which conversations by the visitor's rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RatingFilter {
    /// Rated or not.
    #[default]
    Any,
    /// Rated, any number of stars.
    Rated,
    /// Not rated.
    Unrated,
    /// Rated with exactly this many stars (1 to 5).
    Stars(u8),
}

/// A checked Sessions filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionFilter {
    /// Served by this agent.
    pub agent: Option<UserId>,
    /// In this team.
    pub team: Option<TeamId>,
    /// Open or closed.
    pub state: StateFilter,
    /// Started at or after (00:00 UTC of the `from` day).
    pub from: Option<Timestamp>,
    /// Started before (00:00 UTC of the day after the `to` day).
    pub until: Option<Timestamp>,
    /// Carrying this session tag.
    pub tag: Option<EntryId>,
    /// By rating.
    pub rating: RatingFilter,
}

/// Parses the rating filter: `rated`, `unrated`, `1` to `5` (stars); anything else: any.
pub fn parse_rating_filter(text: &str) -> RatingFilter {
    match text.trim() {
        "rated" => RatingFilter::Rated,
        "unrated" => RatingFilter::Unrated,
        stars => match stars.parse::<u8>() {
            Ok(stars @ 1..=5) => RatingFilter::Stars(stars),
            _ => RatingFilter::Any,
        },
    }
}

/// Parses the form: ids may be empty (any), dates are `YYYY-MM-DD` (empty: open-ended).
pub fn parse_session_filter(
    agent: &str,
    team: &str,
    state: &str,
    from: &str,
    to: &str,
) -> Result<SessionFilter, FieldError> {
    let day = |field: &str, text: &str| -> Result<Option<Timestamp>, FieldError> {
        match text.trim() {
            "" => Ok(None),
            day => Timestamp::from_utc_date(day)
                .map(Some)
                .ok_or_else(|| FieldError::new(field, FieldProblem::Incorrect)),
        }
    };
    let from = day("from", from)?;
    let until = day("to", to)?.map(|start| start.plus_secs(86_400));
    if let (Some(from), Some(until)) = (from, until)
        && until <= from
    {
        return Err(FieldError::new("to", FieldProblem::Incorrect));
    }
    Ok(SessionFilter {
        agent: UserId::parse(agent.trim()),
        team: TeamId::parse(team.trim()),
        state: match state {
            "open" => StateFilter::Open,
            "closed" => StateFilter::Closed,
            _ => StateFilter::Any,
        },
        from,
        until,
        tag: None,
        rating: RatingFilter::Any,
    })
}

/// A page of the Sessions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsPage {
    /// The conversations, most recently active first.
    pub rows: Vec<SessionRow>,
    /// Where the next page starts (a [`crate::models::keyset::KeysetCursor`]), if there is one.
    pub next: Option<String>,
}

/// One conversation in the Sessions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    /// The conversation.
    pub id: ConversationId,
    /// The visitor's name, email or phone, if known.
    pub visitor: Option<String>,
    /// Who serves (or last served) it.
    pub agent: Option<String>,
    /// Its team.
    pub team: Option<String>,
    /// Still open.
    pub open: bool,
    /// Started.
    pub started_at: Timestamp,
    /// Last message or change.
    pub last_activity_at: Timestamp,
    /// Messages in it.
    pub messages: i64,
    /// The visitor's stars (1 to 5), if they rated it.
    pub rating_stars: Option<u8>,
    /// What they wrote with the rating.
    pub rating_comment: Option<String>,
}

/// Who wrote a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    /// The visitor.
    Visitor,
    /// An agent.
    Agent,
    /// Parley.
    System,
}

/// One message of a transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    /// Who.
    pub speaker: Speaker,
    /// Their name, for agents.
    pub name: Option<String>,
    /// The text, as written.
    pub body: String,
    /// When.
    pub at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_mean_any_and_dates_cover_whole_days() {
        assert_eq!(
            parse_session_filter("", "", "", "", ""),
            Ok(SessionFilter::default())
        );
        let agent = UserId::new();
        let filter =
            parse_session_filter(&agent.to_string(), "", "closed", "2026-11-01", "2026-11-01")
                .unwrap_or_default();
        assert_eq!(filter.agent, Some(agent));
        assert_eq!(filter.state, StateFilter::Closed);
        assert_eq!(
            filter.from.map(Timestamp::utc_date).as_deref(),
            Some("2026-11-01")
        );
        assert_eq!(
            filter.until.map(Timestamp::utc_date).as_deref(),
            Some("2026-11-02")
        );
    }

    #[test]
    fn rating_filters_accept_stars_one_to_five_only() {
        assert_eq!(parse_rating_filter("rated"), RatingFilter::Rated);
        assert_eq!(parse_rating_filter("unrated"), RatingFilter::Unrated);
        assert_eq!(parse_rating_filter("3"), RatingFilter::Stars(3));
        assert_eq!(parse_rating_filter("0"), RatingFilter::Any);
        assert_eq!(parse_rating_filter("6"), RatingFilter::Any);
        assert_eq!(parse_rating_filter(""), RatingFilter::Any);
    }

    #[test]
    fn bad_dates_and_backwards_ranges_name_their_field() {
        let field = |from: &str, to: &str| {
            parse_session_filter("", "", "", from, to).map_err(|error| error.field)
        };
        assert_eq!(field("yesterday", ""), Err("from".to_owned()));
        assert_eq!(field("", "2026-02-30"), Err("to".to_owned()));
        assert_eq!(field("2026-11-05", "2026-11-04"), Err("to".to_owned()));
    }
}
