//! One-time links into an account (invitations, password resets): stored as
//! the SHA-256 of their secret, used once, until they expire.

use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::ids::UserId;
use uuid::Uuid;

impl Db {
    pub async fn insert_account_link(
        &self,
        hash: &str,
        user: UserId,
        purpose: &str,
        created: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO account_links (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(hash)
            .bind(user.0)
            .bind(purpose)
            .bind(created)
            .bind(expires)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// How many links of `purpose` were made for `user` since `since` (a limit on
    /// password-reset mail).
    pub async fn account_links_since(&self, user: UserId, purpose: &str, since: DateTime<Utc>) -> Result<i64, DbError> {
        let n: i64 = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM account_links WHERE user_id = $1 AND purpose = $2 AND created_at > $3")
            .bind(user.0)
            .bind(purpose)
            .bind(since)
            .fetch_one(pool)
            .await)?;
        Ok(n)
    }

    /// The account of a link that is unused and not expired at `now`, if any.
    pub async fn account_link(&self, hash: &str, purpose: &str, now: DateTime<Utc>) -> Result<Option<UserId>, DbError> {
        let id: Option<Uuid> = on_pool!(self, pool => sqlx::query_scalar(
            "SELECT user_id FROM account_links WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3")
            .bind(hash)
            .bind(purpose)
            .bind(now)
            .fetch_optional(pool)
            .await)?;
        Ok(id.map(UserId))
    }

    /// Uses a link: its account if it was unused and not expired, and from now on
    /// nobody's (one statement, so two uses at once cannot both succeed).
    pub async fn use_account_link(
        &self,
        hash: &str,
        purpose: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<UserId>, DbError> {
        let _turn = self.write_turn().await;
        let id: Option<Uuid> = on_pool!(self, pool => sqlx::query_scalar(
            "UPDATE account_links SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id")
            .bind(hash)
            .bind(purpose)
            .bind(now)
            .fetch_optional(pool)
            .await)?;
        Ok(id.map(UserId))
    }
}
