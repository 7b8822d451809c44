//! Group commit for messages. One writer task per project stores what is sent to it in
//! batches: everything that arrived while the previous batch was committing goes into the next
//! transaction, so many messages share one commit (one fsync) and each is still acknowledged
//! only after its commit. A batch holds the project's publish lock, so sequence order, commit
//! order and publish order stay one and the same.
use super::AppState;
use super::assign::Effects;
use super::chat::{self, ChatError, Participant};
use super::conversation_actions;
use super::db::events::{self, ConversationRef};
use super::hub::Scope;
use crate::models::{ConversationId, ProjectId};
use crate::realtime::protocol::{ErrorCode, Event, Message};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// Most messages in one transaction.
const MAX_BATCH: usize = 128;
/// Sends queued per project before senders wait (back-pressure on the sockets).
const QUEUE_DEPTH: usize = 4096;

/// One message to store, already validated.
pub struct SendRequest {
    /// Who sends it.
    pub participant: Participant,
    /// The sender's idempotency key.
    pub client_id: Uuid,
    /// Where (visitors may leave it out).
    pub conversation_id: Option<ConversationId>,
    /// The trimmed, length-checked text.
    pub body: String,
    /// What it carries besides text (checked against the author's role).
    pub content: crate::realtime::protocol::Content,
    /// The visitor's email address, given with the message (the offline form): stored in the
    /// message's transaction.
    pub reply_to: Option<crate::models::Email>,
    /// Where the outcome goes.
    pub reply: oneshot::Sender<Result<Message, ChatError>>,
}

/// What storing one message came to: stored now (and to publish), or found already stored.
pub(super) enum Stored {
    /// Committed by this batch, with the routing it caused (a new or reopened conversation)
    /// and the agents who may see it.
    Fresh(Message, ConversationRef, Effects, Scope),
    /// The same `client_id` was stored before: acknowledged again, not published again.
    Again(Message),
}

/// The writers, one per project, started on first use.
#[derive(Default)]
pub struct MessageWriters {
    queues: Mutex<HashMap<ProjectId, mpsc::Sender<SendRequest>>>,
}

impl MessageWriters {
    /// Hands a message to its project's writer; the answer comes on `request.reply`.
    pub async fn submit(&self, state: &AppState, request: SendRequest) -> Result<(), ChatError> {
        let queue = self.queue(state, request.participant.project_id());
        queue.send(request).await.map_err(|_| ChatError::internal())
    }

    fn queue(&self, state: &AppState, project_id: ProjectId) -> mpsc::Sender<SendRequest> {
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(queue) = queues.get(&project_id)
            && !queue.is_closed()
        {
            return queue.clone();
        }
        let (queue, requests) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(write_batches(state.clone(), project_id, requests));
        queues.insert(project_id, queue.clone());
        queue
    }
}

async fn write_batches(
    state: AppState,
    project_id: ProjectId,
    mut requests: mpsc::Receiver<SendRequest>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while requests.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let ordered = state.hub.project_lock(project_id).lock_owned().await;
        let outcomes = match store_batch(&state, project_id, &batch).await {
            Ok(outcomes) => outcomes,
            // Nothing of the batch was committed: every sender may retry with its client_id.
            Err(error) => batch.iter().map(|_| Err(error.clone())).collect(),
        };
        for (request, outcome) in batch.drain(..).zip(outcomes) {
            let answer = outcome.map(|stored| match stored {
                Stored::Fresh(message, conversation, effects, scope) => {
                    chat::publish(&state, conversation, Event::Message(message.clone()), scope);
                    if let Participant::Visitor(visitor) = &request.participant {
                        let changes = state
                            .presence
                            .visitor_conversation(visitor.id, conversation.id);
                        state
                            .broadcasts
                            .visitors_changed(&state, project_id, changes);
                    }
                    conversation_actions::publish_effects(&state, project_id, effects);
                    message
                }
                Stored::Again(message) => message,
            });
            let _ = request.reply.send(answer);
        }
        drop(ordered);
    }
}

/// Stores a batch in one transaction. A refusal (unknown conversation, reused client id)
/// touches nothing and leaves the rest of the batch alone; a storage failure fails the whole
/// batch, so nothing is ever acknowledged that a rolled-back transaction dropped.
async fn store_batch(
    state: &AppState,
    project_id: ProjectId,
    batch: &[SendRequest],
) -> Result<Vec<Result<Stored, ChatError>>, ChatError> {
    let mut tx = state.db.pool().begin().await?;
    // A write first: the transaction holds the write lock (and the project row) from here on,
    // so sequence numbers are handed out in commit order.
    events::lock_numbering(&mut tx, project_id).await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for request in batch {
        let outcome = chat::store_message(&mut tx, request).await;
        if let Err(error) = &outcome
            && error.code == ErrorCode::Internal
        {
            return Err(error.clone());
        }
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}
