//! Mail as the console's outbox shows it.
use super::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A mail written to the outbox (no SMTP server configured).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    /// Recipient.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was written.
    pub created_at: Timestamp,
}
