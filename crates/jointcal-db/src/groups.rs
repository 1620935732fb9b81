//! Groups.

use crate::audit::with_audit;
use crate::binds::{Bind, Binds};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::group::{Group, GroupFields, GroupInput};
use jointcal_domain::ids::GroupId;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: Uuid,
    slug: String,
    name: String,
    country: String,
    theme: Option<String>,
    timezone: String,
    bulletin_day: i16,
    meeting_cadence: String,
    languages: String,
    description: Option<String>,
    require_totp_for_coordinators: bool,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl GroupRow {
    fn into_group(self) -> Result<Group, DbError> {
        let input = GroupInput {
            slug: self.slug,
            name: self.name,
            country: self.country,
            theme: self.theme,
            timezone: self.timezone,
            bulletin_day: u8::try_from(self.bulletin_day).ok(),
            meeting_cadence: Some(self.meeting_cadence),
            languages: self.languages.split(',').filter(|s| !s.is_empty()).map(String::from).collect(),
            description: self.description,
            require_totp_for_coordinators: Some(self.require_totp_for_coordinators),
        };
        let fields = input.validate_stored().map_err(|e| DbError::Corrupt(format!("group {}: {e}", self.id)))?;
        Ok(Group {
            id: GroupId(self.id),
            fields,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

const GROUP_COLS: &str = "id, slug, name, country, theme, timezone, bulletin_day, meeting_cadence, languages, description, require_totp_for_coordinators, version, created_at, updated_at";

impl Db {
    pub async fn insert_group(&self, g: &Group, audit: &AuditEvent) -> Result<(), DbError> {
        let f: &GroupFields = &g.fields;
        let langs = f.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(",");
        with_audit!(self, audit, |tx| {
            sqlx::query(&format!(
                "INSERT INTO groups ({GROUP_COLS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)"
            ))
            .bind(g.id.0)
            .bind(&f.slug)
            .bind(&f.name)
            .bind(&f.country)
            .bind(&f.theme)
            .bind(f.timezone.name())
            .bind(i16::from(f.bulletin_day))
            .bind(jointcal_domain::vocab::Vocabulary::code(f.meeting_cadence))
            .bind(&langs)
            .bind(&f.description)
            .bind(f.require_totp_for_coordinators)
            .bind(g.version)
            .bind(g.created_at)
            .bind(g.updated_at)
            .execute(&mut *tx)
            .await?;
        })?;
        Ok(())
    }

    /// Stores a group's changed settings if it is still at `expected_version` (the
    /// slug and country stay); otherwise nothing changes and the current version is
    /// reported.
    pub async fn update_group(&self, g: &Group, expected_version: i64, audit: &AuditEvent) -> Result<(), DbError> {
        let f: &GroupFields = &g.fields;
        let langs = f.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(",");
        let binds = Binds(vec![
            Bind::Text(f.name.clone()),
            Bind::OptText(f.theme.clone()),
            Bind::Text(f.timezone.name().to_string()),
            Bind::I16(i16::from(f.bulletin_day)),
            Bind::Text(jointcal_domain::vocab::Vocabulary::code(f.meeting_cadence).to_string()),
            Bind::Text(langs),
            Bind::OptText(f.description.clone()),
            Bind::Bool(f.require_totp_for_coordinators),
            Bind::Time(g.updated_at),
            Bind::I64(g.version),
            Bind::Uuid(g.id.0),
            Bind::I64(expected_version),
        ]);
        let sql = "UPDATE groups SET name = $1, theme = $2, timezone = $3, bulletin_day = $4, meeting_cadence = $5, languages = $6,
                    description = $7, require_totp_for_coordinators = $8, updated_at = $9, version = $10
                 WHERE id = $11 AND version = $12";
        if self.write_one_audited(sql, binds, audit).await? == 1 {
            return Ok(());
        }
        let current = self.group(g.id).await?.version;
        Err(DbError::VersionConflict { current })
    }

    pub async fn group_by_slug(&self, slug: &str) -> Result<Group, DbError> {
        let sql = format!("SELECT {GROUP_COLS} FROM groups WHERE slug = $1");
        let row: Option<GroupRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_group()
    }

    pub async fn group(&self, id: GroupId) -> Result<Group, DbError> {
        let sql = format!("SELECT {GROUP_COLS} FROM groups WHERE id = $1");
        let row: Option<GroupRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_group()
    }

    pub async fn list_groups(&self) -> Result<Vec<Group>, DbError> {
        let sql = format!("SELECT {GROUP_COLS} FROM groups ORDER BY slug");
        let rows: Vec<GroupRow> = on_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        rows.into_iter().map(GroupRow::into_group).collect()
    }
}
