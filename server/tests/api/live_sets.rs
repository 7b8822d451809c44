//! The roster and the online visitors as deltas: one `visitor_presence` frame per visitor who
//! comes or goes, only to agents who may see their conversation, and a snapshot after the
//! replay that names only such conversations.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::conversation_lists::move_to_own_team;
use crate::helpers::*;
use crate::list_support::*;
use crate::ws_client::*;
use serde_json::{Value, json};
use std::time::Duration;

/// An agent's socket after its replay, seeing roster and presence frames.
async fn watching(app: &TestApp, cookie: &str) -> WsClient {
    let mut socket = WsClient::agent(app, cookie).await.seeing_routing();
    socket.hello(0).await;
    socket
}

/// The conversations named by the `visitors_online` snapshot that follows a replay.
async fn online_snapshot(socket: &mut WsClient) -> Vec<Value> {
    next_of(socket, "visitors_online").await["conversation_ids"]
        .as_array()
        .unwrap()
        .clone()
}

/// No frame arriving for a while names `conversation` (the other team's agent learns
/// nothing of it, not even that its visitor is online).
async fn hears_nothing_of(socket: &mut WsClient, conversation: &str) {
    let seen = socket.frames_within(Duration::from_millis(1_200)).await;
    assert!(
        seen.iter()
            .all(|frame| !frame.to_string().contains(conversation)),
        "{seen:?}"
    );
}

async fn presence_reaches_only_who_may_see(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let admin_cookie = admin_cookie(&app).await;
    let signed_in = agents(&app, 2).await;
    let (outsider, member) = (&signed_in[0], &signed_in[1]);
    move_to_own_team(&app, outsider.id).await;
    let mut admin = watching(&app, &admin_cookie).await;
    let mut member_socket = watching(&app, &member.cookie).await;
    let mut outsider_socket = watching(&app, &outsider.cookie).await;

    // A visitor of the default team writes while the widget is open.
    let (visitor, conversation) = new_visitor(&app, "Is my order on its way?").await;
    let online =
        json!({"type": "visitor_presence", "conversation_id": conversation, "online": true});
    assert_eq!(next_of(&mut admin, "visitor_presence").await, online);
    assert_eq!(
        next_of(&mut member_socket, "visitor_presence").await,
        online
    );
    hears_nothing_of(&mut outsider_socket, &conversation).await;

    // Sockets opened now get it in their snapshot, unless they may not see it.
    let mut member_again = watching(&app, &member.cookie).await;
    assert_eq!(
        online_snapshot(&mut member_again).await,
        [json!(conversation)]
    );
    let mut outsider_again = watching(&app, &outsider.cookie).await;
    assert!(online_snapshot(&mut outsider_again).await.is_empty());

    // Closing the widget: one frame saying so, to the same agents.
    visitor.close().await;
    let offline =
        json!({"type": "visitor_presence", "conversation_id": conversation, "online": false});
    assert_eq!(next_of(&mut admin, "visitor_presence").await, offline);
    assert_eq!(
        next_of(&mut member_again, "visitor_presence").await,
        offline
    );
    hears_nothing_of(&mut outsider_again, &conversation).await;
    app.stop().await;
}

#[tokio::test]
async fn online_visitors_reach_only_agents_who_may_see_them_on_sqlite() {
    presence_reaches_only_who_may_see(Store::Sqlite).await;
}

#[tokio::test]
async fn online_visitors_reach_only_agents_who_may_see_them_on_postgres() {
    presence_reaches_only_who_may_see(Store::Postgres).await;
}

#[tokio::test]
async fn a_second_tab_of_the_same_visitor_changes_nothing() {
    let app = spawn_app().await;
    let admin_cookie = admin_cookie(&app).await;
    let mut admin = watching(&app, &admin_cookie).await;
    let token = visitor_token(&app).await;
    let mut first_tab = WsClient::visitor(&app, &token).await;
    first_tab.hello(0).await;
    let ack = send(&mut first_tab, None, "Hello", None).await;
    let conversation = ack["message"]["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        next_of(&mut admin, "visitor_presence").await["online"],
        json!(true)
    );
    let mut second_tab = WsClient::visitor(&app, &token).await;
    second_tab.hello(0).await;
    second_tab.close().await;
    let seen = admin.frames_within(Duration::from_millis(1_200)).await;
    assert!(
        seen.iter().all(|frame| frame["type"] != "visitor_presence"),
        "the visitor stayed online all along: {seen:?}"
    );
    first_tab.close().await;
    assert_eq!(
        next_of(&mut admin, "visitor_presence").await,
        json!({"type": "visitor_presence", "conversation_id": conversation, "online": false})
    );
    app.stop().await;
}

#[tokio::test]
async fn a_status_change_sends_only_that_agent() {
    let app = spawn_app().await;
    let team = agents(&app, 2).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut bo = workbench(&app, &team[1]).await;
    let roster = next_of(&mut ann, "agents").await;
    assert!(roster["agents"].as_array().unwrap().len() >= 2, "{roster}");
    // Wait until Ann's screen has heard that Bo's workbench is connected.
    loop {
        let changed = next_of(&mut ann, "agents_changed").await;
        let bo_online = changed["agents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|agent| agent["id"] == json!(team[1].id) && agent["status"] == "online");
        if bo_online {
            break;
        }
    }

    ann.send_json(json!({"type": "set_status", "status": "away"}))
        .await;
    // The frame that tells Ann is away names nobody else (earlier ones may tell of the
    // workbenches connecting).
    let changed = loop {
        let changed = next_of(&mut bo, "agents_changed").await;
        let away = changed["agents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|agent| agent["id"] == json!(team[0].id) && agent["chosen"] == "away");
        if away {
            break changed;
        }
    };
    let agents = changed["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 1, "only Ann changed: {changed}");
    assert_eq!(changed["removed"], json!([]));
    app.stop().await;
}
