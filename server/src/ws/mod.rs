//! `GET /ws`: one WebSocket endpoint for widget and workbench. The role comes from the
//! credential presented at upgrade, never from a frame: a visitor token (`?visitor=`), or
//! an agent session cookie from a page of our own origin.
mod connection;
mod hello;
mod resume;

use app::backend::AppState;
use app::backend::auth::{cookies, sessions};
use app::backend::chat::{self, Participant};
use app::backend::client_info::{self, ClientSeen};
use app::backend::db::visitors::{self, TokenVisitor};
use app::models::Timestamp;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Debug, Deserialize)]
pub struct Credentials {
    /// The widget's visitor token.
    visitor: Option<String>,
    /// The visitor's IANA time zone, as their browser names it (`Intl`).
    tz: Option<String>,
}

pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(credentials): Query<Credentials>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let seen = client_seen(&state, peer, &headers, credentials.tz.as_deref());
    let participant = match authenticate(&state, credentials, &headers, seen).await {
        Ok(Admitted::Participant(participant)) => participant,
        // Upgraded, so the widget can read why, then closed.
        Ok(Admitted::Blocked) => return upgrade.on_upgrade(connection::refuse_blocked),
        Err(refusal) => return refusal,
    };
    // Small per-socket buffers: tungstenite's 128 KiB read-buffer default made an idle
    // socket cost ~137 KiB of server memory; chat frames are far smaller (larger ones are read
    // in several chunks). At 2 KiB an idle socket costs 9.5 KiB in all (bench, 10,000 sockets).
    upgrade
        .read_buffer_size(2 * 1024)
        .write_buffer_size(0)
        .max_message_size(app::realtime::protocol::MAX_FRAME_BYTES * 2)
        .on_upgrade(move |socket| connection::run(state, participant, socket))
}

/// Who may open the socket: a participant, or a blacklisted visitor (told, then closed).
enum Admitted {
    Participant(Participant),
    Blocked,
}

async fn authenticate(
    state: &AppState,
    credentials: Credentials,
    headers: &HeaderMap,
    seen: ClientSeen,
) -> Result<Admitted, Response> {
    let internal = |_| StatusCode::INTERNAL_SERVER_ERROR.into_response();
    if let Some(token) = credentials.visitor {
        return match chat::visitor_for_token(state, &token)
            .await
            .map_err(|error| internal(error.to_string()))?
        {
            Some(found) if found.blocked => Ok(Admitted::Blocked),
            Some(found) => {
                remember_client(state, &found, seen);
                Ok(Admitted::Participant(Participant::Visitor(found.visitor)))
            }
            None => Err((StatusCode::UNAUTHORIZED, "unknown visitor token").into_response()),
        };
    }
    let Some(token) = cookies::session_token(headers) else {
        return Err((
            StatusCode::UNAUTHORIZED,
            "sign in or present a visitor token",
        )
            .into_response());
    };
    // Cookies ride along on cross-site socket requests: only our own pages may use them.
    if !origin_allowed(headers, &state.public_url) {
        return Err((StatusCode::FORBIDDEN, "origin not allowed").into_response());
    }
    match sessions::user_for_token(state, &token)
        .await
        .map_err(|error| internal(error.to_string()))?
    {
        Some(user) => Ok(Admitted::Participant(Participant::Agent(user))),
        None => Err((StatusCode::UNAUTHORIZED, "session ended").into_response()),
    }
}

/// What the visitor's browser tells in the upgrade request.
fn client_seen(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    time_zone: Option<&str>,
) -> ClientSeen {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let ip = client_info::request_client_ip(peer.ip(), headers, &state.trusted_proxies);
    ClientSeen {
        user_agent: client_info::user_agent(header("user-agent")),
        ip: Some(ip.to_string()),
        language: client_info::accept_language(header("accept-language")),
        time_zone: client_info::time_zone(time_zone),
    }
}

/// Stores what the browser told when it differs from what is stored (or the last visit is
/// minutes old), off the upgrade's path: at most one write per connect, usually none.
fn remember_client(state: &AppState, found: &TokenVisitor, seen: ClientSeen) {
    let now = Timestamp::now();
    if !client_info::needs_write(&found.client, &seen, now) {
        return;
    }
    let db = state.db.clone();
    let id = found.visitor.id;
    tokio::spawn(async move {
        if let Err(error) = visitors::record_client(&db, id, &seen, now).await {
            tracing::warn!(%error, visitor = %id, "visitor's browser details not stored");
        }
    });
}

/// The `Origin` must be our public URL's origin or the host the request was sent to.
pub(crate) fn origin_allowed(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let public_origin = url::Url::parse(public_url)
        .ok()
        .map(|url| url.origin().ascii_serialization());
    if public_origin.as_deref() == Some(origin) {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let origin_host = url::Url::parse(origin).ok().and_then(|url| {
        url.host_str().map(|host| match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        })
    });
    matches!((host, origin_host), (Some(host), Some(origin_host)) if host == origin_host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(origin) = origin {
            headers.insert(
                header::ORIGIN,
                origin.parse().unwrap_or_else(|_| unreachable!()),
            );
        }
        headers.insert(
            header::HOST,
            host.parse().unwrap_or_else(|_| unreachable!()),
        );
        headers
    }

    #[test]
    fn only_our_own_origin_may_use_the_cookie() {
        let public = "https://chat.example.com";
        assert!(origin_allowed(
            &headers(Some("https://chat.example.com"), "internal:3000"),
            public
        ));
        assert!(origin_allowed(
            &headers(Some("http://127.0.0.1:3000"), "127.0.0.1:3000"),
            public
        ));
        assert!(!origin_allowed(
            &headers(Some("https://evil.example"), "chat.example.com"),
            public
        ));
        assert!(!origin_allowed(&headers(None, "chat.example.com"), public));
        assert!(!origin_allowed(
            &headers(Some("null"), "chat.example.com"),
            public
        ));
    }
}
