//! Visitor sockets and the agent socket, and the message-driving loop.
use crate::measure::{histogram, summary};
use crate::server_process::{DEMO_PASSWORD, ServerProcess};
use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use uuid::Uuid;

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;
type SentAt = Arc<Mutex<HashMap<Uuid, Instant>>>;

/// A handle to one visitor socket's task.
pub struct Visitor {
    commands: mpsc::UnboundedSender<Uuid>,
}

/// The agent's socket, which receives every message.
pub struct Agent {
    pub(crate) socket: Socket,
    /// The events replayed when it connected.
    pub(crate) replayed: Vec<Value>,
}

async fn open(
    port: u16,
    source: IpAddr,
    query: &str,
    headers: &[(&str, String)],
) -> Result<Socket, String> {
    open_collecting(port, source, query, headers, &mut Vec::new()).await
}

/// Opens a socket, says `hello` and keeps the replayed frames in `replayed`.
async fn open_collecting(
    port: u16,
    source: IpAddr,
    query: &str,
    headers: &[(&str, String)],
    replayed: &mut Vec<Value>,
) -> Result<Socket, String> {
    let socket = TcpSocket::new_v4().map_err(|error| error.to_string())?;
    socket
        .bind(SocketAddr::new(source, 0))
        .map_err(|error| format!("bind {source}: {error}"))?;
    let target = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port);
    let stream = socket
        .connect(target)
        .await
        .map_err(|error| format!("connect: {error}"))?;
    let mut request = format!("ws://127.0.0.1:{port}/ws{query}")
        .into_client_request()
        .map_err(|error| error.to_string())?;
    for (name, value) in headers {
        let name = tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|error| error.to_string())?;
        request
            .headers_mut()
            .insert(name, value.parse().map_err(|_| "bad header".to_owned())?);
    }
    let (mut socket, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .map_err(|error| format!("upgrade: {error}"))?;
    socket
        .send(Message::Text(
            json!({"type": "hello", "version": 1}).to_string().into(),
        ))
        .await
        .map_err(|error| error.to_string())?;
    while let Some(Ok(message)) = socket.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        let Ok(frame) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if frame["type"] == "replayed" {
            return Ok(socket);
        }
        if frame["type"] == "event" {
            replayed.push(frame["event"].clone());
        }
    }
    Err("socket closed before the replay finished".to_owned())
}

impl Agent {
    pub async fn connect(server: &ServerProcess) -> Result<Self, String> {
        let cookie = server
            .sign_in("admin@demo.parley.chat", DEMO_PASSWORD)
            .await?;
        let headers = [("cookie", cookie), ("origin", server.base_url())];
        let mut replayed = Vec::new();
        let socket = open_collecting(
            server.port(),
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            "",
            &headers,
            &mut replayed,
        )
        .await?;
        Ok(Self { socket, replayed })
    }
}

/// Opens `count` visitor sockets, `per_source` per 127.0.0.x source address.
pub async fn open_visitors(
    server: &ServerProcess,
    count: usize,
    per_source: usize,
) -> Result<Vec<(Visitor, SentAt)>, String> {
    let http = reqwest::Client::new();
    let key = demo_key(server, &http).await?;
    let started = Instant::now();
    let mut visitors = Vec::with_capacity(count);
    let mut pending = tokio::task::JoinSet::new();
    for index in 0..count {
        let http = http.clone();
        let base = server.base_url();
        let key = key.clone();
        let source = IpAddr::V4(Ipv4Addr::new(
            127,
            0,
            0,
            2 + (index / per_source.max(1)) as u8,
        ));
        let port = server.port();
        pending.spawn(async move {
            let token: String = http
                .post(format!("{base}/api/start_visitor"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("key={key}"))
                .send()
                .await
                .map_err(|error| error.to_string())?
                .json()
                .await
                .map_err(|error| error.to_string())?;
            open(port, source, &format!("?visitor={token}"), &[]).await
        });
        // Keep a bounded number of handshakes in flight.
        if pending.len() >= 200
            && let Some(joined) = pending.join_next().await
        {
            visitors.push(spawn_visitor(joined.map_err(|error| error.to_string())??));
        }
    }
    while let Some(joined) = pending.join_next().await {
        visitors.push(spawn_visitor(joined.map_err(|error| error.to_string())??));
    }
    println!(
        "opened {} sockets in {:.1} s",
        visitors.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(visitors)
}

async fn demo_key(server: &ServerProcess, http: &reqwest::Client) -> Result<String, String> {
    let html = http
        .get(format!("{}/demo", server.base_url()))
        .send()
        .await
        .map_err(|error| error.to_string())?
        .text()
        .await
        .map_err(|error| error.to_string())?;
    html.split("data-project=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
        .ok_or_else(|| "no project key on /demo".to_owned())
}

/// Per-visitor task: sends when told, records ack latency, pings every 20 s.
fn spawn_visitor(mut socket: Socket) -> (Visitor, SentAt) {
    let (commands, mut queue) = mpsc::unbounded_channel::<Uuid>();
    let sent_at: SentAt = Arc::default();
    let sent = Arc::clone(&sent_at);
    tokio::spawn(async move {
        let mut ping = tokio::time::interval(Duration::from_secs(20));
        loop {
            tokio::select! {
                command = queue.recv() => {
                    let Some(client_id) = command else { break };
                    let frame = json!({"type": "send", "client_id": client_id, "body": "load test message"});
                    if socket.send(Message::Text(frame.to_string().into())).await.is_err() { break }
                }
                incoming = socket.next() => {
                    let Some(Ok(message)) = incoming else { break };
                    if let Message::Text(text) = message
                        && let Ok(frame) = serde_json::from_str::<Value>(&text)
                        && frame["type"] == "ack"
                        && let Some(id) = frame["client_id"].as_str().and_then(|id| Uuid::parse_str(id).ok())
                        && let Some(at) = sent.lock().ok().and_then(|mut map| map.remove(&id))
                    {
                        ACKS.with_record(at.elapsed());
                    }
                }
                _ = ping.tick() => {
                    if socket.send(Message::Text(json!({"type": "ping"}).to_string().into())).await.is_err() { break }
                }
            }
        }
    });
    (Visitor { commands }, sent_at)
}

/// Send→ack latencies, recorded from many tasks.
struct Recorder(Mutex<Option<Histogram<u64>>>);

impl Recorder {
    fn with_record(&self, elapsed: Duration) {
        if let Ok(mut guard) = self.0.lock() {
            let histogram = guard.get_or_insert_with(histogram);
            let _ = histogram.record(elapsed.as_micros().max(1) as u64);
        }
    }

    fn take(&self) -> Histogram<u64> {
        self.0
            .lock()
            .ok()
            .and_then(|mut guard| guard.take())
            .unwrap_or_else(histogram)
    }
}

static ACKS: Recorder = Recorder(Mutex::new(None));

/// What a run measured.
pub struct Results {
    sent: u64,
    acked: u64,
    received: u64,
    elapsed: Duration,
    ack_latency: Histogram<u64>,
    agent_latency: Histogram<u64>,
}

impl Results {
    pub fn print(&self, rate: u32, seconds: u64) {
        let secs = self.elapsed.as_secs_f64().max(0.001);
        println!(
            "asked {rate} msg/s for {seconds} s: sent {}, committed (acked) {}, received by the agent {}",
            self.sent, self.acked, self.received
        );
        println!("messages/s committed: {:.0}", self.acked as f64 / secs);
        println!("send→ack:   {}", summary(&self.ack_latency));
        println!("send→agent: {}", summary(&self.agent_latency));
    }
}

/// Sends `rate` messages per second round-robin over the visitors for `duration`.
pub async fn drive(
    visitors: &[(Visitor, SentAt)],
    agent: &mut Agent,
    rate: u32,
    duration: Duration,
) -> Results {
    let all_sent: Arc<Mutex<HashMap<Uuid, Instant>>> = Arc::default();
    let index: HashMap<usize, SentAt> = visitors
        .iter()
        .enumerate()
        .map(|(i, (_, sent))| (i, Arc::clone(sent)))
        .collect();
    let start = Instant::now();
    let tick = Duration::from_millis(10);
    let per_tick = (f64::from(rate) * tick.as_secs_f64()).max(1.0);
    let mut owed = 0.0;
    let mut sent = 0_u64;
    let mut next = 0_usize;
    let mut ticker = tokio::time::interval(tick);
    let mut agent_latency = histogram();
    let mut received = 0_u64;
    let deadline = start + duration;
    let drain_until = deadline + Duration::from_secs(5);
    loop {
        tokio::select! {
            _ = ticker.tick(), if Instant::now() < deadline && !visitors.is_empty() => {
                owed += per_tick;
                while owed >= 1.0 {
                    owed -= 1.0;
                    let client_id = Uuid::new_v4();
                    let now = Instant::now();
                    if let Some(map) = index.get(&next) && let Ok(mut map) = map.lock() { map.insert(client_id, now); }
                    if let Ok(mut map) = all_sent.lock() { map.insert(client_id, now); }
                    let _ = visitors[next].0.commands.send(client_id);
                    sent += 1;
                    next = (next + 1) % visitors.len();
                }
            }
            incoming = agent.socket.next() => {
                let Some(Ok(Message::Text(text))) = incoming else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                if frame["type"] == "event"
                    && let Some(id) = frame["event"]["client_id"].as_str().and_then(|id| Uuid::parse_str(id).ok())
                    && let Some(at) = all_sent.lock().ok().and_then(|mut map| map.remove(&id))
                {
                    let _ = agent_latency.record(at.elapsed().as_micros().max(1) as u64);
                    received += 1;
                }
            }
            _ = tokio::time::sleep_until(drain_until.into()) => break,
        }
        if Instant::now() >= deadline && received >= sent {
            break;
        }
    }
    let ack_latency = ACKS.take();
    Results {
        sent,
        acked: ack_latency.len(),
        received,
        elapsed: start.elapsed().min(duration),
        ack_latency,
        agent_latency,
    }
}
