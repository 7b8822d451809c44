//! Assignment under races: many agents clicking at once, bursts of new conversations, and
//! two server processes sharing one PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::WsClient;
use serde_json::{Value, json};
use std::collections::HashSet;

#[tokio::test]
async fn fifty_simultaneous_joins_of_a_grab_conversation_have_exactly_one_winner() {
    let app = spawn_app().await;
    grab_mode(&app).await;
    let team = agents(&app, 50).await;
    let mut sockets = Vec::new();
    for agent in &team {
        sockets.push(workbench(&app, agent).await);
    }
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "who takes me?").await;
    // Every online member is offered it.
    for socket in &mut sockets {
        let offer = next_change(socket, &conversation).await;
        assert_eq!(offer["change"], "offered");
        assert_eq!(offer["placement"]["grab"], true);
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(sockets.len()));
    let clicks: Vec<_> = sockets
        .into_iter()
        .map(|mut socket| {
            let (barrier, conversation) = (barrier.clone(), conversation.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let answer = act(&mut socket, &conversation, json!({"do": "join"})).await;
                (answer, socket)
            })
        })
        .collect();
    let mut answers: Vec<Value> = Vec::new();
    let mut sockets = Vec::new();
    for click in clicks {
        let (answer, socket) = click.await.unwrap();
        answers.push(answer);
        sockets.push(socket);
    }
    let winners = answers
        .iter()
        .filter(|answer| answer["type"] == "acted")
        .count();
    assert_eq!(winners, 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .filter(|answer| answer["type"] == "error")
            .all(|answer| answer["code"] == "taken"),
        "{answers:?}"
    );
    // Everyone sees it taken by the one winner.
    let stored = stored_conversations(&app).await;
    let winner = stored[0].assignee.clone().expect("assigned");
    for socket in &mut sockets {
        let picked = wait_change(socket, &conversation, "picked").await;
        assert_eq!(picked["placement"]["assignee_id"], json!(winner));
    }
    app.stop().await;
}

/// `count` visitors write their first message at the same instant; returns their
/// conversations in arrival (sequence) order.
async fn simultaneous_first_messages(nodes: &[&TestApp], count: usize) -> Vec<String> {
    let mut visitors = Vec::new();
    for n in 0..count {
        visitors.push(widget(nodes[n % nodes.len()]).await);
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(count));
    let sends: Vec<_> = visitors
        .into_iter()
        .enumerate()
        .map(|(n, mut visitor)| {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                let arrival = first_message(&mut visitor, &format!("visitor {n}")).await;
                (arrival, visitor)
            })
        })
        .collect();
    let mut arrivals = Vec::new();
    for send in sends {
        let (arrival, visitor) = send.await.unwrap();
        arrivals.push(arrival);
        visitor.close().await;
    }
    arrivals.sort_by_key(|(_, seq)| *seq);
    arrivals
        .into_iter()
        .map(|(conversation, _)| conversation)
        .collect()
}

/// The burst's invariants: `assigned` served, the rest queued in arrival order, nobody over
/// `limit`, nothing assigned twice.
fn assert_burst_outcome(stored: &[Stored], arrivals: &[String], assigned: usize, limit: usize) {
    let per_agent = open_per_agent(stored);
    assert!(
        per_agent.values().all(|open| *open <= limit),
        "{per_agent:?}"
    );
    assert_eq!(per_agent.values().sum::<usize>(), assigned);
    let served: HashSet<&String> = stored
        .iter()
        .filter(|conversation| conversation.assignee.is_some())
        .map(|conversation| &conversation.id)
        .collect();
    let first: HashSet<&String> = arrivals[..assigned].iter().collect();
    assert_eq!(served, first, "the earliest arrivals are served");
    assert_eq!(
        queue_order(stored),
        arrivals[assigned..].to_vec(),
        "the rest wait in arrival order"
    );
}

#[tokio::test]
async fn two_hundred_new_conversations_for_ten_agents_of_limit_five() {
    let app = spawn_app().await;
    let team = agents(&app, 10).await;
    let mut sockets = Vec::new();
    for agent in &team {
        sockets.push(workbench(&app, agent).await);
    }
    let arrivals = simultaneous_first_messages(&[&app], 200).await;
    let stored = stored_conversations(&app).await;
    assert_burst_outcome(&stored, &arrivals, 50, 5);
    assert!(open_per_agent(&stored).values().all(|open| *open == 5));

    // Capacity appears one conversation at a time: the queue drains strictly in order.
    let mut queue = queue_order(&stored);
    for round in 0..10 {
        let socket = &mut sockets[round];
        let agent_id = json!(team[round].id);
        let theirs = stored_conversations(&app)
            .await
            .into_iter()
            .find(|conversation| {
                conversation.status == "open"
                    && conversation.assignee == agent_id.as_str().map(str::to_owned)
            })
            .unwrap();
        assert_eq!(
            act(socket, &theirs.id, json!({"do": "close"})).await["type"],
            "acted"
        );
        let head = queue.remove(0);
        let drained = wait_change(socket, &head, "assigned").await;
        assert_eq!(drained["placement"]["assignee_id"], agent_id);
        assert_eq!(queue_order(&stored_conversations(&app).await), queue);
    }
    app.stop().await;
}

#[tokio::test]
async fn two_server_processes_never_assign_twice_nor_over_a_limit() {
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    let node_b = spawn_second_node(&app).await;
    let team = agents(&app, 4).await;
    let mut sockets: Vec<WsClient> = Vec::new();
    for (n, agent) in team.iter().enumerate() {
        let node = if n % 2 == 0 { &app } else { &node_b };
        sockets.push(workbench(node, agent).await);
    }
    let arrivals = simultaneous_first_messages(&[&app, &node_b], 40).await;
    let stored = stored_conversations(&app).await;
    assert_burst_outcome(&stored, &arrivals, 20, 5);

    // Agents on both nodes close one conversation each at the same time: the four oldest
    // queued ones are served, once each.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(sockets.len()));
    let closes: Vec<_> = sockets
        .into_iter()
        .zip(&team)
        .map(|(mut socket, agent)| {
            let id = agent.id.to_string();
            let theirs = stored
                .iter()
                .find(|conversation| conversation.assignee.as_deref() == Some(id.as_str()))
                .unwrap()
                .id
                .clone();
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                let answer = act(&mut socket, &theirs, json!({"do": "close"})).await;
                (answer, socket)
            })
        })
        .collect();
    for close in closes {
        let (answer, socket) = close.await.unwrap();
        assert_eq!(answer["type"], "acted");
        socket.close().await;
    }
    let after = stored_conversations(&app).await;
    let per_agent = open_per_agent(&after);
    assert!(per_agent.values().all(|open| *open == 5), "{per_agent:?}");
    assert_eq!(queue_order(&after), arrivals[24..].to_vec());
    node_b.stop().await;
    app.stop().await;
}

#[tokio::test]
async fn screens_connected_to_another_server_process_update_live() {
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    let node_b = spawn_second_node(&app).await;
    let team = agents(&app, 1).await;
    // The agent's workbench is on node B; the visitor's widget on node A.
    let mut on_b = workbench(&node_b, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (conversation, seq) = first_message(&mut visitor, "hello from node A").await;
    let message = loop {
        let frame = on_b.next().await;
        if frame["type"] == "event" && frame["event"]["kind"] == "message" {
            break frame["event"].clone();
        }
    };
    assert_eq!(message["body"], "hello from node A");
    assert_eq!(message["seq"], seq);
    let assigned = next_change(&mut on_b, &conversation).await;
    assert_eq!(assigned["change"], "assigned");
    // And back: the agent on B answers, the visitor on A reads it live.
    on_b.say(
        uuid::Uuid::new_v4(),
        Some(&conversation),
        "hello from node B",
    )
    .await;
    loop {
        let frame = visitor.next().await;
        if frame["type"] == "event" && frame["event"]["kind"] == "message" {
            assert_eq!(frame["event"]["body"], "hello from node B");
            break;
        }
    }
    node_b.stop().await;
    app.stop().await;
}
