//! The console's Sessions and Contacts a page at a time: walking the `next` cursors shows
//! every row once, newest first, and a cursor the server did not write is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::contacts::call;
use crate::helpers::*;
use crate::history::sessions;
use crate::list_support::new_visitor;
use crate::ws_client::visitor_token;
use serde_json::Value;
use std::collections::HashSet;

/// Every page of a list, following `next` until it is absent.
async fn walk(mut page_after: impl AsyncFnMut(String) -> Value, rows_field: &str) -> Vec<Value> {
    let (mut rows, mut after) = (Vec::new(), String::new());
    loop {
        let page = page_after(after).await;
        rows.extend(page[rows_field].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(next) => after = next.to_owned(),
            None => return rows,
        }
    }
}

fn assert_newest_first_once(rows: &[Value], time_field: &str, expected: usize) {
    let ids: HashSet<&str> = rows.iter().map(|row| row["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rows.len(), "no row twice");
    assert_eq!(rows.len(), expected, "every row once");
    let times: Vec<i64> = rows
        .iter()
        .map(|row| row[time_field].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|pair| pair[0] >= pair[1]), "{times:?}");
}

async fn sessions_page_through(store: Store) {
    let app = spawn_app_on(store, |config| config).await;
    // One page and a bit (a page holds 50).
    let mut sockets = Vec::new();
    for n in 0..57 {
        sockets.push(new_visitor(&app, &format!("Question {n}")).await.0);
    }
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let mut sizes = Vec::new();
    let rows = walk(
        async |after| {
            let page: Value = sessions(&app, &[("after", &after)])
                .await
                .json()
                .await
                .unwrap();
            sizes.push(page["rows"].as_array().unwrap().len());
            page
        },
        "rows",
    )
    .await;
    assert_eq!(sizes, [50, 7]);
    assert_newest_first_once(&rows, "last_activity_at", 57);

    let refused = sessions(&app, &[("after", "yesterday")]).await;
    assert_eq!(refused.status(), 422);
    app.stop().await;
}

#[tokio::test]
async fn sessions_page_through_every_conversation_once_on_sqlite() {
    sessions_page_through(Store::Sqlite).await;
}

#[tokio::test]
async fn sessions_page_through_every_conversation_once_on_postgres() {
    sessions_page_through(Store::Postgres).await;
}

#[tokio::test]
async fn contacts_page_through_every_visitor_once() {
    let app = spawn_app().await;
    // A page holds 100 contacts.
    for _ in 0..130 {
        visitor_token(&app).await;
    }
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let mut pages = 0;
    let rows = walk(
        async |after| {
            pages += 1;
            let response = call(
                &app,
                "contacts",
                &[("search", ""), ("filter", "all"), ("after", &after)],
            )
            .await;
            assert_eq!(response.status(), 200);
            response.json().await.unwrap()
        },
        "contacts",
    )
    .await;
    assert_eq!(pages, 2);
    assert_newest_first_once(&rows, "last_seen_at", 130);
    let refused = call(
        &app,
        "contacts",
        &[("search", ""), ("filter", "all"), ("after", "1.2")],
    )
    .await;
    assert_eq!(refused.status(), 422);
    app.stop().await;
}
