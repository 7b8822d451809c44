//! Sign-in, sign-out, sessions and the sign-in rate limit, over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::helpers::*;

#[tokio::test]
async fn demo_admin_signs_in_and_reaches_both_surfaces() {
    let app = spawn_app().await;
    let response = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    let cookie = session_cookie(&response).expect("session cookie set");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("parley_session=");
    assert!(
        token.len() >= 22,
        "token carries at least 128 bits: {token}"
    );

    let me = app.me(&app.client).await;
    assert_eq!(me["email"], ADMIN_EMAIL);
    assert_eq!(me["role"], "admin");

    for page in ["/workbench", "/console"] {
        let response = app.get(page).await;
        assert_eq!(response.status(), 200, "{page}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Demo Admin"), "{page} shows who is signed in");
    }
    app.stop().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong_password = app.login(ADMIN_EMAIL, "not-the-password").await;
    assert_eq!(wrong_password.status(), 401);
    assert!(session_cookie(&wrong_password).is_none());
    let wrong_password_body: serde_json::Value = wrong_password.json().await.unwrap();

    let unknown = app.login("nobody@example.com", "not-the-password").await;
    assert_eq!(unknown.status(), 401);
    let unknown_body: serde_json::Value = unknown.json().await.unwrap();

    assert_eq!(wrong_password_body, unknown_body);
    assert_eq!(unknown_body["code"], "invalid_credentials");
    assert_eq!(app.me(&app.client).await, serde_json::Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn malformed_input_names_the_field() {
    let app = spawn_app().await;
    let response = app.login("not-an-email", "whatever-password").await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "invalid");
    assert_eq!(body["field"], "email");
    assert_eq!(body["problem"], "invalid_email");

    let response = app.login(ADMIN_EMAIL, "").await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["field"], "password");
    assert_eq!(body["problem"], "required");
    app.stop().await;
}

#[tokio::test]
async fn five_failures_per_ip_block_the_next_attempt_even_with_the_right_password() {
    let app = spawn_app().await;
    for attempt in 0..5 {
        let email = format!("guess{attempt}@example.com");
        assert_eq!(app.login(&email, "wrong-password").await.status(), 401);
    }
    let blocked = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(blocked.status(), 429);
    assert!(session_cookie(&blocked).is_none());
    let body: serde_json::Value = blocked.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    let retry_after = body["retry_after_secs"].as_u64().unwrap();
    assert!((1..=300).contains(&retry_after), "{retry_after}");
    app.stop().await;
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let response = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = session_cookie(&response).unwrap();
    let cookie_pair = cookie.split(';').next().unwrap().to_owned();

    let response = app.logout().await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let cleared = session_cookie(&response).expect("logout clears the cookie");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    // Replaying the old cookie by hand must not work: the session is gone server-side.
    let replay = TestApp::new_client()
        .get(app.url("/workbench"))
        .header("cookie", &cookie_pair)
        .send()
        .await
        .unwrap();
    assert!(replay.status().is_redirection());
    assert!(
        replay.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    app.stop().await;
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_login_with_their_destination() {
    let app = spawn_app().await;
    for (page, next) in [("/workbench", "%2Fworkbench"), ("/console", "%2Fconsole")] {
        let response = app.get(page).await;
        assert_eq!(response.status(), 303, "{page}");
        assert_eq!(
            response.headers()["location"],
            format!("/login?next={next}").as_str()
        );
    }
    let login_page = app.get("/login").await;
    assert_eq!(login_page.status(), 200);
    let html = login_page.text().await.unwrap();
    assert!(html.contains("Sign in to Parley"));
    assert!(html.contains(r#"for="email""#) && html.contains(r#"for="password""#));
    app.stop().await;
}

#[tokio::test]
async fn signed_in_users_skip_the_login_page_and_next_cannot_leave_the_site() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={}&next={}",
            urlencode(ADMIN_EMAIL),
            urlencode(ADMIN_PASSWORD),
            urlencode("//evil.example/phish")
        ))
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_owned());
    assert_eq!(location.as_deref(), Some("/workbench"));
    let login_again = app.get("/login").await;
    assert_eq!(login_again.status(), 303);
    assert_eq!(login_again.headers()["location"], "/workbench");
    app.stop().await;
}

#[tokio::test]
async fn agents_cannot_open_the_console() {
    let app = spawn_app().await;
    create_agent(&app, "agent@example.com", "agent-password").await;
    let response = app.login("agent@example.com", "agent-password").await;
    assert!(session_cookie(&response).is_some());
    assert_eq!(app.get("/workbench").await.status(), 200);
    let console = app.get("/console").await;
    assert_eq!(console.status(), 303);
    assert_eq!(console.headers()["location"], "/workbench");
    let overview = app
        .client
        .post(app.url("/api/console_overview"))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(overview.status(), 403);
    app.stop().await;
}

#[tokio::test]
async fn sign_in_works_the_same_on_postgres() {
    let app = spawn_app_on(Store::Postgres, |config| config).await;
    assert_eq!(app.login(ADMIN_EMAIL, "wrong-password").await.status(), 401);
    let response = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(session_cookie(&response).is_some());
    assert_eq!(app.me(&app.client).await["email"], ADMIN_EMAIL);
    assert_eq!(app.get("/console").await.status(), 200);
    app.logout().await;
    assert_eq!(app.me(&app.client).await, serde_json::Value::Null);
    app.stop().await;
}

/// Adds an English-speaking agent to the demo project.
async fn create_agent(app: &TestApp, email: &str, password: &str) {
    create_agent_speaking(app, email, password, app::models::Language::En).await;
}

/// Adds an agent to the demo project straight through the repository layer (invitations come later).
async fn create_agent_speaking(
    app: &TestApp,
    email: &str,
    password: &str,
    language: app::models::Language,
) {
    use app::backend::auth::password;
    use app::backend::db::{Db, projects, users};
    use app::models::{CurrentUser, Role, Timestamp, UserId};
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = projects::first(&db).await.unwrap().unwrap();
    let new_user = users::NewUser {
        user: CurrentUser {
            id: UserId::new(),
            project_id: project.id,
            email: email.to_owned(),
            display_name: "Agent Smith".to_owned(),
            role: Role::Agent,
            language,
        },
        password_hash: password::hash(password.to_owned()).await.unwrap(),
    };
    users::insert(db.pool(), &new_user, Timestamp::now())
        .await
        .unwrap();
    db.close().await;
}

#[tokio::test]
async fn an_accounts_language_picks_the_workbench_language() {
    let app = spawn_app().await;
    create_agent_speaking(
        &app,
        "lin@example.com",
        "agent-password",
        app::models::Language::ZhHans,
    )
    .await;
    let response = app.login("lin@example.com", "agent-password").await;
    let language_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("i18n_pref_locale="))
        .map(str::to_owned);
    assert!(language_cookie.is_some_and(|cookie| cookie.starts_with("i18n_pref_locale=zh-Hans")));
    let html = app.get("/workbench").await.text().await.unwrap();
    assert!(
        html.contains(r#"lang="zh-Hans""#),
        "html lang follows the account"
    );
    assert!(
        html.contains("工作台") && html.contains("退出登录"),
        "navigation is translated"
    );
    assert!(!html.contains("Sign out"));
    app.stop().await;
}

async fn login_forwarded_for(
    app: &TestApp,
    client_ip: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.login_request(&app.client, email, password)
        .header("x-forwarded-for", client_ip)
        .send()
        .await
        .unwrap()
}

async fn fail_five_times_from(app: &TestApp, client_ip: &str) {
    for attempt in 0..5 {
        let email = format!("guess{attempt}@example.com");
        let response = login_forwarded_for(app, client_ip, &email, "wrong-password").await;
        assert_eq!(response.status(), 401);
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_failures_count_per_forwarded_client_not_per_proxy() {
    // The tests' client connects from 127.0.0.1: here that is the trusted proxy.
    let app = spawn_app_on(Store::Sqlite, |config| server::config::Config {
        trusted_proxies: "127.0.0.1/32".to_owned(),
        ..config
    })
    .await;
    fail_five_times_from(&app, "203.0.113.5").await;
    let guesser = login_forwarded_for(&app, "203.0.113.5", ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(guesser.status(), 429, "the guessing client is limited");
    // Another client behind the same proxy is not locked out by the first one's failures.
    let other = login_forwarded_for(&app, "203.0.113.6", ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(session_cookie(&other).is_some(), "{}", other.status());
    app.stop().await;
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forged_forwarded_header_does_not_escape_the_limit() {
    let app = spawn_app().await;
    fail_five_times_from(&app, "203.0.113.5").await;
    let forged = login_forwarded_for(&app, "203.0.113.99", ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(forged.status(), 429, "the socket's address is what counts");
    assert!(session_cookie(&forged).is_none());
    app.stop().await;
}

#[tokio::test]
async fn a_call_missing_an_argument_is_a_bad_request_that_names_it() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=someone%40example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "transport");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("password"), "{message}");
    app.stop().await;
}
