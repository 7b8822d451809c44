//! Ratings: the invitation lives in the event log (a message whose content is
//! `review_invite`); the newest rating is kept on the conversation for lists and filters.
use crate::models::{ConversationId, Timestamp};
use crate::realtime::protocol::Content;
use sqlx::{Any, Transaction};

/// Whether an agent has invited a review in this conversation.
pub async fn invited(
    tx: &mut Transaction<'_, Any>,
    conversation_id: ConversationId,
) -> Result<bool, sqlx::Error> {
    // The invitation's detail exactly as `events::insert_message` stores it.
    let invitation = serde_json::to_string(&Content::ReviewInvite)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT seq FROM events WHERE conversation_id = $1 AND kind = 'message' \
         AND detail = $2 LIMIT 1",
    )
    .bind(conversation_id.to_string())
    .bind(invitation)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// Keeps the visitor's newest rating on the conversation.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
    conversation_id: ConversationId,
    stars: u8,
    comment: &str,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversations SET rating_stars = $1, rating_comment = $2, rated_at = $3 WHERE id = $4",
    )
    .bind(i64::from(stars))
    .bind((!comment.is_empty()).then_some(comment))
    .bind(at.0)
    .bind(conversation_id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
