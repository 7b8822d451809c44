//! Conversations and messages: validate, commit in one transaction, then publish. A message
//! is acknowledged only after its commit; a retried `client_id` returns the stored message.
use super::AppState;
use super::assign::{self, Actor, Effects};
use super::auth::token::{random_token, token_hash};
use super::db::events::{self, Author, ConversationRef};
use super::db::placements::PlacementRow;
use super::db::visitors::{self, VisitorRef};
use super::db::{conversation_facts, page_views, placements, teams, visitor_forms};
use super::hub::{Scope, Topic};
use super::message_content;
use super::message_writer::{SendRequest, Stored};
use crate::models::contact::ContactFields;
use crate::models::page_view::parse_page_view;
use crate::models::{
    ConversationId, CurrentUser, Email, ProjectId, ProjectKey, Role, TeamId, Timestamp, UserId,
    VisitorId,
};
use crate::realtime::placement::Change;
use crate::realtime::protocol::{
    AuthorKind, BodyProblem, Content, ErrorCode, Event, MAX_STARS, Message, ServerFrame,
    parse_body_for,
};
use crate::routing::conversation_access::{Action, Viewer, may};
use uuid::Uuid;

/// Who is on the other end of a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Participant {
    /// A website visitor.
    Visitor(VisitorRef),
    /// A signed-in admin or agent.
    Agent(CurrentUser),
}

impl Participant {
    /// The project the participant belongs to.
    pub fn project_id(&self) -> ProjectId {
        match self {
            Participant::Visitor(visitor) => visitor.project_id,
            Participant::Agent(user) => user.project_id,
        }
    }

    /// Visitor or agent.
    pub fn kind(&self) -> AuthorKind {
        match self {
            Participant::Visitor(_) => AuthorKind::Visitor,
            Participant::Agent(_) => AuthorKind::Agent,
        }
    }

    /// The signed-in account behind the socket (agents), whose sign-out ends it.
    pub fn account(&self) -> Option<UserId> {
        match self {
            Participant::Visitor(_) => None,
            Participant::Agent(user) => Some(user.id),
        }
    }

    /// The hub topic carrying what this participant may see.
    pub fn topic(&self) -> Topic {
        match self {
            Participant::Visitor(visitor) => Topic::Visitor(visitor.id),
            Participant::Agent(user) => Topic::Agents(user.project_id),
        }
    }

    /// The visitor's or user's id, as stored beside what they write.
    pub fn author_id(&self) -> String {
        match self {
            Participant::Visitor(visitor) => visitor.id.to_string(),
            Participant::Agent(user) => user.id.to_string(),
        }
    }

    fn author(&self) -> Author {
        match self {
            Participant::Visitor(visitor) => Author {
                kind: AuthorKind::Visitor,
                id: visitor.id.to_string(),
                name: None,
            },
            Participant::Agent(user) => Author {
                kind: AuthorKind::Agent,
                id: user.id.to_string(),
                name: Some(user.display_name.clone()),
            },
        }
    }
}

/// Why a chat action was refused; maps to an error frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatError {
    /// Stable code.
    pub code: ErrorCode,
    /// Developer-facing sentence.
    pub message: String,
}

impl ChatError {
    pub(super) fn new(code: ErrorCode, message: &str) -> Self {
        Self {
            code,
            message: message.to_owned(),
        }
    }

    /// The server failed; the sender may retry with the same `client_id`.
    pub fn internal() -> Self {
        Self::new(
            ErrorCode::Internal,
            "the server could not store this; retry with the same client_id",
        )
    }

    /// The same refusal for an HTTP caller (server functions): the details are logged.
    pub fn into_app_error(self) -> crate::errors::AppError {
        use crate::errors::AppError;
        match self.code {
            ErrorCode::NotFound => AppError::NotFound,
            ErrorCode::Forbidden => AppError::Forbidden,
            _ => {
                tracing::error!(code = ?self.code, message = %self.message, "routing failed");
                AppError::Internal
            }
        }
    }

    /// The error frame for this refusal.
    pub fn frame(&self, client_id: Option<Uuid>) -> ServerFrame {
        ServerFrame::Error {
            code: self.code,
            message: self.message.clone(),
            client_id,
        }
    }
}

impl From<sqlx::Error> for ChatError {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "chat storage failed");
        ChatError::internal()
    }
}

/// No agent in particular (a conversation nobody has been routed to yet).
const NOBODY: Scope = Scope {
    team: None,
    agents: [None, None],
};

/// Whether a retried send carries what was stored: an attachment by its id (the stored one
/// has its name and type filled in), anything else exactly.
fn same_content(stored: &Content, sent: &Content) -> bool {
    match (stored, sent) {
        (Content::Attachment(stored), Content::Attachment(sent)) => stored.id == sent.id,
        _ => stored == sent,
    }
}

fn not_found() -> ChatError {
    ChatError::new(ErrorCode::NotFound, "no such conversation")
}

/// Creates a visitor for a project and returns their opaque token (only its hash is stored).
pub async fn start_visitor(
    state: &AppState,
    key: &ProjectKey,
) -> Result<String, crate::errors::AppError> {
    let project = super::db::projects::find_by_key(&state.db, key)
        .await?
        .ok_or(crate::errors::AppError::NotFound)?;
    let token = random_token(32);
    let visitor = VisitorRef {
        id: VisitorId::new(),
        project_id: project.id,
    };
    visitors::insert(&state.db, visitor, &token_hash(&token), Timestamp::now()).await?;
    Ok(token)
}

/// The visitor holding `token`, if any, whether they are blacklisted and what their browser
/// told last.
pub async fn visitor_for_token(
    state: &AppState,
    token: &str,
) -> Result<Option<visitors::TokenVisitor>, sqlx::Error> {
    visitors::find_by_token_hash(&state.db, &token_hash(token)).await
}

/// Records the page a visitor's widget was loaded on (their access trace).
pub async fn record_page_view(
    state: &AppState,
    participant: &Participant,
    url: &str,
    title: &str,
    referrer: &str,
) -> Result<(), ChatError> {
    let Participant::Visitor(visitor) = participant else {
        return Err(ChatError::new(
            ErrorCode::Forbidden,
            "only visitors report page views",
        ));
    };
    let view = parse_page_view(url, title, referrer, Timestamp::now()).map_err(|_| {
        ChatError::new(
            ErrorCode::InvalidPageView,
            "url must be an absolute http(s) address of at most 2048 characters",
        )
    })?;
    page_views::insert(&state.db, *visitor, &view).await?;
    Ok(())
}

/// Stores a message and publishes it; returns the stored message (the original one when
/// `client_id` was already used by this author for the same text). The project's writer
/// commits it, possibly together with others ([`super::message_writer`]); the answer comes
/// only after the commit.
pub async fn send_message(
    state: &AppState,
    participant: &Participant,
    client_id: Uuid,
    conversation_id: Option<ConversationId>,
    body: &str,
    content: Content,
) -> Result<Message, ChatError> {
    let outgoing = Outgoing {
        participant: participant.clone(),
        client_id,
        conversation_id,
        content,
        reply_to: None,
    };
    submit(state, outgoing, body).await
}

/// A visitor's message with the email address to answer it at (the widget's offline form):
/// the address is stored in the message's own transaction, so neither is kept without the
/// other.
pub async fn send_message_with_email(
    state: &AppState,
    visitor: VisitorRef,
    body: &str,
    email: Email,
) -> Result<Message, ChatError> {
    let outgoing = Outgoing {
        participant: Participant::Visitor(visitor),
        client_id: Uuid::new_v4(),
        conversation_id: None,
        content: Content::Text,
        reply_to: Some(email),
    };
    submit(state, outgoing, body).await
}

/// A message to send, before its body is checked.
struct Outgoing {
    participant: Participant,
    client_id: Uuid,
    conversation_id: Option<ConversationId>,
    content: Content,
    reply_to: Option<Email>,
}

/// Checks what `outgoing` carries against its author, then has the project's writer commit it.
async fn submit(state: &AppState, outgoing: Outgoing, body: &str) -> Result<Message, ChatError> {
    let Outgoing {
        participant,
        client_id,
        conversation_id,
        content,
        reply_to,
    } = outgoing;
    if !content.allowed_for(participant.kind()) {
        return Err(ChatError::new(
            ErrorCode::ContentForbidden,
            "notes and review prompts are agents', reviews are visitors'",
        ));
    }
    if let Content::Review { stars } = content
        && !(1..=MAX_STARS).contains(&stars)
    {
        return Err(ChatError::new(
            ErrorCode::InvalidReview,
            "a review gives 1 to 5 stars",
        ));
    }
    let body = parse_body_for(&content, body).map_err(|problem| match problem {
        BodyProblem::Empty => ChatError::new(ErrorCode::EmptyBody, "the message is empty"),
        BodyProblem::TooLong => ChatError::new(
            ErrorCode::BodyTooLong,
            "the message is longer than 5000 characters",
        ),
    })?;
    let (reply, answer) = tokio::sync::oneshot::channel();
    let request = SendRequest {
        participant,
        client_id,
        conversation_id,
        body,
        content,
        reply_to,
        reply,
    };
    state.writers.submit(state, request).await?;
    answer.await.unwrap_or_else(|_| Err(ChatError::internal()))
}

/// Stores one message inside the writer's transaction: the stored one again for a retried
/// `client_id`, else a new event with the project's next sequence number.
pub(super) async fn store_message(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    request: &SendRequest,
) -> Result<Stored, ChatError> {
    let participant = &request.participant;
    let project_id = participant.project_id();
    let author = participant.author();
    if let Some(stored) =
        events::find_by_client_id(tx, project_id, author.kind, &author.id, request.client_id)
            .await?
    {
        let same = stored.body == request.body
            && same_content(&stored.content, &request.content)
            && request
                .conversation_id
                .is_none_or(|id| id == stored.conversation_id);
        return if same {
            Ok(Stored::Again(stored))
        } else {
            Err(ChatError::new(
                ErrorCode::ClientIdReused,
                "this client_id was used for another message",
            ))
        };
    }
    let now = Timestamp::now();
    // Checked before anything is written: the transaction is shared with the rest of a batch.
    let content =
        message_content::check(tx, participant, request.conversation_id, &request.content).await?;
    // `None`: the visitor's first message starts the conversation.
    let (conversation, existing) =
        resolve_conversation(tx, participant, request.conversation_id, now).await?;
    let created = existing.is_none();
    // Checked before anything is written: the transaction is shared with the rest of a batch.
    if let Participant::Agent(user) = participant {
        let seen = existing.as_ref().ok_or_else(not_found)?;
        // Any agent who sees a conversation may leave a note; writing to the visitor is the
        // serving agent's (or an admin's).
        let action = if content.is_note() {
            Action::See
        } else {
            Action::Reply
        };
        if !seen.allows(user, action) {
            return Err(ChatError::new(
                ErrorCode::Forbidden,
                "only the serving agent (or an admin) writes here: pick or join it first",
            ));
        }
    }
    let message = Message {
        conversation_id: conversation.id,
        seq: events::next_seq(tx, project_id).await?,
        client_id: request.client_id,
        author: author.kind,
        author_name: author.name.clone(),
        body: request.body.clone(),
        content,
        at: now,
    };
    events::insert_message(tx, project_id, conversation.visitor_id, &author, &message).await?;
    message_content::record(tx, conversation, &message).await?;
    if let Some(email) = &request.reply_to {
        let fields = ContactFields {
            email: Some(email.as_str().to_owned()),
            ..ContactFields::default()
        };
        visitor_forms::fill_details(tx, conversation.visitor_id, &fields).await?;
    }
    let mut effects = Effects::default();
    if !message.content.is_conversation() {
        // Notes and review prompts leave the conversation's state and timers as they are.
        return Ok(Stored::Fresh(
            message,
            conversation,
            effects,
            existing.as_ref().map_or(NOBODY, Seen::scope),
        ));
    }
    events::touch_conversation(tx, conversation.id, now).await?;
    conversation_facts::message_written(tx, &message).await?;
    match participant {
        Participant::Visitor(_) => {
            placements::visitor_wrote(tx, conversation.id, now).await?;
            if created {
                assign::route(tx, &mut effects, conversation, None, now).await?;
            } else if existing.as_ref().is_some_and(|seen| seen.row.closed) {
                placements::reopen(tx, conversation.id).await?;
                assign::record(
                    tx,
                    &mut effects,
                    conversation,
                    Change::Reopened,
                    Actor::Parley,
                    None,
                    now,
                )
                .await?;
                assign::route(tx, &mut effects, conversation, None, now).await?;
            }
        }
        Participant::Agent(user) => {
            if existing.as_ref().is_some_and(|seen| seen.row.on_hold) {
                placements::set_on_hold(tx, conversation.id, false).await?;
                assign::record(
                    tx,
                    &mut effects,
                    conversation,
                    Change::Resumed,
                    Actor::Agent(user),
                    None,
                    now,
                )
                .await?;
            }
        }
    }
    // Who may see the message: where the conversation stands after any routing it caused.
    let routed = effects
        .events
        .iter()
        .rev()
        .find(|(of, ..)| of.id == conversation.id)
        .map(|(_, _, scope)| *scope);
    let scope = routed
        .or_else(|| existing.as_ref().map(Seen::scope))
        .unwrap_or(NOBODY);
    Ok(Stored::Fresh(message, conversation, effects, scope))
}

/// Stores a read receipt and publishes it.
pub async fn mark_read(
    state: &AppState,
    participant: &Participant,
    conversation_id: ConversationId,
    up_to: i64,
) -> Result<(), ChatError> {
    let project_id = participant.project_id();
    let author = participant.author();
    let (_ordered, mut tx, seq) = begin_numbered(state, project_id).await?;
    let seen = visible_conversation(&mut tx, participant, conversation_id).await?;
    let (conversation, scope) = (seen.row.conversation, seen.scope());
    let now = Timestamp::now();
    events::insert_read(
        &mut tx,
        project_id,
        conversation.visitor_id,
        &author,
        seq,
        conversation.id,
        up_to,
        now,
    )
    .await?;
    if author.kind == AuthorKind::Agent {
        conversation_facts::agent_read(&mut tx, conversation.id, up_to).await?;
    }
    tx.commit().await?;
    publish(
        state,
        conversation,
        Event::Read {
            seq,
            conversation_id,
            by: author.kind,
            up_to,
            at: now,
        },
        scope,
    );
    Ok(())
}

/// Relays a typing notice to the other side (nothing is stored).
pub async fn typing(
    state: &AppState,
    participant: &Participant,
    conversation_id: ConversationId,
) -> Result<(), ChatError> {
    let mut tx = state.db.pool().begin().await?;
    let seen = visible_conversation(&mut tx, participant, conversation_id).await?;
    let (conversation, scope) = (seen.row.conversation, seen.scope());
    tx.rollback().await?;
    let topic = match participant {
        Participant::Visitor(_) => Topic::Agents(conversation.project_id),
        Participant::Agent(_) => Topic::Visitor(conversation.visitor_id),
    };
    state.hub.publish_scoped(
        &[topic],
        ServerFrame::Typing {
            conversation_id,
            by: participant.kind(),
        },
        Some(scope),
    );
    Ok(())
}

/// The conversation, if the participant may see it (for reads outside the socket, such as the
/// visitor's access trace).
pub async fn visible(
    state: &AppState,
    participant: &Participant,
    id: ConversationId,
) -> Result<ConversationRef, ChatError> {
    let mut tx = state.db.pool().begin().await?;
    let seen = visible_conversation(&mut tx, participant, id).await?;
    tx.rollback().await?;
    Ok(seen.row.conversation)
}

/// The project's newest sequence number, and when the first event after `after` was
/// written (to decide between a replay and a `resync`).
pub async fn resume_point(
    state: &AppState,
    participant: &Participant,
    after: i64,
) -> Result<(i64, Option<Timestamp>), ChatError> {
    Ok(events::resume_point(&state.db, participant.project_id(), after).await?)
}

/// Every event after `after` that the participant may see, oldest first, in pages.
pub async fn events_after(
    state: &AppState,
    participant: &Participant,
    after: i64,
    limit: i64,
) -> Result<Vec<Event>, ChatError> {
    Ok(match participant {
        Participant::Visitor(visitor) => {
            events::for_visitor_after(&state.db, visitor.project_id, visitor.id, after, limit)
                .await?
        }
        Participant::Agent(user) if user.role == Role::Admin => {
            events::for_project_after(&state.db, user.project_id, after, limit).await?
        }
        Participant::Agent(user) => {
            events::for_agent_after(&state.db, user.project_id, user.id, after, limit).await?
        }
    })
}

/// Takes the project's publish lock, opens a transaction and takes the next sequence number
/// as its first statement (the write lock: numbers are handed out in commit order). Hold the
/// guard until the event is published, so sockets see a project's events in order.
async fn begin_numbered(
    state: &AppState,
    project_id: ProjectId,
) -> Result<
    (
        tokio::sync::OwnedMutexGuard<()>,
        sqlx::Transaction<'static, sqlx::Any>,
        i64,
    ),
    ChatError,
> {
    let ordered = state.hub.project_lock(project_id).lock_owned().await;
    let mut tx = state.db.pool().begin().await?;
    let seq = events::next_seq(&mut tx, project_id).await?;
    Ok((ordered, tx, seq))
}

/// Sends a committed event to the visitor's sockets and those of the agents `scope` admits,
/// here and (through the relay) on the other server processes.
pub(super) fn publish(state: &AppState, conversation: ConversationRef, event: Event, scope: Scope) {
    state.relay.announce(conversation.project_id, event.seq());
    let everyone = [
        Topic::Agents(conversation.project_id),
        Topic::Visitor(conversation.visitor_id),
    ];
    // Internal notes never reach the visitor's sockets.
    let topics = if event.agents_only() {
        &everyone[..1]
    } else {
        &everyone[..]
    };
    state
        .hub
        .publish_scoped(topics, ServerFrame::Event { event }, Some(scope));
}

/// A conversation the participant may see: its placement and, for an agent, their teams.
struct Seen {
    row: PlacementRow,
    teams: Vec<TeamId>,
}

impl Seen {
    /// Whether `user` may do `action` with it.
    fn allows(&self, user: &CurrentUser, action: Action) -> bool {
        let viewer = Viewer {
            id: user.id,
            role: user.role,
            teams: &self.teams,
        };
        may(viewer, self.row.access(), action)
    }

    /// Which agents may receive frames about it.
    fn scope(&self) -> Scope {
        assign::scope_of(&self.row)
    }
}

/// The conversation, if the participant may see it: a visitor their own, an agent what their
/// role and teams allow (anything else is "not found", never "forbidden").
async fn visible_conversation(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    participant: &Participant,
    id: ConversationId,
) -> Result<Seen, ChatError> {
    let row = placements::find(tx, participant.project_id(), id)
        .await?
        .ok_or_else(not_found)?;
    let visible = match participant {
        Participant::Visitor(visitor) => {
            (row.conversation.visitor_id == visitor.id).then_some(Seen {
                row,
                teams: Vec::new(),
            })
        }
        Participant::Agent(user) => {
            let seen = Seen {
                row,
                teams: teams::of_user(tx, user.id).await?,
            };
            seen.allows(user, Action::See).then_some(seen)
        }
    };
    visible.ok_or_else(not_found)
}

async fn resolve_conversation(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    participant: &Participant,
    requested: Option<ConversationId>,
    now: Timestamp,
) -> Result<(ConversationRef, Option<Seen>), ChatError> {
    match (participant, requested) {
        (_, Some(id)) => {
            let seen = visible_conversation(tx, participant, id).await?;
            Ok((seen.row.conversation, Some(seen)))
        }
        (Participant::Agent(_), None) => Err(ChatError::new(
            ErrorCode::NotFound,
            "agents must name the conversation",
        )),
        (Participant::Visitor(visitor), None) => {
            if let Some(latest) = events::latest_conversation_of(tx, visitor.id).await? {
                let seen = visible_conversation(tx, participant, latest.id).await?;
                return Ok((latest, Some(seen)));
            }
            let conversation = ConversationRef {
                id: ConversationId::new(),
                project_id: visitor.project_id,
                visitor_id: visitor.id,
            };
            events::insert_conversation(tx, conversation, now).await?;
            Ok((conversation, None))
        }
    }
}
