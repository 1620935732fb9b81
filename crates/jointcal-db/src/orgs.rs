//! Organizations.

use crate::audit::with_audit;
use crate::binds::{Bind, Binds};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::OrgId;
use jointcal_domain::org::{OrgInput, Organization};
use jointcal_domain::vocab::Vocabulary;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: Uuid,
    name: String,
    acronym: String,
    kind: String,
    iati_org_id: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl OrgRow {
    fn into_org(self) -> Result<Organization, DbError> {
        let fields =
            OrgInput { name: self.name, acronym: self.acronym, kind: self.kind, iati_org_id: self.iati_org_id }
                .validate_stored()
                .map_err(|e| DbError::Corrupt(format!("organization {}: {e}", self.id)))?;
        Ok(Organization { id: OrgId(self.id), fields, created_at: self.created_at, updated_at: self.updated_at })
    }
}

const ORG_COLS: &str = "id, name, acronym, kind, iati_org_id, created_at, updated_at";

/// The key that makes acronyms unique regardless of case.
pub fn acronym_key(acronym: &str) -> String {
    jointcal_domain::text::fold(acronym)
}

/// `INSERT` of an organization's row (the single insert and an import's chunk).
macro_rules! insert_org_row {
    ($tx:expr, $o:expr) => {
        sqlx::query("INSERT INTO organizations (id, name, acronym, acronym_key, kind, iati_org_id, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)")
            .bind($o.id.0)
            .bind(&$o.fields.name)
            .bind(&$o.fields.acronym)
            .bind($crate::orgs::acronym_key(&$o.fields.acronym))
            .bind($o.fields.kind.code())
            .bind(&$o.fields.iati_org_id)
            .bind($o.created_at)
            .bind($o.updated_at)
            .execute(&mut *$tx)
            .await
    };
}
pub(crate) use insert_org_row;

impl Db {
    /// How many organizations there are and when one last changed (feeds name them).
    pub async fn orgs_state(&self) -> Result<(i64, Option<DateTime<Utc>>), DbError> {
        let sql = "SELECT COUNT(*), MAX(updated_at) FROM organizations";
        let row: (i64, Option<DateTime<Utc>>) = on_pool!(self, pool => sqlx::query_as(sql).fetch_one(pool).await)?;
        Ok(row)
    }

    pub async fn insert_org(&self, o: &Organization, audit: &AuditEvent) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            insert_org_row!(tx, o)?;
        })?;
        Ok(())
    }

    /// Stores an organization's changed fields.
    pub async fn update_org(&self, o: &Organization, audit: &AuditEvent) -> Result<(), DbError> {
        let f = &o.fields;
        let sql = "UPDATE organizations SET name = $1, acronym = $2, acronym_key = $3, kind = $4, iati_org_id = $5, updated_at = $6
                   WHERE id = $7";
        let binds = Binds(vec![
            Bind::Text(f.name.clone()),
            Bind::Text(f.acronym.clone()),
            Bind::Text(acronym_key(&f.acronym)),
            Bind::Text(f.kind.code().into()),
            Bind::OptText(f.iati_org_id.clone()),
            Bind::Time(o.updated_at),
            Bind::Uuid(o.id.0),
        ]);
        match self.write_one_audited(sql, binds, audit).await? {
            0 => Err(DbError::NotFound),
            _ => Ok(()),
        }
    }

    pub async fn list_orgs(&self) -> Result<Vec<Organization>, DbError> {
        let sql = format!("SELECT {ORG_COLS} FROM organizations ORDER BY acronym_key");
        let rows: Vec<OrgRow> = on_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        rows.into_iter().map(OrgRow::into_org).collect()
    }

    pub async fn org(&self, id: OrgId) -> Result<Organization, DbError> {
        let sql = format!("SELECT {ORG_COLS} FROM organizations WHERE id = $1");
        let row: Option<OrgRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_org()
    }

    /// Finds an organization by id, acronym (any case) or IATI organisation identifier.
    pub async fn find_org(&self, reference: &str) -> Result<Organization, DbError> {
        let by_id = reference.parse::<Uuid>().ok();
        let sql = format!("SELECT {ORG_COLS} FROM organizations WHERE id = $1 OR acronym_key = $2 OR iati_org_id = $3");
        let row: Option<OrgRow> = on_pool!(self, pool => sqlx::query_as(&sql)
            .bind(by_id.unwrap_or(Uuid::nil()))
            .bind(acronym_key(reference))
            .bind(reference.trim())
            .fetch_optional(pool)
            .await)?;
        row.ok_or(DbError::NotFound)?.into_org()
    }
}
