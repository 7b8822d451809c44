//! What the widget does in the browser besides rendering: the visitor token, the outbox kept
//! across reloads, the page view for the access trace, read receipts, and the unread badge
//! and chime while the loader keeps the panel closed.
use crate::models::visitor_forms::greets_differently;
use crate::realtime::chat_log::OutboxEntry;
use crate::realtime::protocol::{AuthorKind, ClientFrame};
use crate::realtime::wire;
use crate::ui::common::chime::chime;
use crate::ui::common::live_chat::{LiveChat, socket_url};
use leptos::prelude::*;
use web_sys::Storage;

/// What the loader put in the iframe's query string.
struct LoaderQuery {
    /// The host page's address, title and referrer.
    url: String,
    title: String,
    referrer: String,
    /// The loader opened the iframe ahead of time, still closed (a returning visitor).
    hidden: bool,
}

impl LoaderQuery {
    fn read() -> Self {
        let params = window()
            .location()
            .search()
            .ok()
            .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok());
        let get = |name: &str| {
            params
                .as_ref()
                .and_then(|params| params.get(name))
                .unwrap_or_default()
        };
        Self {
            url: get("url"),
            title: get("title"),
            referrer: get("referrer"),
            hidden: get("hidden") == "1",
        }
    }
}

fn storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

fn outbox_key(project_key: &str) -> String {
    format!("parley.outbox.{project_key}")
}

/// The visitor's IANA time zone (`Intl`), for the agents' "local time"; the server checks
/// it. Read here, not by the loader: the loader is at its size limit.
fn time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_default()
}

/// Connects the widget and wires its browser-side behaviour to `chat`. `forms` is the page's
/// forms code, checked again whenever the panel opens.
pub fn start(chat: LiveChat, project_key: String, forms: u8) {
    let query = LoaderQuery::read();
    let open = RwSignal::new(!query.hidden);
    recheck_forms_on_open(chat, format!("/w/{project_key}/forms"), open, forms);

    keep_outbox(chat, outbox_key(&project_key));
    let tz = time_zone();
    let page_view = ClientFrame::PageView {
        url: query.url,
        title: query.title,
        referrer: query.referrer,
    };
    leptos::task::spawn_local(async move {
        if let Some(token) = visitor_token(&project_key).await
            // Unencoded: IANA names are letters, digits, `/_-+`, and the server reads a `+`
            // that arrives as a space back as `+`.
            && let Some(url) = socket_url(&format!("/ws?visitor={token}&tz={tz}"))
        {
            crate::ui::common::attachment_view::set_visitor_token(&token);
            chat.connect(url);
            if let ClientFrame::PageView { url, .. } = &page_view
                && !url.is_empty()
            {
                chat.frame(page_view);
            }
        }
    });
    notify_while_closed(chat, open);
    send_read_receipts(chat, open);
}

/// Each time the closed panel opens before the visitor's first message, asks `path` for the
/// forms code again: a page loaded ahead of time may be hours old, and would offer a chat
/// nobody can answer (or the offline form while agents are back). When the greeting changed,
/// the page is loaded again, made for now (the outbox is kept across reloads).
fn recheck_forms_on_open(chat: LiveChat, path: String, open: RwSignal<bool>, forms: u8) {
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        let started = chat
            .log
            .with_untracked(|log| log.latest_conversation().is_some());
        if was_open == Some(false) && is_open && !started {
            let path = path.clone();
            leptos::task::spawn_local(async move {
                let init = web_sys::RequestInit::new();
                let now = match fetch(&path, &init).await {
                    Some(response) if response.ok() => json(&response).await,
                    _ => None,
                };
                let now = now.and_then(|code| code.as_f64()).map(|code| code as u8);
                if now.is_some_and(|now| greets_differently(forms, now)) {
                    let _ = window().location().reload();
                }
            });
        }
        is_open
    });
}

/// Restores sends that were not acknowledged before the last reload, and keeps the stored
/// outbox equal to the pending lines from now on.
fn keep_outbox(chat: LiveChat, key: String) {
    let saved = storage()
        .and_then(|storage| storage.get_item(&key).ok().flatten())
        .and_then(|json| wire::node::parse(&json))
        .and_then(|json| wire::read::outbox(&json))
        .unwrap_or_default();
    chat.restore_outbox(AuthorKind::Visitor, saved);
    Effect::new(move |previous: Option<Vec<OutboxEntry>>| {
        let outbox = chat.log.with(|log| log.outbox());
        if previous.as_ref() != Some(&outbox)
            && let Some(storage) = storage()
        {
            let _ = if outbox.is_empty() {
                storage.remove_item(&key)
            } else {
                storage.set_item(&key, &wire::write::outbox(&outbox))
            };
        }
        outbox
    });
}

/// The stored visitor token, or a new one from the server (stored for next time).
async fn visitor_token(project_key: &str) -> Option<String> {
    let key = super::config::visitor_token_key(project_key);
    if let Some(token) = storage().and_then(|storage| storage.get_item(&key).ok().flatten()) {
        return Some(token);
    }
    let token = request_visitor_token(project_key).await?;
    if let Some(storage) = storage() {
        let _ = storage.set_item(&key, &token);
    }
    Some(token)
}

/// `POST /api/start_visitor` with the project key. The answer is a JSON string.
async fn request_visitor_token(project_key: &str) -> Option<String> {
    let form = web_sys::UrlSearchParams::new().ok()?;
    form.append("key", project_key);
    let response = post("/api/start_visitor", &form).await?;
    if !response.ok() {
        return None;
    }
    json(&response).await?.as_string()
}

/// A response's body read as JSON.
async fn json(response: &web_sys::Response) -> Option<wasm_bindgen::JsValue> {
    js_sys::futures::JsFuture::from(response.json().ok()?)
        .await
        .ok()
}

/// Posts `form` to a server function as a form.
async fn post(path: &str, form: &web_sys::UrlSearchParams) -> Option<web_sys::Response> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(form);
    fetch(path, &init).await
}

/// `fetch`, straight (no server-function or HTTP client library in this small bundle).
async fn fetch(path: &str, init: &web_sys::RequestInit) -> Option<web_sys::Response> {
    use wasm_bindgen::JsCast;
    js_sys::futures::JsFuture::from(window().fetch_with_str_and_init(path, init))
        .await
        .ok()?
        .dyn_into()
        .ok()
}

/// Posts one of the widget's forms with the visitor's token; the HTTP status (0: not sent).
pub async fn post_form(project_key: &str, path: &str, form: &web_sys::HtmlFormElement) -> u16 {
    let token = storage().and_then(|storage| {
        storage
            .get_item(&super::config::visitor_token_key(project_key))
            .ok()
            .flatten()
    });
    let params = web_sys::FormData::new_with_form(form)
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data));
    let (Some(token), Ok(params)) = (token, params) else {
        return 0;
    };
    params.append("token", &token);
    match post(path, &params).await {
        Some(response) => response.status(),
        None => 0,
    }
}

/// Tells the agent "seen" for their newest message while the panel is open on a visible page.
fn send_read_receipts(chat: LiveChat, open: RwSignal<bool>) {
    let page_visible = RwSignal::new(!document().hidden());
    let _visibility = window_event_listener_untyped("visibilitychange", move |_| {
        page_visible.set(!document().hidden());
    });
    Effect::new(move |_| {
        let conversation = chat.log.with(|log| log.latest_conversation());
        if let Some(conversation) = conversation
            && open.get()
            && page_visible.get()
        {
            chat.mark_seen(conversation, AuthorKind::Visitor);
        }
    });
}

/// While the loader keeps the panel closed, counts replies for its bubble badge and chimes.
fn notify_while_closed(chat: LiveChat, open: RwSignal<bool>) {
    let unread = RwSignal::new(0_u32);
    let post_unread = move |count: u32| {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"parley:unread".into());
        let _ = js_sys::Reflect::set(&message, &"count".into(), &count.into());
        if let Ok(Some(parent)) = window().parent() {
            // Only a count: no conversation data leaves the iframe.
            let _ = parent.post_message(&message, "*");
        }
    };
    let _listener = window_event_listener(leptos::ev::message, move |event| {
        match event.data().as_string().as_deref() {
            Some("parley:opened") => {
                open.set(true);
                unread.set(0);
                post_unread(0);
            }
            Some("parley:closed") => open.set(false),
            _ => {}
        }
    });
    // Now that it listens, ask the loader whether the panel is open (it may have been opened
    // while this page was still loading).
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&"parley:ready".into(), "*");
    }
    Effect::new(move |previous: Option<u64>| {
        let arrivals = chat.arrivals.get();
        if previous.is_some_and(|previous| arrivals > previous) && !open.get_untracked() {
            let count = unread.get_untracked() + 1;
            unread.set(count);
            post_unread(count);
            chime();
        }
        arrivals
    });
}
