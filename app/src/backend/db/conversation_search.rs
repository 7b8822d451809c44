//! The conversation list's text filters (search, email, phone) at any history size.
//!
//! A substring that few rows contain is answered from the trigram indexes: the matching
//! conversations first, then the page among them. One that many rows contain is answered by
//! walking the list in its order and testing each row, which stops as soon as a page is full
//! (many matches means a page is near). A probe of the index, stopped after
//! [`INDEXED_UP_TO`] matches, tells the two apart, so either way the cost follows the page
//! and not the history. Two-character Chinese words have no trigram: messages answer them
//! from their CJK character pairs ([`crate::models::search_pairs`]), contact names by a scan
//! of the project's contacts. Other one- and two-character text is always walked.
use super::statement::Sql;
use super::{Backend, Db};
use crate::models::ConversationId;
use crate::models::contact::phone_digits;
use crate::models::conversation_list::Filters;
use crate::models::search_pairs::is_cjk_pair;
use sqlx::Row;

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

/// The index that answers a substring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    /// Three characters or more.
    Trigrams,
    /// Exactly two CJK characters.
    Pairs,
}

fn index_for(needle: &str) -> Option<Index> {
    if has_trigrams(needle) {
        Some(Index::Trigrams)
    } else if is_cjk_pair(needle) {
        Some(Index::Pairs)
    } else {
        None
    }
}

/// Whether the trigram indexes can answer `needle` (three characters or more).
pub fn has_trigrams(needle: &str) -> bool {
    needle.chars().count() >= 3
}

/// Whether an index can answer a search for `needle`.
pub fn indexable(needle: &str) -> bool {
    index_for(needle).is_some()
}

/// `needle` as a LIKE pattern that finds it anywhere, its own `%`, `_` and `\` taken literally.
pub fn like_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `needle` as an FTS5 phrase (quotes doubled), which the trigram tokenizer matches as a
/// substring, any case.
pub fn fts_phrase(needle: &str) -> String {
    format!("\"{}\"", needle.replace('"', "\"\""))
}

/// Search text written like a phone number ("+1 555-0100") is compared by its digits.
pub fn looks_like_phone(needle: &str) -> bool {
    needle.chars().any(|c| c.is_ascii_digit())
        && needle
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
}

/// The visitor's phone with the usual separators removed, in SQL (PostgreSQL has a trigram
/// index on this very expression).
pub const PHONE_DIGITS: &str = "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(v.phone, ''), \
     ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', '')";

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
    let mut sql = Sql::new(db.backend(), "");
    let rows = subquery(&mut sql);
    let cap = sql.int(INDEXED_UP_TO + 1);
    sql.push(&format!("SELECT COUNT(*) FROM ({rows} LIMIT {cap}) probed"));
    sql.query().fetch_one(db.pool()).await?.try_get(0)
}

/// The email filter's condition on a list row (`c`, its visitor `v`).
pub fn email_condition(sql: &mut Sql, project: &str, email: &str, way: Way) -> String {
    match way {
        Way::Indexed => format!("c.visitor_id IN ({})", email_matches(sql, project, email)),
        Way::Walk => sql.contains("v.email", email),
    }
}

/// The phone filter's condition: the visitor's phone contains `digits`.
pub fn phone_condition(sql: &mut Sql, project: &str, digits: &str, way: Way) -> String {
    match way {
        Way::Indexed => format!("c.visitor_id IN ({})", phone_matches(sql, project, digits)),
        Way::Walk => {
            let pattern = sql.text(like_pattern(digits));
            format!("{PHONE_DIGITS} LIKE {pattern} ESCAPE '\\'")
        }
    }
}

/// The search's condition: the conversation's contact or one of its messages contains
/// `needle`.
pub fn search_condition(sql: &mut Sql, project: &str, needle: &str, way: Way) -> String {
    match way {
        Way::Indexed => format!(
            "c.visitor_id IN ({}) OR c.id IN ({})",
            contact_matches(sql, project, needle),
            message_matches(sql, project, needle)
        ),
        Way::Walk => {
            let mut tests = vec![
                sql.contains("v.name", needle),
                sql.contains("v.email", needle),
            ];
            if looks_like_phone(needle) {
                let pattern = sql.text(like_pattern(&phone_digits(needle)));
                tests.push(format!("{PHONE_DIGITS} LIKE {pattern} ESCAPE '\\'"));
            } else {
                tests.push(sql.contains("v.phone", needle));
            }
            let body = sql.contains("e.body", needle);
            tests.push(format!(
                "EXISTS (SELECT 1 FROM events e WHERE e.conversation_id = c.id \
                 AND e.kind = 'message' AND {body})"
            ));
            tests.join(" OR ")
        }
    }
}

/// The project's visitors whose name, email or phone contains `needle`, from the trigram
/// indexes; a two-character CJK word by a scan of the names (emails and phones have none).
fn contact_matches(sql: &mut Sql, project: &str, needle: &str) -> String {
    let project = sql.text(project);
    if index_for(needle) == Some(Index::Pairs) {
        let test = sql.contains("v.name", needle);
        return format!("SELECT v.id FROM visitors v WHERE v.project_id = {project} AND {test}");
    }
    match sql.backend() {
        Backend::Sqlite => {
            let mut query = format!("{{name email phone}} : {}", fts_phrase(needle));
            let digits = phone_digits(needle);
            if looks_like_phone(needle) && has_trigrams(&digits) {
                query.push_str(&format!(" OR phone_digits : {}", fts_phrase(&digits)));
            }
            let query = sql.text(query);
            format!(
                "SELECT visitor_id FROM visitor_search WHERE visitor_search MATCH {query} \
                 AND project_id = {project}"
            )
        }
        Backend::Postgres => {
            let mut tests = vec![
                sql.contains("v.name", needle),
                sql.contains("v.email", needle),
                sql.contains("v.phone", needle),
            ];
            let digits = phone_digits(needle);
            if looks_like_phone(needle) && has_trigrams(&digits) {
                let pattern = sql.text(like_pattern(&digits));
                tests.push(format!("{PHONE_DIGITS} LIKE {pattern} ESCAPE '\\'"));
            }
            format!(
                "SELECT v.id FROM visitors v WHERE v.project_id = {project} AND ({})",
                tests.join(" OR ")
            )
        }
    }
}

/// The project's conversations with a message containing `needle` (notes included: only
/// agents search), from the trigram index or, for a two-character CJK word, the pairs.
fn message_matches(sql: &mut Sql, project: &str, needle: &str) -> String {
    let project = sql.text(project);
    let pairs = index_for(needle) == Some(Index::Pairs);
    match (sql.backend(), pairs) {
        (Backend::Sqlite, false) => {
            let phrase = sql.text(fts_phrase(needle));
            format!(
                "SELECT conversation_id FROM message_search WHERE message_search MATCH {phrase} \
                 AND project_id = {project}"
            )
        }
        (Backend::Sqlite, true) => {
            let phrase = sql.text(fts_phrase(needle));
            format!(
                "SELECT conversation_id FROM message_pairs WHERE message_pairs MATCH {phrase} \
                 AND project_id = {project}"
            )
        }
        (Backend::Postgres, false) => {
            let test = sql.contains("e.body", needle);
            format!(
                "SELECT e.conversation_id FROM events e WHERE e.kind = 'message' \
                 AND e.project_id = {project} AND {test}"
            )
        }
        (Backend::Postgres, true) => {
            let pair = sql.text(needle);
            format!(
                "SELECT e.conversation_id FROM events e WHERE e.kind = 'message' \
                 AND e.search_pairs <> '' AND e.project_id = {project} \
                 AND string_to_array(e.search_pairs, ' ') @> ARRAY[CAST({pair} AS text)]"
            )
        }
    }
}

/// The project's visitors whose email contains `email` (lower case, three characters or more).
fn email_matches(sql: &mut Sql, project: &str, email: &str) -> String {
    let project = sql.text(project);
    match sql.backend() {
        Backend::Sqlite => {
            let query = sql.text(format!("email : {}", fts_phrase(email)));
            format!(
                "SELECT visitor_id FROM visitor_search WHERE visitor_search MATCH {query} \
                 AND project_id = {project}"
            )
        }
        Backend::Postgres => {
            let test = sql.contains("v.email", email);
            format!("SELECT v.id FROM visitors v WHERE v.project_id = {project} AND {test}")
        }
    }
}

/// The project's visitors whose phone's digits contain `digits` (three or more).
fn phone_matches(sql: &mut Sql, project: &str, digits: &str) -> String {
    let project = sql.text(project);
    match sql.backend() {
        Backend::Sqlite => {
            let query = sql.text(format!("phone_digits : {}", fts_phrase(digits)));
            format!(
                "SELECT visitor_id FROM visitor_search WHERE visitor_search MATCH {query} \
                 AND project_id = {project}"
            )
        }
        Backend::Postgres => {
            let pattern = sql.text(like_pattern(digits));
            format!(
                "SELECT v.id FROM visitors v WHERE v.project_id = {project} \
                 AND {PHONE_DIGITS} LIKE {pattern} ESCAPE '\\'"
            )
        }
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
    fn patterns_take_wildcards_literally() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(like_pattern("退款"), "%退款%");
        assert_eq!(fts_phrase("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn phone_like_text_is_told_from_words() {
        assert!(looks_like_phone("+1 555-0100"));
        assert!(!looks_like_phone("room 101"));
        assert!(!looks_like_phone("--"));
    }

    #[test]
    fn few_matches_of_a_long_substring_use_the_index() {
        assert!(indexable("退款了"));
        assert!(indexable("退款"));
        assert!(!indexable("hi"));
        assert!(!has_trigrams("退款"));
        assert_eq!(way(true, 0), Way::Indexed);
        assert_eq!(way(true, INDEXED_UP_TO), Way::Indexed);
        assert_eq!(way(true, INDEXED_UP_TO + 1), Way::Walk);
        assert_eq!(way(false, 0), Way::Walk);
    }
}
