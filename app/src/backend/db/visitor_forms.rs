//! The project's visitor forms and business hours, whether anyone can answer, and the details
//! a visitor gives in the widget's forms.
use super::Db;
use super::projects::decode_error;
use crate::models::contact::ContactFields;
use crate::models::search_pairs::name_pairs;
use crate::models::visitor_forms::{Ask, VisitorForms, WeekHours};
use crate::models::{ProjectId, Timestamp, VisitorId};
use sqlx::{AnyConnection, Row};

fn ask_from(row: &sqlx::any::AnyRow, column: &str) -> Result<Ask, sqlx::Error> {
    let text: String = row.try_get(column)?;
    Ask::parse(&text).ok_or_else(|| decode_error(column, &text))
}

/// The project's settings, if it exists.
pub async fn find(db: &Db, project_id: ProjectId) -> Result<Option<VisitorForms>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT prechat_name, prechat_email, prechat_phone, offline_form, business_hours, \
         time_zone, bot_reception_first FROM projects WHERE id = $1",
    )
    .bind(project_id.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        let hours: String = row.try_get("business_hours")?;
        Ok(VisitorForms {
            name: ask_from(&row, "prechat_name")?,
            email: ask_from(&row, "prechat_email")?,
            phone: ask_from(&row, "prechat_phone")?,
            offline_form: row.try_get::<i64, _>("offline_form")? == 1,
            hours: WeekHours::from_stored(&hours)
                .ok_or_else(|| decode_error("projects.business_hours", &hours))?,
            time_zone: row.try_get("time_zone")?,
            bot_reception_first: row.try_get::<i64, _>("bot_reception_first")? == 1,
        })
    })
    .transpose()
}

/// Stores the project's settings (already checked).
pub async fn update(
    db: &Db,
    project_id: ProjectId,
    forms: &VisitorForms,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE projects SET prechat_name = $1, prechat_email = $2, prechat_phone = $3, \
         offline_form = $4, business_hours = $5, time_zone = $6, bot_reception_first = $7 \
         WHERE id = $8",
    )
    .bind(forms.name.as_str())
    .bind(forms.email.as_str())
    .bind(forms.phone.as_str())
    .bind(i64::from(forms.offline_form))
    .bind(forms.hours.to_stored())
    .bind(&forms.time_zone)
    .bind(i64::from(forms.bot_reception_first))
    .bind(project_id.to_string())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Whether an active agent of the project is online at `now`: they chose "online" and a
/// connected workbench vouches for them (the rule of `routing::agent_status`).
pub async fn any_agent_online(
    db: &Db,
    project_id: ProjectId,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS online FROM users WHERE project_id = $1 AND active = 1 \
         AND chosen_status = 'online' AND present_until > $2",
    )
    .bind(project_id.to_string())
    .bind(now.0)
    .fetch_one(db.pool())
    .await?;
    Ok(row.try_get::<i64, _>("online")? > 0)
}

/// Stores the details a visitor gave; a detail left empty keeps what was known.
pub async fn fill_details(
    conn: &mut AnyConnection,
    visitor: VisitorId,
    fields: &ContactFields,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE visitors SET name = COALESCE($1, name), email = COALESCE($2, email), \
         phone = COALESCE($3, phone), name_pairs = COALESCE($5, name_pairs) WHERE id = $4",
    )
    .bind(fields.name.clone())
    .bind(fields.email.clone())
    .bind(fields.phone.clone())
    .bind(visitor.to_string())
    .bind(fields.name.as_deref().map(|name| name_pairs(Some(name))))
    .execute(conn)
    .await?;
    Ok(())
}
