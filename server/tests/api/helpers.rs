//! Start a real server for one test, with its own database and data directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use server::{Application, Config};
use sqlx::Connection;
use std::net::SocketAddr;

/// The demo admin's sign-in in every test server.
pub const ADMIN_EMAIL: &str = "admin@demo.parley.chat";
pub const ADMIN_PASSWORD: &str = "demo-password-for-tests";

/// The maintenance database tests create their PostgreSQL databases from.
pub fn postgres_admin_url() -> String {
    std::env::var("PARLEY_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// A fresh, empty database URL for one test (the directory keeps the SQLite file alive).
pub async fn fresh_database(store: Store, dir: &tempfile::TempDir) -> String {
    match store {
        Store::Sqlite => format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
        Store::Postgres => {
            let name = format!("parley_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
                .await
                .expect("PostgreSQL must run at 127.0.0.1:5432 (trust auth) for these tests");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .expect("create test database");
            let base = postgres_admin_url();
            let (server, _) = base.rsplit_once('/').expect("postgres URL has a database");
            format!("{server}/{name}")
        }
    }
}

/// A running server and a cookie-keeping client that does not follow redirects.
pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    pub database_url: String,
    /// Kept so the data directory lives as long as the server.
    _data_dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// A second client with its own cookie jar (another browser).
    pub fn new_client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// The sign-in form as the login page's server function posts it, ready to send.
    pub fn login_request(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::RequestBuilder {
        client
            .post(self.url("/api/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "email={}&password={}",
                urlencode(email),
                urlencode(password)
            ))
    }

    /// Posts the sign-in form the way the login page's server function does.
    pub async fn login_with(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.login_request(client, email, password)
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.login_with(&self.client, email, password).await
    }

    pub async fn logout(&self) -> reqwest::Response {
        self.client
            .post(self.url("/api/logout"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap()
    }

    /// The signed-in account as the `me` server function reports it (JSON `null` when none).
    pub async fn me(&self, client: &reqwest::Client) -> serde_json::Value {
        let response = client
            .post(self.url("/api/me"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        self.shut_down().await;
    }

    async fn shut_down(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle.await.unwrap();
        }
    }

    /// Stops this server and starts a new process-equivalent on the same database and data
    /// directory (a restart: nothing survives but what was stored).
    pub async fn restart(mut self) -> TestApp {
        self.shut_down().await;
        let config = test_config(&self._data_dir, self.database_url.clone());
        let data_dir = std::mem::replace(&mut self._data_dir, tempfile::tempdir().unwrap());
        start(config, self.database_url.clone(), data_dir).await
    }
}

pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Test configuration: port 0, a fresh data directory, the demo with a known password.
pub fn test_config(data_dir: &tempfile::TempDir, database_url: String) -> Config {
    Config {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir: data_dir.path().to_owned(),
        database_url: Some(database_url),
        demo_password: Some(ADMIN_PASSWORD.to_owned()),
        ..Config::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Store::Sqlite, |config| config).await
}

/// Starts a server on `store`, letting the test adjust the configuration.
pub async fn spawn_app_on(store: Store, adjust: impl FnOnce(Config) -> Config) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database(store, &data_dir).await;
    let config = adjust(test_config(&data_dir, database_url.clone()));
    start(config, database_url, data_dir).await
}

async fn start(config: Config, database_url: String, data_dir: tempfile::TempDir) -> TestApp {
    let application = Application::build(&config).await.expect("server starts");
    let address = application.local_addr();
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        application
            .run_until(async {
                let _ = stopped.await;
            })
            .await
            .expect("server runs");
    });
    TestApp {
        address,
        client: TestApp::new_client(),
        database_url,
        _data_dir: data_dir,
        shutdown: Some(shutdown),
        handle: Some(handle),
    }
}

/// A second server process on the same database as `app` (another node behind a load
/// balancer), with its own data directory.
pub async fn spawn_second_node(app: &TestApp) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let config = test_config(&data_dir, app.database_url.clone());
    start(config, app.database_url.clone(), data_dir).await
}

/// The value of the `parley_session` cookie set by a response, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("parley_session="))
        .map(str::to_owned)
}

/// The demo project's public widget key, read from the test's database.
pub async fn demo_key(app: &TestApp) -> String {
    use app::backend::db::{Db, projects};
    let db = Db::connect(&app.database_url).await.unwrap();
    let project = projects::first(&db).await.unwrap().expect("demo project");
    db.close().await;
    project.key.as_str().to_owned()
}
