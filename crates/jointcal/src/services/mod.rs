//! Services: every interface (CLI, pages, API, imports, jobs) changes and reads data
//! through these. A service owns its rules: it validates the input, checks the access
//! rules and the caller's precondition, writes the change and its audit event in one
//! transaction, and returns the view the caller shows. Interfaces never reach the
//! database themselves.

mod accounts;
mod activities;
mod batch;
mod groups;

pub use accounts::{LoginError, MemberView, NewSession, NewUser, Principal, Via};
pub use activities::{validate_with, ActivityFilter, ActivityPage, ActivityView, OrgIndex};
pub use batch::{BatchErrors, BatchItemError, BatchOutcome, ItemProblem, MAX_BATCH};
pub use groups::GroupView;

use chrono::{DateTime, Utc};
use jointcal_db::{Db, DbError};
use jointcal_domain::access::Denied;
use jointcal_domain::audit::{Actor, AuditBuilder, AuditEvent};
use jointcal_domain::clock::Clock;
use jointcal_domain::ids::{AuditId, IdSource, TokenId};
use jointcal_domain::ValidationErrors;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// What went wrong, in words a user can act on. Every interface maps these the same
/// way (see `web::error` for HTTP).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input: {0}")]
    Invalid(#[from] ValidationErrors),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Denied(#[from] Denied),
    /// The change would break a rule about what is stored (a unique name, a group
    /// without a coordinator).
    #[error("{0}")]
    Conflict(String),
    /// A change that must name the version it replaces did not.
    #[error(
        "send the {0}'s ETag in If-Match (e.g. If-Match: \"3\"), so that a change made meanwhile is not overwritten"
    )]
    PreconditionRequired(&'static str),
    /// The precondition is not one this server gives out.
    #[error("'{0}' is not an ETag of this API; send the ETag of your last read, e.g. \"3\"")]
    BadPrecondition(String),
    /// The record changed since the caller read it.
    #[error("the {what} was changed meanwhile: it is now at version {current}; reload it and apply your change again")]
    VersionConflict { what: &'static str, current: i64 },
    /// Some inputs of a batch were refused; nothing was written.
    #[error("{0}")]
    Batch(BatchErrors),
    #[error(transparent)]
    Db(DbError),
    /// A fault of the server itself; details go to the log.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    /// The one mapping of storage errors: `what` names the thing for "not found".
    pub fn from_db(e: DbError, what: &str) -> Self {
        match e {
            DbError::NotFound => ServiceError::NotFound(what.to_string()),
            DbError::Conflict(m) => ServiceError::Conflict(m),
            DbError::VersionConflict { current } => {
                ServiceError::VersionConflict { what: if what == "group" { "group" } else { "activity" }, current }
            }
            other => ServiceError::Db(other),
        }
    }
}

/// Maps a storage result with [`ServiceError::from_db`].
pub(crate) trait DbResultExt<T> {
    fn or_service(self, what: &str) -> Result<T, ServiceError>;
}

impl<T> DbResultExt<T> for Result<T, DbError> {
    fn or_service(self, what: &str) -> Result<T, ServiceError> {
        self.map_err(|e| ServiceError::from_db(e, what))
    }
}

/// The version a caller says it changes (HTTP `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// The command line and jobs, which read and write in one go.
    Unchecked,
    /// A caller that must name a version and did not (428).
    Missing,
    /// Something that is not an ETag of ours (400).
    Malformed(String),
    Version(i64),
}

impl From<i64> for IfMatch {
    fn from(v: i64) -> Self {
        IfMatch::Version(v)
    }
}

impl IfMatch {
    /// The version to write against, checking the precondition after the caller's
    /// input was found valid. `current` is the stored version.
    fn expect(&self, what: &'static str, current: i64) -> Result<i64, ServiceError> {
        match self {
            IfMatch::Unchecked => Ok(current),
            IfMatch::Missing => Err(ServiceError::PreconditionRequired(what)),
            IfMatch::Malformed(t) => Err(ServiceError::BadPrecondition(t.clone())),
            IfMatch::Version(v) => Ok(*v),
        }
    }
}

/// The application's services, with their injected clocks and id source.
#[derive(Clone)]
pub struct Services {
    /// The storage. Public for the storage-contract tests; interfaces (web, CLI)
    /// never use it (a test checks).
    pub db: Db,
    /// Real time: sessions, tokens, two-factor codes, sign-in limits, audit times.
    pub clock: Arc<dyn Clock>,
    /// The calendar's "today" (the demo shifts it to 2007; nothing else moves).
    calendar: Arc<dyn Clock>,
    pub ids: Arc<dyn IdSource>,
    /// When each API token's last use was recorded by this process, so that a token
    /// in use is written at most once a minute.
    token_uses: Arc<Mutex<HashMap<TokenId, DateTime<Utc>>>>,
}

impl Services {
    pub fn new(db: Db, clock: Arc<dyn Clock>, ids: Arc<dyn IdSource>) -> Self {
        Services { db, calendar: clock.clone(), clock, ids, token_uses: Arc::default() }
    }

    /// The same services with another notion of the calendar's "today" (the demo).
    pub fn with_calendar_clock(mut self, calendar: Arc<dyn Clock>) -> Self {
        self.calendar = calendar;
        self
    }

    /// Real time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// "Now" as far as the calendar is concerned: which month opens, what is coming.
    pub fn calendar_now(&self) -> DateTime<Utc> {
        self.calendar.now()
    }

    pub(crate) fn new_uuid(&self) -> Uuid {
        self.ids.new_uuid(u64::try_from(self.now().timestamp_millis()).unwrap_or(0))
    }

    /// Finishes an audit event: by `actor`, now, with a fresh id.
    pub(crate) fn stamp(&self, actor: &Actor, b: AuditBuilder) -> AuditEvent {
        b.stamp(AuditId(self.new_uuid()), self.now(), actor)
    }

    /// Whether the database answers (readiness).
    pub async fn ready(&self) -> Result<(), ServiceError> {
        self.db.ping().await.map_err(ServiceError::Db)
    }
}
