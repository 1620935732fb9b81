//! Storage of jointcal: the only crate with SQL.
//!
//! [`Db`] is one enum over a SQLite pool and a PostgreSQL pool. Queries are written
//! once in portable `$1`-style SQL (SQLite accepts it) and run on either pool by the
//! [`on_pool!`] macro, which expands the same code for each backend. Where the two
//! databases differ, the difference is spelled out beside the query.

mod account_links;
mod accounts;
mod activities;
mod activity_cache;
mod audit;
mod binds;
mod bulletins;
mod error;
mod groups;
mod housekeeping;
mod imports;
mod leases;
mod mail;
mod meetings;
mod orgs;
mod overlaps;

pub use accounts::UserRecord;
pub use activities::{ActivityFilter, ActivityQuery, Cursor, MonthScanStats, VisibilityScope};
pub use bulletins::StoredEdition;
pub use error::DbError;
pub use imports::{ImportChunk, ImportWriteError, StoredUpload};
pub use leases::{JobRunOutcome, JobRunRecord};
pub use mail::{ClaimedMail, MailRecord, OutboxMail, RecipientRecord};
pub use meetings::{MeetingChange, MinutesRevision};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Runs `$body` with `$pool` bound to the backend's pool; the body is expanded
/// once per backend, so the same SQL and the same decoding serve both.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {{
        // One event per call on the pool (a statement, or a transaction's), on the
        // caller's task: tests count them to catch N+1 query patterns.
        tracing::trace!(target: "jointcal_db::call", "database call");
        match $db {
            $crate::Db::Sqlite { pool: $pool, .. } => $body,
            $crate::Db::Postgres { pool: $pool, .. } => $body,
        }
    }};
}
pub(crate) use on_pool;

/// Which database a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::Connect(format!(
                "'{}' is not a database URL: use sqlite://FILE (e.g. sqlite://jointcal.db) or postgres://USER@HOST/DB",
                redact_url(url)
            )))
        }
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite allows one writer at a time; `write_lock` queues this process's
    /// writers so that they wait their turn instead of failing with "database is locked".
    Sqlite {
        pool: SqlitePool,
        write_lock: Arc<tokio::sync::Mutex<()>>,
        decoded: Arc<activity_cache::ActivityCache>,
    },
    Postgres {
        pool: PgPool,
        decoded: Arc<activity_cache::ActivityCache>,
    },
}

impl Db {
    /// Opens (and for SQLite creates) the database at `url`. Does not migrate.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        let shown = redact_url(url);
        match Backend::of_url(url)? {
            Backend::Sqlite => {
                let opts = SqliteConnectOptions::from_str(url)
                    .map_err(|e| DbError::Connect(format!("{shown}: {e}")))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // NORMAL in WAL mode: a power loss can lose the last transactions
                    // but never corrupts the database (see docs/design.md).
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| DbError::Connect(format!("cannot open {shown}: {}", error::short(&e))))?;
                Ok(Db::Sqlite { pool, write_lock: Arc::new(tokio::sync::Mutex::new(())), decoded: Db::new_cache() })
            }
            Backend::Postgres => {
                let opts = PgConnectOptions::from_str(url).map_err(|e| DbError::Connect(format!("{shown}: {e}")))?;
                // One direct connection first: its error says why (refused, unknown
                // database, authentication) where the pool would only time out.
                let probe = tokio::time::timeout(
                    Duration::from_secs(10),
                    <sqlx::PgConnection as sqlx::Connection>::connect_with(&opts),
                )
                .await
                .map_err(|_| DbError::Connect(format!("cannot reach {shown}: no answer within 10 s")))?
                .map_err(|e| DbError::Connect(format!("cannot reach {shown}: {}", error::short(&e))))?;
                sqlx::Connection::close(probe).await.ok();
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await
                    .map_err(|e| DbError::Connect(format!("cannot reach {shown}: {}", error::short(&e))))?;
                Ok(Db::Postgres { pool, decoded: Db::new_cache() })
            }
        }
    }

    fn new_cache() -> Arc<activity_cache::ActivityCache> {
        Arc::new(activity_cache::ActivityCache::new(activity_cache::DEFAULT_CAPACITY))
    }

    /// The decoded activities this process keeps (see [`activity_cache`]).
    pub(crate) fn decoded(&self) -> &activity_cache::ActivityCache {
        match self {
            Db::Sqlite { decoded, .. } | Db::Postgres { decoded, .. } => decoded,
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres { .. } => Backend::Postgres,
        }
    }

    /// Applies the migrations that are not applied yet.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite { pool, .. } => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres { pool, .. } => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Versions of the migrations compiled into this binary, per backend.
    pub fn migration_versions(backend: Backend) -> Vec<(i64, String)> {
        let m = match backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        m.iter().map(|m| (m.version, m.description.to_string())).collect()
    }

    /// A cheap query that proves the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), DbError> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Holds SQLite's single-writer turn for the duration of a write transaction.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self {
            Db::Sqlite { write_lock, .. } => Some(write_lock.lock().await),
            Db::Postgres { .. } => None,
        }
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}
