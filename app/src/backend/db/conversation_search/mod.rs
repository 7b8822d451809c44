//! The conversation list's text filters (search, email, phone) at any history size.
//!
//! A substring that few rows contain is answered from the trigram indexes: the matching
//! conversations first, then the page among them. SQLite reads them within the list's own
//! statement (its planner takes such a subquery first); PostgreSQL gets their keys, read
//! while deciding, so its plan takes them by primary key whatever it estimates. One that many rows contain is answered by
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Way {
    /// Test each row of the list in order (common or short substrings).
    #[default]
    Walk,
    /// Read the few matches from the indexes within the list's statement (SQLite).
    Indexed,
    /// Among these conversations (ids, at most [`INDEXED_UP_TO`]), which the indexes found
    /// (PostgreSQL).
    Among(Vec<String>),
}

/// How each text filter in use is answered (decided once per request, by [`plan`]).
#[derive(Debug, Clone, Default)]
pub struct TextPlan {
    /// The search box.
    pub search: Way,
    /// The email filter.
    pub email: Way,
    /// The phone filter.
    pub phone: Way,
}

/// Whether `found` matches are few enough to be read from the index.
fn few(found: i64) -> bool {
    found <= INDEXED_UP_TO
}

/// Decides how each text filter in `filters` is answered, probing the indexes for those that
/// can use them.
pub async fn plan(db: &Db, project: &str, filters: &Filters) -> Result<TextPlan, sqlx::Error> {
    let mut plan = TextPlan::default();
    let needle = filters.search.trim();
    if indexable(needle) {
        let contacts = probe(db, |sql| contact_matches(sql, project, needle)).await?;
        let messages = if few(contacts) {
            probe(db, |sql| message_matches(sql, project, needle)).await?
        } else {
            0
        };
        let among = search_conversations(db, project, needle);
        plan.search = way(db, contacts + messages, among).await?;
    }
    let email = filters.email.trim().to_lowercase();
    if has_trigrams(&email) {
        let found = probe(db, |sql| email_matches(sql, project, &email)).await?;
        let among = contacts_conversations(db, project, |sql| email_matches(sql, project, &email));
        plan.email = way(db, found, among).await?;
    }
    let digits = phone_digits(&filters.phone);
    if has_trigrams(&digits) {
        let found = probe(db, |sql| phone_matches(sql, project, &digits)).await?;
        let among = contacts_conversations(db, project, |sql| phone_matches(sql, project, &digits));
        plan.phone = way(db, found, among).await?;
    }
    Ok(plan)
}

/// The way for a filter of which a capped probe found `found` matches; on PostgreSQL the
/// few matching conversations are read (`conversations`, awaited only then).
async fn way(
    db: &Db,
    found: i64,
    conversations: impl Future<Output = Result<Option<Vec<String>>, sqlx::Error>>,
) -> Result<Way, sqlx::Error> {
    if !few(found) {
        return Ok(Way::Walk);
    }
    Ok(match db.backend() {
        Backend::Sqlite => Way::Indexed,
        Backend::Postgres => conversations.await?.map_or(Way::Walk, Way::Among),
    })
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

/// The search's conversations: those of the matching contacts and those with a matching
/// message, or none when they are too many.
async fn search_conversations(
    db: &Db,
    project: &str,
    needle: &str,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let contacts = |sql: &mut Sql| contact_matches(sql, project, needle);
    let Some(mut found) = contacts_conversations(db, project, contacts).await? else {
        return Ok(None);
    };
    let messages = |sql: &mut Sql| message_matches(sql, project, needle);
    let Some(more) = capped_ids(db, messages).await? else {
        return Ok(None);
    };
    found.extend(more);
    found.sort_unstable();
    found.dedup();
    Ok(few(found.len() as i64).then_some(found))
}

/// The conversations of the visitors `visitors` yields, or none when either are too many.
async fn contacts_conversations(
    db: &Db,
    project: &str,
    visitors: impl FnOnce(&mut Sql) -> String,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let Some(visitors) = capped_ids(db, visitors).await? else {
        return Ok(None);
    };
    if visitors.is_empty() {
        return Ok(Some(Vec::new()));
    }
    capped_ids(db, |sql| {
        let set = sql.text_set(visitors);
        let project = sql.text(project);
        format!(
            "SELECT c.id FROM conversations c WHERE c.project_id = {project} \
             AND c.visitor_id IN ({set})"
        )
    })
    .await
}

/// The distinct ids in the first column of `subquery`, or none when it yields more than
/// [`INDEXED_UP_TO`] rows (it is read no further).
async fn capped_ids(
    db: &Db,
    subquery: impl FnOnce(&mut Sql) -> String,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let mut sql = Sql::new(db.backend(), "");
    let rows = subquery(&mut sql);
    let cap = sql.int(INDEXED_UP_TO + 1);
    sql.push(&format!("SELECT * FROM ({rows} LIMIT {cap}) found"));
    let rows = sql.query().fetch_all(db.pool()).await?;
    if !few(rows.len() as i64) {
        return Ok(None);
    }
    let mut ids = rows
        .iter()
        .map(|row| row.try_get::<String, _>(0))
        .collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(Some(ids))
}

/// Whether the console's contact search for `needle` is read from the indexes (few
/// matches; the same probe as the conversation list's) rather than walked in order.
pub async fn contacts_indexed(
    conn: &mut AnyConnection,
    backend: Backend,
    project: &str,
    needle: &str,
) -> Result<bool, sqlx::Error> {
    if !indexable(needle) {
        return Ok(false);
    }
    let sql = probe_statement(backend, |sql| contact_matches(sql, project, needle));
    let found: i64 = sql.query().fetch_one(conn).await?.try_get(0)?;
    Ok(few(found))
}

/// The console's contact rows (`v`) that are among those whose name, email or phone
/// contains `needle`, read from the indexes.
pub fn among_matching_contacts(sql: &mut Sql, project: &str, needle: &str) -> String {
    format!("v.id IN ({})", contact_matches(sql, project, needle))
}

/// The row (`c`) is one of the conversations the indexes found.
fn among(sql: &mut Sql, conversations: &[String]) -> String {
    let set = sql.text_set(conversations.to_vec());
    format!("c.id IN ({set})")
}

/// The email filter's condition on a list row `c`.
pub fn email_condition(sql: &mut Sql, project: &str, email: &str, way: &Way) -> String {
    match way {
        Way::Indexed => {
            let visitors = email_matches(sql, project, email);
            format!("c.visitor_id IN ({visitors})")
        }
        Way::Among(conversations) => among(sql, conversations),
        Way::Walk => {
            let test = sql.contains("v2.email", email);
            visitor_passes(sql.backend(), &test)
        }
    }
}

/// The phone filter's condition: the visitor's phone contains `digits`.
pub fn phone_condition(sql: &mut Sql, project: &str, digits: &str, way: &Way) -> String {
    match way {
        Way::Indexed => {
            let visitors = phone_matches(sql, project, digits);
            format!("c.visitor_id IN ({visitors})")
        }
        Way::Among(conversations) => among(sql, conversations),
        Way::Walk => {
            let test = digits_contain(sql, "v2", digits);
            visitor_passes(sql.backend(), &test)
        }
    }
}

/// The search's condition: the conversation's contact or one of its messages contains
/// `needle`.
pub fn search_condition(sql: &mut Sql, project: &str, needle: &str, way: &Way) -> String {
    match way {
        Way::Indexed => {
            let contacts = contact_matches(sql, project, needle);
            let messages = message_matches(sql, project, needle);
            format!("c.visitor_id IN ({contacts}) OR c.id IN ({messages})")
        }
        Way::Among(conversations) => among(sql, conversations),
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
        assert!(few(0));
        assert!(few(INDEXED_UP_TO));
        assert!(!few(INDEXED_UP_TO + 1));
    }
}
