//! Accounts: users, memberships, sign-in with sessions, API tokens, two-factor sign-in.

use crate::secrets;
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, Duration, Utc};
use jointcal_db::{DbError, UserRecord};
use jointcal_domain::access::{can_administer, can_manage_account, can_manage_group, Viewer};
use jointcal_domain::account::{
    check_token_name, login_keys, login_limit, login_retry_after, validate_new_user, ApiToken, User, SESSION_DAYS,
};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::{TokenId, UserId};
use jointcal_domain::vocab::{MemberRole, Vocabulary};
use jointcal_domain::Problem;
use jointcal_domain::ValidationErrors;
use serde_json::json;

/// Who is signed in, and how.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub via: Via,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A browser session; writes must carry its CSRF token.
    Session { csrf: String },
    /// An API bearer token.
    Token { id: TokenId },
    /// A feed token: reads the calendar feeds its person may read, nothing else.
    Feed,
}

impl Principal {
    pub fn actor(&self) -> Actor {
        match &self.via {
            Via::Session { .. } => Actor::User { id: self.user.id },
            Via::Token { id } => Actor::Token { id: *id, user: self.user.id },
            Via::Feed => Actor::User { id: self.user.id },
        }
    }
}

/// A member of a group as one viewer sees them.
#[derive(Debug, Clone)]
pub struct MemberView {
    pub user: User,
    pub role: MemberRole,
    /// Shown to the group's coordinators and to the person.
    pub email: Option<String>,
}

/// A new account.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// Acronym, id or IATI identifier of the person's organization.
    pub org: Option<String>,
    pub admin: bool,
}

/// A sign-in that worked: the secret session id for the cookie, and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub expires: DateTime<Utc>,
    pub user: User,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown address or wrong password: one answer for both.
    #[error("wrong e-mail address or password")]
    Invalid,
    #[error("enter the six-digit code of your authenticator app")]
    CodeRequired,
    #[error("the code is wrong or was used already")]
    CodeInvalid,
    #[error("a group you coordinate requires two-factor sign-in: turn it on with `jointcal user totp enable` first")]
    TwoFactorSetupRequired,
    #[error("this account is disabled")]
    Disabled,
    #[error("too many failed sign-ins; try again in {} minutes", (.retry_after_secs + 59) / 60)]
    TooMany { retry_after_secs: i64 },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

fn user_json(u: &User) -> serde_json::Value {
    json!({"email": u.email, "display_name": u.display_name, "is_admin": u.is_admin, "org": u.org, "totp_enabled": u.totp_enabled, "show_email": u.show_email})
}

pub(crate) async fn hash(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || secrets::hash_password(&password))
        .await
        .map_err(|e| ServiceError::Internal(format!("password hashing stopped: {e}")))?
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || secrets::verify_password(&password, &hash)).await.unwrap_or(false)
}

impl Services {
    fn db_err(e: DbError, what: &str) -> ServiceError {
        ServiceError::from_db(e, what)
    }

    #[tracing::instrument(name = "create_user", skip_all)]
    pub async fn create_user(&self, viewer: &Viewer, actor: &Actor, new: &NewUser) -> Result<User, ServiceError> {
        self.insert_new_user(actor, new, || can_administer(viewer)).await
    }

    /// Checks `new`, then asks `allowed` (the caller's access rule), then writes the
    /// account and its audit event.
    pub(crate) async fn insert_new_user(
        &self,
        actor: &Actor,
        new: &NewUser,
        allowed: impl FnOnce() -> Result<(), jointcal_domain::access::Denied>,
    ) -> Result<User, ServiceError> {
        let (email, display_name) = validate_new_user(&new.email, &new.display_name, &new.password)?;
        let org = match new.org.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(r) => Some(match self.find_org(r).await {
                Ok(o) => o.id,
                Err(ServiceError::NotFound(_)) => {
                    return Err(ValidationErrors::single(
                        "org",
                        Problem::new("unknown_organization", format!("no organization '{r}' is known"))
                            .with("value", r),
                    )
                    .into())
                }
                Err(e) => return Err(e),
            }),
        };
        allowed()?;
        let now = self.now();
        let user = User {
            id: UserId(self.new_uuid()),
            email,
            display_name,
            is_admin: new.admin,
            org,
            lang: None,
            totp_enabled: false,
            show_email: false,
            created_at: now,
            password_changed_at: now,
            disabled_at: None,
        };
        let record = UserRecord {
            user: user.clone(),
            password_hash: hash(new.password.clone()).await?,
            totp_secret: None,
            totp_last_step: None,
        };
        let ev = self.stamp(actor, AuditEvent::create(EntityKind::User, user.id.0).after(user_json(&user)));
        self.db.insert_user(&record, &ev).await.map_err(|e| Self::db_err(e, "user"))?;
        Ok(user)
    }

    pub async fn user(&self, id: UserId) -> Result<User, ServiceError> {
        Ok(self.db.user(id).await.or_service("user")?.user)
    }

    pub async fn user_by_email(&self, email: &str) -> Result<User, ServiceError> {
        Ok(self.db.user_by_email(email).await.map_err(|e| Self::db_err(e, &format!("user '{}'", email.trim())))?.user)
    }

    /// Who did something, in words: a person's (or their token's) e-mail address, or
    /// the kind of actor (`cli`, `system`, `job`). An account that is gone shows its id.
    pub async fn actor_label(&self, actor: &Actor) -> String {
        match actor {
            Actor::User { id } | Actor::Token { user: id, .. } => {
                self.db.user(*id).await.map(|u| u.user.email).unwrap_or_else(|_| id.to_string())
            }
            other => other.kind().to_string(),
        }
    }

    pub async fn list_users(&self) -> Result<Vec<User>, ServiceError> {
        self.db.list_users().await.map_err(|e| Self::db_err(e, "user"))
    }

    /// Sets a new password (instance admin, or the person themself) and ends every
    /// session of the account; with `revoke_tokens` its API tokens stop working too
    /// (what a reset after a compromise needs).
    #[tracing::instrument(name = "set_password", skip_all, fields(user = %user))]
    pub async fn set_password(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        user: UserId,
        password: &str,
        revoke_tokens: bool,
    ) -> Result<(), ServiceError> {
        if let Err(m) = jointcal_domain::account::check_password(password) {
            return Err(ValidationErrors::single("password", m).into());
        }
        can_manage_account(viewer, user)?;
        let at = self.now();
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::User, user.0)
                .after(json!({"password_changed_at": at, "tokens_revoked": revoke_tokens})),
        );
        self.db
            .set_password(user, &hash(password.to_string()).await?, at, revoke_tokens, &ev)
            .await
            .map_err(|e| Self::db_err(e, "user"))
    }

    /// Whether `user` shows their e-mail address to the other members of their
    /// groups (the person, or the instance admin).
    pub async fn set_show_email(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        user: UserId,
        show: bool,
    ) -> Result<(), ServiceError> {
        can_manage_account(viewer, user)?;
        let ev = self.stamp(actor, AuditEvent::update(EntityKind::User, user.0).after(json!({"show_email": show})));
        self.db.set_show_email(user, show, self.now(), &ev).await.or_service("user")
    }

    /// Turns two-factor sign-in on; returns the secret and its `otpauth://` URI.
    pub async fn enable_totp(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        user: UserId,
    ) -> Result<(String, String), ServiceError> {
        can_manage_account(viewer, user)?;
        let u = self.db.user(user).await.map_err(|e| Self::db_err(e, "user"))?.user;
        let secret = secrets::new_totp_secret();
        let uri = secrets::totp_uri(&secret, &u.email)
            .ok_or_else(|| ServiceError::Internal("cannot make a TOTP secret".into()))?;
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::User, user.0)
                .before(json!({"totp_enabled": u.totp_enabled}))
                .after(json!({"totp_enabled": true})),
        );
        self.db.set_totp(user, Some(&secret), self.now(), &ev).await.map_err(|e| Self::db_err(e, "user"))?;
        Ok((secret, uri))
    }

    /// Turns two-factor sign-in on with a secret the person's app has shown to work
    /// (its current code), so that a scan that went wrong cannot lock them out.
    pub async fn enable_totp_checked(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        user: UserId,
        secret: &str,
        code: &str,
    ) -> Result<(), ServiceError> {
        can_manage_account(viewer, user)?;
        let now = u64::try_from(self.now().timestamp()).unwrap_or_default();
        if secrets::totp_step(secret, code, now).is_none() {
            let p = Problem::new(
                "code_invalid",
                "the code is not the one your app shows now: scan again, or wait for the next code",
            );
            return Err(ValidationErrors::single("code", p).into());
        }
        let u = self.db.user(user).await.or_service("user")?.user;
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::User, user.0)
                .before(json!({"totp_enabled": u.totp_enabled}))
                .after(json!({"totp_enabled": true})),
        );
        self.db.set_totp(user, Some(secret), self.now(), &ev).await.or_service("user")
    }

    /// Turns two-factor sign-in off, unless that leaves a group that requires it of
    /// its coordinators without a coordinator who can act (409).
    pub async fn disable_totp(&self, viewer: &Viewer, actor: &Actor, user: UserId) -> Result<(), ServiceError> {
        can_manage_account(viewer, user)?;
        let me = self.db.user(user).await.or_service("user")?;
        for g in self.list_groups().await? {
            let coordinates =
                self.db.membership(g.id, user).await.or_service("membership")? == Some(MemberRole::Coordinator);
            if coordinates
                && g.fields.require_totp_for_coordinators
                && me.totp_secret.is_some()
                && self.db.acting_coordinators(g.id).await.or_service("membership")? <= 1
            {
                return Err(ServiceError::Conflict(format!(
                    "'{}' requires two-factor sign-in of its coordinators and you are the only one who has it: make another coordinator turn it on first",
                    g.fields.slug
                )));
            }
        }
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::User, user.0)
                .before(json!({"totp_enabled": true}))
                .after(json!({"totp_enabled": false})),
        );
        self.db.set_totp(user, None, self.now(), &ev).await.map_err(|e| Self::db_err(e, "user"))
    }

    /// Adds a person to a group or changes their role (coordinators and the admin).
    /// The last coordinator of a group cannot step down (409).
    #[tracing::instrument(name = "set_member", skip_all, fields(group = %group.fields.slug, user = %user))]
    pub async fn set_member(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        user: UserId,
        role: MemberRole,
    ) -> Result<(), ServiceError> {
        can_manage_group(viewer)?;
        self.db.user(user).await.or_service("user")?;
        let before = self.db.membership(group.id, user).await.or_service("membership")?;
        let audit = match before {
            Some(r) => {
                AuditEvent::update(EntityKind::Membership, user.0).before(json!({"user": user, "role": r.code()}))
            }
            None => AuditEvent::create(EntityKind::Membership, user.0),
        };
        let ev = self.stamp(actor, audit.group(group.id).after(json!({"user": user, "role": role.code()})));
        self.db.set_membership(group.id, user, role, self.now(), &ev).await.or_service("membership")
    }

    /// Removes a person from a group; the last coordinator cannot leave (409).
    #[tracing::instrument(name = "remove_member", skip_all, fields(group = %group.fields.slug, user = %user))]
    pub async fn remove_member(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        user: UserId,
    ) -> Result<(), ServiceError> {
        can_manage_group(viewer)?;
        let Some(role) = self.db.membership(group.id, user).await.or_service("membership")? else {
            return Err(ServiceError::NotFound("membership".into()));
        };
        let ev = self.stamp(
            actor,
            AuditEvent::delete(EntityKind::Membership, user.0)
                .group(group.id)
                .before(json!({"user": user, "role": role.code()})),
        );
        self.db.remove_membership(group.id, user, &ev).await.or_service("membership")
    }

    /// The members of a group, for its members and the admin. Their e-mail
    /// addresses are for the group's coordinators, each person's own, and those of
    /// people who chose to show it.
    pub async fn members(&self, viewer: &Viewer, group: &Group) -> Result<Vec<MemberView>, ServiceError> {
        jointcal_domain::access::can_list_members(viewer)?;
        let list = self.db.members(group.id).await.or_service("membership")?;
        Ok(list
            .into_iter()
            .map(|(user, role)| {
                let shown = viewer.is_coordinator() || viewer.user == Some(user.id) || user.show_email;
                let email = shown.then(|| user.email.clone());
                MemberView { user, role, email }
            })
            .collect())
    }

    /// What `principal` may do in `group`.
    pub async fn viewer_for(&self, principal: Option<&Principal>, group: &Group) -> Result<Viewer, ServiceError> {
        let Some(p) = principal else {
            return Ok(Viewer::ANONYMOUS);
        };
        let role = self.db.membership(group.id, p.user.id).await.or_service("membership")?;
        // A group that requires two-factor sign-in of its coordinators gives a
        // coordinator without it no more than reading, whatever the session or token.
        let role = match role {
            Some(MemberRole::Coordinator) if group.fields.require_totp_for_coordinators && !p.user.totp_enabled => {
                Some(MemberRole::Viewer)
            }
            other => other,
        };
        Ok(Viewer { user: Some(p.user.id), org: p.user.org, role, admin: p.user.is_admin })
    }

    /// Checks a sign-in. `addr` is the client's address (the second counter key);
    /// `old_session` is the session id the browser sent, which is ended (the id
    /// always changes on sign-in).
    #[tracing::instrument(name = "sign_in", skip_all, fields(client = %addr))]
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        code: Option<&str>,
        addr: &str,
        old_session: Option<&str>,
    ) -> Result<NewSession, LoginError> {
        let now = self.now();
        let keys = login_keys(email, addr);
        // The attempt is recorded before the password is checked, and counted with
        // the earlier ones: requests sent at once cannot all slip under the limit.
        // It is taken back when the sign-in works, only lacks its second factor, or
        // is refused for the limit: only real failures count, so retries while
        // locked do not extend the lock, and Retry-After stays true.
        let attempt = [self.new_uuid(), self.new_uuid()];
        self.db.record_failed_login(&keys, &attempt, now).await.or_service("login")?;
        let take_back = || async {
            self.db.delete_login_attempts(&attempt).await.map_err(|e| LoginError::from(Self::db_err(e, "login")))
        };
        for key in &keys {
            let mut failures = self.db.failed_logins(key).await.or_service("login")?;
            // Ours is the newest; the limit is about the earlier ones.
            failures.sort();
            failures.pop();
            if let Some(wait) = login_retry_after(login_limit(key), &failures, now) {
                take_back().await?;
                tracing::warn!(counter = %key.split(':').next().unwrap_or(""), retry_after_secs = wait.num_seconds(), "sign-in refused: too many failures");
                return Err(LoginError::TooMany { retry_after_secs: wait.num_seconds().max(1) });
            }
        }
        let record = match self.db.user_by_email(email).await {
            Ok(r) => Some(r),
            Err(DbError::NotFound) => None,
            Err(e) => return Err(Self::db_err(e, "user").into()),
        };
        let hash = record.as_ref().map_or_else(|| secrets::dummy_hash().to_string(), |r| r.password_hash.clone());
        let ok = verify(password.to_string(), hash).await && record.is_some();
        let Some(record) = record.filter(|_| ok) else {
            tracing::warn!("sign-in failed: wrong e-mail address or password");
            return Err(LoginError::Invalid);
        };
        if record.user.disabled_at.is_some() {
            // The password was right: not a guess, so it does not count.
            take_back().await?;
            tracing::warn!(user = %record.user.id, "sign-in refused: the account is disabled");
            return Err(LoginError::Disabled);
        }
        if let Some(secret) = &record.totp_secret {
            let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
                take_back().await?;
                tracing::info!(user = %record.user.id, "sign-in waits for the two-factor code");
                return Err(LoginError::CodeRequired);
            };
            let step = secrets::totp_step(secret, code, u64::try_from(now.timestamp()).unwrap_or(0));
            let fresh = match step {
                Some(s) => self.db.use_totp_step(record.user.id, s).await.map_err(|e| Self::db_err(e, "user"))?,
                None => false,
            };
            if !fresh {
                tracing::warn!(user = %record.user.id, "sign-in failed: wrong or reused two-factor code");
                return Err(LoginError::CodeInvalid);
            }
        } else if self.requires_totp(record.user.id).await? {
            take_back().await?;
            tracing::warn!(user = %record.user.id, "sign-in refused: a group requires two-factor sign-in of this coordinator");
            return Err(LoginError::TwoFactorSetupRequired);
        }
        take_back().await?;
        self.db.clear_failed_logins(&keys[0]).await.map_err(|e| Self::db_err(e, "login"))?;
        if let Some(old) = old_session {
            self.db.delete_session(&secrets::digest(old)).await.map_err(|e| Self::db_err(e, "session"))?;
        }
        let token = secrets::random_hex();
        let csrf = secrets::random_hex();
        let expires = now + Duration::days(SESSION_DAYS);
        self.db
            .insert_session(&secrets::digest(&token), record.user.id, &csrf, now, expires)
            .await
            .map_err(|e| Self::db_err(e, "session"))?;
        tracing::info!(user = %record.user.id, "signed in");
        Ok(NewSession { token, csrf, expires, user: record.user })
    }

    /// Whether the person coordinates a group that requires two-factor sign-in.
    async fn requires_totp(&self, user: UserId) -> Result<bool, ServiceError> {
        for g in self.list_groups().await? {
            if g.fields.require_totp_for_coordinators
                && self.db.membership(g.id, user).await.map_err(|e| Self::db_err(e, "membership"))?
                    == Some(MemberRole::Coordinator)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub async fn logout(&self, session: &str) -> Result<(), ServiceError> {
        self.db.delete_session(&secrets::digest(session)).await.map_err(|e| Self::db_err(e, "session"))
    }

    /// The principal of a session id, if the session is live.
    pub async fn principal_from_session(&self, session: &str) -> Result<Option<Principal>, ServiceError> {
        let found = self.db.session(&secrets::digest(session)).await.map_err(|e| Self::db_err(e, "session"))?;
        Ok(found.and_then(|(r, csrf, expires)| {
            (expires > self.now() && r.user.disabled_at.is_none())
                .then_some(Principal { user: r.user, via: Via::Session { csrf } })
        }))
    }

    /// Remembers the language the person of a live session chose for the pages
    /// (nothing happens for an unknown or expired session).
    pub async fn remember_language(&self, session: &str, lang: &str) -> Result<(), ServiceError> {
        if let Some(p) = self.principal_from_session(session).await? {
            if p.user.lang.as_deref() != Some(lang) {
                self.db.set_user_lang(p.user.id, Some(lang)).await.map_err(|e| Self::db_err(e, "set_user_lang"))?;
            }
        }
        Ok(())
    }

    /// The principal of an API bearer token, if the token is live.
    pub async fn principal_from_token(&self, token: &str) -> Result<Option<Principal>, ServiceError> {
        if !token.starts_with(secrets::TOKEN_PREFIX) {
            return Ok(None);
        }
        let found = self.db.token_by_hash(&secrets::digest(token)).await.map_err(|e| Self::db_err(e, "token"))?;
        let now = self.now();
        let Some((t, r)) = found.filter(|(t, r)| t.is_live(now) && r.user.disabled_at.is_none()) else {
            return Ok(None);
        };
        self.note_token_use(t.id, t.last_used_at, now);
        Ok(Some(Principal { user: r.user, via: Via::Token { id: t.id } }))
    }

    /// Records that a token was used, at most once a minute per token and off the
    /// request's path: the write runs in a task of its own, so reads never queue
    /// behind it.
    fn note_token_use(&self, id: TokenId, stored: Option<DateTime<Utc>>, now: DateTime<Utc>) {
        let fresh = |t: Option<DateTime<Utc>>| t.is_some_and(|l| now - l < Duration::minutes(1));
        if fresh(stored) {
            return;
        }
        {
            let mut uses = self.token_uses.lock().unwrap_or_else(|p| p.into_inner());
            if fresh(uses.get(&id).copied()) {
                return;
            }
            uses.insert(id, now);
        }
        let db = self.db.clone();
        tokio::spawn(async move {
            if let Err(e) = db.touch_token(id, now).await {
                tracing::warn!(token = %id, error = %e, "could not record a token's use");
            }
        });
    }

    /// Makes an API token for `user`; the secret is returned once and stored hashed.
    #[tracing::instrument(name = "create_token", skip_all, fields(user = %user))]
    pub async fn create_token(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        user: UserId,
        name: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(ApiToken, String), ServiceError> {
        can_manage_account(viewer, user)?;
        let name = check_token_name(name).map_err(|m| ValidationErrors::single("name", m))?;
        let now = self.now();
        if expires_at.is_some_and(|e| e <= now) {
            return Err(ValidationErrors::single("expires_at", Problem::new("in_the_past", "is in the past")).into());
        }
        let t = ApiToken {
            id: TokenId(self.new_uuid()),
            user,
            name,
            created_at: now,
            expires_at,
            revoked_at: None,
            last_used_at: None,
        };
        let secret = secrets::new_api_token();
        let ev = self.stamp(
            actor,
            AuditEvent::create(EntityKind::ApiToken, t.id.0)
                .after(json!({"user": user, "name": t.name, "expires_at": expires_at})),
        );
        self.db.insert_token(&t, &secrets::digest(&secret), &ev).await.map_err(|e| Self::db_err(e, "token"))?;
        Ok((t, secret))
    }

    /// A signed-in person makes a token for themself; a token cannot make tokens
    /// (a leaked one must not outlive its revocation).
    pub async fn create_own_token(
        &self,
        p: &Principal,
        name: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<(ApiToken, String), ServiceError> {
        if let Via::Token { .. } = p.via {
            return Err(jointcal_domain::access::Denied::TokenCannotMakeTokens.into());
        }
        self.create_token(&self.instance_viewer(Some(p)), &p.actor(), p.user.id, name, expires_at).await
    }

    #[tracing::instrument(name = "revoke_token", skip_all, fields(token = %id))]
    pub async fn revoke_token(&self, viewer: &Viewer, actor: &Actor, id: TokenId) -> Result<(), ServiceError> {
        let t = self.db.token(id).await.map_err(|e| Self::db_err(e, "token"))?;
        if !(viewer.admin || viewer.user == Some(t.user)) {
            return Err(ServiceError::NotFound("token".into()));
        }
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::ApiToken, id.0)
                .before(json!({"revoked": false}))
                .after(json!({"revoked": true})),
        );
        self.db.revoke_token(id, self.now(), &ev).await.map_err(|e| Self::db_err(e, "token"))
    }

    pub async fn tokens_of(&self, user: UserId) -> Result<Vec<ApiToken>, ServiceError> {
        self.db.tokens_of(user).await.map_err(|e| Self::db_err(e, "token"))
    }
}
