//! Messages between widget and workbench over `/ws`: live, durable, exactly once, resumable,
//! and private to their visitor.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;
use crate::ws_client::*;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

async fn stored_messages(app: &TestApp) -> i64 {
    use app::backend::db::Db;
    let db = Db::connect(&app.database_url).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind = 'message'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    count
}

/// The sequence numbers of the stored events of `kind` (all kinds: `None`), in order.
async fn logged_seqs(app: &TestApp, kind: Option<&str>) -> Vec<i64> {
    use app::backend::db::Db;
    let db = Db::connect(&app.database_url).await.unwrap();
    let seqs: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM events WHERE $1 IS NULL OR kind = $1 ORDER BY seq")
            .bind(kind)
            .fetch_all(db.pool())
            .await
            .unwrap();
    db.close().await;
    seqs
}

/// Every sequence number the sender tasks were acknowledged, in order.
async fn sorted_seqs(senders: Vec<tokio::task::JoinHandle<Vec<i64>>>) -> Vec<i64> {
    let mut acked = Vec::new();
    for sender in senders {
        acked.extend(sender.await.unwrap());
    }
    acked.sort_unstable();
    acked
}

#[tokio::test]
async fn a_visitor_and_an_agent_talk_live_both_ways() {
    let app = spawn_app().await;
    let cookie = admin_cookie(&app).await;
    let mut agent = WsClient::agent(&app, &cookie).await;
    assert!(agent.hello(0).await.is_empty());
    let mut agent_other_tab = WsClient::agent(&app, &cookie).await;
    agent_other_tab.hello(0).await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    assert!(visitor.hello(0).await.is_empty());

    let ack = visitor
        .say(Uuid::new_v4(), None, "  Hello, is anyone there?  ")
        .await;
    let message = &ack["message"];
    assert_eq!(message["body"], "Hello, is anyone there?");
    assert_eq!(message["author"], "visitor");
    let conversation = message["conversation_id"].as_str().unwrap().to_owned();
    // Acknowledged means committed.
    assert_eq!(stored_messages(&app).await, 1);

    let seen = agent.expect("event").await;
    assert_eq!(seen["event"]["kind"], "message");
    assert_eq!(seen["event"]["body"], "Hello, is anyone there?");
    assert_eq!(seen["event"]["seq"], message["seq"]);

    let reply = agent
        .say(Uuid::new_v4(), Some(&conversation), "Hi! How can I help?")
        .await;
    assert_eq!(reply["message"]["author_name"], "Demo Admin");
    let received = visitor.expect("event").await;
    assert_eq!(received["event"]["body"], "Hi! How can I help?");
    assert_eq!(received["event"]["author"], "agent");
    assert_eq!(received["event"]["author_name"], "Demo Admin");
    assert!(received["event"]["seq"].as_i64() > message["seq"].as_i64());
    // The agent's other tab sees both messages; the sending socket got an ack, not an echo.
    assert_eq!(
        agent_other_tab.expect("event").await["event"]["seq"],
        message["seq"]
    );
    assert_eq!(
        agent_other_tab.expect("event").await["event"]["seq"],
        reply["message"]["seq"]
    );
    agent.expect_silence(Duration::from_millis(300)).await;
    app.stop().await;
}

#[tokio::test]
async fn a_retried_client_id_is_acknowledged_again_and_stored_once() {
    let app = spawn_app().await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    visitor.hello(0).await;
    let client_id = Uuid::new_v4();
    let first = visitor.say(client_id, None, "only once").await;
    let again = visitor.say(client_id, None, "only once").await;
    assert_eq!(first["message"], again["message"]);
    assert_eq!(stored_messages(&app).await, 1);

    // A retry after reconnecting is still the same message.
    visitor.close().await;
    let token = visitor_token(&app).await;
    let mut other_visitor = WsClient::visitor(&app, &token).await;
    other_visitor.hello(0).await;
    // Another author may use the same UUID without touching the first message.
    let other = other_visitor.say(client_id, None, "someone else").await;
    assert_ne!(other["message"]["seq"], first["message"]["seq"]);
    assert_eq!(stored_messages(&app).await, 2);

    other_visitor
        .send_json(json!({"type": "send", "client_id": client_id, "body": "different text"}))
        .await;
    let refusal = other_visitor.expect("error").await;
    assert_eq!(refusal["code"], "client_id_reused");
    assert_eq!(refusal["client_id"], client_id.to_string());
    app.stop().await;
}

#[tokio::test]
async fn resuming_returns_exactly_the_missed_events_in_order() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let mut visitor = WsClient::visitor(&app, &token).await;
    visitor.hello(0).await;
    let first = visitor.say(Uuid::new_v4(), None, "one").await;
    let seen = first["message"]["seq"].as_i64().unwrap();
    let conversation = first["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    visitor.close().await;

    // While the visitor is away: their own other tab writes, and an agent answers.
    let mut other_tab = WsClient::visitor(&app, &token).await;
    other_tab.hello(seen).await;
    let two = other_tab.say(Uuid::new_v4(), None, "two").await;
    other_tab.close().await;
    let mut agent = WsClient::agent(&app, &admin_cookie(&app).await).await;
    agent.hello(0).await;
    let three = agent
        .say(Uuid::new_v4(), Some(&conversation), "three")
        .await;

    let mut back = WsClient::visitor(&app, &token).await;
    let missed = back.hello(seen).await;
    let bodies: Vec<&str> = missed
        .iter()
        .map(|event| event["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["two", "three"]);
    let seqs: Vec<i64> = missed
        .iter()
        .map(|event| event["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(
        seqs,
        [
            two["message"]["seq"].as_i64().unwrap(),
            three["message"]["seq"].as_i64().unwrap()
        ]
    );

    // From the start: everything, once each, in order.
    let mut fresh = WsClient::visitor(&app, &token).await;
    let all = fresh.hello(0).await;
    let bodies: Vec<&str> = all
        .iter()
        .map(|event| event["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["one", "two", "three"]);
    // And live events continue after the replay without repeats.
    agent.say(Uuid::new_v4(), Some(&conversation), "four").await;
    assert_eq!(fresh.expect("event").await["event"]["body"], "four");
    fresh.expect_silence(Duration::from_millis(300)).await;
    app.stop().await;
}

#[tokio::test]
async fn nothing_acknowledged_is_lost_across_a_server_restart() {
    let app = spawn_app().await;
    let token = visitor_token(&app).await;
    let mut visitor = WsClient::visitor(&app, &token).await;
    visitor.hello(0).await;
    let ack = visitor
        .say(Uuid::new_v4(), None, "sent just before the restart")
        .await;
    drop(visitor);

    let app = app.restart().await;
    let mut visitor = WsClient::visitor(&app, &token).await;
    let replay = visitor.hello(0).await;
    assert_eq!(replay.len(), 1);
    let mut replayed = replay[0].clone();
    assert_eq!(replayed["kind"], "message");
    replayed.as_object_mut().unwrap().remove("kind");
    assert_eq!(replayed, ack["message"]);
    // Sequence numbers keep increasing after the restart.
    let next = visitor.say(Uuid::new_v4(), None, "after").await;
    assert!(next["message"]["seq"].as_i64() > ack["message"]["seq"].as_i64());
    app.stop().await;
}

#[tokio::test]
async fn a_visitor_never_reads_or_writes_another_visitors_conversation() {
    let app = spawn_app().await;
    let mut alice = WsClient::visitor(&app, &visitor_token(&app).await).await;
    alice.hello(0).await;
    let secret = alice
        .say(Uuid::new_v4(), None, "my order number is 4242")
        .await;
    let alices = secret["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut bob = WsClient::visitor(&app, &visitor_token(&app).await).await;
    assert!(bob.hello(0).await.is_empty(), "no replay of Alice's events");

    bob.send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "conversation_id": alices, "body": "let me in"}))
        .await;
    assert_eq!(bob.expect("error").await["code"], "not_found");
    bob.send_json(json!({"type": "read", "conversation_id": alices, "seq": 99}))
        .await;
    assert_eq!(bob.expect("error").await["code"], "not_found");
    bob.send_json(json!({"type": "typing", "conversation_id": alices}))
        .await;
    assert_eq!(bob.expect("error").await["code"], "not_found");
    let guessed = Uuid::new_v4().to_string();
    bob.send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "conversation_id": guessed, "body": "guess"}))
        .await;
    assert_eq!(bob.expect("error").await["code"], "not_found");

    // Alice's next message reaches Alice's other sockets, never Bob's.
    alice.say(Uuid::new_v4(), None, "second secret").await;
    bob.expect_silence(Duration::from_millis(300)).await;
    let bobs_own = bob.say(Uuid::new_v4(), None, "my own question").await;
    assert_ne!(
        bobs_own["message"]["conversation_id"],
        secret["message"]["conversation_id"]
    );
    assert_eq!(stored_messages(&app).await, 3);
    app.stop().await;
}

#[tokio::test]
async fn typing_and_read_receipts_cross_over() {
    let app = spawn_app().await;
    let mut agent = WsClient::agent(&app, &admin_cookie(&app).await).await;
    agent.hello(0).await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    visitor.hello(0).await;
    let ack = visitor.say(Uuid::new_v4(), None, "hello").await;
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    agent.expect("event").await;

    visitor
        .send_json(json!({"type": "typing", "conversation_id": conversation}))
        .await;
    let typing = agent.expect("typing").await;
    assert_eq!(typing["by"], "visitor");
    agent
        .send_json(json!({"type": "typing", "conversation_id": conversation}))
        .await;
    assert_eq!(visitor.expect("typing").await["by"], "agent");

    agent
        .send_json(
            json!({"type": "read", "conversation_id": conversation, "seq": ack["message"]["seq"]}),
        )
        .await;
    let read = visitor.expect("event").await;
    assert_eq!(read["event"]["kind"], "read");
    assert_eq!(read["event"]["by"], "agent");
    assert_eq!(read["event"]["up_to"], ack["message"]["seq"]);
    // The agent's own receipt comes back to the agent's sockets too (other tabs stay in sync).
    assert_eq!(agent.expect("event").await["event"]["by"], "agent");

    // And the other way: the visitor reads the agent's reply, the agent sees "seen".
    let reply = agent
        .say(Uuid::new_v4(), Some(&conversation), "How can I help?")
        .await;
    visitor.expect("event").await;
    visitor
        .send_json(json!({"type": "read", "conversation_id": conversation, "seq": reply["message"]["seq"]}))
        .await;
    let seen = agent.expect("event").await;
    assert_eq!(seen["event"]["kind"], "read");
    assert_eq!(seen["event"]["by"], "visitor");
    assert_eq!(seen["event"]["up_to"], reply["message"]["seq"]);
    app.stop().await;
}

#[tokio::test]
async fn the_same_guarantees_hold_on_postgres() {
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    let token = visitor_token(&app).await;
    let mut visitor = WsClient::visitor(&app, &token).await;
    visitor.hello(0).await;
    let mut agent = WsClient::agent(&app, &admin_cookie(&app).await).await;
    agent.hello(0).await;
    let client_id = Uuid::new_v4();
    let first = visitor.say(client_id, None, "hello from postgres").await;
    assert_eq!(
        visitor.say(client_id, None, "hello from postgres").await["message"],
        first["message"]
    );
    assert_eq!(
        agent.expect("event").await["event"]["body"],
        "hello from postgres"
    );
    let conversation = first["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    agent
        .say(Uuid::new_v4(), Some(&conversation), "answer")
        .await;
    assert_eq!(visitor.expect("event").await["event"]["body"], "answer");
    let app = app.restart().await;
    let mut back = WsClient::visitor(&app, &token).await;
    let bodies: Vec<String> = back
        .hello(0)
        .await
        .iter()
        .map(|event| event["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(bodies, ["hello from postgres", "answer"]);
    assert_eq!(stored_messages(&app).await, 2);
    app.stop().await;
}

#[tokio::test]
async fn concurrent_sends_get_unique_gapless_sequence_numbers() {
    let app = spawn_app().await;
    let mut agent = WsClient::agent(&app, &admin_cookie(&app).await).await;
    agent.hello(0).await;
    let mut senders = Vec::new();
    for _ in 0..8 {
        let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
        visitor.hello(0).await;
        senders.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for index in 0..10 {
                let ack = visitor
                    .say(Uuid::new_v4(), None, &format!("message {index}"))
                    .await;
                seqs.push(ack["message"]["seq"].as_i64().unwrap());
            }
            seqs
        }));
    }
    let acked = sorted_seqs(senders).await;
    assert_eq!(acked.len(), 80);
    assert_eq!(acked, logged_seqs(&app, Some("message")).await);
    // Messages and the routing of each new conversation share one numbering, without gaps.
    let all = logged_seqs(&app, None).await;
    assert_eq!(all, (1..=all.len() as i64).collect::<Vec<i64>>());
    // The agent received all 80 messages, strictly in sequence order.
    let mut received = Vec::new();
    for _ in 0..80 {
        received.push(
            agent.expect("event").await["event"]["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(received, acked);
    app.stop().await;
}

#[tokio::test]
async fn batched_commits_keep_retries_and_refusals_apart() {
    // Many sockets at once: their sends share transactions (group commit). Retries and
    // refusals inside a batch must neither take sequence numbers nor disturb the others.
    let app = spawn_app().await;
    let mut senders = Vec::new();
    for _ in 0..12 {
        let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
        visitor.hello(0).await;
        senders.push(tokio::spawn(async move {
            let mut fresh = Vec::new();
            for round in 0..15 {
                let client_id = Uuid::new_v4();
                let ack = visitor.say(client_id, None, &format!("round {round}")).await;
                let seq = ack["message"]["seq"].as_i64().unwrap();
                fresh.push(seq);
                if round % 3 == 0 {
                    let again = visitor.say(client_id, None, &format!("round {round}")).await;
                    assert_eq!(again["message"]["seq"].as_i64(), Some(seq), "a retry is the same message");
                }
                if round % 5 == 0 {
                    visitor
                        .send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "conversation_id": Uuid::new_v4(), "body": "elsewhere"}))
                        .await;
                    assert_eq!(visitor.expect("error").await["code"], "not_found");
                }
            }
            fresh
        }));
    }
    let acked = sorted_seqs(senders).await;
    assert_eq!(
        acked,
        logged_seqs(&app, Some("message")).await,
        "fresh messages only"
    );
    assert_eq!(acked.len(), 180);
    let all = logged_seqs(&app, None).await;
    assert_eq!(all, (1..=all.len() as i64).collect::<Vec<i64>>(), "gapless");
    app.stop().await;
}
