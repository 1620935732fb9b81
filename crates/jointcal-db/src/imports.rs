//! Imports: the stored activities a file's records stand for, and one chunk of an
//! import written in one transaction (new organizations, new and changed activities,
//! each with its audit event).

use crate::activities::{
    columns, insert_children, insert_row, replace_children, update_row, ActivityRow, Columns, ACTIVITY_COLS,
};
use crate::audit::insert_audit;
use crate::binds::{bind_all, Bind, Binds};
use crate::orgs::insert_org_row;
use crate::{on_pool, Db, DbError};
use jointcal_domain::activity::Activity;
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::{ActivityId, GroupId};
use jointcal_domain::org::Organization;
use jointcal_domain::vocab::Vocabulary;

/// Keys asked at most in one query.
const KEYS_PER_QUERY: usize = 400;

/// One chunk of an import, written all or nothing.
#[derive(Debug, Default)]
pub struct ImportChunk {
    /// Audit events that stand alone (the import batch's own).
    pub events: Vec<AuditEvent>,
    pub orgs: Vec<(Organization, AuditEvent)>,
    pub creates: Vec<(Activity, AuditEvent)>,
    /// Changed activities with the version they were read at.
    pub updates: Vec<(Activity, i64, AuditEvent)>,
}

impl ImportChunk {
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.orgs.is_empty() && self.creates.is_empty() && self.updates.is_empty()
    }
}

/// Why a chunk was not written.
#[derive(Debug, thiserror::Error)]
pub enum ImportWriteError {
    /// An activity changed since the import read it; nothing of the chunk was written.
    #[error("activity {0} was changed meanwhile")]
    Changed(ActivityId),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ImportWriteError {
    fn from(e: sqlx::Error) -> Self {
        ImportWriteError::Db(e.into())
    }
}

impl Db {
    /// The activities of `group` (deleted ones too) whose IATI identifier or ref is
    /// one of these.
    pub async fn activities_by_keys(
        &self,
        group: GroupId,
        iati: &[String],
        refs: &[String],
    ) -> Result<Vec<Activity>, DbError> {
        let mut out = Vec::new();
        for (column, keys) in [("iati_identifier", iati), ("external_ref", refs)] {
            for chunk in keys.chunks(KEYS_PER_QUERY) {
                let mut b = Binds::default();
                let g = b.push(Bind::Uuid(group.0));
                let ps: Vec<String> = chunk.iter().map(|k| b.push(Bind::Text(k.clone()))).collect();
                let sql = format!(
                    "SELECT {ACTIVITY_COLS} FROM activities a WHERE a.group_id = {g} AND a.{column} IN ({})",
                    ps.join(", ")
                );
                let rows: Vec<ActivityRow> =
                    on_pool!(self, pool => bind_all!(sqlx::query_as(&sql), b).fetch_all(pool).await)?;
                for r in rows {
                    out.push(r.into_activity()?);
                }
            }
        }
        Ok(out)
    }

    /// Writes one chunk of an import in one transaction: if any update finds its
    /// activity at another version, nothing is written.
    pub async fn write_import_chunk(&self, c: &ImportChunk) -> Result<(), ImportWriteError> {
        let _turn = self.write_turn().await;
        let changed: Option<ActivityId> = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for ev in &c.events {
                insert_audit!(&mut *tx, ev)?;
            }
            for (o, ev) in &c.orgs {
                insert_org_row!(tx, o)?;
                insert_audit!(&mut *tx, ev)?;
            }
            // The new activities in a few multi-row statements (one per table and
            // thousands of rows): a statement per row made the import wait on the
            // database's thread once for each (profiled: 3/4 of an import's time).
            let cols: Vec<Columns> = c.creates.iter().map(|(a, _)| columns(a)).collect();
            let rows: Vec<(&Activity, &Columns)> = c.creates.iter().map(|(a, _)| a).zip(cols.iter()).collect();
            insert_row!(tx, &rows[..])?;
            insert_children!(tx, &rows[..])?;
            let events: Vec<&AuditEvent> = c.creates.iter().map(|(_, ev)| ev).collect();
            insert_audit!(&mut *tx, many: &events[..])?;
            let mut changed = None;
            for (a, expected, ev) in &c.updates {
                let cols = columns(a);
                let done = update_row!(tx, a, cols, *expected)?;
                if done != 1 {
                    changed = Some(a.id);
                    break;
                }
                replace_children!(tx, a, cols)?;
                insert_audit!(&mut *tx, ev)?;
            }
            if changed.is_some() {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            Ok::<_, ImportWriteError>(changed)
        })?;
        match changed {
            Some(id) => Err(ImportWriteError::Changed(id)),
            None => Ok(()),
        }
    }
}

/// An upload kept between an import's preview and its confirmation.
#[derive(Debug, Clone)]
pub struct StoredUpload {
    pub id: uuid::Uuid,
    pub group: GroupId,
    pub user: jointcal_domain::ids::UserId,
    /// The file's name as uploaded.
    pub name: String,
    /// The import's options as the page sent them (JSON).
    pub options: String,
    pub content: Vec<u8>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(sqlx::FromRow)]
struct UploadRow {
    id: uuid::Uuid,
    group_id: uuid::Uuid,
    user_id: uuid::Uuid,
    name: String,
    options: String,
    content: Vec<u8>,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl Db {
    pub async fn insert_upload(&self, u: &StoredUpload) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO import_uploads (id, group_id, user_id, name, options, content, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)")
            .bind(u.id).bind(u.group.0).bind(u.user.0).bind(&u.name).bind(&u.options).bind(&u.content).bind(u.created_at)
            .execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// An upload by its id.
    pub async fn upload(&self, id: uuid::Uuid) -> Result<StoredUpload, DbError> {
        let row: Option<UploadRow> = on_pool!(self, pool => sqlx::query_as(
            "SELECT id, group_id, user_id, name, options, content, created_at FROM import_uploads WHERE id = $1")
            .bind(id).fetch_optional(pool).await)?;
        let r = row.ok_or(DbError::NotFound)?;
        Ok(StoredUpload {
            id: r.id,
            group: GroupId(r.group_id),
            user: jointcal_domain::ids::UserId(r.user_id),
            name: r.name,
            options: r.options,
            content: r.content,
            created_at: r.created_at,
        })
    }

    /// Forgets an upload (confirmed, or cancelled); whether there was one.
    pub async fn delete_upload(&self, id: uuid::Uuid) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM import_uploads WHERE id = $1").bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Forgets uploads made before `cutoff` (housekeeping).
    pub async fn delete_uploads_before(&self, cutoff: chrono::DateTime<chrono::Utc>) -> Result<u64, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM import_uploads WHERE created_at < $1").bind(cutoff).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }
}
