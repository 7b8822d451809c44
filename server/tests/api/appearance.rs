//! The widget's appearance: set in the console, checked strictly, served to the loader and
//! the iframe on the next page load.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, demo_key, spawn_app, urlencode};

async fn save(app: &TestApp, color: &str, greeting: &str, position: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/widget_settings"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "project_name={}&color={}&greeting={}&position={}",
            urlencode("Demo Shop"),
            urlencode(color),
            urlencode(greeting),
            urlencode(position)
        ))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_console_sets_colour_greeting_and_corner_for_the_next_page_load() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    let look: serde_json::Value = app
        .get(&format!("/w/{key}/look"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        look,
        serde_json::json!({"color": "#4f46e5", "position": "right"})
    );

    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let saved = save(&app, "#0F766E", "  Ask us <b>anything</b>  ", "left").await;
    assert_eq!(saved.status(), 200);

    let look = app.get(&format!("/w/{key}/look")).await;
    assert_eq!(look.headers()["access-control-allow-origin"], "*");
    let look: serde_json::Value = look.json().await.unwrap();
    assert_eq!(
        look,
        serde_json::json!({"color": "#0f766e", "position": "left"})
    );
    let page = app.get(&format!("/w/{key}")).await.text().await.unwrap();
    assert!(
        page.contains("<style>:root{--color-brand:#0f766e;"),
        "{page}"
    );
    // The greeting travels as JSON text in the config, never as markup.
    assert!(
        page.contains(r#""greeting":"Ask us \u003cb>anything\u003c/b>""#),
        "{page}"
    );
    app.stop().await;
}

#[tokio::test]
async fn bad_colours_and_long_greetings_are_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    for (color, greeting, field) in [
        ("red;}body{display:none", "", "color"),
        ("#12345", "", "color"),
        ("#123456", &"x".repeat(301) as &str, "greeting"),
    ] {
        let refused = save(&app, color, greeting, "left").await;
        assert_eq!(refused.status(), 422);
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(body["field"], field);
    }
    let look: serde_json::Value = app
        .get(&format!("/w/{key}/look"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        look,
        serde_json::json!({"color": "#4f46e5", "position": "right"})
    );
    assert_eq!(app.get("/w/not-a-project-key/look").await.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn only_admins_change_the_widget() {
    let app = spawn_app().await;
    assert_eq!(save(&app, "#123456", "", "left").await.status(), 401);
    app.stop().await;
}
