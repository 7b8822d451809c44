//! The list facts kept on each conversation (newest message, unread count, waiting since,
//! last reply), moved in the transaction that writes the message or receipt that changes
//! them, so the lists are indexed reads and never a fold over the history.
use crate::models::ConversationId;
use crate::realtime::protocol::{AuthorKind, Message};
use sqlx::{Any, Transaction};

/// Characters of the newest message kept for the list's preview.
pub const PREVIEW_CHARS: usize = 200;

/// The preview of a message body: its first [`PREVIEW_CHARS`] characters.
pub fn preview(body: &str) -> String {
    body.chars().take(PREVIEW_CHARS).collect()
}

/// Records a text or file message (notes, review prompts and ratings move nothing: the
/// caller does not call this for them).
pub async fn message_written(
    tx: &mut Transaction<'_, Any>,
    message: &Message,
) -> Result<(), sqlx::Error> {
    let author = match message.author {
        AuthorKind::Visitor => "visitor",
        AuthorKind::Agent => "agent",
        AuthorKind::System => "system",
    };
    // A visitor's message is unread and waits for an answer; an agent's answers everything.
    sqlx::query(
        "UPDATE conversations SET last_message_at = $4, last_message_author = $2, \
         last_message_body = $3, \
         unread_count = CASE $2 WHEN 'visitor' THEN unread_count + 1 \
             WHEN 'agent' THEN 0 ELSE unread_count END, \
         oldest_unanswered_at = CASE $2 WHEN 'visitor' THEN COALESCE(oldest_unanswered_at, $4) \
             WHEN 'agent' THEN NULL ELSE oldest_unanswered_at END, \
         last_agent_reply_at = CASE $2 WHEN 'agent' THEN $4 ELSE last_agent_reply_at END, \
         last_agent_message_seq = CASE $2 WHEN 'agent' THEN $5 ELSE last_agent_message_seq END \
         WHERE id = $1",
    )
    .bind(message.conversation_id.to_string())
    .bind(author)
    .bind(preview(&message.body))
    .bind(message.at.0)
    .bind(message.seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records an agent's read receipt: the visitor messages up to `up_to` are no longer unread.
pub async fn agent_read(
    tx: &mut Transaction<'_, Any>,
    conversation: ConversationId,
    up_to: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversations SET agent_read_up_to = $2 WHERE id = $1 AND agent_read_up_to < $2",
    )
    .bind(conversation.to_string())
    .bind(up_to)
    .execute(&mut **tx)
    .await?;
    // Counted from the conversation's own events (indexed by conversation and sequence): what
    // is left after the newest agent message and the newest receipt.
    sqlx::query(
        "UPDATE conversations SET unread_count = (SELECT COUNT(*) FROM events e \
         WHERE e.conversation_id = conversations.id AND e.kind = 'message' \
         AND e.author_kind = 'visitor' \
         AND (e.detail IS NULL OR e.detail LIKE '{\"attachment\"%') \
         AND e.seq > conversations.last_agent_message_seq \
         AND e.seq > conversations.agent_read_up_to) WHERE id = $1",
    )
    .bind(conversation.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_cut_by_characters_not_bytes() {
        let long = "你".repeat(PREVIEW_CHARS + 5);
        assert_eq!(preview(&long).chars().count(), PREVIEW_CHARS);
        assert_eq!(preview("short"), "short");
    }
}
