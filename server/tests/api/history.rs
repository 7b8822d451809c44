//! The console's Sessions: every conversation with filters, and transcripts, for admins.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::assignment_support::*;
use crate::helpers::*;
use app::models::Timestamp;
use serde_json::{Value, json};

pub async fn sessions(app: &TestApp, form: &[(&str, &str)]) -> reqwest::Response {
    let mut fields = [
        ("agent", ""),
        ("team", ""),
        ("state", ""),
        ("from", ""),
        ("to", ""),
        ("tag", ""),
        ("rating", ""),
        ("after", ""),
    ];
    for (name, value) in form {
        if let Some(field) = fields.iter_mut().find(|(known, _)| known == name) {
            field.1 = value;
        }
    }
    let body = fields
        .iter()
        .map(|(name, value)| format!("{name}={}", urlencode(value)))
        .collect::<Vec<_>>()
        .join("&");
    app.client
        .post(app.url("/api/sessions"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn ids(app: &TestApp, form: &[(&str, &str)]) -> Vec<String> {
    let response = sessions(app, form).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn sessions_filter_by_agent_state_and_day_and_show_whole_transcripts() {
    filters_and_transcripts(Store::Sqlite).await;
}

#[tokio::test]
async fn sessions_filter_and_show_transcripts_on_postgres_too() {
    filters_and_transcripts(Store::Postgres).await;
}

async fn filters_and_transcripts(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let team = agents(&app, 1).await;
    let mut desk = workbench(&app, &team[0]).await;
    let mut first = widget(&app).await;
    let (served, _) = first_message(&mut first, "Where is my parcel?").await;
    wait_change(&mut desk, &served, "assigned").await;
    desk.say(uuid::Uuid::new_v4(), Some(&served), "On its way, tomorrow.")
        .await;
    assert_eq!(
        act(&mut desk, &served, json!({"do": "close"})).await["type"],
        "acted"
    );
    let mut second = widget(&app).await;
    let (open, _) = first_message(&mut second, "Do you ship abroad?").await;

    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let mut all = ids(&app, &[]).await;
    all.sort();
    let mut expected = vec![served.clone(), open.clone()];
    expected.sort();
    assert_eq!(all, expected);
    assert_eq!(
        ids(&app, &[("state", "closed")]).await,
        vec![served.clone()]
    );
    assert_eq!(ids(&app, &[("state", "open")]).await, vec![open.clone()]);
    let agent = team[0].id.to_string();
    let by_agent = ids(&app, &[("agent", &agent)]).await;
    assert!(by_agent.contains(&served), "{by_agent:?}");
    let today = Timestamp::now().utc_date();
    assert_eq!(
        ids(&app, &[("from", &today), ("to", &today)]).await.len(),
        2
    );
    let tomorrow = Timestamp::now().plus_secs(86_400).utc_date();
    assert!(ids(&app, &[("from", &tomorrow)]).await.is_empty());

    let bad = sessions(&app, &[("from", "last tuesday")]).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(bad.json::<Value>().await.unwrap()["field"], "from");

    let transcript: Value = app
        .client
        .post(app.url("/api/transcript"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("conversation={served}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lines: Vec<(&str, &str)> = transcript
        .as_array()
        .unwrap()
        .iter()
        .map(|line| {
            (
                line["speaker"].as_str().unwrap(),
                line["body"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("visitor", "Where is my parcel?"),
            ("agent", "On its way, tomorrow.")
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn sessions_are_for_admins_and_unknown_conversations_are_not_found() {
    let app = spawn_app().await;
    assert_eq!(sessions(&app, &[]).await.status(), 401);
    let team = agents(&app, 1).await;
    let as_agent = TestApp::new_client()
        .post(app.url("/api/sessions"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &team[0].cookie)
        .body("agent=&team=&state=&from=&to=")
        .send()
        .await
        .unwrap();
    assert_eq!(as_agent.status(), 403);
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let stranger = uuid::Uuid::new_v4();
    let response = app
        .client
        .post(app.url("/api/transcript"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("conversation={stranger}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn sessions_filter_by_session_tag_and_rating() {
    tag_and_rating_filters(Store::Sqlite).await;
}

#[tokio::test]
async fn sessions_filter_by_tag_and_rating_on_postgres_too() {
    tag_and_rating_filters(Store::Postgres).await;
}

async fn tag_and_rating_filters(store: Store) {
    use crate::ws_client::*;
    let app = spawn_app_on(store, |config| config).await;
    let mut conversations = Vec::new();
    for body in ["Refund please", "Just browsing", "Great help"] {
        let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
        visitor.hello(0).await;
        conversations.push(first_message(&mut visitor, body).await.0);
        visitor.close().await;
    }
    let [refund, browsing, praised] = [0, 1, 2].map(|at| conversations[at].clone());
    // Ratings as the review flow stores them.
    let db = app::backend::db::Db::connect(&app.database_url)
        .await
        .unwrap();
    for (id, stars, comment) in [(&refund, 2_i64, None), (&praised, 5, Some("Very kind"))] {
        sqlx::query(
            "UPDATE conversations SET rating_stars = $1, rating_comment = $2, rated_at = 1 \
             WHERE id = $3",
        )
        .bind(stars)
        .bind(comment)
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    }
    db.close().await;

    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let tag: Value = app
        .client
        .post(app.url("/api/tag_create"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("kind=session&name=Refund")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tag = tag["id"].as_str().unwrap().to_owned();
    let tagged = app
        .client
        .post(app.url("/api/visitor_panel_tags"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "conversation_id={refund}&on=session&tags%5B0%5D={tag}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(tagged.status(), 200);

    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    assert_eq!(ids(&app, &[("tag", &tag)]).await, vec![refund.clone()]);
    assert_eq!(
        sorted(ids(&app, &[("rating", "rated")]).await),
        sorted(vec![refund.clone(), praised.clone()])
    );
    assert_eq!(
        ids(&app, &[("rating", "unrated")]).await,
        vec![browsing.clone()]
    );
    assert_eq!(ids(&app, &[("rating", "5")]).await, vec![praised.clone()]);
    assert!(ids(&app, &[("rating", "3")]).await.is_empty());
    assert!(
        ids(&app, &[("tag", &tag), ("rating", "5")])
            .await
            .is_empty()
    );
    assert_eq!(ids(&app, &[("rating", "")]).await.len(), 3);

    // The list shows each rating and its comment.
    let page: Value = sessions(&app, &[("rating", "5")])
        .await
        .json()
        .await
        .unwrap();
    let rows = &page["rows"];
    assert_eq!(rows[0]["rating_stars"], 5);
    assert_eq!(rows[0]["rating_comment"], "Very kind");
    app.stop().await;
}
