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
    /// Skip what assignment adds (placement events, roster, queue places, thresholds), for
    /// tests about messages only.
    chat_only: bool,
    /// Frames read while looking for another one, handed out first by `next`.
    stashed: std::collections::VecDeque<Value>,
}

/// Frames about assignment rather than messages.
pub fn is_routing_frame(frame: &Value) -> bool {
    matches!(
        frame["type"].as_str(),
        Some(
            "agents"
                | "agents_changed"
                | "visitors_online"
                | "visitor_presence"
                | "queue"
                | "wait_settings"
        )
    ) || (frame["type"] == "event" && frame["event"]["kind"] == "conversation")
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
            Ok((socket, _)) => Ok(WsClient {
                socket,
                chat_only: true,
                stashed: std::collections::VecDeque::new(),
            }),
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

    /// Also returns the assignment frames (placement events, roster, queue places).
    pub fn seeing_routing(mut self) -> Self {
        self.chat_only = false;
        self
    }

    pub async fn send_json(&mut self, frame: Value) {
        self.send_text(frame.to_string()).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.socket.send(Message::Text(text.into())).await.unwrap();
    }

    /// The next protocol frame (protocol-level pings are skipped, and assignment frames for
    /// chat-only clients).
    pub async fn next(&mut self) -> Value {
        if let Some(frame) = self.stashed.pop_front() {
            return frame;
        }
        loop {
            let frame = self.next_any().await;
            if !(self.chat_only && is_routing_frame(&frame)) {
                return frame;
            }
        }
    }

    /// Keeps frames read ahead (in order) for the next calls of `next`.
    pub fn stash(&mut self, frames: Vec<Value>) {
        self.stashed.extend(frames);
    }

    async fn next_any(&mut self) -> Value {
        // One deadline for the frame: protocol pings (every 20 s) must not keep a wait alive.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let message = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .expect("a frame within 30 s")
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

    /// No frame (that this client looks at) arrives within `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) {
        let until = tokio::time::Instant::now() + wait;
        while let Ok(Some(Ok(Message::Text(text)))) =
            tokio::time::timeout_at(until, self.socket.next()).await
        {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if !(self.chat_only && is_routing_frame(&frame)) {
                panic!("unexpected frame {text}");
            }
        }
    }

    /// Every frame (this client looks at) arriving within `wait`.
    pub async fn frames_within(&mut self, wait: Duration) -> Vec<Value> {
        let until = tokio::time::Instant::now() + wait;
        let mut frames = Vec::new();
        while let Ok(Some(Ok(Message::Text(text)))) =
            tokio::time::timeout_at(until, self.socket.next()).await
        {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if !(self.chat_only && is_routing_frame(&frame)) {
                frames.push(frame);
            }
        }
        frames
    }

    /// Whether the server ends the socket (close frame, end of stream or reset) within
    /// `wait`; frames before that are skipped.
    pub async fn closes_within(&mut self, wait: Duration) -> bool {
        let until = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(until, self.socket.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => continue,
            }
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
                Some("wait_settings") => continue,
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
        loop {
            let frame = self.next().await;
            if !is_routing_frame(&frame) {
                assert_eq!(frame["type"], "ack", "{frame}");
                return frame;
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}
