//! Overlap flags of a group: kept current when activities change, resolved by
//! coordinators (`overlap_flags`).

use crate::binds::{Bind, Binds};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::{ActivityId, GroupId, UserId};
use jointcal_domain::overlap::{FlagChanges, FlagKind, FlagResolution, StoredFlag};
use jointcal_domain::vocab::Vocabulary;
use uuid::Uuid;

const FLAG_COLS: &str = "id, group_id, activity_a, activity_b, kind, score, reasons, resolution, note, fingerprint_a, fingerprint_b, resolved_by, resolved_at, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct FlagRow {
    id: Uuid,
    group_id: Uuid,
    activity_a: Uuid,
    activity_b: Uuid,
    kind: String,
    score: f64,
    reasons: String,
    resolution: String,
    note: Option<String>,
    fingerprint_a: String,
    fingerprint_b: String,
    resolved_by: Option<Uuid>,
    resolved_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl FlagRow {
    fn into_flag(self) -> Result<StoredFlag, DbError> {
        let corrupt = |m: String| DbError::Corrupt(format!("overlap flag {}: {m}", self.id));
        Ok(StoredFlag {
            id: self.id,
            group: GroupId(self.group_id),
            a: ActivityId(self.activity_a),
            b: ActivityId(self.activity_b),
            kind: FlagKind::parse(&self.kind).ok_or_else(|| corrupt(format!("kind '{}'", self.kind)))?,
            score: self.score,
            reasons: serde_json::from_str(&self.reasons).map_err(|e| corrupt(e.to_string()))?,
            resolution: FlagResolution::from_code(&self.resolution)
                .ok()
                .ok_or_else(|| corrupt(format!("resolution '{}'", self.resolution)))?,
            note: self.note,
            fingerprint_a: self.fingerprint_a,
            fingerprint_b: self.fingerprint_b,
            resolved_by: self.resolved_by.map(UserId),
            resolved_at: self.resolved_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn rows(rows: Vec<FlagRow>) -> Result<Vec<StoredFlag>, DbError> {
    rows.into_iter().map(FlagRow::into_flag).collect()
}

fn reasons_json(f: &StoredFlag) -> Result<String, DbError> {
    serde_json::to_string(&f.reasons).map_err(|e| DbError::Corrupt(format!("overlap flag {}: {e}", f.id)))
}

impl Db {
    /// The flags that name an activity.
    pub async fn flags_of_activity(&self, id: ActivityId) -> Result<Vec<StoredFlag>, DbError> {
        let sql = format!("SELECT {FLAG_COLS} FROM overlap_flags WHERE activity_a = $1 OR activity_b = $1");
        rows(on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_all(pool).await)?)
    }

    /// A group's flags with this resolution (all when `None`), highest score first.
    pub async fn list_flags(
        &self,
        group: GroupId,
        resolution: Option<FlagResolution>,
    ) -> Result<Vec<StoredFlag>, DbError> {
        let sql = format!(
            "SELECT {FLAG_COLS} FROM overlap_flags WHERE group_id = $1 AND ($2 = '' OR resolution = $2) ORDER BY score DESC, id"
        );
        let r = resolution.map_or("", FlagResolution::code);
        rows(on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).bind(r).fetch_all(pool).await)?)
    }

    /// One flag.
    pub async fn flag(&self, id: Uuid) -> Result<StoredFlag, DbError> {
        let sql = format!("SELECT {FLAG_COLS} FROM overlap_flags WHERE id = $1");
        let row: Option<FlagRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_flag()
    }

    /// Writes the changes of one activity's flags in one transaction (derived data:
    /// not audited; resolutions are).
    pub async fn apply_flag_changes(&self, c: &FlagChanges) -> Result<(), DbError> {
        if c.insert.is_empty() && c.update.is_empty() && c.delete.is_empty() {
            return Ok(());
        }
        let mut docs = Vec::new();
        for f in c.insert.iter().chain(&c.update) {
            docs.push(reasons_json(f)?);
        }
        let (inserted, updated) = docs.split_at(c.insert.len());
        let _turn = self.write_turn().await;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for id in &c.delete {
                sqlx::query("DELETE FROM overlap_flags WHERE id = $1").bind(*id).execute(&mut *tx).await?;
            }
            for (f, reasons) in c.insert.iter().zip(inserted) {
                sqlx::query(&format!("INSERT INTO overlap_flags ({FLAG_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"))
                    .bind(f.id).bind(f.group.0).bind(f.a.0).bind(f.b.0).bind(f.kind.code()).bind(f.score).bind(reasons)
                    .bind(f.resolution.code()).bind(f.note.as_deref()).bind(&f.fingerprint_a).bind(&f.fingerprint_b)
                    .bind(f.resolved_by.map(|u| u.0)).bind(f.resolved_at).bind(f.created_at).bind(f.updated_at)
                    .execute(&mut *tx).await?;
            }
            for (f, reasons) in c.update.iter().zip(updated) {
                sqlx::query("UPDATE overlap_flags SET kind = $1, score = $2, reasons = $3, resolution = $4, fingerprint_a = $5, fingerprint_b = $6, resolved_by = $7, resolved_at = $8, updated_at = $9 WHERE id = $10")
                    .bind(f.kind.code()).bind(f.score).bind(reasons).bind(f.resolution.code())
                    .bind(&f.fingerprint_a).bind(&f.fingerprint_b).bind(f.resolved_by.map(|u| u.0)).bind(f.resolved_at)
                    .bind(f.updated_at).bind(f.id)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Removes the flags of a deleted activity.
    pub async fn delete_flags_of(&self, id: ActivityId) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query("DELETE FROM overlap_flags WHERE activity_a = $1 OR activity_b = $1").bind(id.0).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Records a coordinator's resolution of a flag, with its audit event, in one
    /// transaction; the fingerprints are those of the two activities now.
    pub async fn resolve_flag(
        &self,
        id: Uuid,
        resolution: FlagResolution,
        note: Option<&str>,
        by: UserId,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let sql = "UPDATE overlap_flags SET resolution = $1, note = $2, resolved_by = $3, resolved_at = $4, updated_at = $4 WHERE id = $5";
        let binds = Binds(vec![
            Bind::Text(resolution.code().into()),
            Bind::OptText(note.map(String::from)),
            Bind::Uuid(by.0),
            Bind::Time(at),
            Bind::Uuid(id),
        ]);
        match self.write_one_audited(sql, binds, audit).await? {
            1 => Ok(()),
            _ => Err(DbError::NotFound),
        }
    }
}
