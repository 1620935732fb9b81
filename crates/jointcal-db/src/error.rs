use thiserror::Error;

#[derive(Debug, Error)]
pub enum DbError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken; the text names what is taken.
    #[error("{0}")]
    Conflict(String),
    /// The record changed since it was read.
    #[error("the record was changed meanwhile: it is now at version {current}")]
    VersionConflict { current: i64 },
    /// A stored value could not be read back.
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Connect(String),
    #[error("database error: {}", short(.0))]
    Sqlx(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => DbError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                DbError::Conflict(unique_message(d.constraint().unwrap_or(""), d.message()))
            }
            _ => DbError::Sqlx(e),
        }
    }
}

/// Turns a unique violation into a sentence a user understands.
fn unique_message(constraint: &str, message: &str) -> String {
    let key = format!("{constraint} {message}");
    let what = if key.contains("slug") {
        "a group with this slug already exists"
    } else if key.contains("acronym") {
        "an organization with this acronym already exists"
    } else if key.contains("iati_org_id") {
        "an organization with this IATI identifier already exists"
    } else if key.contains("iati") {
        "an activity with this IATI identifier already exists in the group"
    } else if key.contains("ref") {
        "an activity with this ref already exists in the group"
    } else if key.contains("email") {
        "a user with this e-mail address already exists"
    } else if key.contains("memberships") || key.contains("group_id, user_id") {
        "this person is already a member of the group"
    } else {
        "this record already exists"
    };
    what.to_string()
}

/// The first line of a sqlx error, without the chain of sources.
pub(crate) fn short(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => d.message().to_string(),
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "timed out waiting for a database connection".into(),
        other => other.to_string().lines().next().unwrap_or_default().to_string(),
    }
}
