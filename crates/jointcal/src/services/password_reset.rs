//! Password reset by mail: a person who forgot their password asks for a link (by
//! address; the answer never says whether the address is known); the link works once,
//! for an hour; setting a new password through it ends every session of the account.
//! At most three links an hour per account, so nobody can flood a mailbox.

use crate::secrets;
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, Duration, Utc};
use jointcal_domain::account::{check_password, User};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::{Problem, ValidationErrors};

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 60;
const PURPOSE: &str = "reset";
const PER_HOUR: i64 = 3;

impl Services {
    /// Makes a reset link for the account of `email`: its secret (to mail, never
    /// shown) and expiry. `None` for an unknown or disabled account, or one that had
    /// three links in the last hour; the caller answers the same in every case.
    pub async fn start_password_reset(
        &self,
        email: &str,
    ) -> Result<Option<(User, String, DateTime<Utc>)>, ServiceError> {
        let user = match self.user_by_email(email.trim()).await {
            Ok(u) if u.disabled_at.is_none() => u,
            Ok(_) | Err(ServiceError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let now = self.now();
        let recent =
            self.db.account_links_since(user.id, PURPOSE, now - Duration::hours(1)).await.or_service("link")?;
        if recent >= PER_HOUR {
            tracing::warn!(user = %user.id, "password reset asked again within the hour: no new link");
            return Ok(None);
        }
        let token = secrets::random_hex();
        let expires = now + Duration::minutes(RESET_MINUTES);
        self.db
            .insert_account_link(&secrets::digest(&token), user.id, PURPOSE, now, expires)
            .await
            .or_service("password reset")?;
        Ok(Some((user, token, expires)))
    }

    /// The account a reset link opens, while it is unused and not expired.
    pub async fn password_reset_account(&self, token: &str) -> Result<User, ServiceError> {
        let id = self
            .db
            .account_link(&secrets::digest(token.trim()), PURPOSE, self.now())
            .await
            .or_service("password reset link")?
            .ok_or_else(|| ServiceError::NotFound("password reset link".into()))?;
        self.user(id).await
    }

    /// Sets the new password through the link; the link stops working and every
    /// session of the account ends. Returns the account (the caller signs it in).
    #[tracing::instrument(name = "finish_password_reset", skip_all)]
    pub async fn finish_password_reset(
        &self,
        token: &str,
        password: &str,
        password_again: &str,
    ) -> Result<User, ServiceError> {
        let user = self.password_reset_account(token).await?;
        let mut e = ValidationErrors::new();
        if let Err(p) = check_password(password) {
            e.add("password", p);
        }
        if password != password_again {
            e.add("password_again", Problem::new("passwords_differ", "is not the same password"));
        }
        e.into_result(())?;
        let id = self
            .db
            .use_account_link(&secrets::digest(token.trim()), PURPOSE, self.now())
            .await
            .or_service("password reset link")?
            .ok_or_else(|| ServiceError::NotFound("password reset link".into()))?;
        let hash = crate::services::accounts::hash(password.to_string()).await?;
        let ev = self.stamp(
            &Actor::User { id },
            AuditEvent::update(EntityKind::User, id.0)
                .after(serde_json::json!({"password": "reset through a link sent by mail", "sessions": "ended"})),
        );
        self.db.set_password(id, &hash, self.now(), false, &ev).await.or_service("user")?;
        Ok(user)
    }
}
