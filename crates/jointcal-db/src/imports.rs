//! Imports: the stored activities a file's records stand for, and one chunk of an
//! import written in one transaction (new organizations, new and changed activities,
//! each with its audit event).

use crate::activities::{
    columns, insert_children, insert_row, replace_children, update_row, ActivityRow, ACTIVITY_COLS,
};
use crate::audit::insert_audit;
use crate::binds::{bind_all, Bind, Binds};
use crate::orgs::acronym_key;
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
                let f = &o.fields;
                sqlx::query("INSERT INTO organizations (id, name, acronym, acronym_key, kind, iati_org_id, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)")
                    .bind(o.id.0)
                    .bind(&f.name)
                    .bind(&f.acronym)
                    .bind(acronym_key(&f.acronym))
                    .bind(f.kind.code())
                    .bind(&f.iati_org_id)
                    .bind(o.created_at)
                    .bind(o.updated_at)
                    .execute(&mut *tx)
                    .await
                    ?;
                insert_audit!(&mut *tx, ev)?;
            }
            for (a, ev) in &c.creates {
                let cols = columns(a);
                insert_row!(tx, a, cols)?;
                insert_children!(tx, a, cols)?;
                insert_audit!(&mut *tx, ev)?;
            }
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
