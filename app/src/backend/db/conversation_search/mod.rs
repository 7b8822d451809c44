//! The conversation list's text filters (search, email, phone) at any history size.
//!
//! A substring that few rows contain is answered from the trigram indexes: the matching
//! conversations first, then the page among them. One that many rows contain is answered by
//! walking the list in its order and testing each row, which stops as soon as a page is full
//! (many matches means a page is near). A probe of the index, stopped after
//! [`INDEXED_UP_TO`] matches, tells the two apart, so either way the cost follows the page
//! and not the history. Two-character Chinese words have no trigram: messages answer them
//! from their CJK character pairs ([`crate::models::search_pairs`]), and so do contact names.
//! Other one- and two-character text is always walked.
mod index_queries;
mod text;

use super::statement::Sql;
use super::{Backend, Db};
use crate::models::ConversationId;
use crate::models::contact::phone_digits;
use crate::models::conversation_list::Filters;
use index_queries::{
    contact_matches, digits_contain, email_matches, message_matches, phone_matches,
};
use sqlx::{AnyConnection, Row};
pub use text::{fts_phrase, has_trigrams, indexable, like_pattern, looks_like_phone};

/// The most matches a probe counts before it calls a substring common.
pub const INDEXED_UP_TO: i64 = 2_000;

/// How one text filter is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Way {
    /// Test each row of the list in order (common or short substrings).
    #[default]
    Walk,
    /// Take the few matching conversations from the trigram indexes.
    Indexed,
}

/// How each text filter in use is answered (decided once per request, by [`plan`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct TextPlan {
    /// The search box.
    pub search: Way,
    /// The email filter.
    pub email: Way,
    /// The phone filter.
    pub phone: Way,
}

/// The way for a substring the index can answer (`indexable`) and of which a capped probe
/// found `found` matches.
pub fn way(indexable: bool, found: i64) -> Way {
    if indexable && found <= INDEXED_UP_TO {
        Way::Indexed
    } else {
        Way::Walk
    }
}

/// Decides how each text filter in `filters` is answered, probing the indexes for those that
/// can use them.
pub async fn plan(db: &Db, project: &str, filters: &Filters) -> Result<TextPlan, sqlx::Error> {
    let mut plan = TextPlan::default();
    let needle = filters.search.trim();
    if indexable(needle) {
        let contacts = probe(db, |sql| contact_matches(sql, project, needle)).await?;
        let messages = if contacts <= INDEXED_UP_TO {
            probe(db, |sql| message_matches(sql, project, needle)).await?
        } else {
            0
        };
        plan.search = way(true, contacts + messages);
    }
    let email = filters.email.trim().to_lowercase();
    if has_trigrams(&email) {
        let found = probe(db, |sql| email_matches(sql, project, &email)).await?;
        plan.email = way(true, found);
    }
    let digits = phone_digits(&filters.phone);
    if has_trigrams(&digits) {
        let found = probe(db, |sql| phone_matches(sql, project, &digits)).await?;
        plan.phone = way(true, found);
    }
    Ok(plan)
}

/// How many rows `subquery` yields, counting no further than one past [`INDEXED_UP_TO`].
async fn probe(db: &Db, subquery: impl FnOnce(&mut Sql) -> String) -> Result<i64, sqlx::Error> {
    let sql = probe_statement(db.backend(), subquery);
    sql.query().fetch_one(db.pool()).await?.try_get(0)
}

fn probe_statement(backend: Backend, subquery: impl FnOnce(&mut Sql) -> String) -> Sql {
    let mut sql = Sql::new(backend, "");
    let rows = subquery(&mut sql);
    let cap = sql.int(INDEXED_UP_TO + 1);
    sql.push(&format!("SELECT COUNT(*) FROM ({rows} LIMIT {cap}) probed"));
    sql
}

/// How the console's contact search for `needle` is answered (the same probe as the
/// conversation list's).
pub async fn contacts_way(
    conn: &mut AnyConnection,
    backend: Backend,
    project: &str,
    needle: &str,
) -> Result<Way, sqlx::Error> {
    if !indexable(needle) {
        return Ok(Way::Walk);
    }
    let sql = probe_statement(backend, |sql| contact_matches(sql, project, needle));
    let found: i64 = sql.query().fetch_one(conn).await?.try_get(0)?;
    Ok(way(true, found))
}

/// The console's contact rows (`v`) that are among those whose name, email or phone
/// contains `needle`, read from the indexes.
pub fn among_matching_contacts(sql: &mut Sql, project: &str, needle: &str) -> String {
    format!("v.id IN ({})", contact_matches(sql, project, needle))
}

/// The email filter's condition on a list row `c`.
pub fn email_condition(sql: &mut Sql, project: &str, email: &str, way: Way) -> String {
    match way {
        Way::Indexed => {
            let visitors = email_matches(sql, project, email);
            of_visitors(sql.backend(), &visitors)
        }
        Way::Walk => {
            let test = sql.contains("v2.email", email);
            visitor_passes(sql.backend(), &test)
        }
    }
}

/// The phone filter's condition: the visitor's phone contains `digits`.
pub fn phone_condition(sql: &mut Sql, project: &str, digits: &str, way: Way) -> String {
    match way {
        Way::Indexed => {
            let visitors = phone_matches(sql, project, digits);
            of_visitors(sql.backend(), &visitors)
        }
        Way::Walk => {
            let test = digits_contain(sql, "v2", digits);
            visitor_passes(sql.backend(), &test)
        }
    }
}

/// The search's condition: the conversation's contact or one of its messages contains
/// `needle`.
pub fn search_condition(sql: &mut Sql, project: &str, needle: &str, way: Way) -> String {
    match way {
        Way::Indexed => {
            let contacts = contact_matches(sql, project, needle);
            let messages = message_matches(sql, project, needle);
            match sql.backend() {
                Backend::Sqlite => format!("c.visitor_id IN ({contacts}) OR c.id IN ({messages})"),
                // One set of ids to join: PostgreSQL then reads the few rows by key.
                Backend::Postgres => format!(
                    "c.id IN (SELECT c2.id FROM conversations c2 WHERE c2.visitor_id IN \
                     ({contacts}) UNION {messages})"
                ),
            }
        }
        Way::Walk => {
            let mut tests = vec![
                sql.contains("v2.name", needle),
                sql.contains("v2.email", needle),
            ];
            if looks_like_phone(needle) {
                tests.push(digits_contain(sql, "v2", &phone_digits(needle)));
            } else {
                tests.push(sql.contains("v2.phone", needle));
            }
            let contact = visitor_passes(sql.backend(), &tests.join(" OR "));
            let body = sql.contains("e.body", needle);
            let fence = fence(sql.backend());
            format!(
                "{contact} OR EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id \
                 AND e.kind = 'message' AND {body}{fence})"
            )
        }
    }
}

/// Keeps PostgreSQL testing a walk's rows one by one: without it the planner may turn the
/// per-row subquery into a scan of every match (a hashed subplan); `OFFSET 0` makes the
/// subquery opaque. SQLite tests row by row anyway (and wants no OFFSET without LIMIT).
fn fence(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " OFFSET 0",
    }
}

/// A walk's test of the row's visitor (`test` written on `v2`).
fn visitor_passes(backend: Backend, test: &str) -> String {
    let fence = fence(backend);
    format!("EXISTS (SELECT 1 FROM visitors v2 WHERE v2.id = c.visitor_id AND ({test}){fence})")
}

/// The row is a conversation of one of `visitors` (a subquery of visitor ids).
fn of_visitors(backend: Backend, visitors: &str) -> String {
    match backend {
        Backend::Sqlite => format!("c.visitor_id IN ({visitors})"),
        Backend::Postgres => format!(
            "c.id IN (SELECT c2.id FROM conversations c2 WHERE c2.visitor_id IN ({visitors}))"
        ),
    }
}

/// For each of `conversations`, its newest message containing `needle` (notes included:
/// agents read them).
pub async fn matched_messages(
    db: &Db,
    project: &str,
    conversations: &[ConversationId],
    needle: &str,
) -> Result<Vec<(ConversationId, String)>, sqlx::Error> {
    if conversations.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(db.backend(), "");
    let ids = conversations.iter().map(ToString::to_string).collect();
    let set = sql.text_set(ids);
    let project = sql.text(project);
    let test = sql.contains("e.body", needle);
    sql.push(&format!(
        "SELECT e.conversation_id, e.body FROM events e WHERE e.conversation_id IN ({set}) \
         AND e.project_id = {project} AND e.kind = 'message' AND {test} \
         ORDER BY e.conversation_id, e.seq DESC"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut found: Vec<(ConversationId, String)> = Vec::new();
    for row in &rows {
        let id: String = row.try_get("conversation_id")?;
        let id = ConversationId::parse(&id)
            .ok_or_else(|| super::projects::decode_error("events.conversation_id", &id))?;
        if found.last().is_none_or(|(last, _)| *last != id) {
            found.push((
                id,
                row.try_get::<Option<String>, _>("body")?
                    .unwrap_or_default(),
            ));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_matches_of_an_indexed_substring_use_the_index() {
        assert_eq!(way(true, 0), Way::Indexed);
        assert_eq!(way(true, INDEXED_UP_TO), Way::Indexed);
        assert_eq!(way(true, INDEXED_UP_TO + 1), Way::Walk);
        assert_eq!(way(false, 0), Way::Walk);
    }
}
