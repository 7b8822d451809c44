//! Keyset cursors for the console's lists (Sessions, Contacts): the sort time and id of the
//! last row shown, written as one opaque string (`<millis>.<uuid>`) so a form field or a URL
//! carries it. The next page starts strictly after it, so rows that arrive meanwhile shift
//! nothing and no row is shown twice.
use crate::errors::{FieldError, FieldProblem};
use uuid::Uuid;

/// The `after` field of a list request: empty for the first page, else a cursor the server
/// wrote; anything else is refused.
pub fn parse_after(text: &str) -> Result<Option<KeysetCursor>, FieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    KeysetCursor::parse(text)
        .map(Some)
        .ok_or_else(|| FieldError::new("after", FieldProblem::Incorrect))
}

/// `rows`, fetched one more than `size`, cut to a page, with the cursor after its last row
/// when another page follows.
pub fn page_of<T>(
    mut rows: Vec<T>,
    size: usize,
    key: impl Fn(&T) -> KeysetCursor,
) -> (Vec<T>, Option<String>) {
    let more = rows.len() > size;
    rows.truncate(size);
    let next = more
        .then(|| rows.last().map(|row| key(row).encode()))
        .flatten();
    (rows, next)
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysetCursor {
    /// The last row's sort time, in milliseconds.
    pub at: i64,
    /// The last row's id (ties on `at` are broken by id, descending).
    pub id: Uuid,
}

impl KeysetCursor {
    /// The cursor as the client carries it.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }

    /// A cursor the server wrote, or `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let (at, id) = text.trim().split_once('.')?;
        Some(Self {
            at: at.parse().ok()?,
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_nonsense_is_refused() {
        let cursor = KeysetCursor {
            at: 1_790_000_000_123,
            id: Uuid::new_v4(),
        };
        assert_eq!(KeysetCursor::parse(&cursor.encode()), Some(cursor.clone()));
        for bad in ["", "12", "abc.def", "12.not-a-uuid", ".0a"] {
            assert_eq!(KeysetCursor::parse(bad), None, "{bad}");
        }
        assert_eq!(parse_after(" "), Ok(None));
        assert_eq!(parse_after(&cursor.encode()), Ok(Some(cursor)));
        assert!(parse_after("12.x").is_err());
    }

    #[test]
    fn a_page_says_where_the_next_starts_only_when_one_follows() {
        let key = |n: &i64| KeysetCursor {
            at: *n,
            id: Uuid::nil(),
        };
        let (rows, next) = page_of(vec![5, 4, 3], 2, key);
        assert_eq!(rows, [5, 4]);
        assert_eq!(next, Some(key(&4).encode()));
        assert_eq!(page_of(vec![5, 4], 2, key), (vec![5, 4], None));
        assert_eq!(page_of(Vec::<i64>::new(), 2, key), (Vec::new(), None));
    }
}
