//! A WebSocket client speaking Parley's protocol, for tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct WsClient {
    socket: Socket,
}

/// Asks the server for a visitor token, as the widget does on first open.
pub async fn visitor_token(app: &TestApp) -> String {
    let key = demo_key(app).await;
    let response = TestApp::new_client()
        .post(app.url("/api/start_visitor"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("key={key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<String>().await.unwrap()
}

/// The session cookie pair (`parley_session=…`) of a fresh sign-in as the demo admin.
pub async fn admin_cookie(app: &TestApp) -> String {
    let client = TestApp::new_client();
    let response = app.login_with(&client, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = session_cookie(&response).expect("signed in");
    cookie.split(';').next().unwrap().to_owned()
}

impl WsClient {
    /// Connects with the given extra headers; `Err` carries the HTTP status of a refusal.
    pub async fn connect_with(
        app: &TestApp,
        query: &str,
        headers: &[(&str, &str)],
    ) -> Result<WsClient, u16> {
        let mut request = format!("ws://{}/ws{query}", app.address)
            .into_client_request()
            .unwrap();
        for (name, value) in headers {
            request.headers_mut().insert(
                tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes())
                    .unwrap(),
                value.parse().unwrap(),
            );
        }
        match tokio_tungstenite::connect_async(request).await {
            Ok((socket, _)) => Ok(WsClient { socket }),
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                Err(response.status().as_u16())
            }
            Err(other) => panic!("connect failed: {other}"),
        }
    }

    pub async fn visitor(app: &TestApp, token: &str) -> WsClient {
        Self::connect_with(app, &format!("?visitor={token}"), &[])
            .await
            .unwrap()
    }

    pub async fn agent(app: &TestApp, cookie: &str) -> WsClient {
        let origin = format!("http://{}", app.address);
        Self::connect_with(app, "", &[("cookie", cookie), ("origin", &origin)])
            .await
            .unwrap()
    }

    pub async fn send_json(&mut self, frame: Value) {
        self.send_text(frame.to_string()).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.socket.send(Message::Text(text.into())).await.unwrap();
    }

    /// The next protocol frame (protocol-level pings are skipped).
    pub async fn next(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(10), self.socket.next())
                .await
                .expect("a frame within 10 s")
                .expect("socket open")
                .unwrap();
            match message {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    /// The next frame, which must be of `kind`.
    pub async fn expect(&mut self, kind: &str) -> Value {
        let frame = self.next().await;
        assert_eq!(frame["type"], kind, "{frame}");
        frame
    }

    /// No frame arrives within `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) {
        if let Ok(Some(Ok(Message::Text(text)))) =
            tokio::time::timeout(wait, self.socket.next()).await
        {
            panic!("unexpected frame {text}");
        }
    }

    /// `hello`, `welcome`, the replay, `replayed`: returns the replayed events.
    pub async fn hello(&mut self, last_seq: i64) -> Vec<Value> {
        self.send_json(json!({"type": "hello", "version": 1, "last_seq": last_seq}))
            .await;
        self.expect("welcome").await;
        let mut events = Vec::new();
        loop {
            let frame = self.next().await;
            match frame["type"].as_str() {
                Some("event") => events.push(frame["event"].clone()),
                Some("replayed") => return events,
                _ => panic!("unexpected during replay: {frame}"),
            }
        }
    }

    /// Sends a message and returns its ack.
    pub async fn say(
        &mut self,
        client_id: uuid::Uuid,
        conversation: Option<&str>,
        body: &str,
    ) -> Value {
        self.send_json(json!({"type": "send", "client_id": client_id, "conversation_id": conversation, "body": body}))
            .await;
        self.expect("ack").await
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}
