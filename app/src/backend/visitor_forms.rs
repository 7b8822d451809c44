//! The widget's forms: the console's settings for them (admins), whether the project can
//! answer now (agents online and inside business hours), and what visitors send through them
//! (their details before a chat; a message and email address when nobody can answer).
use super::AppState;
use super::chat::{self, ChatError};
use super::db::visitor_forms as db;
use super::db::visitors::VisitorRef;
use crate::errors::{AppError, FieldError, FieldProblem};
use crate::models::contact::{ContactFields, parse_contact_fields};
use crate::models::visitor_forms::{
    Ask, VisitorForms, VisitorFormsInput, WeekHours, parse_visitor_forms,
};
use crate::models::{CurrentUser, Email, ProjectId, Timestamp};
use crate::realtime::protocol::ErrorCode;
use chrono::{Datelike, Timelike};
use chrono_tz::Tz;

/// Checks an IANA time zone name (`Europe/Berlin`), as the zone database spells it.
pub fn parse_time_zone(text: &str) -> Result<String, FieldError> {
    text.trim()
        .parse::<Tz>()
        .map(|zone| zone.name().to_owned())
        .map_err(|_| FieldError::new("time_zone", FieldProblem::InvalidTimeZone))
}

/// Whether `hours` read in `time_zone` are open at `now`. The instant is turned into the
/// zone's wall-clock time first, so daylight saving changes move nothing: 09:00 is 09:00 in
/// summer and in winter. An unknown zone (never stored: checked on write) counts as UTC.
pub fn open_now(hours: &WeekHours, time_zone: &str, now: Timestamp) -> bool {
    if !hours.is_set() {
        return true;
    }
    let zone = time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    let Some(utc) = chrono::DateTime::from_timestamp_millis(now.0) else {
        return true;
    };
    let local = utc.with_timezone(&zone);
    let minute = u16::try_from(local.hour() * 60 + local.minute()).unwrap_or(0);
    let weekday = usize::try_from(local.weekday().num_days_from_monday()).unwrap_or(0);
    hours.open_at(weekday, minute)
}

/// The stored settings of the admin's project.
pub async fn settings(state: &AppState, admin: &CurrentUser) -> Result<VisitorForms, AppError> {
    db::find(&state.db, admin.project_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Checks and stores what the admin typed; the widget follows from its next page load.
pub async fn update(
    state: &AppState,
    admin: &CurrentUser,
    input: &VisitorFormsInput,
) -> Result<VisitorForms, AppError> {
    let forms = parse_visitor_forms(input, parse_time_zone(&input.time_zone)?)?;
    db::update(&state.db, admin.project_id, &forms).await?;
    tracing::info!(project = %admin.project_id, by = %admin.id, "visitor forms changed");
    Ok(forms)
}

/// The widget's one-byte code for the project now ([`VisitorForms::widget_code`]): the forms
/// it asks for, and whether someone can answer (an agent is online and the business hours
/// are open).
pub async fn widget_code(state: &AppState, project_id: ProjectId) -> Result<u8, AppError> {
    let forms = db::find(&state.db, project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Timestamp::now();
    let available = open_now(&forms.hours, &forms.time_zone, now)
        && db::any_agent_online(&state.db, project_id, now).await?;
    Ok(forms.widget_code(available))
}

/// The visitor holding `token`: unknown tokens are `Unauthorized`, blacklisted visitors
/// `Forbidden` (the widget says they cannot start a conversation here).
async fn visitor(state: &AppState, token: &str) -> Result<VisitorRef, AppError> {
    match chat::visitor_for_token(state, token).await? {
        None => Err(AppError::Unauthorized),
        Some(found) if found.blocked => Err(AppError::Forbidden),
        Some(found) => Ok(found.visitor),
    }
}

/// Checks the pre-chat form against what the project asks: required details must be there,
/// each given one well-formed, details not asked for are ignored.
pub fn check_details(
    forms: &VisitorForms,
    name: &str,
    email: &str,
    phone: &str,
) -> Result<ContactFields, FieldError> {
    let asked = |ask: Ask, field: &'static str, text: &str| match ask {
        Ask::Required if text.trim().is_empty() => {
            Err(FieldError::new(field, FieldProblem::Required))
        }
        Ask::Off => Ok(String::new()),
        _ => Ok(text.to_owned()),
    };
    let (name, email, phone) = (
        asked(forms.name, "name", name)?,
        asked(forms.email, "email", email)?,
        asked(forms.phone, "phone", phone)?,
    );
    parse_contact_fields(&name, &email, &phone)
}

/// Stores the details of the widget's pre-chat form on the visitor.
pub async fn give_details(
    state: &AppState,
    token: &str,
    name: &str,
    email: &str,
    phone: &str,
) -> Result<(), AppError> {
    let visitor = visitor(state, token).await?;
    let forms = db::find(&state.db, visitor.project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let fields = check_details(&forms, name, email, phone)?;
    let mut conn = state.db.pool().acquire().await?;
    db::fill_details(&mut conn, visitor.id, &fields).await?;
    Ok(())
}

fn message_error(error: ChatError) -> AppError {
    match error.code {
        ErrorCode::EmptyBody => FieldError::new("message", FieldProblem::Required).into(),
        ErrorCode::BodyTooLong => {
            FieldError::new("message", FieldProblem::TooLong { max: 5000 }).into()
        }
        _ => error.into_app_error(),
    }
}

/// The offline form: the visitor's message, sent as any visitor's message (it starts or
/// continues their conversation and is routed as any other: into the queue while nobody can
/// take it), with the email address to answer it at, stored in the same transaction.
pub async fn leave_message(
    state: &AppState,
    token: &str,
    email: &str,
    message: &str,
) -> Result<(), AppError> {
    let visitor = visitor(state, token).await?;
    let email = Email::parse("email", email)?;
    chat::send_message_with_email(state, visitor, message, email)
        .await
        .map_err(message_error)?;
    tracing::info!(visitor = %visitor.id, "offline message left");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-27 (a Friday) at `hh:mm` UTC.
    fn friday_utc(hour: i64, minute: i64) -> Timestamp {
        Timestamp((1_774_569_600 + hour * 3600 + minute * 60) * 1000)
    }

    fn weekdays_nine_to_five() -> WeekHours {
        let day = Some((9 * 60, 17 * 60));
        WeekHours([day, day, day, day, day, None, None])
    }

    #[test]
    fn the_reference_instant_is_a_friday_midnight() {
        let Some(at) = chrono::DateTime::from_timestamp_millis(friday_utc(0, 0).0) else {
            panic!("out of range");
        };
        assert_eq!(at.to_rfc3339(), "2026-03-27T00:00:00+00:00");
        assert_eq!(at.weekday(), chrono::Weekday::Fri);
    }

    #[test]
    fn time_zones_are_checked_by_name() {
        assert_eq!(
            parse_time_zone(" Europe/Berlin "),
            Ok("Europe/Berlin".to_owned())
        );
        assert_eq!(parse_time_zone("UTC"), Ok("UTC".to_owned()));
        for bad in ["", "Mars/Olympus", "GMT+25", "europe berlin"] {
            assert_eq!(
                parse_time_zone(bad),
                Err(FieldError::new("time_zone", FieldProblem::InvalidTimeZone)),
                "{bad}"
            );
        }
    }

    #[test]
    fn hours_are_read_in_the_projects_time_zone() {
        let hours = weekdays_nine_to_five();
        // 08:30 UTC is 09:30 in Berlin (winter, UTC+1) and 04:30 in New York (UTC-4 by then).
        assert!(open_now(&hours, "Europe/Berlin", friday_utc(8, 30)));
        assert!(!open_now(&hours, "America/New_York", friday_utc(8, 30)));
        assert!(!open_now(&hours, "UTC", friday_utc(8, 30)));
        // Friday 23:30 UTC is already Saturday in Tokyo: closed.
        assert!(!open_now(&hours, "Asia/Tokyo", friday_utc(23, 30)));
        assert!(open_now(&hours, "Asia/Tokyo", friday_utc(1, 0)));
    }

    #[test]
    fn daylight_saving_keeps_the_wall_clock() {
        let hours = weekdays_nine_to_five();
        // Berlin moves to summer time on Sunday 2026-03-29: on Monday 2026-03-30, 09:00
        // local is 07:00 UTC (it was 08:00 UTC the Friday before).
        let monday =
            |hour: i64, minute: i64| Timestamp(friday_utc(hour, minute).0 + 3 * 24 * 3600 * 1000);
        assert!(!open_now(&hours, "Europe/Berlin", friday_utc(7, 30)));
        assert!(open_now(&hours, "Europe/Berlin", monday(7, 30)));
        assert!(!open_now(&hours, "Europe/Berlin", monday(6, 59)));
        assert!(open_now(&hours, "Europe/Berlin", monday(14, 59)));
        assert!(!open_now(&hours, "Europe/Berlin", monday(15, 0)));
    }

    #[test]
    fn overnight_hours_and_no_hours() {
        let mut week = [None; 7];
        week[4] = Some((22 * 60, 6 * 60));
        let hours = WeekHours(week);
        assert!(open_now(&hours, "UTC", friday_utc(23, 0)));
        assert!(
            open_now(&hours, "UTC", friday_utc(24 + 5, 0)),
            "Saturday 05:00"
        );
        assert!(!open_now(&hours, "UTC", friday_utc(24 + 6, 0)));
        assert!(open_now(&WeekHours::default(), "UTC", friday_utc(3, 0)));
    }

    #[test]
    fn details_follow_what_the_project_asks() {
        let forms = VisitorForms {
            name: Ask::Required,
            email: Ask::Optional,
            phone: Ask::Off,
            ..VisitorForms::default()
        };
        assert_eq!(
            check_details(&forms, " ", "a@example.com", ""),
            Err(FieldError::new("name", FieldProblem::Required))
        );
        assert_eq!(
            check_details(&forms, "Ann", "not-an-address", ""),
            Err(FieldError::new("email", FieldProblem::InvalidEmail))
        );
        let fields = check_details(&forms, "Ann", "", "12345 ignored");
        assert_eq!(
            fields,
            Ok(ContactFields {
                name: Some("Ann".to_owned()),
                ..ContactFields::default()
            })
        );
    }
}
