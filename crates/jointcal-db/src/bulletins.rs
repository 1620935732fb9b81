//! The archive of the monthly bulletin's editions as sent.

use crate::audit::with_audit;
use crate::{on_pool, Db, DbError, OutboxMail};
use chrono::{DateTime, Utc};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::GroupId;
use uuid::Uuid;

/// One edition as sent.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredEdition {
    pub id: Uuid,
    pub group_id: Uuid,
    /// `YYYY-MM`.
    pub month: String,
    pub sent_at: DateTime<Utc>,
    /// JSON of `jointcal_domain::bulletin::Snapshot`.
    pub snapshot: String,
    /// The text as sent.
    pub body: String,
}

impl Db {
    /// Archives an edition, audited, and queues its messages in the same transaction.
    /// A second edition of the same group and month is refused (`DbError::Conflict`),
    /// whoever tries: so each month's messages are queued once.
    pub async fn insert_edition(
        &self,
        e: &StoredEdition,
        mails: &[OutboxMail],
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        // A unique violation returns from inside the transaction as
        // DbError::Conflict; the caller says which edition.
        with_audit!(self, audit, |tx| {
            sqlx::query("INSERT INTO bulletin_editions (id, group_id, month, sent_at, snapshot, body) VALUES ($1,$2,$3,$4,$5,$6)")
                .bind(e.id)
                .bind(e.group_id)
                .bind(&e.month)
                .bind(e.sent_at)
                .bind(&e.snapshot)
                .bind(&e.body)
                .execute(&mut *tx)
                .await?;
            crate::mail::insert_mails!(tx, mails)?;
        })?;
        Ok(())
    }

    /// Every edition of the group, newest first.
    pub async fn editions(&self, group: GroupId) -> Result<Vec<StoredEdition>, DbError> {
        let sql = "SELECT id, group_id, month, sent_at, snapshot, body FROM bulletin_editions WHERE group_id = $1 ORDER BY month DESC";
        let rows: Vec<StoredEdition> = on_pool!(self, pool => sqlx::query_as(sql).bind(group.0).fetch_all(pool).await)?;
        Ok(rows)
    }

    /// The last edition of the group before `month` (`YYYY-MM`).
    pub async fn last_edition_before(&self, group: GroupId, month: &str) -> Result<Option<StoredEdition>, DbError> {
        let sql = "SELECT id, group_id, month, sent_at, snapshot, body FROM bulletin_editions WHERE group_id = $1 AND month < $2 ORDER BY month DESC LIMIT 1";
        let row: Option<StoredEdition> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(group.0).bind(month).fetch_optional(pool).await)?;
        Ok(row)
    }
}
