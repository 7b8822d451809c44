//! `parley-routing-sim`: drives the pure routing core (`app::routing::assignment`) through a
//! simulated day — conversations arriving and closing over a team of online agents — and
//! prints how evenly load was spread, how long the queue got, and how long the draining
//! decision takes with a long queue. It measures the decisions only: the database claim that
//! will carry them out is not part of it. Run it through `cargo make bench`.
use app::models::{ConversationId, TeamId, Timestamp, UserId};
use app::routing::assignment::{AgentLoad, AgentStatus, Queued, choose_agent, plan_drain};
use clap::Parser;
use hdrhistogram::Histogram;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(
    name = "parley-routing-sim",
    about = "Measure Parley's assignment decisions"
)]
struct Options {
    /// Conversations to route.
    #[arg(long, default_value_t = 10_000)]
    conversations: usize,
    /// Online agents in the team.
    #[arg(long, default_value_t = 100)]
    agents: usize,
    /// Open conversations each agent may hold.
    #[arg(long, default_value_t = 5)]
    limit: u32,
    /// Queued conversations for the draining-time measurement.
    #[arg(long, default_value_t = 10_000)]
    queued: usize,
    /// Random seed (the run is reproducible).
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

fn main() {
    let options = Options::parse();
    let team = TeamId::new();
    even_spread(&options, team);
    busy_day(&options, team);
    drain_time(&options, team);
}

fn agents(options: &Options, team: TeamId) -> Vec<AgentLoad> {
    (0..options.agents)
        .map(|_| AgentLoad {
            id: UserId::new(),
            status: AgentStatus::Online,
            limit: options.limit,
            open: 0,
            last_assigned_at: None,
            teams: vec![team],
        })
        .collect()
}

/// Open conversations in flight: when each closes, and whose it is.
#[derive(Default)]
struct Closings {
    by_time: BTreeMap<(i64, u64), UserId>,
    counter: u64,
}

impl Closings {
    /// Gives `agent` a conversation at `now` that closes 2–20 simulated minutes later.
    fn assign(&mut self, agents: &mut [AgentLoad], agent: UserId, now: i64, rng: &mut StdRng) {
        if let Some(load) = agents.iter_mut().find(|load| load.id == agent) {
            load.open += 1;
            load.last_assigned_at = Some(Timestamp(now));
        }
        self.counter += 1;
        let closes_at = now + rng.random_range(120_000..1_200_000);
        self.by_time.insert((closes_at, self.counter), agent);
    }
}

/// Every conversation assigned, none closed, limits out of the way: how evenly do they land?
fn even_spread(options: &Options, team: TeamId) {
    let mut team_agents = agents(options, team);
    for load in &mut team_agents {
        load.limit = u32::MAX;
    }
    for n in 0..options.conversations {
        if let Some(agent) = choose_agent(&team_agents, team)
            && let Some(load) = team_agents.iter_mut().find(|load| load.id == agent)
        {
            load.open += 1;
            load.last_assigned_at = Some(Timestamp(n as i64));
        }
    }
    let most = team_agents.iter().map(|load| load.open).max().unwrap_or(0);
    let least = team_agents.iter().map(|load| load.open).min().unwrap_or(0);
    println!(
        "{} conversations over {} agents: load spread (max − min open) {} ({} to {} each)",
        options.conversations,
        options.agents,
        most - least,
        least,
        most
    );
}

/// Conversations arrive about as fast as the team can serve them (so the queue fills and
/// drains) and last 2–20 simulated minutes; after every event, the spread of open counts
/// (closings make it move: an agent whose chats all ended sits at 0 until the next arrival).
fn busy_day(options: &Options, team: TeamId) {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut team_agents = agents(options, team);
    let capacity = options.agents as f64 * f64::from(options.limit);
    let arrival_gap_ms = 11.0 * 60_000.0 / capacity;
    let mut closings = Closings::default();
    let mut queue: Vec<Queued> = Vec::new();
    let (mut next_arrival, mut arrived) = (0_i64, 0_usize);
    let (mut worst_spread, mut longest_queue, mut queued_total) = (0_u32, 0_usize, 0_usize);
    while arrived < options.conversations || !closings.by_time.is_empty() {
        let next_close = closings.by_time.keys().next().map(|(at, _)| *at);
        let arrival_first =
            arrived < options.conversations && next_close.is_none_or(|close| next_arrival <= close);
        if arrival_first {
            let now = next_arrival;
            next_arrival += (arrival_gap_ms * rng.random_range(0.2..1.8)) as i64;
            arrived += 1;
            match choose_agent(&team_agents, team) {
                Some(agent) => closings.assign(&mut team_agents, agent, now, &mut rng),
                None => {
                    queued_total += 1;
                    queue.push(Queued {
                        id: ConversationId::new(),
                        team,
                        queued_at: Timestamp(now),
                        arrival: arrived as i64,
                    });
                }
            }
        } else if let Some(((now, _), agent)) = closings.by_time.pop_first() {
            if let Some(load) = team_agents.iter_mut().find(|load| load.id == agent) {
                load.open -= 1;
            }
            for (conversation, agent) in plan_drain(&team_agents, &queue, Timestamp(now)) {
                queue.retain(|queued| queued.id != conversation);
                closings.assign(&mut team_agents, agent, now, &mut rng);
            }
        }
        longest_queue = longest_queue.max(queue.len());
        let most = team_agents.iter().map(|load| load.open).max().unwrap_or(0);
        let least = team_agents.iter().map(|load| load.open).min().unwrap_or(0);
        worst_spread = worst_spread.max(most - least);
    }
    println!(
        "busy day, {} conversations over {} online agents (limit {}): spread at most {} at any moment; {} waited in the queue, longest queue {}",
        options.conversations,
        options.agents,
        options.limit,
        worst_spread,
        queued_total,
        longest_queue
    );
}

/// With a long queue, capacity appears (one agent closes one conversation): how long does
/// deciding the assignment take?
fn drain_time(options: &Options, team: TeamId) {
    let mut team_agents = agents(options, team);
    for load in &mut team_agents {
        load.open = load.limit;
    }
    let queue: Vec<Queued> = (0..options.queued)
        .map(|n| Queued {
            id: ConversationId::new(),
            team,
            queued_at: Timestamp(n as i64),
            arrival: n as i64,
        })
        .collect();
    let Ok(mut histogram) = Histogram::<u64>::new(3) else {
        return;
    };
    for round in 0..200 {
        let index = round % team_agents.len();
        team_agents[index].open -= 1;
        let started = Instant::now();
        let plan = plan_drain(&team_agents, &queue, Timestamp(0));
        let micros = started.elapsed().as_micros();
        team_agents[index].open += 1;
        if plan.len() != 1 {
            eprintln!("parley-routing-sim: expected exactly the freed place to be filled");
            std::process::exit(1);
        }
        let _ = histogram.record(u64::try_from(micros).unwrap_or(u64::MAX));
    }
    println!(
        "draining decision with {} queued when one place frees: p50 {} µs, p99 {} µs (decision only, no database)",
        options.queued,
        histogram.value_at_quantile(0.5),
        histogram.value_at_quantile(0.99)
    );
}
