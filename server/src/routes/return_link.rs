//! `GET /w/{key}/resume/{token}`: the link in an email-fallback mail. It gives the browser a
//! widget token for the visitor the link was sent to (stored where the widget keeps its
//! token) and opens the chat, with the whole conversation, full page. Unknown or expired
//! links say so.
use app::backend::AppState;
use app::backend::email_fallback;
use app::models::ProjectKey;
use app::ui::widget::config::{script_json, visitor_token_key};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

const EXPIRED: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Link expired</title></head><body><p>This link has expired or is not valid. Open the chat on the website to write to us again.</p></body></html>";

pub async fn open(
    State(state): State<AppState>,
    Path((key, token)): Path<(String, String)>,
) -> Response {
    let Some(key) = ProjectKey::parse(&key) else {
        return (StatusCode::NOT_FOUND, Html(EXPIRED)).into_response();
    };
    match email_fallback::open_return_link(&state, &key, &token).await {
        Ok(Some(widget_token)) => (
            // The token must not linger in caches or leak to other sites.
            [
                (header::CACHE_CONTROL, "no-store"),
                (header::REFERRER_POLICY, "no-referrer"),
            ],
            Html(page(key.as_str(), &widget_token)),
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, Html(EXPIRED)).into_response(),
        Err(error) => {
            tracing::error!(?error, "return link failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Stores the token under the widget's key for the project and opens the chat. The values
/// are script-safe JSON strings, so nothing in them can end the script.
fn page(key: &str, widget_token: &str) -> String {
    let storage_key = script_json(&visitor_token_key(key));
    let token = script_json(&widget_token);
    let target = script_json(&format!("/w/{key}"));
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Opening the chat…</title></head>\
         <body><p>Opening the chat…</p><script>localStorage.setItem({storage_key},{token});\
         location.replace({target});</script></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_the_values_can_end_the_script() {
        let html = page("k</script><b>", "t");
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(
            html.contains(r#"localStorage.setItem("parley.visitor.k\u003c/script>\u003cb>","t")"#),
            "{html}"
        );
    }
}
