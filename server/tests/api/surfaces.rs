//! The public routes: health, widget loader, widget iframe page, demo host page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    app.stop().await;
}

#[tokio::test]
async fn unknown_or_malformed_project_keys_get_404() {
    let app = spawn_app().await;
    for path in ["/w/nosuchkey123", "/w/%3Cscript%3E", "/w/x"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let api = app
        .client
        .post(app.url("/api/widget_project"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("key=nosuchkey123")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn the_widget_page_renders_for_a_known_key_and_may_be_framed() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    let response = app.get(&format!("/w/{key}")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("x-frame-options").is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("Demo Shop"));
    assert!(html.contains("Hi there! How can we help you today?"));
    app.stop().await;
}

#[tokio::test]
async fn the_widget_follows_the_browser_language() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    for (accept, expected) in [
        ("zh-CN,zh;q=0.9", "你好！今天有什么可以帮你？"),
        ("zh-TW,zh;q=0.9", "你好！今天有什麼可以幫你？"),
    ] {
        let html = app
            .client
            .get(app.url(&format!("/w/{key}")))
            .header("accept-language", accept)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(expected), "{accept}");
    }
    app.stop().await;
}

#[tokio::test]
async fn the_demo_host_page_embeds_the_install_snippet() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    let response = app.get("/demo").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!(
        r#"<script src="/widget.js" data-project="{key}" async></script>"#
    )));
    app.stop().await;
}

#[tokio::test]
async fn the_loader_is_small_javascript() {
    let app = spawn_app().await;
    let response = app.get("/widget.js").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("data-project"));
    app.stop().await;
}

#[tokio::test]
async fn pages_other_than_the_widget_refuse_framing_and_sniffing() {
    let app = spawn_app().await;
    let response = app.get("/login").await;
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    app.stop().await;
}

#[tokio::test]
async fn unknown_pages_get_404() {
    let app = spawn_app().await;
    assert_eq!(app.get("/no/such/page").await.status(), 404);
    app.stop().await;
}
