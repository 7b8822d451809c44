//! Who gets a conversation: capacity routing for teams in `auto` mode, and the order in which
//! the queue drains. Pure: the repository gathers the facts, commits the claim atomically,
//! and asks again whenever capacity appears.
use crate::models::{ConversationId, TeamId, Timestamp, UserId};

/// An agent's availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    /// Takes new conversations.
    Online,
    /// Keeps current conversations, takes no new ones.
    Away,
    /// No workbench connected (after a grace period); takes no new ones.
    Offline,
}

/// What routing needs to know about one agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentLoad {
    /// Which agent.
    pub id: UserId,
    /// Online, away or offline.
    pub status: AgentStatus,
    /// Most open conversations they may be assigned at once.
    pub limit: u32,
    /// Open conversations assigned to them now.
    pub open: u32,
    /// When they were last given a conversation (none: never, the longest idle).
    pub last_assigned_at: Option<Timestamp>,
    /// The teams they belong to.
    pub teams: Vec<TeamId>,
}

impl AgentLoad {
    /// Whether this agent may be given a new conversation of `team` now.
    pub fn can_take(&self, team: TeamId) -> bool {
        self.status == AgentStatus::Online && self.open < self.limit && self.teams.contains(&team)
    }
}

/// The agent a new or reopened conversation of `team` goes to: an eligible agent (online, in
/// the team, below their limit) with the fewest open conversations; ties go to the one idle
/// longest, then to the smaller id so the choice is deterministic. `None`: queue it.
pub fn choose_agent(agents: &[AgentLoad], team: TeamId) -> Option<UserId> {
    agents
        .iter()
        .filter(|agent| agent.can_take(team))
        .min_by_key(|agent| (agent.open, agent.last_assigned_at, agent.id))
        .map(|agent| agent.id)
}

/// A conversation waiting in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    /// Which conversation.
    pub id: ConversationId,
    /// The team it is routed to.
    pub team: TeamId,
    /// When it joined the queue.
    pub queued_at: Timestamp,
    /// Its place in arrival order (the project's event number when it joined the queue):
    /// exact even for arrivals within the same millisecond.
    pub arrival: i64,
}

/// Puts the queue in draining order: oldest first (ids break ties so every node agrees).
pub fn queue_order(queue: &mut [Queued]) {
    queue.sort_by_key(|queued| (queued.arrival, queued.id));
}

/// Assignments to make at `now` that capacity may have appeared, in queue order: each queued
/// conversation, oldest first, goes to the agent [`choose_agent`] picks, whose load then
/// counts it (and who is then the most recently assigned). A conversation whose team has no
/// capacity left stays queued, and so does every younger one of that team, so each team's
/// queue drains strictly oldest first.
pub fn plan_drain(
    agents: &[AgentLoad],
    queue: &[Queued],
    now: Timestamp,
) -> Vec<(ConversationId, UserId)> {
    let mut agents = agents.to_vec();
    let mut ordered = queue.to_vec();
    queue_order(&mut ordered);
    let mut plan = Vec::new();
    for queued in ordered {
        let Some(chosen) = choose_agent(&agents, queued.team) else {
            continue;
        };
        if let Some(agent) = agents.iter_mut().find(|agent| agent.id == chosen) {
            agent.open += 1;
            // Later in this plan means more recent, so ties keep rotating.
            agent.last_assigned_at = Some(Timestamp(now.0.saturating_add(plan.len() as i64)));
        }
        plan.push((queued.id, chosen));
    }
    plan
}

/// A rough wait for the visitor at `position`, in whole minutes (at least 1): the team's
/// online agents free a place every `average_minutes` each.
pub fn wait_estimate_minutes(position: usize, online_agents: usize, average_minutes: u32) -> u32 {
    let agents = online_agents.max(1) as u64;
    let rounds = (position as u64).div_ceil(agents);
    u32::try_from(rounds.saturating_mul(u64::from(average_minutes.max(1))))
        .unwrap_or(u32::MAX)
        .max(1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn team() -> TeamId {
        TeamId(uuid::Uuid::from_u128(7))
    }

    fn agent(n: u128, status: AgentStatus, limit: u32, open: u32, last: Option<i64>) -> AgentLoad {
        AgentLoad {
            id: UserId(uuid::Uuid::from_u128(n)),
            status,
            limit,
            open,
            last_assigned_at: last.map(Timestamp),
            teams: vec![team()],
        }
    }

    #[test]
    fn the_least_loaded_online_agent_below_the_limit_gets_it() {
        let agents = [
            agent(1, AgentStatus::Online, 5, 3, Some(10)),
            agent(2, AgentStatus::Online, 5, 1, Some(50)),
            agent(3, AgentStatus::Away, 5, 0, None),
            agent(4, AgentStatus::Offline, 5, 0, None),
            agent(5, AgentStatus::Online, 1, 1, None),
        ];
        assert_eq!(choose_agent(&agents, team()), Some(agents[1].id));
    }

    #[test]
    fn ties_go_to_the_agent_idle_longest() {
        let agents = [
            agent(1, AgentStatus::Online, 5, 2, Some(30)),
            agent(2, AgentStatus::Online, 5, 2, Some(10)),
            agent(3, AgentStatus::Online, 5, 2, Some(20)),
        ];
        assert_eq!(choose_agent(&agents, team()), Some(agents[1].id));
        let never = [
            agent(1, AgentStatus::Online, 5, 2, Some(30)),
            agent(2, AgentStatus::Online, 5, 2, None),
        ];
        assert_eq!(choose_agent(&never, team()), Some(never[1].id));
    }

    #[test]
    fn nobody_eligible_means_queue_and_other_teams_do_not_count() {
        let mut outsider = agent(1, AgentStatus::Online, 5, 0, None);
        outsider.teams = vec![TeamId(uuid::Uuid::from_u128(99))];
        assert_eq!(choose_agent(&[outsider], team()), None);
        assert_eq!(choose_agent(&[], team()), None);
    }

    #[test]
    fn wait_estimates_grow_with_the_place_and_shrink_with_agents() {
        assert_eq!(wait_estimate_minutes(1, 2, 6), 6);
        assert_eq!(wait_estimate_minutes(3, 2, 6), 12);
        assert_eq!(wait_estimate_minutes(3, 0, 0), 3);
    }

    fn arb_status() -> impl Strategy<Value = AgentStatus> {
        prop_oneof![
            Just(AgentStatus::Online),
            Just(AgentStatus::Away),
            Just(AgentStatus::Offline)
        ]
    }

    fn arb_agents() -> impl Strategy<Value = Vec<AgentLoad>> {
        prop::collection::vec(
            (
                arb_status(),
                0_u32..6,
                0_u32..8,
                prop::option::of(0_i64..100),
            ),
            0..12,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(n, (status, limit, open, last))| {
                    agent(n as u128 + 1, status, limit, open.min(limit + 1), last)
                })
                .collect()
        })
    }

    fn arb_queue() -> impl Strategy<Value = Vec<Queued>> {
        prop::collection::vec(0_i64..50, 0..40).prop_map(|times| {
            times
                .into_iter()
                .enumerate()
                .map(|(n, at)| Queued {
                    id: ConversationId(uuid::Uuid::from_u128(1000 + n as u128)),
                    team: team(),
                    queued_at: Timestamp(at),
                    arrival: at,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_chosen_agent_is_eligible_and_least_loaded(agents in arb_agents()) {
            match choose_agent(&agents, team()) {
                Some(id) => {
                    let chosen = agents.iter().find(|agent| agent.id == id).unwrap();
                    prop_assert!(chosen.can_take(team()));
                    prop_assert_eq!(chosen.status, AgentStatus::Online);
                    prop_assert!(chosen.open < chosen.limit);
                    for other in agents.iter().filter(|agent| agent.can_take(team())) {
                        prop_assert!(chosen.open <= other.open);
                    }
                }
                None => prop_assert!(agents.iter().all(|agent| !agent.can_take(team()))),
            }
        }

        #[test]
        fn draining_never_exceeds_a_limit_nor_picks_unavailable_agents(
            agents in arb_agents(),
            queue in arb_queue(),
        ) {
            let plan = plan_drain(&agents, &queue, Timestamp(1_000));
            for agent in &agents {
                let given = plan.iter().filter(|(_, to)| *to == agent.id).count() as u32;
                if agent.status != AgentStatus::Online {
                    prop_assert_eq!(given, 0);
                }
                if given > 0 {
                    prop_assert!(agent.open + given <= agent.limit);
                }
            }
            // Everything that could be placed was: the capacity left equals what is queued.
            let capacity: u32 = agents
                .iter()
                .filter(|agent| agent.status == AgentStatus::Online)
                .map(|agent| agent.limit.saturating_sub(agent.open))
                .sum();
            prop_assert_eq!(plan.len(), queue.len().min(capacity as usize));
        }

        #[test]
        fn the_queue_drains_oldest_first(agents in arb_agents(), queue in arb_queue()) {
            let plan = plan_drain(&agents, &queue, Timestamp(1_000));
            let mut ordered = queue.clone();
            queue_order(&mut ordered);
            // The assigned ones are exactly the oldest ones, in order.
            let expected: Vec<ConversationId> =
                ordered.iter().take(plan.len()).map(|queued| queued.id).collect();
            let assigned: Vec<ConversationId> = plan.iter().map(|(id, _)| *id).collect();
            prop_assert_eq!(assigned, expected);
        }

        #[test]
        fn draining_spreads_load_evenly(n in 1_usize..10, queued in 0_usize..60) {
            let agents: Vec<AgentLoad> = (0..n)
                .map(|i| agent(i as u128 + 1, AgentStatus::Online, 100, 0, None))
                .collect();
            let queue: Vec<Queued> = (0..queued)
                .map(|i| Queued {
                    id: ConversationId(uuid::Uuid::from_u128(5000 + i as u128)),
                    team: team(),
                    queued_at: Timestamp(i as i64),
                    arrival: i as i64,
                })
                .collect();
            let plan = plan_drain(&agents, &queue, Timestamp(1_000));
            let counts: Vec<usize> = agents
                .iter()
                .map(|agent| plan.iter().filter(|(_, to)| *to == agent.id).count())
                .collect();
            let spread = counts.iter().max().unwrap() - counts.iter().min().unwrap();
            prop_assert!(spread <= 1, "{counts:?}");
        }
    }
}
