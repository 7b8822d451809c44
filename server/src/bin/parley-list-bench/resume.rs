//! An agent away for a minute while visitors write: how long its socket takes to resume
//! (`hello` with its last `seq` → `replayed`, the missed events included), and how long until
//! what the workbench shows is fresh again (that, then its list page, counts and the open
//! conversation's newest page, fetched at once as the workbench does).
use crate::server_process::ServerProcess;
use crate::{Figures, figures};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Agent sockets that go away together and come back one after the other.
const AGENTS: usize = 20;
/// Visitors writing while the agents are away, one message a second each.
const WRITERS: usize = 10;

pub struct Report {
    pub away: Duration,
    pub missed: usize,
    pub resyncs: usize,
    pub socket: Figures,
    pub screen: Figures,
}

impl Report {
    pub fn print(&self) {
        println!(
            "  resume after {} s away ({} events missed, {} of {AGENTS} told to resync):",
            self.away.as_secs(),
            self.missed,
            self.resyncs
        );
        crate::print_single("  socket: hello → replayed", &self.socket);
        crate::print_single("  + list, counts, history", &self.screen);
    }
}

/// A signed-in member: the session cookie, sent with the page's origin.
pub struct Member {
    pub cookie: String,
}

impl Member {
    pub async fn sign_in(
        server: &ServerProcess,
        email: &str,
        password: &str,
    ) -> Result<Self, String> {
        let cookie = server.sign_in(email, password).await?;
        Ok(Self { cookie })
    }
}

pub async fn measure(
    server: &ServerProcess,
    member: &Member,
    project_key: &str,
    away: Duration,
) -> Result<Report, String> {
    let mut writers = Vec::with_capacity(WRITERS);
    for _ in 0..WRITERS {
        writers.push(Writer::start(server, project_key).await?);
    }
    let open = writers[0].conversation.clone();
    let mut last_seqs = Vec::with_capacity(AGENTS);
    for _ in 0..AGENTS {
        let mut socket = agent_socket(server, member).await?;
        let (seq, _, _) = hello(&mut socket, 0, &open).await?;
        let _ = socket.close(None).await;
        last_seqs.push(seq);
    }
    let until = Instant::now() + away;
    let mut tasks = tokio::task::JoinSet::new();
    for writer in writers {
        tasks.spawn(writer.write_until(until));
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| e.to_string())??;
    }
    let (mut socket_ms, mut screen_ms) = (Vec::new(), Vec::new());
    let (mut missed, mut resyncs) = (0, 0);
    let http = reqwest::Client::new();
    for seq in last_seqs {
        let started = Instant::now();
        let mut socket = agent_socket(server, member).await?;
        let (_, events, resync) = hello(&mut socket, seq, &open).await?;
        socket_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        missed = missed.max(events);
        resyncs += usize::from(resync);
        let call = |endpoint: &str, body: Value| {
            http.post(format!("{}/api/{endpoint}", server.base_url()))
                .header("cookie", &member.cookie)
                .json(&body)
                .send()
        };
        let (list, counts, history) = tokio::join!(
            call("list_conversations", json!({"request": {}})),
            call("conversation_counts", json!({})),
            call("conversation_history", json!({"conversation": open})),
        );
        for response in [list, counts, history] {
            let response = response.map_err(|e| e.to_string())?;
            if !response.status().is_success() {
                return Err(format!("refetch answered {}", response.status()));
            }
            response.bytes().await.map_err(|e| e.to_string())?;
        }
        screen_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let _ = socket.close(None).await;
    }
    Ok(Report {
        away,
        missed,
        resyncs,
        socket: figures(socket_ms),
        screen: figures(screen_ms),
    })
}

async fn connect(
    server: &ServerProcess,
    query: &str,
    headers: &[(&str, &str)],
) -> Result<Socket, String> {
    let mut request = format!("ws://127.0.0.1:{}/ws{query}", server.port())
        .into_client_request()
        .map_err(|e| e.to_string())?;
    for (name, value) in headers {
        let name = tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| e.to_string())?;
        let value = value.parse().map_err(|_| "bad header".to_owned())?;
        request.headers_mut().insert(name, value);
    }
    let (socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|e| format!("upgrade: {e}"))?;
    Ok(socket)
}

async fn agent_socket(server: &ServerProcess, member: &Member) -> Result<Socket, String> {
    let origin = server.base_url();
    connect(
        server,
        "",
        &[("cookie", &member.cookie), ("origin", &origin)],
    )
    .await
}

/// Says `hello` as a version 2 agent following `open`; reads until `replayed` or `resync`.
/// Returns the `seq` to resume from, how many events came first, and whether it was a resync.
async fn hello(
    socket: &mut Socket,
    last_seq: i64,
    open: &str,
) -> Result<(i64, usize, bool), String> {
    let hello = json!({"type": "hello", "version": 2, "last_seq": last_seq, "open": [open]});
    send(socket, &hello).await?;
    let mut events = 0;
    while let Some(frame) = next_frame(socket).await? {
        match frame["type"].as_str() {
            Some("event") => events += 1,
            Some(end @ ("replayed" | "resync")) => {
                let seq = frame["last_seq"].as_i64().ok_or("no last_seq")?;
                return Ok((seq, events, end == "resync"));
            }
            Some("error") => return Err(format!("hello refused: {frame}")),
            _ => {}
        }
    }
    Err("the socket closed during hello".to_owned())
}

async fn send(socket: &mut Socket, frame: &Value) -> Result<(), String> {
    socket
        .send(Message::Text(frame.to_string().into()))
        .await
        .map_err(|e| e.to_string())
}

/// The next JSON frame, or none when the socket closed.
async fn next_frame(socket: &mut Socket) -> Result<Option<Value>, String> {
    while let Some(message) = socket.next().await {
        if let Message::Text(text) = message.map_err(|e| e.to_string())? {
            return serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| e.to_string());
        }
    }
    Ok(None)
}

/// A visitor with a conversation, writing once a second.
struct Writer {
    socket: Socket,
    conversation: String,
}

impl Writer {
    async fn start(server: &ServerProcess, key: &str) -> Result<Self, String> {
        let token: String = reqwest::Client::new()
            .post(format!("{}/api/start_visitor", server.base_url()))
            .form(&[("key", key)])
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        let mut socket = connect(server, &format!("?visitor={token}"), &[]).await?;
        send(&mut socket, &json!({"type": "hello", "version": 2})).await?;
        while let Some(frame) = next_frame(&mut socket).await? {
            if frame["type"] == "replayed" {
                break;
            }
        }
        let mut writer = Self {
            socket,
            conversation: String::new(),
        };
        writer.conversation = writer.say("Hello, is anyone there?").await?;
        Ok(writer)
    }

    /// Sends one message and waits for its `ack`; returns its conversation.
    async fn say(&mut self, body: &str) -> Result<String, String> {
        let client_id = uuid::Uuid::new_v4().to_string();
        let mut frame = json!({"type": "send", "client_id": client_id, "body": body});
        if !self.conversation.is_empty() {
            frame["conversation_id"] = json!(self.conversation);
        }
        send(&mut self.socket, &frame).await?;
        while let Some(frame) = next_frame(&mut self.socket).await? {
            if frame["type"] == "ack" && frame["client_id"] == client_id {
                let id = frame["message"]["conversation_id"].as_str();
                return id
                    .map(str::to_owned)
                    .ok_or_else(|| "ack without conversation".into());
            }
            if frame["type"] == "error" {
                return Err(format!("send refused: {frame}"));
            }
        }
        Err("the visitor's socket closed".to_owned())
    }

    async fn write_until(mut self, until: Instant) -> Result<(), String> {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut n = 0;
        while Instant::now() < until {
            tick.tick().await;
            n += 1;
            self.say(&format!("Still waiting for my parcel ({n})"))
                .await?;
        }
        let _ = self.socket.close(None).await;
        Ok(())
    }
}
