//! The subqueries that read the indexes: the project's visitors or conversations matching a
//! substring (trigrams on both stores, CJK pairs for two-character words).
use super::text::{Index, fts_phrase, has_trigrams, index_for, like_pattern, looks_like_phone};
use crate::backend::db::Backend;
use crate::backend::db::statement::Sql;
use crate::models::contact::phone_digits;

/// The phone of visitor `alias` without the usual separators, in SQL (PostgreSQL has a
/// trigram index on this very expression).
fn phone_digits_of(alias: &str) -> String {
    format!(
        "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE({alias}.phone, ''), \
         ' ', ''), '+', ''), '-', ''), '.', ''), '(', ''), ')', '')"
    )
}

/// Visitor `alias`'s phone digits contain `digits`.
pub(super) fn digits_contain(sql: &mut Sql, alias: &str, digits: &str) -> String {
    let pattern = sql.text(like_pattern(digits));
    format!("{} LIKE {pattern} ESCAPE '\\'", phone_digits_of(alias))
}

/// The project's visitors whose name, email or phone contains `needle`, from the trigram
/// indexes; a two-character CJK word from the names' pairs (emails and phones have none).
pub(super) fn contact_matches(sql: &mut Sql, project: &str, needle: &str) -> String {
    let project = sql.text(project);
    let phone = looks_like_phone(needle) && has_trigrams(&phone_digits(needle));
    if index_for(needle) == Some(Index::Pairs) {
        return match sql.backend() {
            Backend::Sqlite => {
                let phrase = sql.text(fts_phrase(needle));
                format!(
                    "SELECT visitor_id FROM contact_pairs WHERE contact_pairs MATCH {phrase} \
                     AND project_id = {project}"
                )
            }
            Backend::Postgres => {
                let pair = sql.text(needle);
                format!(
                    "SELECT v.id FROM visitors v WHERE v.project_id = {project} \
                     AND v.name_pairs <> '' \
                     AND string_to_array(v.name_pairs, ' ') @> ARRAY[CAST({pair} AS text)]"
                )
            }
        };
    }
    match sql.backend() {
        Backend::Sqlite => {
            let mut query = format!("{{name email phone}} : {}", fts_phrase(needle));
            if phone {
                let digits = fts_phrase(&phone_digits(needle));
                query.push_str(&format!(" OR phone_digits : {digits}"));
            }
            indexed_contacts(sql, &project, query)
        }
        Backend::Postgres => {
            // One test per indexed column, so each reads its own trigram index.
            let mut tests = vec![
                sql.contains("v.name", needle),
                sql.contains("v.email", needle),
                sql.contains("v.phone", needle),
            ];
            if phone {
                tests.push(digits_contain(sql, "v", &phone_digits(needle)));
            }
            tests
                .iter()
                .map(|test| {
                    format!("SELECT v.id FROM visitors v WHERE v.project_id = {project} AND {test}")
                })
                .collect::<Vec<_>>()
                .join(" UNION ")
        }
    }
}

/// The project's conversations with a message containing `needle` (notes included: only
/// agents search), from the trigram index or, for a two-character CJK word, the pairs.
pub(super) fn message_matches(sql: &mut Sql, project: &str, needle: &str) -> String {
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
pub(super) fn email_matches(sql: &mut Sql, project: &str, email: &str) -> String {
    let project = sql.text(project);
    match sql.backend() {
        Backend::Sqlite => {
            let query = format!("email : {}", fts_phrase(email));
            indexed_contacts(sql, &project, query)
        }
        Backend::Postgres => {
            let test = sql.contains("v.email", email);
            format!("SELECT v.id FROM visitors v WHERE v.project_id = {project} AND {test}")
        }
    }
}

/// The project's visitors whose phone's digits contain `digits` (three or more).
pub(super) fn phone_matches(sql: &mut Sql, project: &str, digits: &str) -> String {
    let project = sql.text(project);
    match sql.backend() {
        Backend::Sqlite => {
            let query = format!("phone_digits : {}", fts_phrase(digits));
            indexed_contacts(sql, &project, query)
        }
        Backend::Postgres => {
            let test = digits_contain(sql, "v", digits);
            format!("SELECT v.id FROM visitors v WHERE v.project_id = {project} AND {test}")
        }
    }
}

/// SQLite: the visitors of the project (`project`, a placeholder) that the contact trigram
/// index finds for the FTS5 `query`.
fn indexed_contacts(sql: &mut Sql, project: &str, query: String) -> String {
    let query = sql.text(query);
    format!(
        "SELECT visitor_id FROM visitor_search WHERE visitor_search MATCH {query} \
         AND project_id = {project}"
    )
}
