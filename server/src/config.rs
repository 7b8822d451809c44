//! Typed configuration: defaults, then an optional TOML file, then `PARLEY_*` variables.
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The keys that `PARLEY_*` variables may set (`PARLEY_BIND` sets `bind`, …).
const ENV_KEYS: [&str; 20] = [
    "bind",
    "data_dir",
    "database_url",
    "public_url",
    "site_root",
    "cookie_secure",
    "session_idle_minutes",
    "session_absolute_hours",
    "login_max_failures",
    "login_window_secs",
    "demo",
    "demo_password",
    "log",
    "log_format",
    "presence_grace_secs",
    "timer_interval_secs",
    "smtp_url",
    "mail_from",
    "email_batch_secs",
    "trusted_proxies",
];

/// Everything `parley` can be configured with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address and port to listen on (`PARLEY_BIND`); port 0 picks a free one.
    pub bind: SocketAddr,
    /// Where the SQLite file, uploads and demo credentials live (`PARLEY_DATA_DIR`).
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…` (`PARLEY_DATABASE_URL`); default: SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// The URL browsers reach Parley at (`PARLEY_PUBLIC_URL`); default: `http://` + bind.
    pub public_url: Option<String>,
    /// The built site (WASM, JS, CSS, public files) served as static files.
    pub site_root: PathBuf,
    /// Force the session cookie's `Secure` flag; default: on when `public_url` is https.
    pub cookie_secure: Option<bool>,
    /// Minutes of inactivity after which a session ends.
    pub session_idle_minutes: u32,
    /// Hours after sign-in after which a session ends regardless.
    pub session_absolute_hours: u32,
    /// Failed sign-ins allowed per IP and per email within the window.
    pub login_max_failures: u32,
    /// The sign-in rate-limit window in seconds.
    pub login_window_secs: u32,
    /// Create a demo project and admin on first start.
    pub demo: bool,
    /// The demo admin's password; default: random, printed at start.
    pub demo_password: Option<String>,
    /// Log filter (`info`, `parley=debug,…`); `RUST_LOG` wins when set.
    pub log: String,
    /// `text` for people, `json` (one object per line) for log collectors.
    pub log_format: LogFormat,
    /// Seconds an agent whose last workbench closed still counts as present (a reload or a
    /// network hiccup is not "offline").
    pub presence_grace_secs: u32,
    /// Seconds between runs of the timers (auto-close, presence).
    pub timer_interval_secs: u32,
    /// Where mail goes (`PARLEY_SMTP_URL`): `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host` or plain `smtp://host:25`; unset: mail is kept in the console's outbox.
    pub smtp_url: Option<String>,
    /// The sender of Parley's mail (`PARLEY_MAIL_FROM`).
    pub mail_from: String,
    /// Email fallback (`PARLEY_EMAIL_BATCH_SECS`): an agent's reply a visitor with an email
    /// has not read for this long is mailed to them, and a conversation gets at most one such
    /// mail per this many seconds.
    pub email_batch_secs: u32,
    /// Reverse proxies whose `X-Forwarded-For` / `Forwarded` headers name the visitor's
    /// address (`PARLEY_TRUSTED_PROXIES`): IPs or CIDR ranges separated by commas; empty: the
    /// socket's peer address is the visitor's.
    pub trusted_proxies: String,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines with key=value fields.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            public_url: None,
            site_root: PathBuf::from("target/site"),
            cookie_secure: None,
            session_idle_minutes: 12 * 60,
            session_absolute_hours: 30 * 24,
            login_max_failures: 5,
            login_window_secs: 300,
            demo: true,
            demo_password: None,
            log: "info".to_owned(),
            log_format: LogFormat::Text,
            presence_grace_secs: 30,
            timer_interval_secs: 10,
            smtp_url: None,
            mail_from: "Parley <parley@localhost>".to_owned(),
            email_batch_secs: 300,
            trusted_proxies: String::new(),
        }
    }
}

/// Why the configuration was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The named file does not exist.
    #[error("configuration file {0} not found")]
    MissingFile(PathBuf),
    /// A value has the wrong shape (figment names the key and where it came from).
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Loads defaults, then `file` (when given), then `PARLEY_*` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError::MissingFile(file.to_owned()));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        let figment = figment.merge(Env::prefixed("PARLEY_").only(&ENV_KEYS));
        let config: Config = figment
            .extract()
            .map_err(|error| ConfigError::Invalid(one_line(&error.to_string())))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if let Some(public_url) = &self.public_url {
            let parsed = url::Url::parse(public_url).map_err(|error| {
                ConfigError::Invalid(format!("public_url {public_url:?} is not a URL: {error}"))
            })?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(ConfigError::Invalid(format!(
                    "public_url {public_url:?} must start with http:// or https://"
                )));
            }
        }
        if let Some(url) = &self.database_url
            && app::backend::db::Backend::for_url(url).is_none()
        {
            return Err(ConfigError::Invalid(format!(
                "database_url must start with sqlite:// or postgres://, got {:?}",
                app::backend::db::redact_password(url)
            )));
        }
        let positive = [
            ("session_idle_minutes", self.session_idle_minutes),
            ("session_absolute_hours", self.session_absolute_hours),
            ("login_max_failures", self.login_max_failures),
            ("login_window_secs", self.login_window_secs),
        ];
        if let Some((key, _)) = positive.iter().find(|(_, value)| *value == 0) {
            return Err(ConfigError::Invalid(format!("{key} must be at least 1")));
        }
        self.trusted_proxies()?;
        Ok(())
    }

    /// The database URL in force: the configured one, or SQLite in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("parley.db").display()
            ),
        }
    }

    /// The public URL in force, without a trailing slash, given the address actually bound.
    pub fn public_url(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if bound.ip().is_unspecified() => format!("http://localhost:{}", bound.port()),
            None => format!("http://{bound}"),
        }
    }

    /// The trusted proxies' addresses and ranges.
    pub fn trusted_proxies(&self) -> Result<Vec<ipnet::IpNet>, ConfigError> {
        app::backend::client_info::parse_trusted_proxies(&self.trusted_proxies)
            .map_err(|problem| ConfigError::Invalid(format!("trusted_proxies: {problem}")))
    }

    /// Whether the session cookie gets `Secure`.
    pub fn cookie_secure(&self) -> bool {
        self.cookie_secure.unwrap_or_else(|| {
            self.public_url
                .as_deref()
                .is_some_and(|url| url.starts_with("https://"))
        })
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_use_embedded_sqlite_in_the_data_dir() {
        let config = Config::default();
        assert_eq!(config.database_url(), "sqlite://data/parley.db?mode=rwc");
        assert_eq!(
            config.public_url(SocketAddr::from(([127, 0, 0, 1], 3000))),
            "http://127.0.0.1:3000"
        );
        assert!(!config.cookie_secure());
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let config = Config {
            public_url: Some("https://chat.example.com/".to_owned()),
            ..Config::default()
        };
        assert!(config.cookie_secure());
        assert_eq!(
            config.public_url(SocketAddr::from(([0, 0, 0, 0], 80))),
            "https://chat.example.com"
        );
    }

    #[test]
    fn invalid_values_are_rejected_with_the_key() {
        let bad = |config: Config| config.validate().err().map(|error| error.to_string());
        let message = bad(Config {
            public_url: Some("ftp://x".to_owned()),
            ..Config::default()
        });
        assert!(message.is_some_and(|text| text.contains("public_url")));
        let message = bad(Config {
            database_url: Some("mysql://x".to_owned()),
            ..Config::default()
        });
        assert!(message.is_some_and(|text| text.contains("database_url")));
        let message = bad(Config {
            login_max_failures: 0,
            ..Config::default()
        });
        assert!(message.is_some_and(|text| text.contains("login_max_failures")));
    }
}
