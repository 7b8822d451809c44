//! Assignment latency with a long queue: the agent closes one of its conversations (capacity
//! appears) and waits for the queue's head to be assigned to it, many times over.
use crate::measure::{histogram, summary};
use crate::server_process::ServerProcess;
use crate::sockets::Agent;
use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

/// What was measured.
pub struct Report {
    queued_before: usize,
    rounds: usize,
    latency: Histogram<u64>,
}

impl Report {
    pub fn print(&self) {
        println!(
            "assignment when capacity appears, {} conversations queued, {} rounds: close sent -> head of the queue assigned (agent's socket) {}",
            self.queued_before,
            self.rounds,
            summary(&self.latency)
        );
    }
}

/// Where each conversation stands, from the newest placement event of each.
fn placements(events: &[Value]) -> HashMap<String, Value> {
    let mut latest = HashMap::new();
    for event in events
        .iter()
        .filter(|event| event["kind"] == "conversation")
    {
        if let Some(id) = event["conversation_id"].as_str() {
            latest.insert(id.to_owned(), event["placement"].clone());
        }
    }
    latest
}

pub async fn capacity_latency(server: &ServerProcess, rounds: usize) -> Result<Report, String> {
    let mut agent = Agent::connect(server).await?;
    let latest = placements(&agent.replayed);
    let queued_before = latest
        .values()
        .filter(|placement| !placement["queued_at"].is_null())
        .count();
    let mut mine: Vec<String> = latest
        .iter()
        .filter(|(_, placement)| {
            !placement["assignee_id"].is_null() && placement["closed"] == false
        })
        .map(|(id, _)| id.clone())
        .collect();
    let mut latency = histogram();
    for _ in 0..rounds {
        let Some(closing) = mine.pop() else {
            return Err("the agent serves no conversation to close".to_owned());
        };
        let frame = json!({
            "type": "act",
            "request_id": Uuid::new_v4(),
            "conversation_id": closing,
            "action": {"do": "close"},
        });
        let started = Instant::now();
        agent
            .socket
            .send(Message::Text(frame.to_string().into()))
            .await
            .map_err(|error| error.to_string())?;
        let assigned = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(Ok(message)) = agent.socket.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if frame["type"] == "error" {
                    return Err(format!("close refused: {frame}"));
                }
                let event = &frame["event"];
                if frame["type"] == "event"
                    && event["kind"] == "conversation"
                    && event["change"] == "assigned"
                    && let Some(id) = event["conversation_id"].as_str()
                {
                    return Ok(id.to_owned());
                }
            }
            Err("the agent's socket closed".to_owned())
        })
        .await
        .map_err(|_| "no assignment within 10 s".to_owned())??;
        let _ = latency.record(started.elapsed().as_micros().max(1) as u64);
        mine.push(assigned);
    }
    Ok(Report {
        queued_before,
        rounds,
        latency,
    })
}
