//! Identifiers as newtypes, so a user id can never be passed where a project id is expected.
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh random id.
            pub fn new() -> Self {
                Self(uuid::Uuid::new_v4())
            }

            /// Parses the canonical text form stored in the database.
            pub fn parse(text: &str) -> Option<Self> {
                uuid::Uuid::parse_str(text).ok().map(Self)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

uuid_id!(
    /// A project (tenant).
    ProjectId
);
uuid_id!(
    /// An admin or agent account.
    UserId
);
uuid_id!(
    /// A visitor (contact) of a project's website.
    VisitorId
);
uuid_id!(
    /// A conversation between a visitor and a project.
    ConversationId
);
uuid_id!(
    /// A team of agents with a routing mode.
    TeamId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = UserId::new();
        assert_eq!(UserId::parse(&id.to_string()), Some(id));
        assert_eq!(UserId::parse("not-a-uuid"), None);
    }
}
