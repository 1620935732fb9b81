//! Start-up of the server: open and migrate the database, choose the calendar's
//! clock, load the demo if asked, bind the listener; then serve HTTP and run the
//! background jobs until one shutdown signal.

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

/// The services sending mail as `config` says (none: messages wait in the outbox),
/// with links to `public_url`.
pub fn with_configured_mail(services: Services, config: &Config, public_url: &str) -> Result<Services, StartupError> {
    Ok(match &config.mail {
        None => services.with_mail(Arc::new(crate::mail::NoMailer), None, public_url),
        Some(m) => {
            let mailer = m.mailer().map_err(|e| StartupError::Serve(e.to_string()))?;
            tracing::info!(mail = %m.describe(), "mail goes out through SMTP");
            services.with_mail(Arc::new(mailer), Some(m.from.clone()), public_url)
        }
    })
}

/// What start-up did that the operator should hear about.
#[derive(Debug, Clone, Default)]
pub struct StartupReport {
    /// `--demo` was asked on a database that holds other groups: the calendar opens on today.
    pub demo_clock_refused: bool,
    /// The demo group, when start-up loaded it.
    pub demo_loaded: Option<DemoOutcome>,
    /// On a database without an admin: the one-time setup link (a full URL).
    pub setup_link: Option<String>,
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
        // The demo's calendar opens in 2007, but only on a database that holds nothing
        // but the demo. Only the calendar's "today" moves: sessions, tokens, two-factor
        // codes and the audit log keep real time.
        let mut services = services(db, Arc::new(SystemClock));
        let groups = services.list_groups().await?;
        let demo_only = groups.iter().all(|g| g.fields.slug == crate::demo::DEMO_SLUG);
        let mut report =
            StartupReport { demo_clock_refused: config.demo && !demo_only, demo_loaded: None, setup_link: None };
        if config.demo && demo_only {
            services = services.with_calendar_clock(Arc::new(ShiftedClock::starting_at(crate::demo::demo_start())));
        }
        if config.demo && groups.is_empty() {
            let o = crate::demo::load_demo(&services).await.map_err(|e| StartupError::Demo(e.to_string()))?;
            tracing::info!(group = %o.slug, activities = o.activities, "loaded the demo group");
            report.demo_loaded = Some(o);
        }
        // Forms are accepted from the public URL only; unset, it is the bound address.
        let public_url = match config.origins.get("public_url") {
            None | Some(crate::config::Origin::Default) => {
                if addr.ip().is_unspecified() {
                    tracing::warn!(
                        "listening on every address without --public-url: set it to the URL people open, or the sign-in form refuses their browsers"
                    );
                }
                format!("http://{addr}")
            }
            Some(_) => config.public_url.clone(),
        };
        let services = with_configured_mail(services, config, &public_url)?;
        // No admin yet: a one-time link creates the admin and the first group.
        let setup_token = services.needs_setup().await?.then(crate::secrets::random_hex);
        report.setup_link = setup_token.as_ref().map(|t| format!("{}/setup/{t}", public_url.trim_end_matches('/')));
        let web = WebConfig {
            public_url,
            max_body_bytes: config.max_body_bytes,
            max_import_bytes: config.max_import_bytes,
            trust_forwarded_for: config.trust_forwarded_for,
            setup_token,
            ..WebConfig::default()
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
        // The background jobs run under the same signal; several servers on one
        // database run each job once (leases).
        let runner = crate::jobs::JobRunner::standard(self.services.clone())
            .map_err(|e| StartupError::Serve(format!("cannot start the background jobs: {e}")))?;
        let jobs = runner.run_until(stop.wait());
        tokio::join!(http, jobs).0
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
