//! Job leases and job runs: how several servers sharing one database agree on who
//! runs a background job, and remember what the last run did.
//!
//! A lease is one row of `job_leases` (name, holder, expires_at). Taking it is one
//! statement on both databases, an upsert that changes the row only when the lease
//! is free or already ours, so two servers can never both believe they hold it.
//! On SQLite times are stored as RFC 3339 text in UTC, which sorts like time.

use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Duration, Utc};

/// What one finished run of a job did, to be recorded in `job_runs`.
#[derive(Debug, Clone)]
pub struct JobRunOutcome {
    pub name: String,
    pub holder: String,
    /// The scheduled time this run was for; `None` for a run asked for by hand,
    /// which leaves the schedule as it was.
    pub due_at: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// `Ok(report)` or `Err(error message)`.
    pub result: Result<String, String>,
}

/// What the database remembers of a job's runs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRunRecord {
    pub name: String,
    pub last_due_at: Option<DateTime<Utc>>,
    pub last_started_at: DateTime<Utc>,
    pub last_finished_at: DateTime<Utc>,
    pub last_holder: String,
    pub last_ok_at: Option<DateTime<Utc>>,
    /// The last run's error; `None` when it succeeded.
    pub last_error: Option<String>,
    /// The report of the last successful run.
    pub last_report: Option<String>,
    pub runs: i64,
    pub failures: i64,
}

const RUN_COLS: &str = "name, last_due_at, last_started_at, last_finished_at, last_holder, last_ok_at, last_error, last_report, runs, failures";

impl Db {
    /// Takes the lease `name` for `holder` until `now + ttl` if it is free, expired
    /// or already held by `holder` (then it is extended). True when `holder` has it.
    pub async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query(
            "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
             WHERE job_leases.expires_at <= $4 OR job_leases.holder = excluded.holder")
            .bind(name)
            .bind(holder)
            .bind(now + ttl)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Extends a lease that `holder` still has to `now + ttl`. False when the lease
    /// was released or taken over meanwhile.
    pub async fn renew_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query("UPDATE job_leases SET expires_at = $3 WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .bind(now + ttl)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Gives up a lease held by `holder`, so that another can take it at once.
    /// False when `holder` did not hold it.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// The current holder of a lease and its expiry, if anyone holds or held it.
    pub async fn lease(&self, name: &str) -> Result<Option<(String, DateTime<Utc>)>, DbError> {
        let row: Option<(String, DateTime<Utc>)> = on_pool!(self, pool => sqlx::query_as(
            "SELECT holder, expires_at FROM job_leases WHERE name = $1")
            .bind(name)
            .fetch_optional(pool)
            .await)?;
        Ok(row)
    }

    /// Records a finished run: counts it, keeps its error or report.
    pub async fn record_job_run(&self, o: &JobRunOutcome) -> Result<(), DbError> {
        let (ok_at, error, report) = match &o.result {
            Ok(report) => (Some(o.finished_at), None, Some(report.as_str())),
            Err(e) => (None, Some(e.as_str()), None),
        };
        let failed = i64::from(o.result.is_err());
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO job_runs (name, last_due_at, last_started_at, last_finished_at, last_holder, last_ok_at, \
             last_error, last_report, runs, failures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9) \
             ON CONFLICT (name) DO UPDATE SET \
             last_due_at = COALESCE(excluded.last_due_at, job_runs.last_due_at), \
             last_started_at = excluded.last_started_at, \
             last_finished_at = excluded.last_finished_at, \
             last_holder = excluded.last_holder, \
             last_ok_at = COALESCE(excluded.last_ok_at, job_runs.last_ok_at), \
             last_error = excluded.last_error, \
             last_report = COALESCE(excluded.last_report, job_runs.last_report), \
             runs = job_runs.runs + 1, \
             failures = job_runs.failures + excluded.failures")
            .bind(&o.name)
            .bind(o.due_at)
            .bind(o.started_at)
            .bind(o.finished_at)
            .bind(&o.holder)
            .bind(ok_at)
            .bind(error)
            .bind(report)
            .bind(failed)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// What is remembered of the runs of job `name`, if it ever ran.
    pub async fn job_run(&self, name: &str) -> Result<Option<JobRunRecord>, DbError> {
        let sql = format!("SELECT {RUN_COLS} FROM job_runs WHERE name = $1");
        let row: Option<JobRunRecord> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(name).fetch_optional(pool).await)?;
        Ok(row)
    }

    /// Every job that ever ran, by name.
    pub async fn job_runs(&self) -> Result<Vec<JobRunRecord>, DbError> {
        let sql = format!("SELECT {RUN_COLS} FROM job_runs ORDER BY name");
        let rows: Vec<JobRunRecord> = on_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows)
    }
}
