//! Who has a socket open on this node: agents' workbenches (their presence in the database is
//! vouched for from here) and visitors' widgets (the workbench's "online visitor").
use crate::models::{ConversationId, ProjectId, UserId, VisitorId};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The conversations whose online state moving a visitor's online conversation from `before`
/// to `after` changes (the state itself is read from [`Presence`] when it is sent).
fn changes(before: Option<ConversationId>, after: Option<ConversationId>) -> Vec<ConversationId> {
    if before == after {
        return Vec::new();
    }
    before.into_iter().chain(after).collect()
}

/// Socket counts on this node.
#[derive(Default)]
pub struct Presence {
    agents: Mutex<HashMap<UserId, (ProjectId, u32)>>,
    visitors: Mutex<HashMap<VisitorId, VisitorSockets>>,
}

struct VisitorSockets {
    project_id: ProjectId,
    sockets: u32,
    conversation: Option<ConversationId>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Presence {
    /// An agent's workbench connected; true when it is their first socket here.
    pub fn agent_connected(&self, user: UserId, project_id: ProjectId) -> bool {
        let mut agents = lock(&self.agents);
        let entry = agents.entry(user).or_insert((project_id, 0));
        entry.1 += 1;
        entry.1 == 1
    }

    /// An agent's socket closed; true when it was their last one here.
    pub fn agent_disconnected(&self, user: UserId) -> bool {
        let mut agents = lock(&self.agents);
        let Some(entry) = agents.get_mut(&user) else {
            return false;
        };
        entry.1 = entry.1.saturating_sub(1);
        let last = entry.1 == 0;
        if last {
            agents.remove(&user);
        }
        last
    }

    /// Agents with a workbench connected here.
    pub fn connected_agents(&self) -> Vec<UserId> {
        lock(&self.agents).keys().copied().collect()
    }

    /// Whether the agent has a workbench connected here.
    pub fn agent_is_connected(&self, user: UserId) -> bool {
        lock(&self.agents).contains_key(&user)
    }

    /// A visitor's widget connected (with their newest conversation, if any). Returns what
    /// that changes in the online conversations.
    pub fn visitor_connected(
        &self,
        visitor: VisitorId,
        project_id: ProjectId,
        conversation: Option<ConversationId>,
    ) -> Vec<ConversationId> {
        let mut visitors = lock(&self.visitors);
        let before = visitors.get(&visitor).and_then(|entry| entry.conversation);
        let entry = visitors.entry(visitor).or_insert(VisitorSockets {
            project_id,
            sockets: 0,
            conversation,
        });
        entry.sockets += 1;
        if conversation.is_some() {
            entry.conversation = conversation;
        }
        changes(before, entry.conversation)
    }

    /// A connected visitor started a conversation: what that changes in the online
    /// conversations (their previous one is no longer the one agents see online).
    pub fn visitor_conversation(
        &self,
        visitor: VisitorId,
        conversation: ConversationId,
    ) -> Vec<ConversationId> {
        let mut visitors = lock(&self.visitors);
        match visitors.get_mut(&visitor) {
            Some(entry) => {
                let before = entry.conversation.replace(conversation);
                changes(before, entry.conversation)
            }
            None => Vec::new(),
        }
    }

    /// Whether a visitor has a widget open on this node.
    pub fn visitor_online(&self, visitor: VisitorId) -> bool {
        lock(&self.visitors).contains_key(&visitor)
    }

    /// A visitor's socket closed: what that changes in the online conversations.
    pub fn visitor_disconnected(&self, visitor: VisitorId) -> Vec<ConversationId> {
        let mut visitors = lock(&self.visitors);
        let Some(entry) = visitors.get_mut(&visitor) else {
            return Vec::new();
        };
        entry.sockets = entry.sockets.saturating_sub(1);
        if entry.sockets > 0 {
            return Vec::new();
        }
        let before = entry.conversation;
        visitors.remove(&visitor);
        changes(before, None)
    }

    /// The conversations of a project whose visitor has the widget open here.
    pub fn online_conversations(&self, project_id: ProjectId) -> Vec<ConversationId> {
        let mut ids: Vec<ConversationId> = lock(&self.visitors)
            .values()
            .filter(|entry| entry.project_id == project_id)
            .filter_map(|entry| entry.conversation)
            .collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sockets_per_agent_and_visitor() {
        let presence = Presence::default();
        let (agent, project) = (UserId::new(), ProjectId::new());
        assert!(presence.agent_connected(agent, project));
        assert!(!presence.agent_connected(agent, project));
        assert!(!presence.agent_disconnected(agent));
        assert!(presence.agent_is_connected(agent));
        assert!(presence.agent_disconnected(agent));
        assert!(!presence.agent_is_connected(agent));

        let visitor = VisitorId::new();
        let conversation = ConversationId::new();
        assert!(
            presence
                .visitor_connected(visitor, project, None)
                .is_empty()
        );
        assert!(presence.online_conversations(project).is_empty());
        assert_eq!(
            presence.visitor_conversation(visitor, conversation),
            [conversation]
        );
        assert!(
            presence
                .visitor_conversation(visitor, conversation)
                .is_empty()
        );
        assert_eq!(presence.online_conversations(project), [conversation]);
        assert!(presence.online_conversations(ProjectId::new()).is_empty());
        // A second tab changes nothing, closing one of two neither.
        assert!(
            presence
                .visitor_connected(visitor, project, Some(conversation))
                .is_empty()
        );
        assert!(presence.visitor_disconnected(visitor).is_empty());
        assert_eq!(presence.visitor_disconnected(visitor), [conversation]);
        assert!(presence.online_conversations(project).is_empty());
        assert!(presence.visitor_disconnected(visitor).is_empty());
    }

    #[test]
    fn a_new_conversation_takes_the_old_ones_place_online() {
        let presence = Presence::default();
        let (visitor, project) = (VisitorId::new(), ProjectId::new());
        let (old, new) = (ConversationId::new(), ConversationId::new());
        assert_eq!(
            presence.visitor_connected(visitor, project, Some(old)),
            [old]
        );
        assert_eq!(presence.online_conversations(project), [old]);
        assert_eq!(presence.visitor_conversation(visitor, new), [old, new]);
        assert_eq!(presence.online_conversations(project), [new]);
    }
}
