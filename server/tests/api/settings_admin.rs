//! The console's Settings page over HTTP: chat settings (validation, storage, draining the
//! queue when the default limit rises), teams (creating, routing mode, members) and the
//! project boundary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::assignment_support::*;
use crate::helpers::*;
use app::backend::db::{Db, chat_settings, teams, users};
use app::models::{CurrentUser, Language, ProjectId, Role, Timestamp, UserId};
use serde_json::{Value, json};

/// Posts a server function's form with `client` (and its cookies); the status and JSON body.
async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let body = form
        .iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A client signed in as the demo admin.
async fn admin(app: &TestApp) -> reqwest::Client {
    let client = TestApp::new_client();
    let response = app.login_with(&client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(
        session_cookie(&response).is_some(),
        "the demo admin signs in"
    );
    client
}

/// The chat settings form with these values.
fn chat_form<'a>(
    soon: &'a str,
    overdue: &'a str,
    hours: &'a str,
    limit: &'a str,
) -> [(&'a str, &'a str); 4] {
    [
        ("soon_minutes", soon),
        ("overdue_minutes", overdue),
        ("auto_close_hours", hours),
        ("default_limit", limit),
    ]
}

/// What the Settings page reads.
async fn overview(app: &TestApp, client: &reqwest::Client) -> Value {
    let (status, body) = call(app, client, "settings", &[]).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The team called `name` in an overview.
fn team_named<'a>(overview: &'a Value, name: &str) -> &'a Value {
    overview["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|team| team["name"] == name)
        .unwrap_or_else(|| panic!("no team {name} in {overview}"))
}

/// An account in `project` (not in any team).
async fn account_in(app: &TestApp, project: ProjectId, name: &str) -> UserId {
    let db = Db::connect(&app.database_url).await.unwrap();
    let user = CurrentUser {
        id: UserId::new(),
        project_id: project,
        email: format!("{}@example.com", uuid::Uuid::new_v4().simple()),
        display_name: name.to_owned(),
        role: Role::Agent,
        language: Language::En,
    };
    let new_user = users::NewUser {
        user: user.clone(),
        password_hash: "not-a-real-hash".to_owned(),
    };
    users::insert(db.pool(), &new_user, Timestamp::now())
        .await
        .unwrap();
    db.close().await;
    user.id
}

#[tokio::test]
async fn invalid_chat_settings_are_refused_next_to_their_field() {
    let app = spawn_app().await;
    let client = admin(&app).await;
    let cases = [
        (chat_form("0", "5", "24", "5"), "soon_minutes"),
        (chat_form("5", "5", "24", "5"), "overdue_minutes"),
        (chat_form("3", "1441", "24", "5"), "overdue_minutes"),
        (chat_form("3", "5", "721", "5"), "auto_close_hours"),
        (chat_form("3", "5", "24", "0"), "default_limit"),
        (chat_form("3", "5", "24", "many"), "default_limit"),
    ];
    for (form, field) in cases {
        let (status, body) = call(&app, &client, "chat_settings", &form).await;
        assert_eq!(status, 422, "{form:?}: {body}");
        assert_eq!(body["code"], "invalid");
        assert_eq!(body["field"], field, "{form:?}: {body}");
    }
    let (_, body) = call(
        &app,
        &client,
        "chat_settings",
        &chat_form("10", "4", "24", "5"),
    )
    .await;
    assert_eq!(
        (&body["problem"], &body["min"], &body["max"]),
        (&json!("out_of_range"), &json!(11), &json!(1440)),
        "overdue must come after soon: {body}"
    );
    // Nothing was stored.
    let chat = &overview(&app, &client).await["chat"];
    assert_eq!(
        chat,
        &json!({"soon_minutes": 3, "overdue_minutes": 5, "auto_close_hours": 24, "default_limit": 5})
    );
    app.stop().await;
}

#[tokio::test]
async fn saved_chat_settings_read_back_and_are_stored_in_seconds() {
    let app = spawn_app().await;
    let client = admin(&app).await;
    let (status, body) = call(
        &app,
        &client,
        "chat_settings",
        &chat_form(" 4", "12", "0", "7"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let chat = &overview(&app, &client).await["chat"];
    assert_eq!(
        chat,
        &json!({"soon_minutes": 4, "overdue_minutes": 12, "auto_close_hours": 0, "default_limit": 7})
    );
    let db = Db::connect(&app.database_url).await.unwrap();
    let stored = chat_settings::find(&db, demo_project(&app).await)
        .await
        .unwrap()
        .unwrap();
    db.close().await;
    assert_eq!(
        stored,
        chat_settings::ChatSettings {
            soon_secs: 240,
            overdue_secs: 720,
            auto_close_hours: 0,
            default_conversation_limit: 7,
        }
    );
    app.stop().await;
}

#[tokio::test]
async fn agents_get_no_settings() {
    let app = spawn_app().await;
    let team = agents(&app, 1).await;
    let agent = TestApp::new_client();
    let project = demo_project(&app).await.to_string();
    let me = team[0].id.to_string();
    let calls: [(&str, Vec<(&str, &str)>); 5] = [
        ("settings", vec![]),
        ("chat_settings", chat_form("3", "5", "24", "9").to_vec()),
        ("create_team", vec![("name", "Mine")]),
        (
            "team_routing",
            vec![("team", project.as_str()), ("routing", "grab")],
        ),
        (
            "team_member",
            vec![
                ("team", project.as_str()),
                ("member", me.as_str()),
                ("member_of", "false"),
            ],
        ),
    ];
    for (endpoint, form) in &calls {
        let response = TestApp::new_client()
            .post(app.url(&format!("/api/{endpoint}")))
            .header("cookie", &team[0].cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                form.iter()
                    .map(|(name, value)| format!("{name}={}", urlencode(value)))
                    .collect::<Vec<_>>()
                    .join("&"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{endpoint}");
        // Without a session: not signed in.
        let (status, _) = call(&app, &agent, endpoint, form).await;
        assert_eq!(status, 401, "{endpoint}");
    }
    let admin = admin(&app).await;
    let settings = overview(&app, &admin).await;
    assert_eq!(settings["chat"]["default_limit"], 5);
    assert_eq!(settings["teams"].as_array().unwrap().len(), 1);
    assert_eq!(team_named(&settings, "Support")["routing"], "auto");
    app.stop().await;
}

#[tokio::test]
async fn teams_are_created_with_unique_names_and_take_members() {
    let app = spawn_app().await;
    let client = admin(&app).await;
    let (status, body) = call(&app, &client, "create_team", &[("name", "  Sales ")]).await;
    assert_eq!(status, 200, "{body}");
    let sales = body.as_str().unwrap().to_owned();
    for (name, problem) in [
        ("support", "already_taken"),
        ("SALES", "already_taken"),
        ("  ", "required"),
    ] {
        let (status, body) = call(&app, &client, "create_team", &[("name", name)]).await;
        assert_eq!(status, 422, "{name}: {body}");
        assert_eq!(
            (&body["field"], &body["problem"]),
            (&json!("name"), &json!(problem))
        );
    }
    let settings = overview(&app, &client).await;
    let listed = team_named(&settings, "Sales");
    assert_eq!(listed["id"], json!(sales));
    assert_eq!(listed["routing"], "auto");
    assert_eq!(listed["is_default"], false);
    assert_eq!(listed["members"], json!([]));
    // The default team comes first, with the demo admin in it.
    assert_eq!(settings["teams"][0]["is_default"], true);
    let (admin_id, admin_name) = (&settings["agents"][0][0], &settings["agents"][0][1]);
    assert_eq!(admin_name, "Demo Admin");
    assert_eq!(settings["teams"][0]["members"], json!([admin_id]));

    let admin_id = admin_id.as_str().unwrap().to_owned();
    let member = |member_of: &'static str| {
        [
            ("team", sales.clone()),
            ("member", admin_id.clone()),
            ("member_of", member_of.to_owned()),
        ]
    };
    for (member_of, expected) in [
        ("true", json!([&admin_id])),
        ("true", json!([&admin_id])),
        ("false", json!([])),
    ] {
        let form = member(member_of);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = call(&app, &client, "team_member", &form).await;
        assert_eq!(status, 200, "{body}");
        let settings = overview(&app, &client).await;
        assert_eq!(team_named(&settings, "Sales")["members"], expected);
    }
    let (status, _) = call(
        &app,
        &client,
        "team_routing",
        &[("team", &sales), ("routing", "grab")],
    )
    .await;
    assert_eq!(status, 200);
    let settings = overview(&app, &client).await;
    assert_eq!(team_named(&settings, "Sales")["routing"], "grab");
    assert_eq!(team_named(&settings, "Support")["routing"], "auto");
    app.stop().await;
}

#[tokio::test]
async fn a_team_switched_to_grab_offers_instead_of_assigning() {
    let app = spawn_app().await;
    let client = admin(&app).await;
    let team = agents(&app, 1).await;
    let mut ann = workbench(&app, &team[0]).await;
    let support = demo_project(&app).await.to_string();
    let (status, body) = call(
        &app,
        &client,
        "team_routing",
        &[("team", &support), ("routing", "grab")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "anyone?").await;
    let offer = next_change(&mut ann, &conversation).await;
    assert_eq!(offer["change"], "offered");
    assert!(offer["placement"]["assignee_id"].is_null());
    assert_eq!(stored_conversations(&app).await[0].assignee, None);

    // Back to auto: the waiting conversation goes to the online agent at once.
    let (status, _) = call(
        &app,
        &client,
        "team_routing",
        &[("team", &support), ("routing", "auto")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        stored_conversations(&app).await[0].assignee,
        Some(team[0].id.to_string())
    );
    app.stop().await;
}

#[tokio::test]
async fn raising_the_default_limit_drains_a_waiting_visitor_at_once() {
    let app = spawn_app().await;
    adjust_settings(&app, |settings| settings.default_conversation_limit = 1).await;
    let client = admin(&app).await;
    let team = agents(&app, 1).await;
    let mut ann = workbench(&app, &team[0]).await;
    let mut first = widget(&app).await;
    let (one, _) = first_message(&mut first, "first").await;
    assert_eq!(next_change(&mut ann, &one).await["change"], "assigned");
    let mut second = widget(&app).await;
    let (two, _) = first_message(&mut second, "second").await;
    assert_eq!(next_change(&mut ann, &two).await["change"], "queued");

    let (status, body) = call(
        &app,
        &client,
        "chat_settings",
        &chat_form("3", "5", "24", "2"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // Stored before the answer came: no timer involved.
    let waiting = stored_conversations(&app)
        .await
        .into_iter()
        .find(|conversation| conversation.id == two)
        .unwrap();
    assert_eq!(waiting.assignee, Some(team[0].id.to_string()));
    assert_eq!(waiting.queue_seq, None);
    let assigned = wait_change(&mut ann, &two, "assigned").await;
    assert_eq!(assigned["placement"]["assignee_id"], json!(team[0].id));
    app.stop().await;
}

#[tokio::test]
async fn adding_an_online_agent_to_a_team_drains_its_queue() {
    let app = spawn_app().await;
    let client = admin(&app).await;
    let team = agents(&app, 1).await;
    let support = demo_project(&app).await.to_string();
    let agent = team[0].id.to_string();
    let out = [
        ("team", support.as_str()),
        ("member", agent.as_str()),
        ("member_of", "false"),
    ];
    let (status, body) = call(&app, &client, "team_member", &out).await;
    assert_eq!(status, 200, "{body}");
    // Online, but in no team: the visitor waits.
    let ann = workbench(&app, &team[0]).await;
    let mut visitor = widget(&app).await;
    let (conversation, _) = first_message(&mut visitor, "hello?").await;
    assert_eq!(stored_conversations(&app).await[0].assignee, None);
    let into = [
        ("team", support.as_str()),
        ("member", agent.as_str()),
        ("member_of", "true"),
    ];
    let (status, _) = call(&app, &client, "team_member", &into).await;
    assert_eq!(status, 200);
    let stored = stored_conversations(&app).await;
    assert_eq!(
        (stored[0].id.as_str(), stored[0].assignee.as_deref()),
        (conversation.as_str(), Some(agent.as_str()))
    );
    drop(ann);
    app.stop().await;
}

#[tokio::test]
async fn teams_and_accounts_of_another_project_are_not_found() {
    for store in [Store::Sqlite, Store::Postgres] {
        let app = spawn_app_on(store, |config| config).await;
        let client = admin(&app).await;
        let db = Db::connect(&app.database_url).await.unwrap();
        let other = app::backend::accounts::create_project(&db, "Other Shop")
            .await
            .unwrap();
        db.close().await;
        let stranger = account_in(&app, other.id, "Stranger").await.to_string();
        let theirs = teams::default_team_id(other.id).to_string();
        let ours = demo_project(&app).await.to_string();
        let settings = overview(&app, &client).await;
        let me = settings["agents"][0][0].as_str().unwrap().to_owned();

        let refused: [(&str, Vec<(&str, &str)>); 4] = [
            (
                "team_routing",
                vec![("team", theirs.as_str()), ("routing", "grab")],
            ),
            (
                "team_member",
                vec![
                    ("team", theirs.as_str()),
                    ("member", me.as_str()),
                    ("member_of", "true"),
                ],
            ),
            (
                "team_member",
                vec![
                    ("team", ours.as_str()),
                    ("member", stranger.as_str()),
                    ("member_of", "true"),
                ],
            ),
            (
                "team_member",
                vec![
                    ("team", theirs.as_str()),
                    ("member", stranger.as_str()),
                    ("member_of", "false"),
                ],
            ),
        ];
        for (endpoint, form) in &refused {
            let (status, body) = call(&app, &client, endpoint, form).await;
            assert_eq!(status, 404, "{store:?} {endpoint} {form:?}: {body}");
            assert_eq!(body["code"], "not_found");
        }
        // Their team is untouched and ours never got the stranger.
        let db = Db::connect(&app.database_url).await.unwrap();
        let their_teams = teams::for_project(&db, other.id).await.unwrap();
        assert_eq!(their_teams.len(), 1);
        assert_eq!(their_teams[0].mode, teams::RoutingMode::Auto);
        let memberships = teams::memberships(&db, other.id).await.unwrap();
        assert!(memberships.is_empty(), "{memberships:?}");
        db.close().await;
        let settings = overview(&app, &client).await;
        assert_eq!(settings["teams"].as_array().unwrap().len(), 1);
        assert_eq!(settings["teams"][0]["members"], json!([me]));
        assert!(!settings["agents"].to_string().contains("Stranger"));
        // A team name used by another project is free here.
        let (status, body) = call(&app, &client, "create_team", &[("name", "Sales")]).await;
        assert_eq!(status, 200, "{body}");
        app.stop().await;
    }
}
