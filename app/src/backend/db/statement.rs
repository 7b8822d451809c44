//! SQL statements written piece by piece: only the conditions in use go into the text, every
//! value is bound to a numbered placeholder, on SQLite and PostgreSQL alike. Statements that
//! name only the filters they use get plans that fit them (a PostgreSQL plan cached for
//! "every filter a wildcard" scans every row).
use super::Backend;
use super::conversation_search::like_pattern;
use crate::models::keyset::KeysetCursor;

/// A value bound to a placeholder.
pub enum Bind {
    /// Text.
    Text(String),
    /// A number.
    Int(i64),
}

/// A statement being written, with its placeholders numbered as they are added.
pub struct Sql {
    text: String,
    binds: Vec<Bind>,
    backend: Backend,
}

impl Sql {
    /// A statement starting with `text`, for `backend`.
    pub fn new(backend: Backend, text: &str) -> Self {
        Self {
            text: text.to_owned(),
            binds: Vec::new(),
            backend,
        }
    }

    /// Adds a value and returns its placeholder.
    pub fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// The database it is written for.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Binds text; returns its placeholder.
    pub fn text(&mut self, value: impl Into<String>) -> String {
        self.bind(Bind::Text(value.into()))
    }

    /// Binds a number; returns its placeholder.
    pub fn int(&mut self, value: i64) -> String {
        self.bind(Bind::Int(value))
    }

    /// Appends SQL text (fixed fragments and placeholders only).
    pub fn push(&mut self, clause: &str) {
        self.text.push_str(clause);
    }

    /// A case-insensitive substring test of `column` (ILIKE on PostgreSQL, where the trigram
    /// indexes answer it; SQLite's LIKE ignores ASCII case already).
    pub fn contains(&mut self, column: &str, needle: &str) -> String {
        let pattern = self.text(like_pattern(needle));
        let op = match self.backend {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        };
        format!("{column} {op} {pattern} ESCAPE '\\'")
    }

    /// Starts after a keyset cursor, in an order of `at` then `id`, both descending.
    pub fn after(&mut self, cursor: Option<&KeysetCursor>, at: &str, id: &str) {
        let Some(cursor) = cursor else {
            return;
        };
        let (after_at, after_id) = (self.int(cursor.at), self.text(cursor.id.to_string()));
        self.push(&format!(
            " AND ({at} < {after_at} OR ({at} = {after_at} AND {id} < {after_id}))"
        ));
    }

    /// A JSON array of text as a set of values to test membership in.
    pub fn text_set(&mut self, values: Vec<String>) -> String {
        let json = serde_json::Value::from(values).to_string();
        let placeholder = self.text(json);
        match self.backend {
            Backend::Sqlite => format!("SELECT value FROM json_each({placeholder})"),
            Backend::Postgres => {
                format!("SELECT jsonb_array_elements_text(CAST({placeholder} AS jsonb))")
            }
        }
    }

    /// The statement with its values. Only this module's fixed fragments and numbered
    /// placeholders are ever in the text; every value the user typed is bound.
    pub fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments> {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(self.text.clone()));
        for bind in &self.binds {
            query = match bind {
                Bind::Text(text) => query.bind(text.as_str()),
                Bind::Int(number) => query.bind(*number),
            };
        }
        query
    }
}
