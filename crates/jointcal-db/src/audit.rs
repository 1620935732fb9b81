//! The audit log: append-only (the schema's triggers refuse updates and deletes).

use crate::binds::{bind_all, Binds};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::audit::{Actor, AuditAction, AuditEvent, EntityKind};
use jointcal_domain::ids::{AuditId, GroupId};
use uuid::Uuid;

/// Inserts one audit event with the executor `$ex` (a transaction), or, given
/// `many: &[&AuditEvent]`, many in a few multi-row statements.
macro_rules! insert_audit {
    ($ex:expr, many: $evs:expr) => {{
        let evs: &[&jointcal_domain::audit::AuditEvent] = $evs;
        async {
            // The JSON texts first: the statement borrows them.
            let texts: Vec<(String, Option<String>, Option<String>)> = evs
                .iter()
                .map(|ev| {
                    (
                        serde_json::to_string(&ev.actor).unwrap_or_default(),
                        ev.before.as_ref().map(|v| v.to_string()),
                        ev.after.as_ref().map(|v| v.to_string()),
                    )
                })
                .collect();
            let rows: Vec<_> = evs.iter().zip(texts.iter()).collect();
            for part in rows.chunks($crate::activities::BINDS_PER_INSERT / 11) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO audit_events (id, at, actor_type, actor_user, actor, action, entity_type, entity_id, group_id, before_doc, after_doc) ",
                );
                q.push_values(part, |mut b, (ev, (actor, before, after))| {
                    b.push_bind(ev.id.0)
                        .push_bind(ev.at)
                        .push_bind(ev.actor.kind())
                        .push_bind(ev.actor.user_id().map(|u| u.0))
                        .push_bind(actor.as_str())
                        .push_bind(ev.action.as_str())
                        .push_bind(ev.entity_type.code())
                        .push_bind(ev.entity_id)
                        .push_bind(ev.group_id.map(|g| g.0))
                        .push_bind(before.as_deref())
                        .push_bind(after.as_deref());
                });
                q.build().execute($ex).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
    }};
    ($ex:expr, $ev:expr) => {{
        let one: [&jointcal_domain::audit::AuditEvent; 1] = [$ev];
        $crate::audit::insert_audit!($ex, many: &one[..])
    }};
}
pub(crate) use insert_audit;

/// Runs the statements of `$body` on the transaction `$tx` and appends the audit event
/// in the same transaction, on either backend, in SQLite's single-writer turn.
macro_rules! with_audit {
    ($db:expr, $audit:expr, |$tx:ident| $body:block) => {{
        let _turn = $db.write_turn().await;
        $crate::on_pool!($db, pool => {
            let mut $tx = pool.begin().await?;
            $body
            $crate::audit::insert_audit!(&mut *$tx, $audit)?;
            $tx.commit().await
        })
    }};
}
pub(crate) use with_audit;

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: Uuid,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    entity_type: String,
    entity_id: Uuid,
    group_id: Option<Uuid>,
    before_doc: Option<String>,
    after_doc: Option<String>,
}

impl AuditRow {
    fn into_event(self) -> Result<AuditEvent, DbError> {
        let json = |s: Option<String>| -> Result<Option<serde_json::Value>, DbError> {
            s.map(|s| serde_json::from_str(&s).map_err(|e| DbError::Corrupt(format!("audit {}: {e}", self.id))))
                .transpose()
        };
        Ok(AuditEvent {
            id: AuditId(self.id),
            at: self.at,
            actor: serde_json::from_str::<Actor>(&self.actor)
                .map_err(|e| DbError::Corrupt(format!("audit actor: {e}")))?,
            action: AuditAction::parse(&self.action)
                .ok_or_else(|| DbError::Corrupt(format!("audit action {}", self.action)))?,
            entity_type: EntityKind::parse(&self.entity_type)
                .ok_or_else(|| DbError::Corrupt(format!("audit entity type {}", self.entity_type)))?,
            entity_id: self.entity_id,
            group_id: self.group_id.map(GroupId),
            before: json(self.before_doc.clone())?,
            after: json(self.after_doc.clone())?,
        })
    }
}

const AUDIT_COLS: &str = "id, at, actor, action, entity_type, entity_id, group_id, before_doc, after_doc";

impl Db {
    /// Runs one UPDATE or DELETE and, when it changed exactly one row, appends the
    /// audit event in the same transaction; otherwise nothing is kept. Returns the
    /// number of rows the statement changed.
    pub(crate) async fn write_one_audited(&self, sql: &str, binds: Binds, audit: &AuditEvent) -> Result<u64, DbError> {
        let _turn = self.write_turn().await;
        let n: u64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = bind_all!(sqlx::query(sql), binds).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                insert_audit!(&mut *tx, audit)?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok::<u64, sqlx::Error>(n)
        })?;
        Ok(n)
    }

    /// Appends an audit event on its own (for changes that have no other write).
    pub async fn append_audit(&self, ev: &AuditEvent) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => insert_audit!(pool, ev).map(|_| ()))?;
        Ok(())
    }

    /// The history of one entity, oldest first.
    pub async fn audit_for_entity(&self, entity_type: EntityKind, id: Uuid) -> Result<Vec<AuditEvent>, DbError> {
        let sql =
            format!("SELECT {AUDIT_COLS} FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY at, id");
        let rows: Vec<AuditRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(entity_type.code()).bind(id).fetch_all(pool).await)?;
        rows.into_iter().map(AuditRow::into_event).collect()
    }

    /// The history of a group, newest first: at most `limit` events after the
    /// cursor `before` (the `(at, id)` of the last event of the previous page).
    pub async fn audit_for_group(
        &self,
        group: GroupId,
        before: Option<(DateTime<Utc>, AuditId)>,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, DbError> {
        let rows: Vec<AuditRow> = match before {
            // No sentinel time for "the end": SQLite compares times as text.
            None => {
                let sql = format!(
                    "SELECT {AUDIT_COLS} FROM audit_events WHERE group_id = $1 ORDER BY at DESC, id DESC LIMIT $2"
                );
                on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).bind(limit).fetch_all(pool).await)?
            }
            Some((at, id)) => {
                let sql = format!(
                    "SELECT {AUDIT_COLS} FROM audit_events WHERE group_id = $1 AND (at < $2 OR (at = $2 AND id < $3))
                     ORDER BY at DESC, id DESC LIMIT $4"
                );
                on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).bind(at).bind(id.0).bind(limit).fetch_all(pool).await)?
            }
        };
        rows.into_iter().map(AuditRow::into_event).collect()
    }

    pub async fn count_audit(&self) -> Result<i64, DbError> {
        let n: i64 =
            on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(pool).await)?;
        Ok(n)
    }
}
