//! Forgetting what has expired: sessions past their end and failed sign-ins too old
//! to count. These are not audited changes (sessions and attempts never are).

use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};

impl Db {
    /// Deletes the sessions that expired at or before `now`; returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n)
    }

    /// Deletes the failed sign-ins recorded before `cutoff`; returns how many.
    pub async fn delete_failed_logins_before(&self, cutoff: DateTime<Utc>) -> Result<u64, DbError> {
        let _turn = self.write_turn().await;
        let n = on_pool!(self, pool => sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(cutoff)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n)
    }
}
