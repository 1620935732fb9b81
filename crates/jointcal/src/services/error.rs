//! What a service refuses or fails with, and the one mapping of storage errors.

use jointcal_db::DbError;
use jointcal_domain::access::Denied;
use jointcal_domain::Problem;
use jointcal_domain::ValidationErrors;

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
                let what = match what {
                    "group" => "group",
                    "meeting" => "meeting",
                    "attendance" => "attendance",
                    "action item" => "action item",
                    _ => "activity",
                };
                ServiceError::VersionConflict { what, current }
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

/// Why one input of a batch was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemProblem {
    Invalid(ValidationErrors),
    Denied(Denied),
}

/// One refused input, by its index in the batch (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItemError {
    pub index: usize,
    pub problem: ItemProblem,
}

/// Every refused input of a batch; the batch was not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.summary())]
pub struct BatchErrors {
    pub items: Vec<BatchItemError>,
}

impl BatchErrors {
    /// "nothing was stored: activity 3: dates.end: …; activity 7: editors may …"
    pub fn summary(&self) -> String {
        let each: Vec<String> = self
            .items
            .iter()
            .map(|i| match &i.problem {
                ItemProblem::Invalid(v) => format!("activity {}: {}", i.index, v.summary()),
                ItemProblem::Denied(d) => format!("activity {}: {d}", i.index),
            })
            .collect();
        format!("nothing was stored: {}", each.join("; "))
    }

    /// True when no input was invalid, only refused by the access rules.
    pub fn only_denied(&self) -> bool {
        self.items.iter().all(|i| matches!(i.problem, ItemProblem::Denied(_)))
    }

    /// Field errors with the index in front of each field, e.g. `[3].dates.end`.
    pub fn field_errors(&self) -> ValidationErrors {
        let mut out = ValidationErrors::new();
        for i in &self.items {
            match &i.problem {
                ItemProblem::Invalid(v) => {
                    for f in &v.fields {
                        out.add(format!("[{}].{}", i.index, f.field), f.problem.clone());
                    }
                }
                ItemProblem::Denied(d) => out.add(format!("[{}]", i.index), Problem::new("denied", d.to_string())),
            }
        }
        out
    }
}
