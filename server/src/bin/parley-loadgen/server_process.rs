//! The server under test: the release `parley` next to this binary, on a fresh data dir
//! (and its SQLite default, with the demo project) or on a database a bench seeded. Shared by
//! the load generator and the list bench.
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub const DEMO_PASSWORD: &str = "loadgen-demo-password";

pub struct ServerProcess {
    child: Child,
    port: u16,
    _data_dir: tempfile::TempDir,
}

impl ServerProcess {
    /// A fresh server with its own SQLite database and the demo project.
    #[allow(dead_code)] // the list bench starts it on its own database only
    pub async fn start() -> Result<Self, String> {
        Self::start_on(None).await
    }

    /// A server on `database_url` (none: the data dir's SQLite file), serving the site
    /// built into `target/site` (`PARLEY_SITE_ROOT` overrides it).
    pub async fn start_on(database_url: Option<&str>) -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|error| error.to_string())?;
        let parley = exe.with_file_name("parley");
        if !parley.is_file() {
            return Err(format!(
                "{} not found: build it with `cargo build --release -p server`",
                parley.display()
            ));
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|error| error.to_string())?
            .port();
        let data_dir = tempfile::tempdir().map_err(|error| error.to_string())?;
        let mut command = Command::new(&parley);
        if let Some(url) = database_url {
            command.env("PARLEY_DATABASE_URL", url);
        }
        let child = command
            .arg("serve")
            .env("PARLEY_BIND", format!("127.0.0.1:{port}"))
            .env("PARLEY_DATA_DIR", data_dir.path())
            .env("PARLEY_DEMO_PASSWORD", DEMO_PASSWORD)
            .env("PARLEY_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", parley.display()))?;
        let server = Self {
            child,
            port,
            _data_dir: data_dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while reqwest::get(format!("{}/healthz", server.base_url()))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                return Err("the server did not become healthy within 60 s".to_owned());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(server)
    }

    #[allow(dead_code)] // the list bench does not read the server's memory
    pub fn pid(&self) -> u32 {
        self.child.id().unwrap_or_default()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Signs `email` in; returns the session cookie (`parley_session=…`) to send with the
    /// server's own origin.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<String, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| error.to_string())?;
        let response = client
            .post(format!("{}/api/login", self.base_url()))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .map_err(|error| error.to_string())?;
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("parley_session="))
            .and_then(|value| value.split(';').next())
            .map(str::to_owned)
            .ok_or_else(|| format!("{email} could not sign in"))
    }

    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status()
                .await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}
