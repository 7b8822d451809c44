//! The list's filters on top of the chosen view: online visitor, soon, overdue, last reply
//! time, the visitor's email and phone, and a text search. Pure: the page gathers the facts
//! (clock, online set, contacts) and asks.
use super::views::View;
use crate::models::contact::{ConversationContact, MAX_CONTACT_LOOKUP, phone_digits};
use crate::models::{ConversationId, Timestamp, UserId};
use crate::realtime::chat_log::{ChatLog, ConversationRow};
use crate::routing::conversation_state::{WaitFlag, WaitThresholds, wait_flag};
use std::collections::HashMap;

/// The contacts of the conversations the workbench knows, by conversation.
pub type ContactMap = HashMap<ConversationId, ConversationContact>;

pub use crate::models::conversation_list::{Filters, LastReply};

/// The facts filters need besides the rows.
#[derive(Debug, Clone, Copy)]
pub struct Moment<'a> {
    /// The server's time now.
    pub now: Timestamp,
    /// Last midnight, in the agent's time zone (on the server's clock).
    pub midnight: Timestamp,
    /// The project's waiting thresholds.
    pub thresholds: WaitThresholds,
    /// Conversations whose visitor is online.
    pub online: &'a [ConversationId],
    /// What is known about the visitors.
    pub contacts: &'a ContactMap,
}

/// A list row with what it shows besides the conversation itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// The conversation.
    pub row: ConversationRow,
    /// How long its visitor has waited.
    pub flag: WaitFlag,
    /// Its visitor has the widget open.
    pub online: bool,
    /// Its visitor's name, when known (the list shows it instead of the short label).
    pub name: Option<String>,
}

/// The waiting flag of a row at `now`.
pub fn flag_of(row: &ConversationRow, now: Timestamp, thresholds: WaitThresholds) -> WaitFlag {
    wait_flag(&row.facts(), now, thresholds)
}

/// A short label for a conversation's visitor without a name: `prefix` and the first
/// characters of the id.
pub fn visitor_label(id: ConversationId, prefix: &str) -> String {
    let text = id.to_string();
    format!("{prefix} {}", text.get(..6).unwrap_or(&text))
}

impl Filters {
    /// Whether a row with `flag` passes the waiting toggles.
    fn admits_flag(&self, flag: WaitFlag) -> bool {
        if !self.soon && !self.overdue {
            return true;
        }
        (self.soon && flag == WaitFlag::Soon) || (self.overdue && flag == WaitFlag::Overdue)
    }
}

/// Whether `needle` (already lower-cased; empty matches everything) occurs in the label or
/// in any of the texts, ignoring case.
pub fn matches_search<'a>(
    needle: &str,
    label: &str,
    texts: impl IntoIterator<Item = &'a str>,
) -> bool {
    needle.is_empty()
        || label.to_lowercase().contains(needle)
        || texts
            .into_iter()
            .any(|text| text.to_lowercase().contains(needle))
}

/// Whether `field` contains `needle` (already lower-cased; empty: no condition), ignoring
/// case. An unknown field contains nothing.
pub fn admits_text(needle: &str, field: Option<&str>) -> bool {
    needle.is_empty() || field.is_some_and(|text| text.to_lowercase().contains(needle))
}

/// Whether the digits of `phone` contain the digits of `typed` (none typed: no condition), so
/// "555-0100" finds "+1 555 0100".
pub fn admits_phone(typed: &str, phone: Option<&str>) -> bool {
    let wanted = phone_digits(typed);
    wanted.is_empty() || phone.is_some_and(|phone| phone_digits(phone).contains(&wanted))
}

/// Whether the search text `needle` (lower-cased) finds a contact's name, email or phone;
/// for the phone, text written like a number is compared by its digits.
pub fn search_finds_contact(needle: &str, contact: &ConversationContact) -> bool {
    let looks_like_phone = needle.chars().any(|c| c.is_ascii_digit())
        && needle
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    [&contact.name, &contact.email, &contact.phone]
        .into_iter()
        .any(|field| admits_text(needle, field.as_deref()))
        || (looks_like_phone && admits_phone(needle, contact.phone.as_deref()))
}

/// The conversations to ask the contacts of: the first [`MAX_CONTACT_LOOKUP`] in the log's
/// order (pinned, then newest activity), sorted, so the list only changes when the set does.
pub fn contact_keys(rows: &[ConversationRow]) -> Vec<ConversationId> {
    let mut ids: Vec<ConversationId> = rows
        .iter()
        .take(MAX_CONTACT_LOOKUP)
        .map(|row| row.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// The rows of `view` that pass `filters`, in the log's order (pinned first, newest
/// activity next). `label_prefix` is the localized word the visitor labels start with.
pub fn list_rows(
    log: &ChatLog,
    view: View,
    me: UserId,
    filters: &Filters,
    moment: Moment<'_>,
    label_prefix: &str,
) -> Vec<ListRow> {
    let needle = filters.search.trim().to_lowercase();
    let email = filters.email.trim().to_lowercase();
    log.conversations()
        .into_iter()
        .filter(|row| view.holds(row, me))
        .filter_map(|row| {
            let contact = moment.contacts.get(&row.id);
            let passes = (!filters.online || moment.online.contains(&row.id))
                && filters
                    .last_reply
                    .admits(row.last_agent_reply_at, moment.now, moment.midnight)
                && admits_text(&email, contact.and_then(|c| c.email.as_deref()))
                && admits_phone(&filters.phone, contact.and_then(|c| c.phone.as_deref()))
                && (contact.is_some_and(|contact| search_finds_contact(&needle, contact))
                    || matches_search(
                        &needle,
                        &visitor_label(row.id, label_prefix),
                        log.lines()
                            .iter()
                            .filter(|line| line.conversation_id == Some(row.id))
                            .map(|line| line.body.as_str()),
                    ));
            let flag = flag_of(&row, moment.now, moment.thresholds);
            (passes && filters.admits_flag(flag)).then(|| ListRow {
                flag,
                online: moment.online.contains(&row.id),
                name: contact.and_then(|contact| contact.name.clone()),
                row,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::realtime::placement::{Change, ConversationEvent, ConversationPlacement};
    use crate::realtime::protocol::{AuthorKind, Content, Event, Message, ServerFrame};
    use uuid::Uuid;

    const MINUTE: i64 = 60_000;

    #[test]
    fn search_ignores_case_and_looks_at_every_text() {
        assert!(matches_search("", "Visitor 1a2b3c", []));
        assert!(matches_search(
            "norway",
            "Visitor 1a2b3c",
            ["Hi", "Do you ship to NORWAY?"]
        ));
        assert!(matches_search("1a2b", "Visitor 1A2B3C", []));
        assert!(!matches_search("sweden", "Visitor 1a2b3c", ["Norway"]));
        assert_eq!(
            visitor_label(ConversationId(Uuid::nil()), "Visitor"),
            "Visitor 000000"
        );
    }

    struct Fixture {
        log: ChatLog,
        me: UserId,
        waiting_long: ConversationId,
        waiting_a_bit: ConversationId,
        answered: ConversationId,
        pinned: ConversationId,
    }

    fn say(
        log: &mut ChatLog,
        seq: i64,
        at_min: i64,
        id: ConversationId,
        author: AuthorKind,
        body: &str,
    ) {
        log.apply(&ServerFrame::Event {
            event: Event::Message(Message {
                conversation_id: id,
                seq,
                client_id: Uuid::new_v4(),
                author,
                author_name: None,
                body: body.to_owned(),
                content: Content::Text,
                at: Timestamp(at_min * MINUTE),
            }),
        });
    }

    fn fixture() -> Fixture {
        let mut log = ChatLog::default();
        let me = UserId::new();
        let [waiting_long, waiting_a_bit, answered, pinned] =
            [(); 4].map(|()| ConversationId::new());
        say(
            &mut log,
            1,
            0,
            waiting_long,
            AuthorKind::Visitor,
            "Where is my parcel?",
        );
        say(
            &mut log,
            2,
            6,
            waiting_a_bit,
            AuthorKind::Visitor,
            "Do you ship to Norway?",
        );
        say(&mut log, 3, 7, answered, AuthorKind::Visitor, "Hello");
        say(
            &mut log,
            4,
            8,
            answered,
            AuthorKind::Agent,
            "Hi, how can I help?",
        );
        say(
            &mut log,
            5,
            1,
            pinned,
            AuthorKind::Visitor,
            "Invoice please",
        );
        say(&mut log, 6, 2, pinned, AuthorKind::Agent, "Sent it");
        log.apply(&ServerFrame::Event {
            event: Event::Conversation(ConversationEvent {
                seq: 7,
                conversation_id: pinned,
                change: Change::Pinned,
                by_name: None,
                comment: None,
                placement: ConversationPlacement {
                    pinned: true,
                    assignee_id: Some(me),
                    ..ConversationPlacement::default()
                },
                at: Timestamp(0),
            }),
        });
        Fixture {
            log,
            me,
            waiting_long,
            waiting_a_bit,
            answered,
            pinned,
        }
    }

    fn ids(fixture: &Fixture, filters: &Filters, online: &[ConversationId]) -> Vec<ConversationId> {
        ids_with(fixture, filters, online, &ContactMap::new())
    }

    fn ids_with(
        fixture: &Fixture,
        filters: &Filters,
        online: &[ConversationId],
        contacts: &ContactMap,
    ) -> Vec<ConversationId> {
        // Ten minutes in: the first visitor has waited 10 min, the second 4.
        let moment = Moment {
            now: Timestamp(10 * MINUTE),
            midnight: Timestamp(0),
            thresholds: WaitThresholds::default(),
            online,
            contacts,
        };
        list_rows(
            &fixture.log,
            View::All,
            fixture.me,
            filters,
            moment,
            "Visitor",
        )
        .into_iter()
        .map(|item| item.row.id)
        .collect()
    }

    #[test]
    fn filters_narrow_the_view_and_pinned_rows_stay_first() {
        let f = fixture();
        let all = Filters::default();
        assert!(!all.any());
        assert_eq!(
            ids(&f, &all, &[]),
            [f.pinned, f.answered, f.waiting_a_bit, f.waiting_long]
        );
        let overdue = Filters {
            overdue: true,
            ..Filters::default()
        };
        assert_eq!(ids(&f, &overdue, &[]), [f.waiting_long]);
        let soon = Filters {
            soon: true,
            ..Filters::default()
        };
        assert_eq!(ids(&f, &soon, &[]), [f.waiting_a_bit]);
        let both = Filters {
            soon: true,
            overdue: true,
            ..Filters::default()
        };
        assert_eq!(ids(&f, &both, &[]), [f.waiting_a_bit, f.waiting_long]);
        let online = Filters {
            online: true,
            ..Filters::default()
        };
        assert_eq!(ids(&f, &online, &[f.answered]), [f.answered]);
        let search = Filters {
            search: "  NORWAY ".to_owned(),
            ..Filters::default()
        };
        assert!(search.any());
        assert_eq!(ids(&f, &search, &[]), [f.waiting_a_bit]);
        // Older messages of a conversation are searched too, not only the newest.
        let older = Filters {
            search: "hello".to_owned(),
            ..Filters::default()
        };
        assert_eq!(ids(&f, &older, &[]), [f.answered]);
        let recent = Filters {
            last_reply: LastReply::WithinHour,
            ..Filters::default()
        };
        assert_eq!(ids(&f, &recent, &[]), [f.pinned, f.answered]);
    }

    #[test]
    fn rows_carry_their_flag_and_presence() {
        let f = fixture();
        let moment = Moment {
            now: Timestamp(10 * MINUTE),
            midnight: Timestamp(0),
            thresholds: WaitThresholds::default(),
            online: &[f.waiting_long],
            contacts: &ContactMap::new(),
        };
        let rows = list_rows(
            &f.log,
            View::Queued,
            f.me,
            &Filters::default(),
            moment,
            "Visitor",
        );
        let facts: Vec<(ConversationId, WaitFlag, bool)> = rows
            .iter()
            .map(|item| (item.row.id, item.flag, item.online))
            .collect();
        assert_eq!(
            facts,
            [
                (f.answered, WaitFlag::OnTime, false),
                (f.waiting_a_bit, WaitFlag::Soon, false),
                (f.waiting_long, WaitFlag::Overdue, true),
            ]
        );
    }

    fn contact(id: ConversationId, name: &str, email: &str, phone: &str) -> ConversationContact {
        let known = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        ConversationContact {
            conversation_id: id,
            name: known(name),
            email: known(email),
            phone: known(phone),
        }
    }

    #[test]
    fn email_and_phone_filters_compare_text_and_digits() {
        assert!(admits_text("", None));
        assert!(admits_text("example", Some("Ann@EXAMPLE.com")));
        assert!(!admits_text("example", None));
        assert!(!admits_text("other", Some("ann@example.com")));
        assert!(admits_phone("555-0100", Some("+1 555 0100")));
        assert!(admits_phone("(555) 01", Some("+1 555 0100")));
        assert!(!admits_phone("555-0199", Some("+1 555 0100")));
        assert!(!admits_phone("555", None));
        // Nothing typed but punctuation: no condition yet.
        assert!(admits_phone(" +( ", None));
        assert!(
            !Filters {
                phone: "+".to_owned(),
                ..Filters::default()
            }
            .any()
        );
        assert!(
            Filters {
                phone: "5".to_owned(),
                ..Filters::default()
            }
            .any()
        );
        assert!(
            Filters {
                email: "a@".to_owned(),
                ..Filters::default()
            }
            .any()
        );
    }

    #[test]
    fn search_finds_names_emails_and_phone_numbers() {
        let ann = contact(
            ConversationId::new(),
            "Ann Lee",
            "ann@example.com",
            "+44 20 7946 0958",
        );
        for needle in ["ann l", "example.com", "7946", "20 7946-0958", "+44 20"] {
            assert!(search_finds_contact(needle, &ann), "{needle}");
        }
        for needle in ["bob", "0958 7946", "parcel"] {
            assert!(!search_finds_contact(needle, &ann), "{needle}");
        }
        let unknown = contact(ConversationId::new(), "", "", "");
        assert!(!search_finds_contact("ann", &unknown));
    }

    #[test]
    fn contacts_name_rows_and_narrow_the_list() {
        let f = fixture();
        let contacts: ContactMap = [
            contact(f.waiting_long, "Ann Lee", "ann@example.com", "+1 555 0100"),
            contact(f.answered, "", "bo@shop.example", "020 7946 0958"),
        ]
        .into_iter()
        .map(|contact| (contact.conversation_id, contact))
        .collect();
        let filtered = |filters: Filters| ids_with(&f, &filters, &[], &contacts);
        assert_eq!(
            filtered(Filters {
                email: " EXAMPLE.COM ".to_owned(),
                ..Filters::default()
            }),
            [f.waiting_long]
        );
        assert_eq!(
            filtered(Filters {
                email: "example".to_owned(),
                ..Filters::default()
            }),
            [f.answered, f.waiting_long]
        );
        assert_eq!(
            filtered(Filters {
                phone: "555-0100".to_owned(),
                ..Filters::default()
            }),
            [f.waiting_long]
        );
        assert_eq!(
            filtered(Filters {
                search: "ann lee".to_owned(),
                ..Filters::default()
            }),
            [f.waiting_long]
        );
        assert_eq!(
            filtered(Filters {
                search: "7946 0958".to_owned(),
                ..Filters::default()
            }),
            [f.answered]
        );
        // Message text is still searched, alongside the contact.
        assert_eq!(
            filtered(Filters {
                search: "parcel".to_owned(),
                ..Filters::default()
            }),
            [f.waiting_long]
        );
        // Filters combine: Ann's name with someone else's email finds nobody.
        assert!(
            filtered(Filters {
                search: "ann".to_owned(),
                email: "bo@".to_owned(),
                ..Filters::default()
            })
            .is_empty()
        );
        let moment = Moment {
            now: Timestamp(10 * MINUTE),
            midnight: Timestamp(0),
            thresholds: WaitThresholds::default(),
            online: &[],
            contacts: &contacts,
        };
        let names: Vec<(ConversationId, Option<String>)> = list_rows(
            &f.log,
            View::All,
            f.me,
            &Filters::default(),
            moment,
            "Visitor",
        )
        .into_iter()
        .map(|item| (item.row.id, item.name))
        .collect();
        assert_eq!(
            names,
            [
                (f.pinned, None),
                (f.answered, None),
                (f.waiting_a_bit, None),
                (f.waiting_long, Some("Ann Lee".to_owned())),
            ]
        );
    }

    #[test]
    fn contact_keys_are_sorted_and_bounded() {
        let f = fixture();
        let rows = f.log.conversations();
        let mut expected = vec![f.pinned, f.answered, f.waiting_a_bit, f.waiting_long];
        expected.sort_unstable();
        assert_eq!(contact_keys(&rows), expected);
        let many: Vec<ConversationRow> = (0..MAX_CONTACT_LOOKUP + 3)
            .map(|_| ConversationRow {
                id: ConversationId::new(),
                ..rows[0].clone()
            })
            .collect();
        let keys = contact_keys(&many);
        assert_eq!(keys.len(), MAX_CONTACT_LOOKUP);
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
    }
}
