//! Users, memberships, sessions, API tokens and failed-login counters. Everything a
//! server needs to remember about people lives here, so several servers can share it.

use crate::audit::{insert_audit, with_audit};
use crate::binds::{bind_all, Bind, Binds};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, Utc};
use jointcal_domain::account::{email_key, ApiToken, User};
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::{GroupId, OrgId, TokenId, UserId};
use jointcal_domain::vocab::{MemberRole, Vocabulary};
use uuid::Uuid;

/// A user with the secrets needed to check a sign-in.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: User,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    password_hash: String,
    is_admin: bool,
    org_id: Option<Uuid>,
    lang: String,
    totp_secret: Option<String>,
    totp_last_step: Option<i64>,
    created_at: DateTime<Utc>,
    password_changed_at: DateTime<Utc>,
    disabled_at: Option<DateTime<Utc>>,
    show_email: bool,
}

impl From<UserRow> for UserRecord {
    fn from(r: UserRow) -> Self {
        UserRecord {
            user: User {
                id: UserId(r.id),
                email: r.email,
                display_name: r.display_name,
                is_admin: r.is_admin,
                org: r.org_id.map(OrgId),
                lang: Some(r.lang).filter(|l| !l.is_empty()),
                totp_enabled: r.totp_secret.is_some(),
                show_email: r.show_email,
                created_at: r.created_at,
                password_changed_at: r.password_changed_at,
                disabled_at: r.disabled_at,
            },
            password_hash: r.password_hash,
            totp_secret: r.totp_secret,
            totp_last_step: r.totp_last_step,
        }
    }
}

const USER_COLS: &str = "u.id, u.email, u.display_name, u.password_hash, u.is_admin, u.org_id, u.lang, u.totp_secret, u.totp_last_step, u.created_at, u.password_changed_at, u.disabled_at, u.show_email";

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: Uuid,
    user_id: Uuid,
    name: String,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> Self {
        ApiToken {
            id: TokenId(r.id),
            user: UserId(r.user_id),
            name: r.name,
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            last_used_at: r.last_used_at,
        }
    }
}

/// Coordinators of group $1 who can act (see [`Db::acting_coordinators`]).
const ACTING_COORDINATORS: &str =
    "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN groups g ON g.id = m.group_id
     WHERE m.group_id = $1 AND m.role = 'coordinator' AND u.disabled_at IS NULL
       AND (g.require_totp_for_coordinators = FALSE OR u.totp_secret IS NOT NULL)";

const TOKEN_COLS: &str = "t.id, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at";

fn role(code: &str) -> Result<MemberRole, DbError> {
    MemberRole::from_code(code).map_err(|e| DbError::Corrupt(e.to_string()))
}

impl Db {
    pub async fn insert_user(&self, r: &UserRecord, audit: &AuditEvent) -> Result<(), DbError> {
        let u = &r.user;
        with_audit!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO users (id, email, email_key, display_name, password_hash, is_admin, org_id, lang, totp_secret, created_at, updated_at, password_changed_at, disabled_at, show_email)
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)",
            )
            .bind(u.id.0)
            .bind(&u.email)
            .bind(email_key(&u.email))
            .bind(&u.display_name)
            .bind(&r.password_hash)
            .bind(u.is_admin)
            .bind(u.org.map(|o| o.0))
            .bind(u.lang.as_deref().unwrap_or(""))
            .bind(&r.totp_secret)
            .bind(u.created_at)
            .bind(u.created_at)
            .bind(u.password_changed_at)
            .bind(u.disabled_at)
            .bind(u.show_email)
            .execute(&mut *tx)
            .await?;
        })?;
        Ok(())
    }

    pub async fn user_by_email(&self, email: &str) -> Result<UserRecord, DbError> {
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.email_key = $1");
        let row: Option<UserRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(email_key(email)).fetch_optional(pool).await)?;
        Ok(row.ok_or(DbError::NotFound)?.into())
    }

    pub async fn user(&self, id: UserId) -> Result<UserRecord, DbError> {
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let row: Option<UserRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
        Ok(row.ok_or(DbError::NotFound)?.into())
    }

    pub async fn list_users(&self) -> Result<Vec<User>, DbError> {
        let sql = format!("SELECT {USER_COLS} FROM users u ORDER BY u.email_key");
        let rows: Vec<UserRow> = on_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|r| UserRecord::from(r).user).collect())
    }

    /// Sets a new password hash and ends every session of the user (and, with
    /// `revoke_tokens`, every API token), in one transaction.
    pub async fn set_password(
        &self,
        user: UserId,
        hash: &str,
        at: DateTime<Utc>,
        revoke_tokens: bool,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        let n: u64 = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3")
                .bind(hash)
                .bind(at)
                .bind(user.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.0).execute(&mut *tx).await?;
            if revoke_tokens {
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                    .bind(at)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await.map(|_| n)
        })?;
        if n == 0 {
            return Err(DbError::NotFound);
        }
        Ok(())
    }

    /// Turns two-factor sign-in on (with a secret) or off (None).
    pub async fn set_totp(
        &self,
        user: UserId,
        secret: Option<&str>,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = NULL, updated_at = $2 WHERE id = $3")
                .bind(secret)
                .bind(at)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
        })?;
        Ok(())
    }

    /// Whether the person shows their e-mail address to the other members.
    pub async fn set_show_email(
        &self,
        user: UserId,
        show: bool,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let sql = "UPDATE users SET show_email = $1, updated_at = $2 WHERE id = $3";
        match self
            .write_one_audited(sql, Binds(vec![Bind::Bool(show), Bind::Time(at), Bind::Uuid(user.0)]), audit)
            .await?
        {
            0 => Err(DbError::NotFound),
            _ => Ok(()),
        }
    }

    /// Stores the language a person chose for the pages (`None`: none chosen). A
    /// preference, not a change of the account: not audited.
    /// The person's feed token, if they have one.
    pub async fn feed_token_of(&self, user: UserId) -> Result<Option<String>, DbError> {
        let sql = "SELECT feed_token FROM users WHERE id = $1";
        let row: Option<(Option<String>,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(user.0).fetch_optional(pool).await)?;
        Ok(row.ok_or(DbError::NotFound)?.0)
    }

    /// Gives the person a new feed token (the old one stops working), audited.
    pub async fn set_feed_token(
        &self,
        user: UserId,
        token: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let sql = "UPDATE users SET feed_token = $1, updated_at = $2 WHERE id = $3";
        match self
            .write_one_audited(sql, Binds(vec![Bind::Text(token.into()), Bind::Time(at), Bind::Uuid(user.0)]), audit)
            .await?
        {
            0 => Err(DbError::NotFound),
            _ => Ok(()),
        }
    }

    /// The person a feed token belongs to (None for an unknown token or a disabled
    /// account).
    pub async fn user_by_feed_token(&self, token: &str) -> Result<Option<User>, DbError> {
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.feed_token = $1 AND u.disabled_at IS NULL");
        let row: Option<UserRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(token).fetch_optional(pool).await)?;
        Ok(row.map(|r| UserRecord::from(r).user))
    }

    pub async fn set_user_lang(&self, user: UserId, lang: Option<&str>) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        let lang = lang.unwrap_or("");
        on_pool!(self, pool => sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang).bind(user.0).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn set_display_name(
        &self,
        user: UserId,
        name: &str,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let sql = "UPDATE users SET display_name = $1, updated_at = $2 WHERE id = $3";
        match self
            .write_one_audited(
                sql,
                Binds(vec![Bind::Text(name.to_string()), Bind::Time(at), Bind::Uuid(user.0)]),
                audit,
            )
            .await?
        {
            0 => Err(DbError::NotFound),
            _ => Ok(()),
        }
    }

    /// Records that a TOTP code of time step `step` was used; false when that step
    /// (or a later one) was used already, so a code works only once.
    pub async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let n: u64 = on_pool!(self, pool => sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
            .bind(step)
            .bind(user.0)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Gives `user` the `role` in `group` (adding or changing the membership). A
    /// group that has a coordinator keeps one: demoting the last is refused.
    pub async fn set_membership(
        &self,
        group: GroupId,
        user: UserId,
        role: MemberRole,
        at: DateTime<Utc>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        let upsert = "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
                      ON CONFLICT (group_id, user_id) DO UPDATE SET role = excluded.role";
        let binds =
            Binds(vec![Bind::Uuid(group.0), Bind::Uuid(user.0), Bind::Text(role.code().into()), Bind::Time(at)]);
        self.change_membership(group, user, upsert, binds, audit).await
    }

    /// Removes `user` from `group`; the last coordinator cannot be removed.
    pub async fn remove_membership(&self, group: GroupId, user: UserId, audit: &AuditEvent) -> Result<(), DbError> {
        let delete = "DELETE FROM memberships WHERE group_id = $1 AND user_id = $2";
        let binds = Binds(vec![Bind::Uuid(group.0), Bind::Uuid(user.0)]);
        self.change_membership(group, user, delete, binds, audit).await
    }

    /// How many coordinators of a group can act: all of them, or, when the group
    /// requires two-factor sign-in of its coordinators, those who have it.
    pub async fn acting_coordinators(&self, group: GroupId) -> Result<i64, DbError> {
        Ok(on_pool!(self, pool => sqlx::query_scalar(ACTING_COORDINATORS).bind(group.0).fetch_one(pool).await)?)
    }

    /// Runs one membership write with its audit event in a transaction that first
    /// locks the group's row (so two changes of one group never interleave) and
    /// refuses a change that leaves a group without the coordinator it had.
    async fn change_membership(
        &self,
        group: GroupId,
        user: UserId,
        sql: &str,
        binds: Binds,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        const COORDINATORS: &str = ACTING_COORDINATORS;
        let _turn = self.write_turn().await;
        let outcome: Result<Result<(), DbError>, sqlx::Error> = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // The lock: an update of the group row that changes nothing.
            let found = sqlx::query("UPDATE groups SET version = version WHERE id = $1").bind(group.0).execute(&mut *tx).await?.rows_affected();
            let before: i64 = sqlx::query_scalar(COORDINATORS).bind(group.0).fetch_one(&mut *tx).await?;
            let changed = bind_all!(sqlx::query(sql), binds).execute(&mut *tx).await?.rows_affected();
            let after: i64 = sqlx::query_scalar(COORDINATORS).bind(group.0).fetch_one(&mut *tx).await?;
            let verdict = if found == 0 || changed == 0 {
                Err(DbError::NotFound)
            } else if before > 0 && after == 0 {
                Err(DbError::Conflict(format!(
                    "user {user} is the group's last coordinator who can act (with two-factor sign-in where the group requires it): make someone else coordinator first"
                )))
            } else {
                Ok(())
            };
            if verdict.is_ok() {
                insert_audit!(&mut *tx, audit)?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            Ok::<_, sqlx::Error>(verdict)
        });
        outcome?
    }

    pub async fn membership(&self, group: GroupId, user: UserId) -> Result<Option<MemberRole>, DbError> {
        let code: Option<String> = on_pool!(self, pool => sqlx::query_scalar("SELECT role FROM memberships WHERE group_id = $1 AND user_id = $2")
            .bind(group.0).bind(user.0).fetch_optional(pool).await)?;
        code.as_deref().map(role).transpose()
    }

    /// The members of a group with their roles, by e-mail.
    pub async fn members(&self, group: GroupId) -> Result<Vec<(User, MemberRole)>, DbError> {
        let sql = format!(
            "SELECT {USER_COLS}, m.role AS member_role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 ORDER BY u.email_key"
        );
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            member_role: String,
        }
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).fetch_all(pool).await)?;
        rows.into_iter().map(|r| Ok((UserRecord::from(r.user).user, role(&r.member_role)?))).collect()
    }

    pub async fn insert_session(
        &self,
        id_hash: &str,
        user: UserId,
        csrf: &str,
        created: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)")
            .bind(id_hash)
            .bind(user.0)
            .bind(csrf)
            .bind(created)
            .bind(expires)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The session's user, CSRF token and expiry, if the session exists.
    pub async fn session(&self, id_hash: &str) -> Result<Option<(UserRecord, String, DateTime<Utc>)>, DbError> {
        let sql = format!(
            "SELECT {USER_COLS}, s.csrf_token, s.expires_at AS session_expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1"
        );
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            csrf_token: String,
            session_expires: DateTime<Utc>,
        }
        let row: Option<Row> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id_hash).fetch_optional(pool).await)?;
        Ok(row.map(|r| (r.user.into(), r.csrf_token, r.session_expires)))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    pub async fn insert_token(&self, t: &ApiToken, hash: &str, audit: &AuditEvent) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            sqlx::query("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6)")
                .bind(t.id.0)
                .bind(t.user.0)
                .bind(&t.name)
                .bind(hash)
                .bind(t.created_at)
                .bind(t.expires_at)
                .execute(&mut *tx)
                .await?;
        })?;
        Ok(())
    }

    /// The token with this hash and its user. Two reads: the token's own id and
    /// creation time must not be taken for the user's (both tables have them).
    pub async fn token_by_hash(&self, hash: &str) -> Result<Option<(ApiToken, UserRecord)>, DbError> {
        let sql = format!("SELECT {TOKEN_COLS} FROM api_tokens t WHERE t.token_hash = $1");
        let row: Option<TokenRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(hash).fetch_optional(pool).await)?;
        let Some(token) = row.map(ApiToken::from) else {
            return Ok(None);
        };
        let user = self.user(token.user).await?;
        Ok(Some((token, user)))
    }

    pub async fn tokens_of(&self, user: UserId) -> Result<Vec<ApiToken>, DbError> {
        let sql = format!("SELECT {TOKEN_COLS} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at, t.id");
        let rows: Vec<TokenRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(user.0).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    pub async fn token(&self, id: TokenId) -> Result<ApiToken, DbError> {
        let sql = format!("SELECT {TOKEN_COLS} FROM api_tokens t WHERE t.id = $1");
        let row: Option<TokenRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
        Ok(row.ok_or(DbError::NotFound)?.into())
    }

    pub async fn revoke_token(&self, id: TokenId, at: DateTime<Utc>, audit: &AuditEvent) -> Result<(), DbError> {
        let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
        match self.write_one_audited(sql, Binds(vec![Bind::Time(at), Bind::Uuid(id.0)]), audit).await? {
            0 => Err(DbError::NotFound),
            _ => Ok(()),
        }
    }

    pub async fn touch_token(&self, id: TokenId, at: DateTime<Utc>) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(at).bind(id.0).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Records one failed sign-in under each key, and forgets attempts older than a day.
    pub async fn record_failed_login(&self, keys: &[String], ids: &[Uuid], at: DateTime<Utc>) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        let day_ago = at - chrono::Duration::days(1);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (k, id) in keys.iter().zip(ids) {
                sqlx::query("INSERT INTO login_attempts (id, key, at) VALUES ($1, $2, $3)").bind(*id).bind(k).bind(at).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM login_attempts WHERE key = $1 AND at < $2").bind(k).bind(day_ago).execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Takes back attempts recorded for a sign-in that turned out right.
    pub async fn delete_login_attempts(&self, ids: &[Uuid]) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for id in ids {
                sqlx::query("DELETE FROM login_attempts WHERE id = $1").bind(*id).execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Times of the latest failed sign-ins under `key`, newest first (at most 100).
    pub async fn failed_logins(&self, key: &str) -> Result<Vec<DateTime<Utc>>, DbError> {
        let v: Vec<DateTime<Utc>> = on_pool!(self, pool => sqlx::query_scalar("SELECT at FROM login_attempts WHERE key = $1 ORDER BY at DESC LIMIT 100")
            .bind(key).fetch_all(pool).await)?;
        Ok(v)
    }

    pub async fn clear_failed_logins(&self, key: &str) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query("DELETE FROM login_attempts WHERE key = $1").bind(key).execute(pool).await.map(|_| ()))?;
        Ok(())
    }
}
