//! `GET /demo`: a plain page standing for a customer's website, with the demo project's
//! install snippet in it.
use app::backend::AppState;
use app::backend::db::projects;
use app::models::project::install_snippet;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub async fn demo_page(State(state): State<AppState>) -> Response {
    match projects::first(&state.db).await {
        Ok(Some(project)) => {
            // The snippet uses a root-relative loader URL so the page works on any host name.
            let snippet = install_snippet("", &project.key);
            Html(render(&escape_html(&project.name), &snippet)).into_response()
        }
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "No project exists yet: run `parley create-admin`.",
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "demo page: cannot read projects");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn render(project_name: &str, snippet: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{project_name} — demo website</title>
<link rel="icon" href="/favicon.ico">
<style>
  body {{ margin: 0; font: 16px/1.6 Georgia, "Times New Roman", serif; color: #2b2b2b; background: #fbf8f3; }}
  header {{ padding: 20px 32px; background: #2b2b2b; color: #fbf8f3; }}
  header strong {{ font-size: 22px; letter-spacing: .5px; }}
  main {{ max-width: 720px; margin: 40px auto; padding: 0 24px; }}
  h1 {{ font-size: 34px; margin: 0 0 12px; }}
  .note {{ padding: 12px 16px; border-left: 4px solid #c8102e; background: #fff; }}
</style>
</head>
<body>
<header><strong>{project_name}</strong></header>
<main>
  <h1>Handmade goods, shipped with care</h1>
  <p>This page stands for a customer's website. It is plain HTML with one line added before
  <code>&lt;/body&gt;</code>: the Parley install snippet. The chat bubble in the corner comes
  from that line alone.</p>
  <p class="note">Open the bubble to talk to the team; agents answer from the Parley workbench.</p>
</main>
{snippet}
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_are_escaped() {
        assert_eq!(escape_html("<b>A&B</b>"), "&lt;b&gt;A&amp;B&lt;/b&gt;");
    }
}
