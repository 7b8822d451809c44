//! Start-up: data directory, database, migrations, demo seed, listening socket, router.
use crate::config::Config;
use crate::demo::{self, DemoAccess};
use crate::error::StartupError;
use crate::routes;
use app::backend::auth::rate_limit::AttemptLimiter;
use app::backend::db::Db;
use app::backend::hub::Hub;
use app::backend::mail::Mailer;
use app::backend::{AppState, AuthSettings};
use leptos::config::{Env, LeptosOptions};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// A server that has opened its database and socket, ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    local_addr: SocketAddr,
    demo: Option<DemoAccess>,
    timer_interval_secs: u32,
    email_batch_secs: u32,
    database_url: String,
}

/// Creates the data directory and opens (and migrates) the configured database.
pub async fn open_database(config: &Config) -> Result<Db, StartupError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| StartupError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    let db = Db::connect(&config.database_url()).await?;
    db.migrate().await?;
    Ok(db)
}

impl Application {
    /// Opens everything; nothing is served until [`Application::run_until`].
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        let db = open_database(config).await?;
        let demo = if config.demo {
            demo::ensure_demo(&db, config).await?
        } else {
            None
        };
        let listener =
            TcpListener::bind(config.bind)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.bind,
                    source,
                })?;
        let local_addr = listener.local_addr().map_err(|source| StartupError::Bind {
            addr: config.bind,
            source,
        })?;
        let leptos_options = LeptosOptions::builder()
            .output_name("parley")
            .site_root(config.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(local_addr)
            .env(Env::PROD)
            .build();
        let uploads_dir = config.data_dir.join("uploads");
        std::fs::create_dir_all(&uploads_dir).map_err(|source| StartupError::DataDir {
            path: uploads_dir.clone(),
            source,
        })?;
        let mailer = Mailer::from_config(config.smtp_url.as_deref(), &config.mail_from)
            .map_err(StartupError::Invalid)?;
        let state = AppState {
            db,
            mailer: Arc::new(mailer),
            leptos_options,
            public_url: config.public_url(local_addr).into(),
            auth: AuthSettings {
                cookie_secure: config.cookie_secure(),
                idle_timeout_secs: i64::from(config.session_idle_minutes) * 60,
                absolute_timeout_secs: i64::from(config.session_absolute_hours) * 3600,
            },
            hub: Arc::new(Hub::default()),
            writers: Arc::default(),
            presence: Arc::default(),
            broadcasts: Arc::default(),
            relay: Arc::default(),
            presence_grace_secs: i64::from(config.presence_grace_secs.max(1)),
            trusted_proxies: config
                .trusted_proxies()
                .map_err(|error| StartupError::Invalid(error.to_string()))?
                .into(),
            uploads_dir: uploads_dir.into(),
            login_limiter: Arc::new(AttemptLimiter::new(
                config.login_max_failures as usize,
                Duration::from_secs(u64::from(config.login_window_secs)),
            )),
        };
        Ok(Self {
            listener,
            state,
            local_addr,
            demo,
            timer_interval_secs: config.timer_interval_secs,
            email_batch_secs: config.email_batch_secs,
            database_url: config.database_url(),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The URL browsers use.
    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// The demo admin's sign-in, when a demo project exists.
    pub fn demo(&self) -> Option<&DemoAccess> {
        self.demo.as_ref()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests and closes the pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let db = self.state.db.clone();
        // Listening before serving: a socket accepted earlier could miss other nodes' events.
        let relay = app::backend::relay::start(&self.state, &self.database_url)
            .await
            .map_err(StartupError::Relay)?;
        let sweeper = crate::jobs::spawn_session_sweeper(self.state.clone());
        let timers = crate::jobs::spawn_conversation_timers(
            self.state.clone(),
            // Presence is vouched for well within its grace period.
            Duration::from_secs(u64::from(
                self.timer_interval_secs
                    .min(u32::try_from(self.state.presence_grace_secs / 3).unwrap_or(1))
                    .max(1),
            )),
        );
        let mailing = crate::jobs::spawn_email_fallback(
            self.state.clone(),
            i64::from(self.email_batch_secs.max(1)),
        );
        let pairs = crate::jobs::spawn_search_pairs_backfill(self.state.clone());
        let router = routes::router(self.state);
        axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(StartupError::Serve)?;
        sweeper.abort();
        timers.abort();
        mailing.abort();
        pairs.abort();
        relay.iter().for_each(tokio::task::JoinHandle::abort);
        db.close().await;
        Ok(())
    }
}

/// Completes on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when
/// the future is first polled: a signal that arrives while the server is still starting is
/// kept and ends it gracefully, instead of killing the process the default way.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    async move {
        #[cfg(unix)]
        match signals {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {},
                    _ = terminate.recv() => {},
                }
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::error!(%error, "cannot listen for Ctrl-C and SIGTERM");
                std::future::pending::<()>().await;
            }
        }
        #[cfg(not(unix))]
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    }
}
