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
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This chat is not available.")
        );
    }
    app.stop().await;
}

/// The JSON config the widget document carries.
fn widget_config(html: &str) -> serde_json::Value {
    let start = html
        .find(r#"id="parley-widget">"#)
        .map(|at| at + r#"id="parley-widget">"#.len())
        .expect("config element");
    let end = start + html[start..].find("</script>").expect("config end");
    serde_json::from_str(&html[start..end]).unwrap()
}

#[tokio::test]
async fn the_widget_document_loads_its_own_bundle_and_may_be_framed() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    let response = app
        .get(&format!("/w/{key}?url=https%3A%2F%2Fshop.example%2F"))
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("x-frame-options").is_none());
    assert_eq!(response.headers()["vary"], "Accept-Language");
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Demo Shop</title>"), "{html}");
    // The widget's own bundle, not the signed-in app's.
    assert!(html.contains("/widget/parley-widget.js"), "{html}");
    assert!(html.contains("/widget/parley-widget_bg.wasm"), "{html}");
    assert!(html.contains("/widget/parley-widget.css"), "{html}");
    assert!(!html.contains("/pkg/parley"), "{html}");
    let config = widget_config(&html);
    assert_eq!(config["project_key"], key.as_str());
    assert_eq!(config["project_name"], "Demo Shop");
    assert_eq!(config["locale"], "en");
    app.stop().await;
}

#[tokio::test]
async fn the_widget_follows_the_browser_language() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    for (accept, expected) in [
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh-TW,zh;q=0.9", "zh-Hant"),
        ("fr-FR,fr;q=0.9", "en"),
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
        assert!(
            html.contains(&format!(r#"<html lang="{expected}">"#)),
            "{accept}: {html}"
        );
        assert_eq!(widget_config(&html)["locale"], expected, "{accept}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_hostile_project_name_stays_text_in_the_widget_document() {
    let app = spawn_app().await;
    let key = demo_key(&app).await;
    {
        use app::backend::db::Db;
        let db = Db::connect(&app.database_url).await.unwrap();
        sqlx::query("UPDATE projects SET name = $1")
            .bind("</script><script>alert(1)</script>")
            .execute(db.pool())
            .await
            .unwrap();
        db.close().await;
    }
    let html = app.get(&format!("/w/{key}")).await.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert_eq!(
        widget_config(&html)["project_name"],
        "</script><script>alert(1)</script>"
    );
    app.stop().await;
}

#[tokio::test]
async fn widget_assets_are_served_precompressed() {
    let site = tempfile::tempdir().unwrap();
    let widget = site.path().join("widget");
    std::fs::create_dir_all(&widget).unwrap();
    std::fs::write(widget.join("parley-widget.js"), "export default 1;").unwrap();
    std::fs::write(widget.join("parley-widget.js.br"), b"BROTLI").unwrap();
    std::fs::write(widget.join("parley-widget.js.gz"), b"GZIP").unwrap();
    let root = site.path().to_owned();
    let app = spawn_app_on(Store::Sqlite, move |mut config| {
        config.site_root = root;
        config
    })
    .await;
    let fetch = |encoding: &'static str| {
        // Built without decompression: the raw bytes show which file was sent.
        let client = reqwest::Client::new();
        let url = app.url("/widget/parley-widget.js");
        async move {
            client
                .get(url)
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap()
        }
    };
    let br = fetch("gzip, deflate, br").await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["cache-control"], "no-cache");
    assert!(
        br.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BROTLI");
    let gz = fetch("gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"GZIP");
    let plain = fetch("identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "export default 1;");
    app.stop().await;
    drop(site);
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
