//! Start-up of the server: open and migrate the database, choose the clock, load the
//! demo if asked, bind the listener; then serve HTTP (and, later, the background
//! jobs) until one shutdown signal.

use crate::clock::{RandomIds, ShiftedClock, SystemClock};
use crate::config::Config;
use crate::demo::DemoOutcome;
use crate::services::{ServiceError, Services};
use crate::web::WebConfig;
use jointcal_db::{Db, DbError};
use jointcal_domain::clock::Clock;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

/// Why the server could not start, in one sentence.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot listen on {addr}: the port is in use by another program; choose another with --bind")]
    PortInUse { addr: SocketAddr },
    #[error("cannot listen on {addr}: {reason}")]
    Listen { addr: SocketAddr, reason: String },
    #[error("{0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    Service(#[from] ServiceError),
    #[error("cannot load the demo: {0}")]
    Demo(String),
    #[error("the server stopped: {0}")]
    Serve(String),
}

/// Opens the database at `url` and creates or upgrades its tables.
pub async fn open_database(url: &str) -> Result<Db, DbError> {
    let db = Db::connect(url).await?;
    db.migrate().await?;
    Ok(db)
}

/// The services on `db` with `clock` and random ids.
pub fn services(db: Db, clock: Arc<dyn Clock>) -> Services {
    Services::new(db, clock, Arc::new(RandomIds))
}

/// What start-up did that the operator should hear about.
#[derive(Debug, Clone, Default)]
pub struct StartupReport {
    /// `--demo` was asked on a database that holds other groups: the clock stays at today.
    pub demo_clock_refused: bool,
    /// The demo group, when start-up loaded it.
    pub demo_loaded: Option<DemoOutcome>,
}

/// A server ready to run: the database is migrated and the port is bound.
pub struct Application {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    services: Services,
    web: WebConfig,
    report: StartupReport,
}

impl Application {
    pub async fn build(config: &Config) -> Result<Application, StartupError> {
        let listener = tokio::net::TcpListener::bind(config.bind).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                StartupError::PortInUse { addr: config.bind }
            } else {
                StartupError::Listen { addr: config.bind, reason: e.to_string() }
            }
        })?;
        let addr = listener.local_addr().unwrap_or(config.bind);
        let db = open_database(&config.database).await?;
        // The demo runs in 2007 only on a database that holds nothing but the demo: on
        // real data an old clock would revive expired sessions and misdate the audit log.
        let groups = services(db.clone(), Arc::new(SystemClock)).list_groups().await?;
        let demo_only = groups.iter().all(|g| g.fields.slug == crate::demo::DEMO_SLUG);
        let mut report = StartupReport { demo_clock_refused: config.demo && !demo_only, demo_loaded: None };
        let clock: Arc<dyn Clock> = if config.demo && demo_only {
            Arc::new(ShiftedClock::starting_at(crate::demo::demo_start()))
        } else {
            Arc::new(SystemClock)
        };
        let services = services(db, clock);
        if config.demo && groups.is_empty() {
            let o = crate::demo::load_demo(&services).await.map_err(|e| StartupError::Demo(e.to_string()))?;
            tracing::info!(group = %o.slug, activities = o.activities, "loaded the demo group");
            report.demo_loaded = Some(o);
        }
        let web = WebConfig {
            public_url: config.public_url.clone(),
            max_body_bytes: config.max_body_bytes,
            trust_forwarded_for: config.trust_forwarded_for,
        };
        Ok(Application { listener, addr, services, web, report })
    }

    /// The address the server listens on (with the port chosen when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn report(&self) -> &StartupReport {
        &self.report
    }

    /// Serves until `shutdown` completes, then lets the requests under way finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<(), StartupError> {
        let stop = Stop::new();
        let trigger = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            trigger.fire();
        });
        let app =
            crate::web::router(self.services.clone(), &self.web).into_make_service_with_connect_info::<SocketAddr>();
        let http = async {
            let r = axum::serve(self.listener, app).with_graceful_shutdown(stop.wait()).await;
            // Whatever ends the server ends the rest too.
            stop.fire();
            r.map_err(|e| StartupError::Serve(e.to_string()))
        };
        // Background jobs start here, under the same signal, e.g.
        //   let jobs = crate::jobs::JobRunner::new(self.services.clone()).run(stop.wait());
        // and the line below becomes `tokio::join!(http, jobs).0`.
        http.await
    }
}

/// One shutdown signal that many tasks can wait for.
#[derive(Clone)]
pub struct Stop(tokio::sync::watch::Sender<bool>);

impl Stop {
    pub fn new() -> Stop {
        Stop(tokio::sync::watch::channel(false).0)
    }

    pub fn fire(&self) {
        self.0.send_replace(true);
    }

    /// Completes once [`Stop::fire`] was called (at once if it was already).
    pub fn wait(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.0.subscribe();
        async move {
            let _ = rx.wait_for(|stopped| *stopped).await;
        }
    }
}

impl Default for Stop {
    fn default() -> Self {
        Stop::new()
    }
}

/// Ctrl-C or SIGTERM.
pub async fn os_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
