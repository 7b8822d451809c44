//! Fan-out across server processes on one PostgreSQL database: each node announces the events
//! it published on a `LISTEN/NOTIFY` channel; the other nodes read those events back from the
//! database and publish them to their own sockets, so every open screen updates live whichever
//! node it is connected to. (SQLite is one process: nothing to relay.)
use super::AppState;
use super::db::{Backend, events};
use super::hub::{Scope, Topic};
use crate::models::{ProjectId, UserId, VisitorId};
use crate::realtime::protocol::ServerFrame;
use std::sync::OnceLock;
use tokio::sync::mpsc;
use uuid::Uuid;

/// The notification channel.
const CHANNEL: &str = "parley_events";
/// Announcements sent per round trip at most.
const BATCH: usize = 256;

/// This node's side of the relay.
pub struct Relay {
    node: Uuid,
    outbox: OnceLock<mpsc::UnboundedSender<String>>,
}

impl Default for Relay {
    fn default() -> Self {
        Self {
            node: Uuid::new_v4(),
            outbox: OnceLock::new(),
        }
    }
}

impl Relay {
    /// Tells the other nodes that event `seq` of the project was committed and published here.
    pub fn announce(&self, project_id: ProjectId, seq: i64) {
        if let Some(outbox) = self.outbox.get() {
            let _ = outbox.send(announcement(self.node, project_id, seq));
        }
    }

    /// Tells the other nodes to close a visitor's widget sockets (blacklisted or merged).
    pub fn announce_visitor_closed(&self, visitor: VisitorId) {
        if let Some(outbox) = self.outbox.get() {
            let _ = outbox.send(format!("{} close-visitor {visitor}", self.node));
        }
    }

    /// Tells the other nodes that `user`'s sessions ended, so they close its sockets too.
    pub fn announce_sign_out(&self, user: UserId) {
        if let Some(outbox) = self.outbox.get() {
            let _ = outbox.send(sign_out_announcement(self.node, user));
        }
    }
}

fn announcement(node: Uuid, project_id: ProjectId, seq: i64) -> String {
    format!("{node} {project_id} {seq}")
}

fn sign_out_announcement(node: Uuid, user: UserId) -> String {
    format!("{node} sign-out {user}")
}

/// What another node announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Announcement {
    /// An event it committed and published.
    Event(ProjectId, i64),
    /// An account whose sessions ended: close its sockets here too.
    SignOut(UserId),
    /// A visitor blacklisted or merged away: close their widget sockets here too.
    CloseVisitor(VisitorId),
}

fn parse_announcement(payload: &str) -> Option<(Uuid, Announcement)> {
    let mut parts = payload.split(' ');
    let node = Uuid::parse_str(parts.next()?).ok()?;
    let second = parts.next()?;
    let announcement = if second == "sign-out" {
        Announcement::SignOut(UserId::parse(parts.next()?)?)
    } else if second == "close-visitor" {
        Announcement::CloseVisitor(VisitorId::parse(parts.next()?)?)
    } else {
        Announcement::Event(ProjectId::parse(second)?, parts.next()?.parse().ok()?)
    };
    parts.next().is_none().then_some((node, announcement))
}

/// Starts this node's side of the relay. It is listening when this returns, so a node that
/// serves only afterwards never accepts a socket that could miss another node's event.
pub async fn start(
    state: &AppState,
    database_url: &str,
) -> Result<Vec<tokio::task::JoinHandle<()>>, sqlx::Error> {
    if state.db.backend() != Backend::Postgres || state.relay.outbox.get().is_some() {
        return Ok(Vec::new());
    }
    let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
    listener.listen(CHANNEL).await?;
    let (outbox, announcements) = mpsc::unbounded_channel();
    if state.relay.outbox.set(outbox).is_err() {
        return Ok(Vec::new());
    }
    Ok(vec![
        tokio::spawn(announce(state.clone(), announcements)),
        tokio::spawn(listen(state.clone(), listener)),
    ])
}

async fn announce(state: AppState, mut announcements: mpsc::UnboundedReceiver<String>) {
    let mut batch = Vec::with_capacity(BATCH);
    while announcements.recv_many(&mut batch, BATCH).await > 0 {
        for payload in batch.drain(..) {
            // Counted, not selected: the Any driver cannot decode `void`.
            let sent = sqlx::query("SELECT COUNT(*) FROM (SELECT pg_notify($1, $2)) AS sent")
                .bind(CHANNEL)
                .bind(payload)
                .execute(state.db.pool())
                .await;
            if let Err(error) = sent {
                tracing::warn!(%error, "cannot announce an event to the other nodes");
            }
        }
    }
}

async fn listen(state: AppState, mut listener: sqlx::postgres::PgListener) {
    loop {
        // PgListener reconnects by itself; what is missed meanwhile, clients get on resume.
        let notification = match listener.recv().await {
            Ok(notification) => notification,
            Err(error) => {
                tracing::warn!(%error, "relay listener");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
        };
        let Some((node, announcement)) = parse_announcement(notification.payload()) else {
            continue;
        };
        if node == state.relay.node {
            continue;
        }
        match announcement {
            Announcement::Event(project_id, seq) => {
                if let Err(error) = publish_here(&state, project_id, seq).await {
                    tracing::warn!(%error, "cannot relay an event");
                }
            }
            Announcement::SignOut(user) => state.hub.sign_out(user),
            Announcement::CloseVisitor(visitor) => state.hub.close_topic(Topic::Visitor(visitor)),
        }
    }
}

/// Publishes another node's event to this node's sockets, as that node did to its own.
async fn publish_here(
    state: &AppState,
    project_id: ProjectId,
    seq: i64,
) -> Result<(), sqlx::Error> {
    let Some(relayed) = events::for_relay(&state.db, project_id, seq).await? else {
        return Ok(());
    };
    let mut topics = vec![Topic::Agents(project_id)];
    if !relayed.agents_only {
        topics.push(Topic::Visitor(relayed.visitor_id));
    }
    let scope = Scope {
        team: relayed.team_id,
        agents: [relayed.assignee_id, relayed.author_agent],
    };
    state.hub.publish_scoped(
        &topics,
        ServerFrame::Event {
            event: relayed.event,
        },
        Some(scope),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_read_back_and_junk_is_ignored() {
        let (node, project) = (Uuid::new_v4(), ProjectId::new());
        assert_eq!(
            parse_announcement(&announcement(node, project, 42)),
            Some((node, Announcement::Event(project, 42)))
        );
        let user = UserId::new();
        assert_eq!(
            parse_announcement(&sign_out_announcement(node, user)),
            Some((node, Announcement::SignOut(user)))
        );
        let visitor = VisitorId::new();
        assert_eq!(
            parse_announcement(&format!("{node} close-visitor {visitor}")),
            Some((node, Announcement::CloseVisitor(visitor)))
        );
        for junk in [
            "",
            "x y z",
            &format!("{node} {project}"),
            &format!("{node} {project} 1 2"),
            &format!("{node} sign-out"),
            &format!("{node} sign-out {user} extra"),
        ] {
            assert_eq!(parse_announcement(junk), None, "{junk}");
        }
    }
}
