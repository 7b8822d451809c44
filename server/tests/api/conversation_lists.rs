//! The server's conversation lists and counts against a reference model: random histories
//! (visitors writing, agents replying, reading, noting, picking, closing, pinning,
//! transferring) are played over the real protocol, then every view of every viewer is
//! compared with what the workbench's old fold of the whole history derives (the `ChatLog`,
//! `View::holds` and the access rule), on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::list_support::*;
use crate::ws_client::*;
use app::backend::db::{Db, teams};
use app::models::conversation_list::View;
use app::models::{Role, TeamId, Timestamp, UserId};
use app::realtime::chat_log::{ChatLog, ConversationRow};
use app::realtime::protocol::{Event, ServerFrame};
use app::routing::conversation_access::{Action, Placement, Viewer, may};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::HashSet;

/// Someone at a workbench: their sign-in, socket, and what the access rule needs.
struct Member {
    id: UserId,
    cookie: String,
    role: Role,
    teams: Vec<TeamId>,
    socket: WsClient,
}

/// Moves agent `agent` from the default team into a new one.
pub async fn move_to_own_team(app: &TestApp, agent: UserId) -> TeamId {
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = demo_project(app).await;
    let team = teams::Team {
        id: TeamId::new(),
        name: "Sales".to_owned(),
        mode: teams::RoutingMode::Auto,
    };
    teams::insert(&db, project, &team, Timestamp::now())
        .await
        .unwrap();
    teams::add_member(db.pool(), team.id, agent).await.unwrap();
    teams::remove_member(&db, teams::default_team_id(project), agent)
        .await
        .unwrap();
    db.close().await;
    team.id
}

async fn members(app: &TestApp) -> Vec<Member> {
    let project = demo_project(app).await;
    let default_team = teams::default_team_id(project);
    let signed_in = agents(app, 3).await;
    let sales = move_to_own_team(app, signed_in[2].id).await;
    let mut members = Vec::new();
    for (index, agent) in signed_in.into_iter().enumerate() {
        members.push(Member {
            id: agent.id,
            role: Role::Agent,
            teams: vec![if index == 2 { sales } else { default_team }],
            socket: workbench(app, &agent).await,
            cookie: agent.cookie,
        });
    }
    let cookie = admin_cookie(app).await;
    let mut socket = WsClient::agent(app, &cookie).await.seeing_routing();
    socket.hello(0).await;
    let db = Db::connect(&app.database_url).await.unwrap();
    let admin: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(ADMIN_EMAIL)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    members.push(Member {
        id: UserId::parse(&admin).unwrap(),
        cookie,
        role: Role::Admin,
        teams: vec![default_team],
        socket,
    });
    members
}

/// Plays `steps` random moves.
async fn play(app: &TestApp, members: &mut [Member], seed: u64, steps: usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut visitors: Vec<(WsClient, String)> = Vec::new();
    let mut newest_seq = 0i64;
    let transfer_to = members[2].id;
    for step in 0..steps {
        if visitors.is_empty() || (visitors.len() < 8 && rng.random_bool(0.25)) {
            visitors.push(new_visitor(app, &format!("Hello number {step}")).await);
            continue;
        }
        let which = rng.random_range(0..visitors.len());
        let conversation = visitors[which].1.clone();
        let member = rng.random_range(0..members.len());
        let socket = &mut members[member].socket;
        let answer = match rng.random_range(0..10) {
            0 | 1 => {
                send(
                    &mut visitors[which].0,
                    None,
                    &format!("visitor {step}"),
                    None,
                )
                .await
            }
            2 | 3 => send(socket, Some(&conversation), &format!("agent {step}"), None).await,
            4 => {
                send(
                    socket,
                    Some(&conversation),
                    &format!("note {step}"),
                    Some("note"),
                )
                .await
            }
            5 => {
                let frame =
                    json!({"type": "read", "conversation_id": conversation, "seq": newest_seq});
                socket.send_json(frame).await;
                settle(socket).await;
                Value::Null
            }
            6 => act_on(socket, &conversation, json!({"do": "pick"})).await,
            7 => {
                let actions = [
                    json!({"do": "close"}),
                    json!({"do": "processing"}),
                    json!({"do": "leave"}),
                    json!({"do": "join", "from": Value::Null}),
                ];
                let action = actions[rng.random_range(0..actions.len())].clone();
                act_on(socket, &conversation, action).await
            }
            8 => {
                act_on(
                    socket,
                    &conversation,
                    json!({"do": "pin", "pinned": rng.random_bool(0.5)}),
                )
                .await
            }
            _ => {
                let action = json!({"do": "transfer", "to": transfer_to, "comment": "yours"});
                act_on(socket, &conversation, action).await
            }
        };
        if let Some(seq) = answer["message"]["seq"].as_i64() {
            newest_seq = newest_seq.max(seq);
        }
    }
    for member in members.iter_mut() {
        settle(&mut member.socket).await;
    }
    for (mut socket, _) in visitors {
        settle(&mut socket).await;
    }
}

/// The reference: the whole history folded as the workbench used to.
async fn reference_rows(app: &TestApp, cookie: &str) -> Vec<ConversationRow> {
    let mut socket = WsClient::agent(app, cookie).await.seeing_routing();
    let events = socket.hello(0).await;
    let mut log = ChatLog::default();
    for event in events {
        let event: Event = serde_json::from_value(event).unwrap();
        log.apply(&ServerFrame::Event { event });
    }
    socket.close().await;
    log.conversations()
}

/// What a row must agree on (the preview is the first 200 characters).
fn facts(row: &ConversationRow) -> Value {
    json!({
        "id": row.id, "unread": row.unread, "oldest": row.oldest_unanswered_at,
        "replied": row.last_agent_reply_at, "at": row.last_at,
        "body": row.last_body.chars().take(200).collect::<String>(), "author": row.last_author,
        "assignee": row.placement.assignee_id, "team": row.placement.team_id,
        "closed": row.placement.closed, "on_hold": row.placement.on_hold,
        "pinned": row.placement.pinned,
    })
}

fn view_name(view: View) -> String {
    serde_json::to_value(view)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

async fn lists_match_the_reference(store: Store, seed: u64) {
    let app = spawn_app_on(store, |config| config).await;
    let mut members = members(&app).await;
    play(&app, &mut members, seed, 90).await;
    let everything = reference_rows(&app, &members[3].cookie).await;
    assert!(everything.len() >= 3, "the history made conversations");
    for member in &members {
        let viewer = Viewer {
            id: member.id,
            role: member.role,
            teams: &member.teams,
        };
        let visible: Vec<&ConversationRow> = everything
            .iter()
            .filter(|row| {
                let placement = Placement {
                    assignee: row.placement.assignee_id,
                    team: row.placement.team_id,
                    closed: row.placement.closed,
                };
                may(viewer, placement, Action::See)
            })
            .collect();
        let counts = counts(&app, &member.cookie, json!({})).await;
        for view in View::for_role(member.role) {
            let expected: HashSet<String> = visible
                .iter()
                .filter(|row| view.holds(row, member.id))
                .map(|row| facts(row).to_string())
                .collect();
            let listed = whole_list(&app, &member.cookie, &view_name(*view), json!({})).await;
            let got: HashSet<String> = listed
                .iter()
                .map(|item| {
                    facts(&serde_json::from_value(item["row"].clone()).unwrap()).to_string()
                })
                .collect();
            assert_eq!(
                got, expected,
                "seed {seed}, {:?} as {:?}",
                view, member.role
            );
            assert_eq!(listed.len(), got.len(), "no row twice");
            let order: Vec<(bool, i64, String)> = listed
                .iter()
                .map(|item| {
                    let row = &item["row"];
                    (
                        row["placement"]["pinned"].as_bool().unwrap(),
                        row["last_at"].as_i64().unwrap(),
                        row["id"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let mut sorted = order.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            assert_eq!(order, sorted, "pinned first, newest next");
            let count = counts
                .iter()
                .find(|(name, _)| *name == view_name(*view))
                .unwrap()
                .1;
            assert_eq!(count as usize, expected.len(), "the count of {view:?}");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn every_view_of_every_viewer_matches_the_reference_on_sqlite() {
    for seed in [1, 2, 3] {
        lists_match_the_reference(Store::Sqlite, seed).await;
    }
}

#[tokio::test]
async fn every_view_of_every_viewer_matches_the_reference_on_postgres() {
    for seed in [4, 5] {
        lists_match_the_reference(Store::Postgres, seed).await;
    }
}
