//! The one place where commands get the database and the services (through
//! [`crate::startup`], which the server uses too).

use crate::clock::SystemClock;
use crate::config::Config;
use crate::services::Services;
use jointcal_db::Db;
use jointcal_domain::clock::Clock;
use std::sync::Arc;

/// Connects to the configured database and creates or upgrades its tables.
pub async fn database(cfg: &Config) -> anyhow::Result<Db> {
    Ok(crate::startup::open_database(&cfg.database).await?)
}

/// The services on the configured database, with the system clock and the
/// configured mail.
pub async fn services(cfg: &Config) -> anyhow::Result<Services> {
    let s = services_with_clock(database(cfg).await?, Arc::new(SystemClock));
    Ok(crate::startup::with_configured_mail(s, cfg, &cfg.public_url)?)
}

/// The services on an open database with a chosen clock (the demo's runs in 2007).
pub fn services_with_clock(db: Db, clock: Arc<dyn Clock>) -> Services {
    crate::startup::services(db, clock)
}
