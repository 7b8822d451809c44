//! Protocol 2 for agents: no history on a first `hello`, live details (messages, reads,
//! typing) only for the conversations a socket follows (`touched` for the others), an exact
//! resume of what it follows after a short absence, `resync` after a long one, and nothing at
//! all about conversations the agent may not see.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::conversation_lists::move_to_own_team;
use crate::helpers::*;
use crate::list_support::*;
use crate::ws_client::*;
use serde_json::{Value, json};
use std::time::Duration;

/// `hello` on protocol 2: the events replayed and the frame that ended the replay
/// (`replayed` or `resync`). Refusals to follow a conversation named in `open` are kept
/// for [`WsClient::next`].
async fn hello_v2(socket: &mut WsClient, last_seq: i64, open: &[&str]) -> (Vec<Value>, Value) {
    socket
        .send_json(json!({"type": "hello", "version": 2, "last_seq": last_seq, "open": open}))
        .await;
    socket.expect("welcome").await;
    let (mut events, mut refusals) = (Vec::new(), Vec::new());
    loop {
        let frame = socket.next().await;
        match frame["type"].as_str() {
            Some("event") => events.push(frame["event"].clone()),
            Some("error") => refusals.push(frame),
            Some("replayed" | "resync") => {
                socket.stash(refusals);
                return (events, frame);
            }
            Some("wait_settings") => continue,
            _ => panic!("unexpected during replay: {frame}"),
        }
    }
}

/// The next frame that is not the roster, online visitors or thresholds.
async fn next_news(socket: &mut WsClient) -> Value {
    loop {
        let frame = socket.next().await;
        if !matches!(
            frame["type"].as_str(),
            Some(
                "agents"
                    | "agents_changed"
                    | "visitors_online"
                    | "visitor_presence"
                    | "wait_settings"
            )
        ) {
            return frame;
        }
    }
}

async fn say_in(visitor: &mut WsClient, conversation: &str, body: &str) -> i64 {
    let ack = send(visitor, Some(conversation), body, None).await;
    assert_eq!(ack["type"], "ack", "{ack}");
    ack["message"]["seq"].as_i64().unwrap()
}

#[tokio::test]
async fn agents_on_protocol_2_get_details_only_of_what_they_follow() {
    let app = spawn_app().await;
    let admin = admin_cookie(&app).await;
    let (mut visitor, first) = new_visitor(&app, "My parcel is late").await;
    let (mut other_visitor, second) = new_visitor(&app, "Do you ship to Norway?").await;

    let mut agent = WsClient::agent(&app, &admin).await;
    let (replayed, end) = hello_v2(&mut agent, 0, &[]).await;
    assert!(
        replayed.is_empty(),
        "a first hello replays nothing: {replayed:?}"
    );
    assert_eq!(end["type"], "replayed");
    let head = end["last_seq"].as_i64().unwrap();
    assert!(head >= 2, "replayed names the newest sequence: {end}");

    // Not followed: only that the row changed.
    let seq = say_in(&mut visitor, &first, "Any news?").await;
    assert_eq!(
        agent.next().await,
        json!({"type": "touched", "conversation_id": first, "seq": seq})
    );
    visitor
        .send_json(json!({"type": "typing", "conversation_id": first}))
        .await;

    // Followed: the messages and typing themselves.
    agent
        .send_json(json!({"type": "subscribe", "conversation_id": first}))
        .await;
    settle(&mut agent).await;
    visitor
        .send_json(json!({"type": "typing", "conversation_id": first}))
        .await;
    assert_eq!(agent.expect("typing").await["conversation_id"], first);
    say_in(&mut visitor, &first, "Hello?").await;
    let event = agent.expect("event").await;
    assert_eq!(event["event"]["body"], "Hello?");
    let seq = say_in(&mut other_visitor, &second, "Or Sweden").await;
    assert_eq!(
        agent.next().await,
        json!({"type": "touched", "conversation_id": second, "seq": seq})
    );

    agent
        .send_json(json!({"type": "unsubscribe", "conversation_id": first}))
        .await;
    settle(&mut agent).await;
    visitor
        .send_json(json!({"type": "typing", "conversation_id": first}))
        .await;
    let seq = say_in(&mut visitor, &first, "Still there?").await;
    assert_eq!(
        agent.next().await,
        json!({"type": "touched", "conversation_id": first, "seq": seq})
    );
    agent.expect_silence(Duration::from_millis(300)).await;

    // Protocol 1 still replays everything, for clients that have not moved.
    let mut old = WsClient::agent(&app, &admin).await;
    let all = old.hello(0).await;
    assert!(all.iter().any(|event| event["body"] == "Or Sweden"));
    app.stop().await;
}

async fn resume_window(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let admin = admin_cookie(&app).await;
    let (mut visitor, followed) = new_visitor(&app, "Where is my order?").await;
    let (mut other_visitor, elsewhere) = new_visitor(&app, "Do you have size 44?").await;
    let mut colleague = WsClient::agent(&app, &admin).await.seeing_routing();
    colleague.hello(0).await;

    let mut agent = WsClient::agent(&app, &admin).await.seeing_routing();
    let (_, end) = hello_v2(&mut agent, 0, &[&followed]).await;
    let away_from = end["last_seq"].as_i64().unwrap();
    agent.close().await;

    // While away: two messages where it follows, one elsewhere, a pin elsewhere.
    let a = say_in(&mut visitor, &followed, "Order 1234").await;
    let b = say_in(&mut visitor, &followed, "Placed on Monday").await;
    say_in(&mut other_visitor, &elsewhere, "Or 45").await;
    act_on(
        &mut colleague,
        &elsewhere,
        json!({"do": "pin", "pinned": true}),
    )
    .await;

    let mut agent = WsClient::agent(&app, &admin).await.seeing_routing();
    let (missed, end) = hello_v2(&mut agent, away_from, &[&followed]).await;
    assert_eq!(end["type"], "replayed");
    let messages: Vec<i64> = missed
        .iter()
        .filter(|event| event["kind"] == "message")
        .map(|event| event["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(
        messages,
        [a, b],
        "exactly the followed conversation's messages"
    );
    assert!(
        missed
            .iter()
            .all(|event| event["kind"] != "message" || event["conversation_id"] == followed)
    );
    assert!(
        missed.iter().any(|event| event["kind"] == "conversation"
            && event["conversation_id"] == elsewhere
            && event["change"] == "pinned"),
        "placement changes elsewhere are replayed (they move rows): {missed:?}"
    );
    let seqs: Vec<i64> = missed.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|pair| pair[0] < pair[1]), "in order");
    let resumed_at = end["last_seq"].as_i64().unwrap();
    agent.close().await;

    // Away too long (the first missed event is older than 15 minutes): resync instead.
    let late = say_in(&mut visitor, &followed, "Hello??").await;
    execute(
        &app,
        &format!("UPDATE events SET created_at = created_at - 1200000 WHERE seq > {resumed_at}"),
        &[],
    )
    .await;
    let mut agent = WsClient::agent(&app, &admin).await.seeing_routing();
    let (missed, end) = hello_v2(&mut agent, resumed_at, &[&followed]).await;
    assert!(missed.is_empty(), "a resync sends no events: {missed:?}");
    assert_eq!(end, json!({"type": "resync", "last_seq": late}));
    // Live from there on.
    let next = say_in(&mut visitor, &followed, "Found it, thanks").await;
    loop {
        let frame = next_news(&mut agent).await;
        if frame["type"] == "event" && frame["event"]["kind"] == "message" {
            assert_eq!(frame["event"]["seq"], next);
            break;
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn a_short_absence_resumes_exactly_and_a_long_one_resyncs_on_sqlite() {
    resume_window(Store::Sqlite).await;
}

#[tokio::test]
async fn a_short_absence_resumes_exactly_and_a_long_one_resyncs_on_postgres() {
    resume_window(Store::Postgres).await;
}

#[tokio::test]
async fn an_agent_hears_nothing_of_conversations_they_may_not_see() {
    let app = spawn_app().await;
    let signed_in = agents(&app, 2).await;
    let (outsider, member) = (&signed_in[0], &signed_in[1]);
    move_to_own_team(&app, outsider.id).await;
    // The member is online, so routing gives the new conversation to them.
    let _member_socket = workbench(&app, member).await;

    let mut watching = WsClient::agent(&app, &outsider.cookie)
        .await
        .seeing_routing();
    hello_v2(&mut watching, 0, &[]).await;
    let (mut visitor, conversation) = new_visitor(&app, "Private question").await;
    say_in(&mut visitor, &conversation, "About my account").await;
    visitor
        .send_json(json!({"type": "typing", "conversation_id": conversation}))
        .await;

    // Following it is refused, and nothing about it arrives.
    watching
        .send_json(json!({"type": "subscribe", "conversation_id": conversation}))
        .await;
    let refusal = next_news(&mut watching).await;
    assert_eq!(refusal["type"], "error", "{refusal}");
    for frame in watching.frames_within(Duration::from_millis(800)).await {
        let text = frame.to_string();
        assert!(!text.contains(&conversation), "leaked: {text}");
    }
    // Nor on a resume with it named as open.
    let mut again = WsClient::agent(&app, &outsider.cookie)
        .await
        .seeing_routing();
    let (missed, _) = hello_v2(&mut again, 1, &[&conversation]).await;
    assert!(
        missed
            .iter()
            .all(|event| event["conversation_id"] != conversation),
        "{missed:?}"
    );
    assert_eq!(again.expect("error").await["code"], "not_found");
    app.stop().await;
}
