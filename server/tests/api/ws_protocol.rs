//! The socket's edges: who may connect, and what happens to frames that are not acceptable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;
use crate::ws_client::*;
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn agent_sockets_from_a_foreign_origin_are_refused() {
    let app = spawn_app().await;
    let cookie = admin_cookie(&app).await;
    let refused = WsClient::connect_with(
        &app,
        "",
        &[("cookie", &cookie), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(refused.err(), Some(403));
    let no_origin = WsClient::connect_with(&app, "", &[("cookie", &cookie)]).await;
    assert_eq!(no_origin.err(), Some(403));
    app.stop().await;
}

#[tokio::test]
async fn sockets_without_a_credential_or_with_a_bad_one_are_refused() {
    let app = spawn_app().await;
    assert_eq!(WsClient::connect_with(&app, "", &[]).await.err(), Some(401));
    assert_eq!(
        WsClient::connect_with(&app, "?visitor=forged-token", &[])
            .await
            .err(),
        Some(401)
    );
    let origin = format!("http://{}", app.address);
    let stale = WsClient::connect_with(
        &app,
        "",
        &[("cookie", "parley_session=expired"), ("origin", &origin)],
    )
    .await;
    assert_eq!(stale.err(), Some(401));
    app.stop().await;
}

#[tokio::test]
async fn bad_frames_get_error_frames_and_the_connection_stays_usable() {
    let app = spawn_app().await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;

    visitor.send_json(json!({"type": "ping", "nonce": 1})).await;
    assert_eq!(visitor.expect("error").await["code"], "hello_first");
    visitor
        .send_json(json!({"type": "hello", "version": 99}))
        .await;
    assert_eq!(visitor.expect("error").await["code"], "unsupported_version");
    visitor.hello(0).await;

    visitor.send_text("this is not json".to_owned()).await;
    assert_eq!(visitor.expect("error").await["code"], "malformed");
    visitor.send_json(json!({"type": "self_destruct"})).await;
    assert_eq!(visitor.expect("error").await["code"], "malformed");
    visitor
        .send_text(format!(
            r#"{{"type":"ping","nonce":"{}"}}"#,
            "x".repeat(40_000)
        ))
        .await;
    assert_eq!(visitor.expect("error").await["code"], "too_large");

    let client_id = Uuid::new_v4();
    visitor
        .send_json(json!({"type": "send", "client_id": client_id, "body": "   "}))
        .await;
    let empty = visitor.expect("error").await;
    assert_eq!(empty["code"], "empty_body");
    assert_eq!(empty["client_id"], client_id.to_string());
    visitor
        .send_json(json!({"type": "send", "client_id": Uuid::new_v4(), "body": "a".repeat(5_001)}))
        .await;
    assert_eq!(visitor.expect("error").await["code"], "body_too_long");

    visitor.send_json(json!({"type": "ping", "nonce": 7})).await;
    assert_eq!(visitor.expect("pong").await["nonce"], 7);
    let ack = visitor.say(Uuid::new_v4(), None, "still works").await;
    assert_eq!(ack["message"]["body"], "still works");
    app.stop().await;
}

#[tokio::test]
async fn html_in_messages_is_stored_and_sent_verbatim_as_text() {
    let app = spawn_app().await;
    let mut visitor = WsClient::visitor(&app, &visitor_token(&app).await).await;
    visitor.hello(0).await;
    let ack = visitor
        .say(Uuid::new_v4(), None, "<img src=x onerror=alert(1)>")
        .await;
    assert_eq!(ack["message"]["body"], "<img src=x onerror=alert(1)>");
    app.stop().await;
}
