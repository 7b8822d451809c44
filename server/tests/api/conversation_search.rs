//! The lists' filters and search, keyset pages while rows move, and a conversation's history
//! in pages, on SQLite and PostgreSQL; an agent never gets rows of conversations they may not
//! see, whatever they search for.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use crate::list_support::*;
use crate::ws_client::admin_cookie;
use serde_json::{Value, json};
use std::collections::HashSet;

async fn search(app: &TestApp, cookie: &str, text: &str) -> Vec<Value> {
    whole_list(app, cookie, "all", json!({"search": text})).await
}

async fn filters_and_search_find_what_they_should(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    let admin = admin_cookie(&app).await;
    let SearchFixture {
        mut sockets,
        shipping,
        refund,
        named,
    } = search_fixture(&app).await;
    // English and Chinese substrings of message text, short and long, any case.
    assert_eq!(
        ids(&search(&app, &admin, "NORWAY").await),
        vec![shipping.clone()]
    );
    assert_eq!(
        ids(&search(&app, &admin, "ship to").await),
        vec![shipping.clone()]
    );
    assert_eq!(
        ids(&search(&app, &admin, "退款").await),
        vec![refund.clone()]
    );
    assert_eq!(
        ids(&search(&app, &admin, "申请退款").await),
        vec![refund.clone()]
    );
    let found = search(&app, &admin, "退款").await;
    assert!(
        found[0]["matched"].as_str().unwrap().contains("退款"),
        "{found:?}"
    );
    // The contact: name (CJK), email (any case), phone by its digits.
    assert_eq!(
        ids(&search(&app, &admin, "小明").await),
        vec![named.clone()]
    );
    assert_eq!(
        ids(&search(&app, &admin, "xiaoming@").await),
        vec![named.clone()]
    );
    assert_eq!(
        ids(&search(&app, &admin, "5555-0100").await),
        vec![named.clone()]
    );
    assert!(search(&app, &admin, "Sweden").await.is_empty());
    // An agent of another team finds none of it, and counts none of it.
    let outsider = agents(&app, 1).await.remove(0);
    crate::conversation_lists::move_to_own_team(&app, outsider.id).await;
    for text in ["Norway", "退款", "小明", ""] {
        let found = whole_list(&app, &outsider.cookie, "queued", json!({"search": text})).await;
        assert!(found.is_empty(), "{text}: {found:?}");
    }
    let outsider_counts = counts(&app, &outsider.cookie, json!({})).await;
    assert!(
        outsider_counts.iter().all(|(_, count)| *count == 0),
        "{outsider_counts:?}"
    );
    let request = json!({"request": {"view": "all"}});
    assert_eq!(
        call(&app, &outsider.cookie, "list_conversations", request)
            .await
            .0,
        403
    );
    let request = json!({"conversation": shipping});
    assert_eq!(
        call(&app, &outsider.cookie, "conversation_history", request)
            .await
            .0,
        404
    );
    // Wildcards are taken literally.
    assert!(search(&app, &admin, "%").await.is_empty());
    assert!(search(&app, &admin, "_").await.is_empty());
    let by = |filters: Value| whole_list(&app, &admin, "all", filters);
    assert_eq!(
        ids(&by(json!({"email": "EXAMPLE.COM"})).await),
        vec![named.clone()]
    );
    assert_eq!(
        ids(&by(json!({"phone": "10 5555"})).await),
        vec![named.clone()]
    );
    assert!(by(json!({"phone": "999"})).await.is_empty());
    // A visitor tag.
    let tag = uuid::Uuid::new_v4().to_string();
    let project = demo_project(&app).await.to_string();
    execute(
        &app,
        "INSERT INTO tags (id, project_id, kind, name, created_at) VALUES ($1, $2, 'visitor', 'VIP', 0)",
        &[&tag, &project],
    )
    .await;
    execute(
        &app,
        "INSERT INTO visitor_tags (visitor_id, tag_id) \
         SELECT visitor_id, $1 FROM conversations WHERE id = $2",
        &[&tag, &refund],
    )
    .await;
    assert_eq!(ids(&by(json!({"tag": tag})).await), vec![refund.clone()]);
    // Online visitors: all three sockets are open, then one closes.
    assert_eq!(by(json!({"online": true})).await.len(), 3);
    sockets.remove(0).close().await;
    let mut online = by(json!({"online": true})).await;
    for _ in 0..50 {
        if online.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        online = by(json!({"online": true})).await;
    }
    assert!(!ids(&online).contains(&shipping), "{online:?}");
    // Nobody replied yet: no reply time passes a reply filter.
    assert!(by(json!({"last_reply": "within_hour"})).await.is_empty());
    // A contact renamed in the console is found by two characters of the new name only.
    let db = app::backend::db::Db::connect(&app.database_url)
        .await
        .unwrap();
    let visitor: String = sqlx::query_scalar("SELECT visitor_id FROM conversations WHERE id = $1")
        .bind(&named)
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.close().await;
    let fields = [
        ("contact", visitor.as_str()),
        ("name", "陳大文"),
        ("email", ""),
        ("phone", ""),
    ];
    let renamed = TestApp::new_client()
        .post(app.url("/api/contact_fields"))
        .header("cookie", &admin)
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 200);
    assert_eq!(
        ids(&search(&app, &admin, "大文").await),
        vec![named.clone()]
    );
    assert!(search(&app, &admin, "小明").await.is_empty());
    // Too long a search is refused, not cut.
    let long = "x".repeat(201);
    let request = json!({"request": {"filters": {"search": long}}});
    assert_eq!(
        call(&app, &admin, "list_conversations", request).await.0,
        422
    );
    app.stop().await;
}

#[tokio::test]
async fn filters_and_search_on_sqlite() {
    filters_and_search_find_what_they_should(Store::Sqlite).await;
}

#[tokio::test]
async fn filters_and_search_on_postgres() {
    filters_and_search_find_what_they_should(Store::Postgres).await;
}

async fn waiting_flags_and_replies(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    adjust_settings(&app, |settings| {
        settings.soon_secs = 1;
        settings.overdue_secs = 3_600;
    })
    .await;
    let admin = admin_cookie(&app).await;
    let mut bench = crate::ws_client::WsClient::agent(&app, &admin).await;
    bench.hello(0).await;
    let (_a, waiting) = new_visitor(&app, "anyone there?").await;
    let (_b, answered) = new_visitor(&app, "hello").await;
    assert_eq!(
        send(&mut bench, Some(&answered), "Hi!", None).await["type"],
        "ack"
    );
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let by = |filters: Value| whole_list(&app, &admin, "all", filters);
    assert_eq!(ids(&by(json!({"soon": true})).await), vec![waiting.clone()]);
    assert!(by(json!({"overdue": true})).await.is_empty());
    assert_eq!(
        ids(&by(json!({"last_reply": "within_hour"})).await),
        vec![answered.clone()]
    );
    assert_eq!(
        ids(&by(json!({"last_reply": "today", })).await),
        vec![answered.clone()]
    );
    assert!(by(json!({"last_reply": "older_than_day"})).await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn waiting_flags_and_reply_times_on_sqlite() {
    waiting_flags_and_replies(Store::Sqlite).await;
}

#[tokio::test]
async fn waiting_flags_and_reply_times_on_postgres() {
    waiting_flags_and_replies(Store::Postgres).await;
}

#[tokio::test]
async fn pages_never_repeat_a_row_and_moved_rows_are_the_only_ones_missing() {
    let app = spawn_app().await;
    let admin = admin_cookie(&app).await;
    let mut visitors = Vec::new();
    for n in 0..70 {
        visitors.push(new_visitor(&app, &format!("visitor {n}")).await);
    }
    let first = call(
        &app,
        &admin,
        "list_conversations",
        json!({"request": {"view": "all"}}),
    )
    .await
    .1;
    let first_rows = first["rows"].as_array().unwrap().clone();
    assert_eq!(first_rows.len(), 30);
    // The oldest conversations (on the last page) get new messages: they move to the top.
    let mut moved = HashSet::new();
    for (socket, conversation) in visitors.iter_mut().take(5) {
        assert_eq!(
            send(socket, None, "still there?", None).await["type"],
            "ack"
        );
        moved.insert(conversation.clone());
    }
    let mut seen: Vec<String> = ids(&first_rows);
    let mut after = first["next"].clone();
    while !after.is_null() {
        let request = json!({"request": {"view": "all", "after": after}});
        let page = call(&app, &admin, "list_conversations", request).await.1;
        seen.extend(ids(page["rows"].as_array().unwrap()));
        after = page["next"].clone();
    }
    let unique: HashSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no row twice");
    let all: HashSet<String> = visitors.iter().map(|(_, id)| id.clone()).collect();
    let missing: HashSet<String> = all.difference(&unique).cloned().collect();
    // Rows that moved above the cursor come to the client live, not on later pages.
    assert!(missing.is_subset(&moved), "{missing:?}");
    assert_eq!(whole_list(&app, &admin, "all", json!({})).await.len(), 70);
    app.stop().await;
}

#[tokio::test]
async fn history_opens_on_the_newest_messages_and_pages_back() {
    let app = spawn_app().await;
    let admin = admin_cookie(&app).await;
    let (mut socket, conversation) = new_visitor(&app, "message 0").await;
    for n in 1..120 {
        send(&mut socket, None, &format!("message {n}"), None).await;
    }
    let mut bodies: Vec<String> = Vec::new();
    let mut before = Value::Null;
    let mut pages = 0;
    loop {
        let request = json!({"conversation": conversation, "before": before});
        let (status, page) = call(&app, &admin, "conversation_history", request).await;
        assert_eq!(status, 200, "{page}");
        let events = page["events"].as_array().unwrap();
        let messages: Vec<String> = events
            .iter()
            .filter(|event| event["kind"] == "message")
            .map(|event| event["body"].as_str().unwrap().to_owned())
            .collect();
        if pages == 0 {
            assert_eq!(messages.len(), 50);
            assert_eq!(messages.last().unwrap(), "message 119");
            // Where it stands comes along although its routing happened before the page.
            assert_eq!(events[0]["kind"], "conversation", "{:?}", events[0]);
        }
        bodies.splice(0..0, messages);
        pages += 1;
        if page["next_before"].is_null() {
            break;
        }
        before = page["next_before"].clone();
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..120).map(|n| format!("message {n}")).collect();
    assert_eq!(bodies, expected, "every message once, in order");
    app.stop().await;
}
