//! The mail outbox (one row per message and recipient, the bytes as made) and the
//! bulletin's recipients (distribution list, unsubscribe secrets).
//!
//! Delivery claims rows one by one with a conditional update, so several servers can
//! deliver from one outbox and a message is handed to the mail server by one of them.

use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::ids::GroupId;
use uuid::Uuid;

/// A message to queue for one recipient.
#[derive(Debug, Clone)]
pub struct OutboxMail {
    pub id: Uuid,
    /// `bulletin`, `password_reset`, `invitation`.
    pub kind: String,
    /// What the message is of (an edition's month, a link's id): with `kind` and
    /// `recipient`, unique.
    pub reference: String,
    pub group_id: Option<Uuid>,
    pub recipient: String,
    pub sender: String,
    pub subject: String,
    /// The RFC 5322 message.
    pub message: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

/// A queued message claimed for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedMail {
    pub id: Uuid,
    pub recipient: String,
    pub sender: String,
    pub message: Vec<u8>,
    pub attempts: i32,
}

/// A message as the delivery log shows it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MailRecord {
    pub id: Uuid,
    pub kind: String,
    #[sqlx(rename = "ref")]
    pub reference: String,
    pub recipient: String,
    pub subject: String,
    /// `queued`, `sent` or `failed` (given up).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// One address that receives (or received) a group's bulletin.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RecipientRecord {
    pub group_id: Uuid,
    pub email: String,
    pub name: String,
    /// On the coordinator's distribution list (else: a member, recorded when sent).
    pub on_list: bool,
    pub token: String,
    pub added_at: DateTime<Utc>,
    pub unsubscribed_at: Option<DateTime<Utc>>,
}

const LOG_COLS: &str =
    "id, kind, ref, recipient, subject, status, attempts, next_attempt_at, last_error, created_at, sent_at";
const RECIPIENT_COLS: &str = "group_id, email, name, on_list, token, added_at, unsubscribed_at";

/// Inserts the messages `$mails` with the transaction `$tx`, leaving alone those
/// already queued for the same kind, reference and recipient; evaluates to the
/// number of new rows or the first error.
macro_rules! insert_mails {
    ($tx:expr, $mails:expr) => {{
        let mut new = 0u64;
        let mut failed = None;
        for m in $mails {
            let r = sqlx::query(
                "INSERT INTO mail_outbox (id, kind, ref, group_id, recipient, sender, subject, message, status, \
                 attempts, next_attempt_at, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'queued',0,$9,$9) \
                 ON CONFLICT (kind, ref, recipient) DO NOTHING",
            )
            .bind(m.id)
            .bind(&m.kind)
            .bind(&m.reference)
            .bind(m.group_id)
            .bind(&m.recipient)
            .bind(&m.sender)
            .bind(&m.subject)
            .bind(&m.message)
            .bind(m.created_at)
            .execute(&mut *$tx)
            .await;
            match r {
                Ok(done) => new += done.rows_affected(),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(new),
        }
    }};
}
pub(crate) use insert_mails;

impl Db {
    /// Queues messages; those already queued (same kind, reference, recipient) are
    /// left as they are. Returns how many were new.
    pub async fn queue_mails(&self, mails: &[OutboxMail]) -> Result<u64, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = insert_mails!(tx, mails)?;
            tx.commit().await.map(|()| n)
        })?;
        Ok(n)
    }

    /// Claims up to `limit` queued messages whose time has come for `holder` until
    /// `until`; a message claimed by another holder whose claim has not run out is
    /// left to it.
    pub async fn claim_due_mail(
        &self,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedMail>, DbError> {
        let ids: Vec<(Uuid,)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        let mut out = Vec::with_capacity(ids.len());
        for (id,) in ids {
            let _turn = self.write_turn().await;
            let claimed = on_pool!(self, pool => sqlx::query(
                "UPDATE mail_outbox SET claimed_by = $2, claimed_until = $3 WHERE id = $1 AND status = 'queued' \
                 AND (claimed_until IS NULL OR claimed_until <= $4)")
                .bind(id)
                .bind(holder)
                .bind(until)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))?;
            drop(_turn);
            if claimed == 1 {
                let row: Option<ClaimedMail> = on_pool!(self, pool => sqlx::query_as(
                    "SELECT id, recipient, sender, message, attempts FROM mail_outbox WHERE id = $1 AND claimed_by = $2")
                    .bind(id)
                    .bind(holder)
                    .fetch_optional(pool)
                    .await)?;
                out.extend(row);
            }
        }
        Ok(out)
    }

    /// Records what one attempt at a claimed message came to: `Ok(())` sent; `Err((error,
    /// Some(next)))` a temporary failure tried again at `next`; `Err((error, None))` given up.
    pub async fn record_mail_attempt(
        &self,
        id: Uuid,
        holder: &str,
        now: DateTime<Utc>,
        outcome: Result<(), (&str, Option<DateTime<Utc>>)>,
    ) -> Result<(), DbError> {
        let (status, next, error, sent_at) = match outcome {
            Ok(()) => ("sent", None, None, Some(now)),
            Err((e, Some(next))) => ("queued", Some(next), Some(e), None),
            Err((e, None)) => ("failed", None, Some(e), None),
        };
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query(
            "UPDATE mail_outbox SET status = $3, attempts = attempts + 1, \
             next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5, sent_at = $6, \
             claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
            .bind(id)
            .bind(holder)
            .bind(status)
            .bind(next)
            .bind(error)
            .bind(sent_at)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The delivery log of a group's messages of `kind` (all references when `None`),
    /// newest first.
    pub async fn mail_log(
        &self,
        group: GroupId,
        kind: &str,
        reference: Option<&str>,
    ) -> Result<Vec<MailRecord>, DbError> {
        let sql = format!(
            "SELECT {LOG_COLS} FROM mail_outbox WHERE group_id = $1 AND kind = $2 AND ($3 IS NULL OR ref = $3) \
             ORDER BY created_at DESC, recipient"
        );
        let rows: Vec<MailRecord> = on_pool!(self, pool => sqlx::query_as(&sql)
            .bind(group.0)
            .bind(kind)
            .bind(reference)
            .fetch_all(pool)
            .await)?;
        Ok(rows)
    }

    /// The delivery log of every message to `recipient` of `kind`, newest first.
    pub async fn mail_to(&self, recipient: &str, kind: &str) -> Result<Vec<MailRecord>, DbError> {
        let sql =
            format!("SELECT {LOG_COLS} FROM mail_outbox WHERE recipient = $1 AND kind = $2 ORDER BY created_at DESC");
        let rows: Vec<MailRecord> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(recipient).bind(kind).fetch_all(pool).await)?;
        Ok(rows)
    }

    /// One queued or sent message's bytes (for the delivery log and tests).
    pub async fn mail_message(&self, id: Uuid) -> Result<Option<Vec<u8>>, DbError> {
        let row: Option<(Vec<u8>,)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT message FROM mail_outbox WHERE id = $1").bind(id).fetch_optional(pool).await)?;
        Ok(row.map(|r| r.0))
    }

    /// Every address on the group's distribution list or sent its bulletin, by address.
    pub async fn bulletin_recipients(&self, group: GroupId) -> Result<Vec<RecipientRecord>, DbError> {
        let sql = format!("SELECT {RECIPIENT_COLS} FROM bulletin_recipients WHERE group_id = $1 ORDER BY email");
        let rows: Vec<RecipientRecord> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).fetch_all(pool).await)?;
        Ok(rows)
    }

    /// Records addresses (with their unsubscribe secrets) that are not yet known for
    /// the group; known ones keep their secret, list entry and unsubscription.
    pub async fn ensure_bulletin_recipients(&self, rows: &[RecipientRecord]) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for r in rows {
                sqlx::query(
                    "INSERT INTO bulletin_recipients (group_id, email, name, on_list, token, added_at, unsubscribed_at) \
                     VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (group_id, email) DO NOTHING")
                    .bind(r.group_id)
                    .bind(&r.email)
                    .bind(&r.name)
                    .bind(r.on_list)
                    .bind(&r.token)
                    .bind(r.added_at)
                    .bind(r.unsubscribed_at)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Puts an address on the group's distribution list (or takes it off), audited.
    /// An address new to the group is recorded with `row`'s secret; a known one keeps
    /// its secret and unsubscription (a coordinator cannot undo a person's choice).
    pub async fn set_on_list(
        &self,
        row: &RecipientRecord,
        audit: &jointcal_domain::audit::AuditEvent,
    ) -> Result<(), DbError> {
        crate::audit::with_audit!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO bulletin_recipients (group_id, email, name, on_list, token, added_at) \
                 VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (group_id, email) DO UPDATE SET on_list = excluded.on_list, \
                 name = CASE WHEN excluded.name = '' THEN bulletin_recipients.name ELSE excluded.name END",
            )
            .bind(row.group_id)
            .bind(&row.email)
            .bind(&row.name)
            .bind(row.on_list)
            .bind(&row.token)
            .bind(row.added_at)
            .execute(&mut *tx)
            .await?;
        })?;
        Ok(())
    }

    /// The recipient whose unsubscribe secret is `token`.
    pub async fn recipient_by_token(&self, token: &str) -> Result<Option<RecipientRecord>, DbError> {
        let sql = format!("SELECT {RECIPIENT_COLS} FROM bulletin_recipients WHERE token = $1");
        let row: Option<RecipientRecord> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(token).fetch_optional(pool).await)?;
        Ok(row)
    }

    /// Unsubscribes the recipient whose secret is `token` (once: a second use keeps
    /// the first time). Returns the recipient, or `None` for an unknown secret.
    pub async fn unsubscribe(&self, token: &str, now: DateTime<Utc>) -> Result<Option<RecipientRecord>, DbError> {
        {
            let _turn = self.write_turn().await;
            on_pool!(self, pool => sqlx::query(
                "UPDATE bulletin_recipients SET unsubscribed_at = $2 WHERE token = $1 AND unsubscribed_at IS NULL")
                .bind(token)
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        self.recipient_by_token(token).await
    }
}
