//! Contacts: visitors with what is known about them, and the pure rules for editing,
//! searching and merging them.
use super::account::Email;
use super::ids::{ConversationId, VisitorId};
use super::time::Timestamp;
use crate::errors::{FieldError, FieldProblem};
use serde::{Deserialize, Serialize};

/// Longest contact name accepted.
pub const MAX_NAME_LEN: usize = 80;

/// Most conversations one workbench request asks the contacts of.
pub const MAX_CONTACT_LOOKUP: usize = 500;

/// A contact as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The visitor.
    pub id: VisitorId,
    /// Name, if known.
    pub name: Option<String>,
    /// Email, if known (normalised).
    pub email: Option<String>,
    /// Phone, if known (as typed, checked).
    pub phone: Option<String>,
    /// Blacklisted: their widget cannot start or continue conversations.
    pub blocked: bool,
    /// How many conversations they had.
    pub conversations: i64,
    /// Last time their widget was seen.
    pub last_seen_at: Timestamp,
}

/// One of a contact's conversations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactConversation {
    /// The conversation.
    pub id: ConversationId,
    /// Still open.
    pub open: bool,
    /// Started.
    pub created_at: Timestamp,
    /// Last message or change.
    pub last_activity_at: Timestamp,
}

/// A contact with all their conversations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetail {
    /// The contact.
    pub contact: Contact,
    /// Every conversation, newest first.
    pub conversations: Vec<ContactConversation>,
}

/// Why the console suggests merging two contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeReason {
    /// Same email address.
    SameEmail,
    /// Same phone number.
    SamePhone,
}

/// Two contacts that look like one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeSuggestion {
    /// The one to keep (seen most recently).
    pub keep: VisitorId,
    /// The one to fold into it.
    pub fold: VisitorId,
    /// Why.
    pub reason: MergeReason,
}

/// A page of contacts with the merges the console suggests among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsPage {
    /// The contacts, most recently seen first.
    pub contacts: Vec<Contact>,
    /// Pairs that look like one person (among this page's contacts).
    pub suggestions: Vec<MergeSuggestion>,
    /// Where the next page starts (a [`crate::models::keyset::KeysetCursor`]), if there is one.
    #[serde(default)]
    pub next: Option<String>,
}

/// What the workbench knows about the visitor of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationContact {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The visitor's name, if known.
    pub name: Option<String>,
    /// Their email, if known.
    pub email: Option<String>,
    /// Their phone, if known.
    pub phone: Option<String>,
}

/// The conversations whose contacts the workbench asks for, without repeats; more than
/// [`MAX_CONTACT_LOOKUP`] is refused (`TooLong` on `conversations`).
pub fn contact_lookup(conversations: &[ConversationId]) -> Result<Vec<ConversationId>, FieldError> {
    let mut ids = conversations.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_CONTACT_LOOKUP {
        return Err(FieldError::new(
            "conversations",
            FieldProblem::TooLong {
                max: MAX_CONTACT_LOOKUP,
            },
        ));
    }
    Ok(ids)
}

/// Checked contact fields: each may be empty (unknown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactFields {
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// Checks what an agent or admin typed for a contact.
pub fn parse_contact_fields(
    name: &str,
    email: &str,
    phone: &str,
) -> Result<ContactFields, FieldError> {
    let name = name.trim();
    if name.chars().count() > MAX_NAME_LEN {
        return Err(FieldError::new(
            "name",
            FieldProblem::TooLong { max: MAX_NAME_LEN },
        ));
    }
    let email = match email.trim() {
        "" => None,
        typed => Some(Email::parse("email", typed)?.as_str().to_owned()),
    };
    Ok(ContactFields {
        name: (!name.is_empty()).then(|| name.to_owned()),
        email,
        phone: parse_phone(phone)?,
    })
}

/// A phone number: digits with optional `+`, spaces, dashes, dots and brackets, 5 to 20
/// digits. Empty means unknown.
pub fn parse_phone(input: &str) -> Result<Option<String>, FieldError> {
    let typed = input.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let allowed = typed
        .chars()
        .enumerate()
        .all(|(at, c)| c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && at == 0));
    let digits = phone_digits(typed).len();
    if allowed && (5..=20).contains(&digits) {
        Ok(Some(typed.to_owned()))
    } else {
        Err(FieldError::new("phone", FieldProblem::InvalidPhone))
    }
}

/// The digits of a phone number (how two numbers are compared).
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// Pairs of contacts sharing an email or a phone number; the one seen most recently is kept.
/// Each contact appears in at most one suggestion per reason.
pub fn suggest_merges(contacts: &[Contact]) -> Vec<MergeSuggestion> {
    let mut suggestions = Vec::new();
    let mut paired: Vec<VisitorId> = Vec::new();
    for (index, first) in contacts.iter().enumerate() {
        for second in &contacts[index + 1..] {
            if paired.contains(&first.id) || paired.contains(&second.id) {
                continue;
            }
            let same = |a: &Option<String>, b: &Option<String>, digits: bool| match (a, b) {
                (Some(a), Some(b)) if digits => phone_digits(a) == phone_digits(b),
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            let reason = if same(&first.email, &second.email, false) {
                MergeReason::SameEmail
            } else if same(&first.phone, &second.phone, true) {
                MergeReason::SamePhone
            } else {
                continue;
            };
            let (keep, fold) = if first.last_seen_at >= second.last_seen_at {
                (first.id, second.id)
            } else {
                (second.id, first.id)
            };
            paired.extend([keep, fold]);
            suggestions.push(MergeSuggestion { keep, fold, reason });
        }
    }
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(email: Option<&str>, phone: Option<&str>, seen: i64) -> Contact {
        Contact {
            id: VisitorId::new(),
            name: None,
            email: email.map(str::to_owned),
            phone: phone.map(str::to_owned),
            blocked: false,
            conversations: 1,
            last_seen_at: Timestamp(seen),
        }
    }

    #[test]
    fn fields_are_checked_and_empty_means_unknown() {
        let fields = parse_contact_fields(" Ann ", " Ann@Example.com ", "+44 (0)20 7946-0958")
            .unwrap_or_default();
        assert_eq!(fields.name.as_deref(), Some("Ann"));
        assert_eq!(fields.email.as_deref(), Some("ann@example.com"));
        assert_eq!(fields.phone.as_deref(), Some("+44 (0)20 7946-0958"));
        assert_eq!(
            parse_contact_fields("", "", ""),
            Ok(ContactFields::default())
        );
        assert_eq!(
            parse_contact_fields("", "not-mail", "").map_err(|e| e.field),
            Err("email".to_owned())
        );
        for bad in [
            "12",
            "call me",
            "+1 555 0100 ext 4",
            "1+555000",
            &"9".repeat(21),
        ] {
            assert!(parse_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn contact_lookups_drop_repeats_and_are_bounded() {
        let one = ConversationId::new();
        assert_eq!(contact_lookup(&[one, one]), Ok(vec![one]));
        assert_eq!(contact_lookup(&[]), Ok(Vec::new()));
        let many: Vec<ConversationId> = (0..=MAX_CONTACT_LOOKUP)
            .map(|_| ConversationId::new())
            .collect();
        assert_eq!(
            contact_lookup(&many).map_err(|error| (error.field, error.problem)),
            Err((
                "conversations".to_owned(),
                FieldProblem::TooLong {
                    max: MAX_CONTACT_LOOKUP
                }
            ))
        );
        assert!(contact_lookup(&many[1..]).is_ok());
    }

    #[test]
    fn same_email_or_phone_digits_are_suggested_keeping_the_latest() {
        let old = contact(Some("a@x.io"), None, 1);
        let new = contact(Some("a@x.io"), Some("+1 555 0100"), 5);
        let other = contact(None, Some("1-555-0100"), 3);
        let stranger = contact(Some("b@x.io"), Some("999999"), 9);
        let suggestions = suggest_merges(&[old.clone(), new.clone(), other.clone(), stranger]);
        assert_eq!(
            suggestions,
            vec![MergeSuggestion {
                keep: new.id,
                fold: old.id,
                reason: MergeReason::SameEmail
            }]
        );
        // Once the first pair is merged, the phone match shows.
        let suggestions = suggest_merges(&[new.clone(), other.clone()]);
        assert_eq!(suggestions[0].reason, MergeReason::SamePhone);
        assert_eq!(
            (suggestions[0].keep, suggestions[0].fold),
            (new.id, other.id)
        );
    }
}
