//! Admins manage their members' sign-in details: a new email (checked, unique), a new
//! password (every session of that account ends). Agents may not; other projects' accounts
//! are not found.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::assignment_support::*;
use crate::helpers::*;
use uuid::Uuid;

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, form: &str) -> (u16, String) {
    let response = client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn with_cookie(cookie: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_admin_changes_a_members_email_and_password_and_their_sessions_end() {
    let app = spawn_app().await;
    let agent = agents(&app, 1).await.remove(0);
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let member = agent.id.to_string();

    // Email: checked, unique, then the new one signs in.
    let (status, body) = post(
        &app,
        &app.client,
        "/api/member_email",
        &format!("member={member}&email=not-an-email"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("email"), "{body}");
    let (status, body) = post(
        &app,
        &app.client,
        "/api/member_email",
        &format!("member={member}&email={}", urlencode(ADMIN_EMAIL)),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = post(
        &app,
        &app.client,
        "/api/member_email",
        &format!("member={member}&email={}", urlencode("Renamed@Example.com")),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let fresh = TestApp::new_client();
    assert_eq!(
        app.login_with(&fresh, "renamed@example.com", ADMIN_PASSWORD)
            .await
            .status(),
        200
    );

    // Password: too short refused; then set, the agent's sessions end, only the new one works.
    let agent_client = with_cookie(&agent.cookie);
    assert!(app.me(&agent_client).await.is_object());
    let (status, _) = post(
        &app,
        &app.client,
        "/api/member_password",
        &format!("member={member}&password=short"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        app.me(&agent_client).await.is_object(),
        "a refused change ends nothing"
    );
    let (status, body) = post(
        &app,
        &app.client,
        "/api/member_password",
        &format!("member={member}&password=brand-new-secret-42"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        app.me(&agent_client).await.is_null(),
        "their old session ended"
    );
    assert!(app.me(&fresh).await.is_null(), "every session ended");
    let again = TestApp::new_client();
    assert_eq!(
        app.login_with(&again, "renamed@example.com", ADMIN_PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.login_with(&again, "renamed@example.com", "brand-new-secret-42")
            .await
            .status(),
        200
    );
    // The admin's own session is untouched.
    assert!(app.me(&app.client).await.is_object());
    app.stop().await;
}

#[tokio::test]
async fn agents_may_not_and_unknown_members_are_not_found() {
    let app = spawn_app().await;
    let mut people = agents(&app, 2).await;
    let (first, second) = (people.remove(0), people.remove(0));
    let as_agent = with_cookie(&first.cookie);
    let (status, _) = post(
        &app,
        &as_agent,
        "/api/member_password",
        &format!("member={}&password=brand-new-secret-42", second.id),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = post(
        &app,
        &as_agent,
        "/api/member_email",
        &format!("member={}&email=x%40example.com", second.id),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let nobody = Uuid::new_v4();
    let (status, _) = post(
        &app,
        &app.client,
        "/api/member_password",
        &format!("member={nobody}&password=brand-new-secret-42"),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = post(
        &app,
        &app.client,
        "/api/member_email",
        &format!("member={nobody}&email=y%40example.com"),
    )
    .await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn a_server_function_call_missing_its_arguments_is_refused_not_crashed() {
    let app = spawn_app().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    let (status, body) = post(
        &app,
        &app.client,
        "/api/member_email",
        "email=x%40example.com",
    )
    .await;
    // Refused before the function runs: a readable 400 (the `call_errors` layer), and a server
    // that keeps running (it used to panic encoding the error).
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"code\":\"transport\""), "{body}");
    // The server is still there.
    assert!(app.me(&app.client).await.is_object());
    app.stop().await;
}
