//! Running a team: members as the console lists them, invitations, the subscription's seats,
//! and the pure rules about them (who may be invited, when seats run out, the last admin).
use super::account::{Email, Role};
use super::ids::UserId;
use super::mail::OutboxMail;
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// At most this many addresses per invitation request.
pub const MAX_INVITEES: usize = 10;

/// An invitation's join link works for this long.
pub const INVITATION_VALID_SECS: i64 = 7 * 24 * 3600;

/// A member of the project's team, as the console's Team page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The account.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// Sign-in address.
    pub email: String,
    /// Admin or agent.
    pub role: Role,
    /// Deactivated members cannot sign in and take no conversations.
    pub active: bool,
    /// Their own conversation limit (`None`: the project's default).
    pub limit: Option<i64>,
    /// Conversations they serve now.
    pub open_conversations: i64,
}

/// An invitation not yet used, as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    /// The invited address.
    pub email: String,
    /// The role the invitee gets.
    pub role: Role,
    /// When the join link stops working.
    pub expires_at: Timestamp,
}

/// The project's subscription: how many members it pays for, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Active members plus pending invitations may not exceed this.
    pub seats: i64,
    /// Active members plus pending invitations now.
    pub used: i64,
    /// The end of the paid period (`None`: no end).
    pub valid_until: Option<Timestamp>,
}

impl Subscription {
    /// Whether the paid period is over at `now`.
    pub fn expired(&self, now: Timestamp) -> bool {
        self.valid_until.is_some_and(|until| until <= now)
    }

    /// Seats left for new invitations.
    pub fn free(&self) -> i64 {
        (self.seats - self.used).max(0)
    }
}

/// What became of one address in an invitation request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteOutcome {
    /// The invitation was stored and its mail sent (or written to the outbox).
    Sent,
    /// Not an email address.
    Invalid,
    /// The same address appears earlier in this request.
    Duplicate,
    /// Already a member of a team on this server.
    AlreadyMember,
    /// Invited before and the link still works (a new one is sent, the old one withdrawn).
    Reinvited,
    /// Stored, but the mail server did not take the mail: invite the address again.
    NotDelivered,
}

/// One line of the answer to an invitation request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResult {
    /// The address as typed (trimmed).
    pub email: String,
    /// What happened to it.
    pub outcome: InviteOutcome,
}

/// What the console's Team page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamOverview {
    /// Every member, active or not.
    pub members: Vec<Member>,
    /// Invitations whose link still works.
    pub pending: Vec<PendingInvitation>,
    /// Seats and validity.
    pub subscription: Subscription,
    /// Mail kept because no SMTP server is configured (newest first).
    pub outbox: Vec<OutboxMail>,
    /// Mail goes to an SMTP server (the outbox is not used).
    pub smtp: bool,
}

/// What the join page shows before the invitee sets a name and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinPreview {
    /// The project they join.
    pub project_name: String,
    /// The invited address (their sign-in email).
    pub email: String,
}

/// An address from the invitation form: parsed, or why it was not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invitee {
    /// A valid address seen for the first time in this request.
    Valid(Email),
    /// Rejected before touching the database.
    Rejected(String, InviteOutcome),
}

/// Splits what an admin typed (commas, semicolons, spaces or new lines between addresses)
/// into at most [`MAX_INVITEES`] addresses; `Err(n)` when there are more (n of them).
/// Duplicates (case-insensitive) and invalid addresses are marked, not dropped.
pub fn parse_invitees(input: &str) -> Result<Vec<Invitee>, usize> {
    let typed: Vec<&str> = input
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect();
    if typed.len() > MAX_INVITEES {
        return Err(typed.len());
    }
    let mut seen: Vec<Email> = Vec::with_capacity(typed.len());
    Ok(typed
        .into_iter()
        .map(|raw| match Email::parse("emails", raw) {
            Err(_) => Invitee::Rejected(raw.to_owned(), InviteOutcome::Invalid),
            Ok(email) if seen.contains(&email) => {
                Invitee::Rejected(raw.to_owned(), InviteOutcome::Duplicate)
            }
            Ok(email) => {
                seen.push(email.clone());
                Invitee::Valid(email)
            }
        })
        .collect())
}

/// Whether a change leaves the project with at least one active admin. `admins` are the
/// active admins now; `changed` is the member whose role or activity changes, `stays_admin`
/// whether they will be an active admin afterwards.
pub fn keeps_an_admin(admins: &[UserId], changed: UserId, stays_admin: bool) -> bool {
    stays_admin || admins.iter().any(|admin| *admin != changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(input: &str) -> Vec<Result<String, InviteOutcome>> {
        parse_invitees(input)
            .unwrap_or_default()
            .into_iter()
            .map(|invitee| match invitee {
                Invitee::Valid(email) => Ok(email.as_str().to_owned()),
                Invitee::Rejected(_, outcome) => Err(outcome),
            })
            .collect()
    }

    #[test]
    fn addresses_split_on_commas_spaces_and_lines() {
        assert_eq!(
            outcomes("a@x.io, b@x.io;c@x.io\nd@x.io  e@x.io"),
            ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"]
                .map(|e| Ok(e.to_owned()))
                .to_vec()
        );
        assert!(outcomes("  ,, \n").is_empty());
    }

    #[test]
    fn invalid_and_repeated_addresses_are_marked_per_address() {
        assert_eq!(
            outcomes("Ann@X.io nope ann@x.io"),
            vec![
                Ok("ann@x.io".to_owned()),
                Err(InviteOutcome::Invalid),
                Err(InviteOutcome::Duplicate)
            ]
        );
    }

    #[test]
    fn more_than_ten_addresses_are_refused_as_a_whole() {
        let eleven: Vec<String> = (0..11).map(|n| format!("p{n}@x.io")).collect();
        assert_eq!(parse_invitees(&eleven.join(",")), Err(11));
        assert_eq!(
            parse_invitees(&eleven[..10].join(",")).map(|v| v.len()),
            Ok(10)
        );
    }

    #[test]
    fn the_last_active_admin_cannot_go() {
        let (a, b) = (UserId::new(), UserId::new());
        assert!(!keeps_an_admin(&[a], a, false));
        assert!(keeps_an_admin(&[a], a, true));
        assert!(keeps_an_admin(&[a, b], a, false));
        // Changing an agent never endangers the admins.
        assert!(keeps_an_admin(&[a], b, false));
    }

    #[test]
    fn subscription_seats_and_expiry() {
        let subscription = Subscription {
            seats: 3,
            used: 5,
            valid_until: Some(Timestamp(1_000)),
        };
        assert_eq!(subscription.free(), 0);
        assert!(subscription.expired(Timestamp(1_000)));
        assert!(!subscription.expired(Timestamp(999)));
        let open = Subscription {
            valid_until: None,
            ..subscription
        };
        assert!(!open.expired(Timestamp(i64::MAX)));
    }
}
