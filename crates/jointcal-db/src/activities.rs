//! Activities: writes with their audit event in one transaction, and the calendar
//! query.
//!
//! The calendar query is bounded by duration classes: an activity of class `k`
//! lasts at most `2^k` days (see `jointcal_domain::schedule::span_class`), so the
//! rows that can overlap a window `[from, to)` are, per class, those that start in
//! `[from - 2^k days, to)`: one index range per class on
//! `(group_id, span_class, start_utc)`. The same SQL runs on both databases.

use crate::audit::{insert_audit, with_audit};
use crate::binds::{bind_all, Bind, Binds};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::activity::{Activity, ActivityFields, ActivityInput};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::{ActivityId, GroupId, OrgId};
use jointcal_domain::schedule::{span_class, span_class_max_secs, MAX_SPAN_CLASS};
use jointcal_domain::text::{fold, like_escape};
use jointcal_domain::vocab::*;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// Which activities of a group a reader may see (decided by the access rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisibilityScope {
    /// Coordinators: everything.
    All,
    /// Members: `group` and `public`, plus `coordinators` where one of `lead_orgs` leads.
    Member { lead_orgs: Vec<OrgId> },
    /// Anyone else: `public` only.
    Public,
}

/// Position after which the next page starts: (start, id) of the last row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub start_utc: i64,
    pub id: Uuid,
}

/// Filters of the activity lists (the same in the CLI, the pages and the API).
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Only activities (series) that overlap `[from, to)`.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// An organization taking part in any role.
    pub org: Option<OrgId>,
    pub kind: Option<ActivityKind>,
    pub pillar: Option<Pillar>,
    pub target_group: Option<TargetGroup>,
    pub region: Option<String>,
    pub status: Option<Status>,
    /// Free text; matched against the case-folded title, description and place.
    pub q: Option<String>,
    pub after: Option<Cursor>,
    /// At most this many rows (None: all).
    pub limit: Option<i64>,
    /// Only activities whose duration class (`span_class`: a class k lasts more than
    /// `2^(k-1)` and at most `2^k` days) is within these, both included.
    pub span_classes: Option<(i16, i16)>,
}

/// A list query: whose group, what the reader may see, and the filters.
#[derive(Debug, Clone)]
pub struct ActivityQuery {
    pub group: GroupId,
    pub scope: VisibilityScope,
    pub filter: ActivityFilter,
    pub include_deleted: bool,
}

impl ActivityQuery {
    pub fn new(group: GroupId, scope: VisibilityScope) -> Self {
        ActivityQuery { group, scope, filter: ActivityFilter::default(), include_deleted: false }
    }
}

/// What the calendar query reads, for the benchmark.
#[derive(Debug, Clone)]
pub struct MonthScanStats {
    /// Index entries in the ranges the query reads.
    pub examined: i64,
    /// Rows it returns.
    pub returned: i64,
    /// The database's query plan, one line per step.
    pub plan: Vec<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ActivityRow {
    id: Uuid,
    group_id: Uuid,
    doc: String,
    version: i64,
    sequence: i64,
    fingerprint: String,
    end_utc: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

/// What a list reads: the keys of the cache of decoded activities.
const KEY_COLS: &str = "a.id, a.version";

/// The columns of the calendar index that the list's filters and order need.
const INDEX_COLS: &str = "id, version, start_utc, visibility";

/// Ids per query when activities are read by id (well under both databases' limits
/// on parameters).
const READ_BY_ID_CHUNK: usize = 1000;

pub(crate) const ACTIVITY_COLS: &str = "a.id, a.group_id, a.doc, a.version, a.sequence, a.fingerprint, a.end_utc, a.created_at, a.updated_at, a.deleted_at";

impl ActivityRow {
    pub(crate) fn into_activity(self) -> Result<Activity, DbError> {
        let corrupt = |m: String| DbError::Corrupt(format!("activity {}: {m}", self.id));
        let input: ActivityInput = serde_json::from_str(&self.doc).map_err(|e| corrupt(e.to_string()))?;
        let series_end =
            DateTime::<Utc>::from_timestamp(self.end_utc, 0).ok_or_else(|| corrupt(format!("end {}", self.end_utc)))?;
        let fields = ActivityFields::from_stored(&input, "", series_end).map_err(|e| corrupt(e.to_string()))?;
        Ok(Activity {
            id: ActivityId(self.id),
            group_id: GroupId(self.group_id),
            fields,
            version: self.version,
            sequence: self.sequence,
            fingerprint: self.fingerprint,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        })
    }
}

/// The column values of one activity row.
pub(crate) struct Columns {
    pub(crate) doc: String,
    pub(crate) title: String,
    pub(crate) search: String,
    pub(crate) search_public: String,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) class: i16,
    pub(crate) facets: Vec<(&'static str, String)>,
}

pub(crate) fn columns(a: &Activity) -> Columns {
    let f = &a.fields;
    let s = &f.schedule;
    let mut facets: Vec<(&'static str, String)> = Vec::new();
    facets.extend(f.pillars.iter().map(|p| ("pillar", p.code().to_string())));
    facets.extend(f.target_groups.iter().map(|t| ("target_group", t.code().to_string())));
    for l in &f.locations {
        if let Some(r) = &l.subdivision {
            facets.push(("region", r.clone()));
        }
        if let Some(c) = &l.country {
            facets.push(("country", c.clone()));
        }
    }
    facets.extend(f.dac_sectors.iter().map(|d| ("dac_sector", d.clone())));
    facets.sort();
    facets.dedup();
    Columns {
        doc: serde_json::to_string(&f.to_input()).unwrap_or_default(),
        title: f.title.original_text().to_string(),
        search: f.search_text(),
        search_public: f.search_text_public(),
        start: s.start_utc.timestamp(),
        end: s.end_utc.timestamp(),
        class: span_class(s.start_utc, s.end_utc),
        facets,
    }
}

/// Parameters in one multi-row `INSERT`: well under SQLite's 32,766 and PostgreSQL's
/// 65,535.
pub(crate) const BINDS_PER_INSERT: usize = 16_000;

/// Inserts the rows of `activity_orgs` and `activity_facets` of activities, given as
/// `&[(&Activity, &Columns)]` (or one activity and its columns), in a few multi-row
/// statements.
macro_rules! insert_children {
    ($tx:expr, $a:expr, $c:expr) => {{
        let one = [($a, &$c)];
        $crate::activities::insert_children!($tx, &one[..])
    }};
    ($tx:expr, $rows:expr) => {{
        let rows: &[(&jointcal_domain::activity::Activity, &$crate::activities::Columns)] = $rows;
        async {
            let orgs: Vec<(uuid::Uuid, uuid::Uuid, &'static str)> = rows
                .iter()
                .flat_map(|(a, _)| a.fields.organizations.iter().map(|o| (a.id.0, o.org.0, o.role.code())))
                .collect();
            for part in orgs.chunks($crate::activities::BINDS_PER_INSERT / 3) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO activity_orgs (activity_id, org_id, role) ");
                q.push_values(part, |mut b, (a, o, role)| {
                    b.push_bind(*a).push_bind(*o).push_bind(*role);
                });
                q.build().execute(&mut *$tx).await?;
            }
            let facets: Vec<(uuid::Uuid, &'static str, &str)> =
                rows.iter().flat_map(|(a, c)| c.facets.iter().map(|(f, code)| (a.id.0, *f, code.as_str()))).collect();
            for part in facets.chunks($crate::activities::BINDS_PER_INSERT / 3) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO activity_facets (activity_id, facet, code) ");
                q.push_values(part, |mut b, (a, f, code)| {
                    b.push_bind(*a).push_bind(*f).push_bind(*code);
                });
                q.build().execute(&mut *$tx).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
    }};
}
pub(crate) use insert_children;

/// Inserts activity rows, given as `&[(&Activity, &Columns)]` (or one activity and its
/// columns), in a few multi-row statements.
macro_rules! insert_row {
    ($tx:expr, $a:expr, $c:expr) => {
        {
            let one = [($a, &$c)];
            $crate::activities::insert_row!($tx, &one[..])
        }
    };
    ($tx:expr, $rows:expr) => {{
        let rows: &[(&jointcal_domain::activity::Activity, &$crate::activities::Columns)] = $rows;
        async {
            for part in rows.chunks($crate::activities::BINDS_PER_INSERT / 23) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO activities (id, group_id, kind, status, visibility, sensitive, all_day, tz, start_utc, end_utc, span_class,
                        title, search_text, search_public, iati_identifier, external_ref, doc, version, sequence, fingerprint, created_at, updated_at, deleted_at) ",
                );
                q.push_values(part, |mut b, (a, c)| {
                    b.push_bind(a.id.0)
                        .push_bind(a.group_id.0)
                        .push_bind(a.fields.kind.code())
                        .push_bind(a.fields.status.code())
                        .push_bind(a.fields.visibility.code())
                        .push_bind(a.fields.sensitive)
                        .push_bind(a.fields.schedule.is_all_day())
                        .push_bind(a.fields.schedule.tz.name())
                        .push_bind(c.start)
                        .push_bind(c.end)
                        .push_bind(c.class)
                        .push_bind(c.title.as_str())
                        .push_bind(c.search.as_str())
                        .push_bind(c.search_public.as_str())
                        .push_bind(a.fields.iati_identifier.as_deref())
                        .push_bind(a.fields.external_ref.as_deref())
                        .push_bind(c.doc.as_str())
                        .push_bind(a.version)
                        .push_bind(a.sequence)
                        .push_bind(a.fingerprint.as_str())
                        .push_bind(a.created_at)
                        .push_bind(a.updated_at)
                        .push_bind(a.deleted_at);
                });
                q.build().execute(&mut *$tx).await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
    }};
}
pub(crate) use insert_row;

/// `UPDATE` of an activity's row at the expected version; the number of rows changed.
macro_rules! update_row {
    ($tx:expr, $a:expr, $c:expr, $expected:expr) => {
sqlx::query(
                "UPDATE activities SET kind=$1, status=$2, visibility=$3, sensitive=$4, all_day=$5, tz=$6, start_utc=$7, end_utc=$8,
                    span_class=$9, title=$10, search_text=$11, iati_identifier=$12, external_ref=$13, doc=$14, version=$15,
                    sequence=$16, fingerprint=$17, updated_at=$18, deleted_at=$19, search_public=$20
                 WHERE id=$21 AND version=$22 AND deleted_at IS NULL",
            )
            .bind($a.fields.kind.code())
            .bind($a.fields.status.code())
            .bind($a.fields.visibility.code())
            .bind($a.fields.sensitive)
            .bind($a.fields.schedule.is_all_day())
            .bind($a.fields.schedule.tz.name())
            .bind($c.start)
            .bind($c.end)
            .bind($c.class)
            .bind(&$c.title)
            .bind(&$c.search)
            .bind(&$a.fields.iati_identifier)
            .bind(&$a.fields.external_ref)
            .bind(&$c.doc)
            .bind($a.version)
            .bind($a.sequence)
            .bind(&$a.fingerprint)
            .bind($a.updated_at)
            .bind($a.deleted_at)
            .bind(&$c.search_public)
            .bind($a.id.0)
            .bind($expected)
            .execute(&mut *$tx)
            .await
            .map(|r| r.rows_affected())
    };
}
pub(crate) use update_row;

/// Replaces the organizations and facets of an updated activity.
macro_rules! replace_children {
    ($tx:expr, $a:expr, $c:expr) => {
        async {
            sqlx::query("DELETE FROM activity_orgs WHERE activity_id = $1").bind($a.id.0).execute(&mut *$tx).await?;
            sqlx::query("DELETE FROM activity_facets WHERE activity_id = $1").bind($a.id.0).execute(&mut *$tx).await?;
            $crate::activities::insert_children!($tx, $a, $c)
        }
        .await
    };
}
pub(crate) use replace_children;

impl Db {
    /// Stores a new activity and its audit event in one transaction.
    pub async fn insert_activity(&self, a: &Activity, audit: &AuditEvent) -> Result<(), DbError> {
        let c = columns(a);
        with_audit!(self, audit, |tx| {
            insert_row!(tx, a, c)?;
            insert_children!(tx, a, c)?;
        })?;
        Ok(())
    }

    /// Stores many new activities in one transaction with one audit event for the
    /// whole batch (generators and imports).
    pub async fn insert_activities_batch(&self, list: &[Activity], audit: &AuditEvent) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            for a in list {
                let c = columns(a);
                insert_row!(tx, a, c)?;
                insert_children!(tx, a, c)?;
            }
        })?;
        Ok(())
    }

    /// Replaces an activity with its edited form if it is still at `expected_version`;
    /// otherwise nothing changes and the current version is reported.
    pub async fn update_activity(
        &self,
        a: &Activity,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let c = columns(a);
        let _turn = self.write_turn().await;
        let outcome: Result<u64, sqlx::Error> = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = update_row!(tx, a, c, expected_version)?;
            if done == 1 {
                replace_children!(tx, a, c)?;
                insert_audit!(&mut *tx, audit)?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok(done)
        });
        if outcome? == 1 {
            return Ok(());
        }
        self.version_conflict(a.id).await
    }

    /// Soft-deletes an activity at `expected_version`: it keeps its row with a
    /// deletion time (feeds and bulletins report it), and leaves every list.
    pub async fn delete_activity(
        &self,
        id: ActivityId,
        expected_version: i64,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let sql =
            "UPDATE activities SET deleted_at = $1, updated_at = $1, version = version + 1, sequence = sequence + 1
                   WHERE id = $2 AND version = $3 AND deleted_at IS NULL";
        let binds = Binds(vec![Bind::Time(at), Bind::Uuid(id.0), Bind::I64(expected_version)]);
        if self.write_one_audited(sql, binds, audit).await? == 1 {
            return Ok(());
        }
        self.version_conflict(id).await
    }

    async fn version_conflict(&self, id: ActivityId) -> Result<(), DbError> {
        let row: Option<(i64, Option<DateTime<Utc>>)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT version, deleted_at FROM activities WHERE id = $1").bind(id.0).fetch_optional(pool).await)?;
        match row {
            None | Some((_, Some(_))) => Err(DbError::NotFound),
            Some((current, None)) => Err(DbError::VersionConflict { current }),
        }
    }

    /// One activity, deleted or not.
    pub async fn activity(&self, id: ActivityId) -> Result<Activity, DbError> {
        let sql = format!("SELECT {ACTIVITY_COLS} FROM activities a WHERE a.id = $1");
        let row: Option<ActivityRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_activity()
    }

    /// One activity of a group by its external ref.
    pub async fn activity_by_ref(&self, group: GroupId, external_ref: &str) -> Result<Activity, DbError> {
        let sql = format!("SELECT {ACTIVITY_COLS} FROM activities a WHERE a.group_id = $1 AND a.external_ref = $2");
        let row: Option<ActivityRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).bind(external_ref).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_activity()
    }

    /// Activities matching `q`, ordered by start then id: the ids and versions from
    /// the list query, the activities from the cache of decoded ones where it has
    /// that version, the rest read by id in one more query (see `activity_cache`).
    pub async fn list_activities(&self, q: &ActivityQuery) -> Result<Vec<Activity>, DbError> {
        let (sql, binds) = build_list(q, KEY_COLS, true);
        let keys: Vec<(Uuid, i64)> =
            on_pool!(self, pool => bind_all!(sqlx::query_as(&sql), binds).fetch_all(pool).await)?;
        self.activities_of_keys(&keys).await
    }

    /// The activities of a group changed (created, updated or deleted) after `after`,
    /// by `updated_at` (index `activities_updated`): id, version and whether deleted.
    pub async fn activity_keys_changed_after(
        &self,
        group: GroupId,
        after: DateTime<Utc>,
    ) -> Result<Vec<(ActivityId, i64, bool)>, DbError> {
        let sql = "SELECT id, version, deleted_at IS NOT NULL FROM activities WHERE group_id = $1 AND updated_at > $2";
        let rows: Vec<(Uuid, i64, bool)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(group.0).bind(after).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(id, v, d)| (ActivityId(id), v, d)).collect())
    }

    /// What changes whenever any activity of the group is written (created, edited,
    /// deleted): how many writes there were (kept by a trigger), and the last change
    /// (from the index `activities_updated`). Feeds compare it to know whether what
    /// they made is still current; both reads cost the same at any size.
    pub async fn activities_state(&self, group: GroupId) -> Result<(i64, Option<DateTime<Utc>>), DbError> {
        let sql = "SELECT (SELECT writes FROM group_activity_writes WHERE group_id = $1), (SELECT MAX(updated_at) FROM activities WHERE group_id = $1)";
        let row: (Option<i64>, Option<DateTime<Utc>>) =
            on_pool!(self, pool => sqlx::query_as(sql).bind(group.0).fetch_one(pool).await)?;
        Ok((row.0.unwrap_or(0), row.1))
    }

    /// The activities of these (id, version) keys, as [`Db::list_activities`] reads
    /// them (an activity changed since comes in its newer version, one gone is left
    /// out).
    pub async fn activities_at_versions(&self, keys: &[(ActivityId, i64)]) -> Result<Vec<Activity>, DbError> {
        let keys: Vec<(Uuid, i64)> = keys.iter().map(|(id, v)| (id.0, *v)).collect();
        self.activities_of_keys(&keys).await
    }

    /// The activities of these (id, version) keys in their order, from the cache of
    /// decoded ones where it has that version, the rest read by id.
    async fn activities_of_keys(&self, keys: &[(Uuid, i64)]) -> Result<Vec<Activity>, DbError> {
        let cache = self.decoded();
        let mut found: Vec<Option<Arc<Activity>>> = keys.iter().map(|&(id, v)| cache.get(id, v)).collect();
        let missing: Vec<Uuid> = keys.iter().zip(&found).filter(|(_, a)| a.is_none()).map(|((id, _), _)| *id).collect();
        if !missing.is_empty() {
            let mut read: HashMap<Uuid, Arc<Activity>> = HashMap::with_capacity(missing.len());
            for chunk in missing.chunks(READ_BY_ID_CHUNK) {
                for a in self.activities_by_id(chunk).await? {
                    let a = Arc::new(a);
                    cache.insert(a.clone());
                    read.insert(a.id.0, a);
                }
            }
            // Read a moment later than the keys: a row changed meanwhile comes in its
            // newer version, one deleted meanwhile is left out.
            for (slot, (id, _)) in found.iter_mut().zip(keys) {
                if slot.is_none() {
                    *slot = read.get(id).cloned();
                }
            }
        }
        Ok(found.into_iter().flatten().map(Arc::unwrap_or_clone).collect())
    }

    /// The activities with these ids, deleted or not, in any order (one statement per
    /// thousand ids).
    pub async fn activities_with_ids(&self, ids: &[ActivityId]) -> Result<Vec<Activity>, DbError> {
        let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(READ_BY_ID_CHUNK) {
            out.extend(self.activities_by_id(chunk).await?);
        }
        Ok(out)
    }

    /// The fingerprints of the activities with these ids (deleted or not).
    pub async fn fingerprints_of(&self, ids: &[ActivityId]) -> Result<HashMap<ActivityId, String>, DbError> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(READ_BY_ID_CHUNK) {
            let mut b = Binds::default();
            let ps: Vec<String> = chunk.iter().map(|id| b.push(Bind::Uuid(id.0))).collect();
            let sql = format!("SELECT id, fingerprint FROM activities WHERE id IN ({})", ps.join(", "));
            let rows: Vec<(Uuid, String)> =
                on_pool!(self, pool => bind_all!(sqlx::query_as(&sql), b).fetch_all(pool).await)?;
            out.extend(rows.into_iter().map(|(id, f)| (ActivityId(id), f)));
        }
        Ok(out)
    }

    /// The activities with these ids (any order); one that cannot be read (e.g.
    /// after a change of time-zone or region data) must not take the whole calendar
    /// down: it is left out and logged.
    async fn activities_by_id(&self, ids: &[Uuid]) -> Result<Vec<Activity>, DbError> {
        let mut b = Binds::default();
        let ps: Vec<String> = ids.iter().map(|id| b.push(Bind::Uuid(*id))).collect();
        let sql = format!("SELECT {ACTIVITY_COLS} FROM activities a WHERE a.id IN ({})", ps.join(", "));
        let rows: Vec<ActivityRow> = on_pool!(self, pool => bind_all!(sqlx::query_as(&sql), b).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let id = r.id;
                r.into_activity()
                    .map_err(
                        |e| tracing::error!(activity = %id, error = %e, "left out an activity that cannot be read"),
                    )
                    .ok()
            })
            .collect())
    }

    /// How many activities match `q` (ignoring its cursor and limit).
    pub async fn count_activities(&self, q: &ActivityQuery) -> Result<i64, DbError> {
        let mut q = q.clone();
        q.filter.after = None;
        q.filter.limit = None;
        let (inner, binds) = build_list(&q, "a.id", false);
        let sql = format!("SELECT COUNT(*) FROM ({inner}) c");
        let n: i64 = on_pool!(self, pool => bind_all!(sqlx::query_scalar(&sql), binds).fetch_one(pool).await)?;
        Ok(n)
    }

    /// Rows examined and returned by the calendar query for `[from, to)`, and its
    /// plan: the evidence that the scan is bounded.
    pub async fn month_scan_stats(
        &self,
        group: GroupId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<MonthScanStats, DbError> {
        let mut q = ActivityQuery::new(group, VisibilityScope::All);
        q.filter.from = Some(from);
        q.filter.to = Some(to);
        let returned = self.count_activities(&q).await?;
        // The same index ranges without the end filter: every entry the scan visits.
        let mut binds = Binds::default();
        let g = binds.push(Bind::Uuid(group.0));
        let t = binds.push(Bind::I64(to.timestamp()));
        let mut parts = Vec::new();
        for k in 0..=MAX_SPAN_CLASS {
            let lo = binds.push(Bind::I64(from.timestamp() - span_class_max_secs(k)));
            parts.push(format!(
                "SELECT COUNT(*) AS n FROM activities WHERE group_id = {g} AND span_class = {k} AND start_utc >= {lo} AND start_utc < {t}"
            ));
        }
        let sql = format!("SELECT CAST(SUM(n) AS BIGINT) FROM ({}) s", parts.join(" UNION ALL "));
        let examined: i64 = on_pool!(self, pool => bind_all!(sqlx::query_scalar(&sql), binds).fetch_one(pool).await)?;
        let (list_sql, list_binds) = build_list(&q, KEY_COLS, true);
        let plan: Vec<String> = match self {
            Db::Sqlite { pool, .. } => {
                let sql = format!("EXPLAIN QUERY PLAN {list_sql}");
                let rows: Vec<(i64, i64, i64, String)> =
                    bind_all!(sqlx::query_as(&sql), list_binds).fetch_all(pool).await?;
                rows.into_iter().map(|r| r.3).collect()
            }
            Db::Postgres { pool, .. } => {
                let sql = format!("EXPLAIN {list_sql}");
                let rows: Vec<(String,)> = bind_all!(sqlx::query_as(&sql), list_binds).fetch_all(pool).await?;
                rows.into_iter().map(|r| r.0).collect()
            }
        };
        Ok(MonthScanStats { examined, returned, plan })
    }
}

/// Builds the list query. With a time window, the rows come from one index range
/// per duration class (UNION ALL), each bounded on both sides.
fn build_list(q: &ActivityQuery, cols: &str, ordered: bool) -> (String, Binds) {
    let f = &q.filter;
    let mut b = Binds::default();
    let g = b.push(Bind::Uuid(q.group.0));
    let deleted = if q.include_deleted { "" } else { " AND deleted_at IS NULL" };
    // Without a filter on kind, status or text, the parts read only what the calendar
    // index holds (`activities_window_keys`), so they never touch the table.
    let has_text = f.q.as_deref().is_some_and(|t| !fold(t).is_empty());
    let inner = if f.kind.is_some() || f.status.is_some() || has_text { "*" } else { INDEX_COLS };
    let (class_lo, class_hi) = f.span_classes.unwrap_or((0, MAX_SPAN_CLASS));
    let source = match (f.from, f.to) {
        (None, None) => format!(
            "(SELECT {inner} FROM activities WHERE group_id = {g} AND span_class >= {class_lo} AND span_class <= {class_hi}{deleted})"
        ),
        (from, to) => {
            let to_p = b.push(Bind::I64(to.map_or(i64::MAX, |t| t.timestamp())));
            let from_s = from.map_or(i64::MIN / 2, |f| f.timestamp());
            let from_p = b.push(Bind::I64(from_s));
            let mut parts = Vec::new();
            for k in class_lo.max(0)..=class_hi.min(MAX_SPAN_CLASS) {
                let lo = b.push(Bind::I64(from_s.saturating_sub(span_class_max_secs(k))));
                parts.push(format!(
                    "SELECT {inner} FROM activities WHERE group_id = {g} AND span_class = {k} AND start_utc >= {lo} AND start_utc < {to_p} AND end_utc > {from_p}{deleted}"
                ));
            }
            if parts.is_empty() {
                parts.push(format!("SELECT {inner} FROM activities WHERE 1 = 0"));
            }
            format!("({})", parts.join(" UNION ALL "))
        }
    };
    let mut wh: Vec<String> = Vec::new();
    // Which search column the reader may match: places of sensitive activities only
    // for those who see them exactly (coordinators and lead organizations).
    let mut search_column = String::from("a.search_public");
    match &q.scope {
        VisibilityScope::All => search_column = "a.search_text".into(),
        VisibilityScope::Public => wh.push("a.visibility = 'public'".into()),
        VisibilityScope::Member { lead_orgs } => {
            let mut lead = String::from("1 = 0");
            if !lead_orgs.is_empty() {
                let ps: Vec<String> = lead_orgs.iter().map(|o| b.push(Bind::Uuid(o.0))).collect();
                lead = format!(
                    "EXISTS (SELECT 1 FROM activity_orgs lo WHERE lo.activity_id = a.id AND lo.role = 'lead' AND lo.org_id IN ({}))",
                    ps.join(", ")
                );
            }
            wh.push(format!("(a.visibility IN ('group', 'public') OR (a.visibility = 'coordinators' AND {lead}))"));
            search_column = format!("(CASE WHEN {lead} THEN a.search_text ELSE a.search_public END)");
        }
    }
    if let Some(o) = f.org {
        let p = b.push(Bind::Uuid(o.0));
        wh.push(format!("EXISTS (SELECT 1 FROM activity_orgs ao WHERE ao.activity_id = a.id AND ao.org_id = {p})"));
    }
    if let Some(k) = f.kind {
        let p = b.push(Bind::Text(k.code().into()));
        wh.push(format!("a.kind = {p}"));
    }
    if let Some(s) = f.status {
        let p = b.push(Bind::Text(s.code().into()));
        wh.push(format!("a.status = {p}"));
    }
    let facets: [(&str, Option<String>); 3] = [
        ("pillar", f.pillar.map(|p| p.code().to_string())),
        ("target_group", f.target_group.map(|t| t.code().to_string())),
        ("region", f.region.clone()),
    ];
    for (facet, code) in facets {
        if let Some(code) = code {
            let f = b.push(Bind::Text(facet.into()));
            let c = b.push(Bind::Text(code));
            wh.push(format!(
                "EXISTS (SELECT 1 FROM activity_facets af WHERE af.activity_id = a.id AND af.facet = {f} AND af.code = {c})"
            ));
        }
    }
    if let Some(text) = f.q.as_deref().map(fold).filter(|t| !t.is_empty()) {
        let p = b.push(Bind::Text(format!("%{}%", like_escape(&text))));
        // Both sides are folded in Rust, so a plain LIKE is exact on both databases.
        wh.push(format!("{search_column} LIKE {p} ESCAPE '\\'"));
    }
    if let Some(c) = f.after {
        let s = b.push(Bind::I64(c.start_utc));
        let i = b.push(Bind::Uuid(c.id));
        wh.push(format!("(a.start_utc > {s} OR (a.start_utc = {s} AND a.id > {i}))"));
    }
    let mut sql = format!("SELECT {cols} FROM {source} a");
    if !wh.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wh.join(" AND "));
    }
    if ordered {
        sql.push_str(" ORDER BY a.start_utc, a.id");
    }
    if let Some(l) = f.limit {
        let p = b.push(Bind::I64(l));
        sql.push_str(&format!(" LIMIT {p}"));
    }
    (sql, b)
}
