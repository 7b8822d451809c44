//! A project's chat settings: waiting thresholds, auto-close hours, default conversation limit.
use super::Db;
use crate::models::ProjectId;
use sqlx::Row;

/// The settings routing and the timers follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatSettings {
    /// A visitor waiting longer than this is "soon".
    pub soon_secs: i64,
    /// A visitor waiting longer than this is "overdue".
    pub overdue_secs: i64,
    /// Open conversations close after this many hours without a visitor message.
    pub auto_close_hours: i64,
    /// The conversation limit of agents without their own.
    pub default_conversation_limit: i64,
}

/// Checks settings a person typed: thresholds from 1 second to a day with "soon" before
/// "overdue", auto-close from 1 hour to 30 days (0: at once, for tests and strict teams), a
/// limit from 1 to 100. The error is a sentence for the person.
pub fn validate(settings: ChatSettings) -> Result<ChatSettings, String> {
    let day = 24 * 3600;
    if !(1..=day).contains(&settings.soon_secs) || !(1..=day).contains(&settings.overdue_secs) {
        return Err("waiting thresholds must be between 1 second and 1 day".to_owned());
    }
    if settings.soon_secs >= settings.overdue_secs {
        return Err("\"soon\" must come before \"overdue\"".to_owned());
    }
    if !(0..=720).contains(&settings.auto_close_hours) {
        return Err("auto-close must be between 0 and 720 hours".to_owned());
    }
    if !(1..=super::agents::MAX_LIMIT).contains(&settings.default_conversation_limit) {
        return Err("the conversation limit must be between 1 and 100".to_owned());
    }
    Ok(settings)
}

/// The project's settings, if it exists.
pub async fn find(db: &Db, project_id: ProjectId) -> Result<Option<ChatSettings>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT soon_secs, overdue_secs, auto_close_hours, default_conversation_limit \
         FROM projects WHERE id = $1",
    )
    .bind(project_id.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(ChatSettings {
            soon_secs: row.try_get("soon_secs")?,
            overdue_secs: row.try_get("overdue_secs")?,
            auto_close_hours: row.try_get("auto_close_hours")?,
            default_conversation_limit: row.try_get("default_conversation_limit")?,
        })
    })
    .transpose()
}

/// Stores the project's settings (already validated).
pub async fn update(
    db: &Db,
    project_id: ProjectId,
    settings: ChatSettings,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET soon_secs = $1, overdue_secs = $2, auto_close_hours = $3, \
         default_conversation_limit = $4 WHERE id = $5",
    )
    .bind(settings.soon_secs)
    .bind(settings.overdue_secs)
    .bind(settings.auto_close_hours)
    .bind(settings.default_conversation_limit)
    .bind(project_id.to_string())
    .execute(db.pool())
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_a_person_types_are_checked() {
        let good = ChatSettings {
            soon_secs: 180,
            overdue_secs: 300,
            auto_close_hours: 24,
            default_conversation_limit: 5,
        };
        assert_eq!(validate(good), Ok(good));
        for bad in [
            ChatSettings {
                soon_secs: 300,
                overdue_secs: 180,
                ..good
            },
            ChatSettings {
                soon_secs: 0,
                ..good
            },
            ChatSettings {
                auto_close_hours: -1,
                ..good
            },
            ChatSettings {
                default_conversation_limit: 0,
                ..good
            },
            ChatSettings {
                default_conversation_limit: 101,
                ..good
            },
        ] {
            assert!(validate(bad).is_err(), "{bad:?}");
        }
    }
}
