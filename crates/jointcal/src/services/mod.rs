//! Services: every interface (CLI, pages, API, imports) changes data through these.
//! Each write validates the input, checks the access rules, then writes the change
//! and its audit event in one transaction.

mod accounts;
mod activities;
mod batch;
mod groups;

pub use accounts::{LoginError, NewSession, NewUser, Principal, Via};
pub use activities::{validate_with, ActivityFilter, ActivityPage, ActivityView, OrgIndex};
pub use batch::{BatchErrors, BatchItemError, BatchOutcome, ItemProblem, MAX_BATCH};

use chrono::{DateTime, Utc};
use jointcal_db::{Db, DbError};
use jointcal_domain::access::Denied;
use jointcal_domain::audit::{Actor, AuditAction, AuditEvent};
use jointcal_domain::clock::Clock;
use jointcal_domain::ids::{AuditId, GroupId, IdSource};
use jointcal_domain::ValidationErrors;
use std::sync::Arc;
use uuid::Uuid;

/// What went wrong, in words a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input: {0}")]
    Invalid(#[from] ValidationErrors),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Denied(#[from] Denied),
    /// Something with the same unique name exists.
    #[error("{0}")]
    Conflict(String),
    /// The record changed since the caller read it.
    #[error(
        "the activity was changed meanwhile: it is now at version {current}; reload it and apply your change again"
    )]
    VersionConflict { current: i64 },
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
    pub fn from_db(e: DbError, what: &str) -> Self {
        match e {
            DbError::NotFound => ServiceError::NotFound(what.to_string()),
            DbError::Conflict(m) => ServiceError::Conflict(m),
            DbError::VersionConflict { current } => ServiceError::VersionConflict { current },
            other => ServiceError::Db(other),
        }
    }
}

/// The application's services, with their injected clock and id source.
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<dyn IdSource>,
}

impl Services {
    pub fn new(db: Db, clock: Arc<dyn Clock>, ids: Arc<dyn IdSource>) -> Self {
        Services { db, clock, ids }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn new_uuid(&self) -> Uuid {
        self.ids.new_uuid(u64::try_from(self.now().timestamp_millis()).unwrap_or(0))
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn audit(
        &self,
        actor: &Actor,
        action: AuditAction,
        entity_type: &str,
        entity_id: Uuid,
        group_id: Option<GroupId>,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> AuditEvent {
        AuditEvent {
            id: AuditId(self.new_uuid()),
            at: self.now(),
            actor: actor.clone(),
            action,
            entity_type: entity_type.to_string(),
            entity_id,
            group_id,
            before,
            after,
        }
    }
}
