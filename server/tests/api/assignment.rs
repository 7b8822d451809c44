//! Assignment against the real server: capacity routing, the queue and its places, statuses,
//! agent actions, permissions, reopening and auto-close.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::assignment_support::*;
use crate::helpers::*;
use crate::ws_client::*;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

#[tokio::test]
async fn capacity_routing_queues_the_overflow_and_drains_it_when_an_agent_closes() {
    let app = spawn_app().await;
    adjust_settings(&app, |settings| settings.default_conversation_limit = 1).await;
    let team = agents(&app, 2).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut bo = workbench(&app, &team[1]).await;

    let mut first = widget(&app).await;
    let (one, _) = first_message(&mut first, "first").await;
    let assigned = next_change(&mut ann, &one).await;
    assert_eq!(assigned["change"], "assigned");
    let first_agent = assigned["placement"]["assignee_id"].clone();

    let mut second = widget(&app).await;
    let (two, _) = first_message(&mut second, "second").await;
    let assigned = next_change(&mut ann, &two).await;
    assert_eq!(assigned["change"], "assigned");
    assert_ne!(
        assigned["placement"]["assignee_id"], first_agent,
        "the least-loaded agent gets the next one"
    );

    let mut third = widget(&app).await;
    let (three, _) = first_message(&mut third, "third").await;
    let queued = next_change(&mut ann, &three).await;
    assert_eq!(queued["change"], "queued");
    assert!(queued["placement"]["assignee_id"].is_null());
    let place = next_of(&mut third, "queue").await;
    assert_eq!(place["position"], 1);
    assert!(place["wait_minutes"].as_u64().unwrap() >= 1);
    // A fourth waits behind; reconnecting, they are told their place at once.
    let fourth_token = visitor_token(&app).await;
    let mut fourth = WsClient::visitor(&app, &fourth_token)
        .await
        .seeing_routing();
    fourth.hello(0).await;
    first_message(&mut fourth, "fourth").await;
    assert_eq!(next_of(&mut fourth, "queue").await["position"], 2);
    fourth.close().await;
    let mut back = WsClient::visitor(&app, &fourth_token)
        .await
        .seeing_routing();
    back.hello(0).await;
    assert_eq!(next_of(&mut back, "queue").await["position"], 2);

    // Whoever serves the first one closes it: the queued one goes to them at once.
    let (closer, closer_id) = if first_agent == json!(team[0].id) {
        (&mut ann, team[0].id)
    } else {
        (&mut bo, team[1].id)
    };
    assert_eq!(
        act(closer, &one, json!({"do": "close"})).await["type"],
        "acted"
    );
    wait_change(closer, &one, "closed").await;
    let drained = wait_change(closer, &three, "assigned").await;
    assert_eq!(drained["change"], "assigned");
    assert_eq!(drained["placement"]["assignee_id"], json!(closer_id));
    let served = next_of(&mut third, "queue").await;
    assert!(served["position"].is_null());
    app.stop().await;
}

#[tokio::test]
async fn away_and_offline_agents_get_no_new_conversations_but_keep_theirs() {
    let app = spawn_app_on(Store::Sqlite, |mut config| {
        config.presence_grace_secs = 1;
        config.timer_interval_secs = 1;
        config
    })
    .await;
    let team = agents(&app, 2).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (kept, _) = first_message(&mut visitor, "hello").await;
    assert_eq!(
        next_change(&mut ann, &kept).await["placement"]["assignee_id"],
        json!(team[0].id)
    );
    ann.send_json(json!({"type": "set_status", "status": "away"}))
        .await;
    let roster = loop {
        let roster = next_of(&mut ann, "agents_changed").await;
        let changed = roster["agents"].as_array().unwrap();
        let Some(me) = changed
            .iter()
            .find(|agent| agent["id"] == json!(team[0].id))
        else {
            continue;
        };
        if me["status"] == "away" {
            break me.clone();
        }
    };
    assert_eq!(roster["open"], 1, "an away agent keeps their conversation");

    // Bo's workbench connects and closes again: after the grace period Bo is offline.
    let bo = workbench(&app, &team[1]).await;
    bo.close().await;
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let mut other = widget(&app).await;
    let (new, _) = first_message(&mut other, "anyone?").await;
    let change = next_change(&mut ann, &new).await;
    assert_eq!(change["change"], "queued", "{change}");

    // Back online: the queue drains to Ann.
    ann.send_json(json!({"type": "set_status", "status": "online"}))
        .await;
    let change = next_change(&mut ann, &new).await;
    assert_eq!(change["change"], "assigned");
    assert_eq!(change["placement"]["assignee_id"], json!(team[0].id));
    app.stop().await;
}

#[tokio::test]
async fn transfer_with_an_internal_comment_leave_processing_and_pin() {
    let app = spawn_app().await;
    let team = agents(&app, 2).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "help").await;
    let assigned = next_change(&mut ann, &conversation).await;
    let (mut from, mut to, to_id) = if assigned["placement"]["assignee_id"] == json!(team[0].id) {
        (ann, workbench(&app, &team[1]).await, team[1].id)
    } else {
        (workbench(&app, &team[1]).await, ann, team[0].id)
    };
    // Bo (or Ann) only connected now; the transfer target must be online, which they are.
    let answer = act(
        &mut from,
        &conversation,
        json!({"do": "transfer", "to": to_id, "comment": "VIP <b>customer</b>"}),
    )
    .await;
    assert_eq!(answer["type"], "acted", "{answer}");
    let moved = next_change(&mut to, &conversation).await;
    assert_eq!(moved["change"], "transferred");
    assert_eq!(moved["comment"], "VIP <b>customer</b>");
    assert_eq!(moved["placement"]["assignee_id"], json!(to_id));

    // The former agent may no longer write; the new one marks it processing, then writes.
    from.send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "conversation_id": conversation, "body": "still me"}))
        .await;
    assert_eq!(next_of(&mut from, "error").await["code"], "forbidden");
    assert_eq!(
        act(&mut to, &conversation, json!({"do": "processing"})).await["type"],
        "acted"
    );
    let held = next_change(&mut to, &conversation).await;
    assert_eq!(held["change"], "processing");
    assert_eq!(held["placement"]["on_hold"], true);
    to.say(Uuid::new_v4(), Some(&conversation), "found it")
        .await;
    let resumed = next_change(&mut to, &conversation).await;
    assert_eq!(resumed["change"], "resumed");
    assert_eq!(resumed["placement"]["on_hold"], false);

    assert_eq!(
        act(&mut to, &conversation, json!({"do": "pin", "pinned": true})).await["type"],
        "acted"
    );
    assert_eq!(
        next_change(&mut to, &conversation).await["placement"]["pinned"],
        true
    );

    // Leaving hands it back to routing; the other agent is the only one online and free.
    assert_eq!(
        act(&mut to, &conversation, json!({"do": "leave"})).await["type"],
        "acted"
    );
    assert_eq!(next_change(&mut to, &conversation).await["change"], "left");
    let rerouted = next_change(&mut to, &conversation).await;
    assert_eq!(rerouted["change"], "assigned");
    assert_ne!(rerouted["placement"]["assignee_id"], json!(to_id));

    // The visitor's log (what replays and reaches them) holds no placement event, no comment.
    let visible = visitor_events_in_db(&app).await.join("\n");
    assert!(visible.contains("found it"), "{visible}");
    assert!(!visible.contains("VIP"), "{visible}");
    assert!(!visible.contains("\"kind\":\"conversation\""), "{visible}");
    app.stop().await;
}

/// Every event the visitors of the database may see, as JSON text.
async fn visitor_events_in_db(app: &TestApp) -> Vec<String> {
    use app::backend::db::{Db, events};
    let db = Db::connect(&app.database_url).await.unwrap();
    let visitors: Vec<String> = sqlx::query_scalar("SELECT id FROM visitors")
        .fetch_all(db.pool())
        .await
        .unwrap();
    let project = demo_project(app).await;
    let mut all = Vec::new();
    for visitor in visitors {
        let visitor = app::models::VisitorId::parse(&visitor).unwrap();
        for event in events::for_visitor_after(&db, project, visitor, 0, 1_000)
            .await
            .unwrap()
        {
            all.push(serde_json::to_string(&event).unwrap());
        }
    }
    db.close().await;
    all
}

#[tokio::test]
async fn agents_may_act_only_as_their_role_allows() {
    let app = spawn_app().await;
    adjust_settings(&app, |settings| settings.default_conversation_limit = 1).await;
    let team = agents(&app, 2).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (mine, _) = first_message(&mut visitor, "one").await;
    next_change(&mut ann, &mine).await;
    let mut bo = workbench(&app, &team[1]).await;
    let mut other_visitor = widget(&app).await;
    let (queued_for_bo, _) = first_message(&mut other_visitor, "two").await;
    assert_eq!(
        next_change(&mut bo, &queued_for_bo).await["placement"]["assignee_id"],
        json!(team[1].id)
    );
    let mut third_visitor = widget(&app).await;
    let (queued, _) = first_message(&mut third_visitor, "three").await;
    assert_eq!(next_change(&mut bo, &queued).await["change"], "queued");

    for action in [
        json!({"do": "close"}),
        json!({"do": "processing"}),
        json!({"do": "leave"}),
    ] {
        let refusal = act(&mut bo, &mine, action.clone()).await;
        assert_eq!(refusal["code"], "forbidden", "{action}: {refusal}");
    }
    // Picking what another agent serves is "taken"; picking at the limit is "at_limit".
    assert_eq!(
        act(&mut bo, &mine, json!({"do": "pick"})).await["code"],
        "taken"
    );
    assert_eq!(
        act(&mut bo, &queued, json!({"do": "pick"})).await["code"],
        "at_limit"
    );
    // Nobody replies to a queued conversation before picking it.
    bo.send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "conversation_id": queued, "body": "hi"}))
        .await;
    assert_eq!(next_of(&mut bo, "error").await["code"], "forbidden");
    // Unknown conversations, visitors acting, bad comments.
    assert_eq!(
        act(&mut bo, &Uuid::new_v4().to_string(), json!({"do": "close"})).await["code"],
        "not_found"
    );
    let long = "x".repeat(1_001);
    assert_eq!(
        act(
            &mut ann,
            &mine,
            json!({"do": "transfer", "to": team[1].id, "comment": long})
        )
        .await["code"],
        "invalid_action"
    );
    assert_eq!(
        act(&mut visitor, &mine, json!({"do": "close"})).await["code"],
        "forbidden"
    );
    // The admin may join any conversation (taking it over). With room for two each, the
    // admin's arrival first drains the queue to them, the least loaded.
    adjust_settings(&app, |settings| settings.default_conversation_limit = 2).await;
    let mut admin = WsClient::agent(&app, &admin_cookie(&app).await)
        .await
        .seeing_routing();
    let replayed = admin.hello(0).await;
    let drained = replayed
        .iter()
        .rev()
        .find(|event| event["kind"] == "conversation" && event["conversation_id"] == queued)
        .unwrap();
    assert_eq!(drained["change"], "assigned", "{drained}");
    assert_eq!(drained["placement"]["assignee_name"], "Demo Admin");
    let answer = act(&mut admin, &mine, json!({"do": "join", "from": team[0].id})).await;
    assert_eq!(answer["type"], "acted", "{answer}");
    let joined = next_change(&mut admin, &mine).await;
    assert_eq!(joined["change"], "joined");
    app.stop().await;
}

#[tokio::test]
async fn a_visitor_message_reopens_a_closed_conversation_with_its_history() {
    let app = spawn_app().await;
    let team = agents(&app, 1).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "before").await;
    next_change(&mut ann, &conversation).await;
    assert_eq!(
        act(&mut ann, &conversation, json!({"do": "close"})).await["type"],
        "acted"
    );
    assert_eq!(
        next_change(&mut ann, &conversation).await["change"],
        "closed"
    );
    let (again, _) = first_message(&mut visitor, "after").await;
    assert_eq!(again, conversation, "the same conversation, whole history");
    assert_eq!(
        next_change(&mut ann, &conversation).await["change"],
        "reopened"
    );
    let assigned = next_change(&mut ann, &conversation).await;
    assert_eq!(assigned["change"], "assigned");
    assert_eq!(assigned["placement"]["closed"], false);
    app.stop().await;
}

#[tokio::test]
async fn silent_conversations_close_automatically() {
    let app = spawn_app_on(Store::Sqlite, |mut config| {
        config.timer_interval_secs = 1;
        config
    })
    .await;
    adjust_settings(&app, |settings| settings.auto_close_hours = 0).await;
    let team = agents(&app, 1).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "bye").await;
    assert_eq!(
        next_change(&mut ann, &conversation).await["change"],
        "assigned"
    );
    let closed = next_change(&mut ann, &conversation).await;
    assert_eq!(closed["change"], "auto_closed");
    assert_eq!(closed["placement"]["closed"], true);
    app.stop().await;
}

#[tokio::test]
async fn agents_see_their_teams_conversations_and_the_ones_they_serve_admins_see_all() {
    use app::backend::db::{Db, teams};
    let app = spawn_app().await;
    let team = agents(&app, 2).await;
    // Bo works for another team only.
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(&app).await;
    let sales = teams::Team {
        id: app::models::TeamId::new(),
        name: "Sales".to_owned(),
        mode: teams::RoutingMode::Auto,
    };
    teams::insert(&db, project, &sales, app::models::Timestamp::now())
        .await
        .unwrap();
    teams::remove_member(&db, teams::default_team_id(project), team[1].id)
        .await
        .unwrap();
    teams::add_member(db.pool(), sales.id, team[1].id)
        .await
        .unwrap();
    db.close().await;

    let mut ann = workbench(&app, &team[0]).await;
    let mut bo = workbench(&app, &team[1]).await;
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "support question").await;
    assert_eq!(
        next_change(&mut ann, &conversation).await["placement"]["assignee_id"],
        json!(team[0].id),
        "only support's member is eligible"
    );
    // Bo receives nothing about it, live or replayed (not even that its visitor is online),
    // and may not touch it.
    let seen = bo.frames_within(Duration::from_millis(800)).await;
    assert!(
        seen.iter()
            .all(|frame| !frame.to_string().contains(&conversation)),
        "{seen:?}"
    );
    let mut bo_again = WsClient::agent(&app, &team[1].cookie).await;
    assert!(bo_again.hello(0).await.is_empty());
    for action in [
        json!({"do": "pick"}),
        json!({"do": "join", "from": team[0].id}),
    ] {
        assert_eq!(
            act(&mut bo, &conversation, action).await["code"],
            "not_found"
        );
    }
    bo.send_json(json!({"type": "typing", "conversation_id": conversation}))
        .await;
    assert_eq!(next_of(&mut bo, "error").await["code"], "not_found");
    // Nor read its visitor's access trace.
    let trace = TestApp::new_client()
        .post(app.url("/api/visitor_trace"))
        .header("cookie", &team[1].cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("conversation_id={conversation}"))
        .send()
        .await
        .unwrap();
    assert_eq!(trace.status(), 404);

    // Transferred to Bo, he serves it and sees what follows.
    assert_eq!(
        act(
            &mut ann,
            &conversation,
            json!({"do": "transfer", "to": team[1].id, "comment": "for you"})
        )
        .await["type"],
        "acted"
    );
    assert_eq!(
        next_change(&mut bo, &conversation).await["change"],
        "transferred"
    );
    visitor.say(Uuid::new_v4(), None, "thanks").await;
    loop {
        let frame = bo.next().await;
        if frame["type"] == "event" && frame["event"]["kind"] == "message" {
            assert_eq!(frame["event"]["body"], "thanks");
            break;
        }
    }
    // The admin sees everything.
    let mut admin = WsClient::agent(&app, &admin_cookie(&app).await).await;
    assert_eq!(admin.hello(0).await.len(), 2, "both messages");
    app.stop().await;
}

#[tokio::test]
async fn a_limit_raised_outside_the_server_drains_the_queue_on_the_next_timer_run() {
    let app = spawn_app_on(Store::Sqlite, |mut config| {
        config.timer_interval_secs = 1;
        config
    })
    .await;
    adjust_settings(&app, |settings| settings.default_conversation_limit = 1).await;
    let team = agents(&app, 1).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut first = widget(&app).await;
    let (served, _) = first_message(&mut first, "one").await;
    assert_eq!(next_change(&mut ann, &served).await["change"], "assigned");
    let mut second = widget(&app).await;
    let (waiting, _) = first_message(&mut second, "two").await;
    assert_eq!(next_change(&mut ann, &waiting).await["change"], "queued");
    // As `parley chat-settings --default-limit 2` would, from another process.
    adjust_settings(&app, |settings| settings.default_conversation_limit = 2).await;
    let drained = next_change(&mut ann, &waiting).await;
    assert_eq!(drained["change"], "assigned");
    assert_eq!(drained["placement"]["assignee_id"], json!(team[0].id));
    app.stop().await;
}
