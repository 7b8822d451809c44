//! What a message carries besides text, checked and recorded inside the writer's
//! transaction: a file must be the sender's own unsent upload, a review must answer an
//! invitation, and once stored the file belongs to the conversation and the rating is kept
//! on it.
use super::chat::{ChatError, Participant};
use super::db::attachments;
use super::db::events::ConversationRef;
use super::db::reviews;
use crate::models::ConversationId;
use crate::realtime::protocol::{Content, ErrorCode, Message};
use sqlx::{Any, Transaction};

/// Checks `content` before anything is written and returns it as it will be stored (a file
/// with its stored name, type and size).
pub(super) async fn check(
    tx: &mut Transaction<'static, Any>,
    participant: &Participant,
    conversation_id: Option<ConversationId>,
    content: &Content,
) -> Result<Content, ChatError> {
    match content {
        Content::Attachment(sent) => {
            let uploader = participant.author_id();
            let file = attachments::find_unsent(tx, participant.project_id(), &uploader, sent.id)
                .await?
                .ok_or_else(|| {
                    ChatError::new(
                        ErrorCode::InvalidAttachment,
                        "upload the file first; each upload is sent once, by its uploader",
                    )
                })?;
            Ok(Content::Attachment(file.attachment))
        }
        Content::Review { .. } => {
            let invited = match conversation_id {
                Some(id) => reviews::invited(tx, id).await?,
                None => false,
            };
            if invited {
                Ok(content.clone())
            } else {
                Err(ChatError::new(
                    ErrorCode::InvalidReview,
                    "a review answers an agent's invitation in that conversation",
                ))
            }
        }
        Content::Text | Content::Note | Content::ReviewInvite => Ok(content.clone()),
    }
}

/// Records what the stored message means beyond the log: the file now belongs to the
/// conversation, the rating is the conversation's.
pub(super) async fn record(
    tx: &mut Transaction<'static, Any>,
    conversation: ConversationRef,
    message: &Message,
) -> Result<(), sqlx::Error> {
    match &message.content {
        Content::Attachment(file) => {
            attachments::claim(
                tx,
                file.id,
                conversation.id,
                conversation.visitor_id,
                message.seq,
            )
            .await
        }
        Content::Review { stars } => {
            reviews::record(tx, conversation.id, *stars, &message.body, message.at).await
        }
        Content::Text | Content::Note | Content::ReviewInvite => Ok(()),
    }
}
