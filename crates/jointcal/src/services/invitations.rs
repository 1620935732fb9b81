//! Inviting a person into a group: a coordinator names them (e-mail, name,
//! organization, role); a new person gets an account and a one-time link, valid
//! for a week, where they choose their password; a person who has an account is
//! simply made a member. Until mail exists, the coordinator passes the link on.

use crate::secrets;
use crate::services::accounts::NewUser;
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, Duration, Utc};
use jointcal_domain::access::{can_manage_group, Viewer};
use jointcal_domain::account::{check_password, User};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::vocab::MemberRole;
use jointcal_domain::{Problem, ValidationErrors};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
const PURPOSE: &str = "invite";

/// Whom to invite.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub email: String,
    pub display_name: String,
    /// Acronym, id or IATI identifier of the person's organization.
    pub org: Option<String>,
    pub role: MemberRole,
}

/// What an invitation did.
#[derive(Debug, Clone)]
pub struct Invited {
    pub user: User,
    /// For a new account: the link's secret (shown once) and when it stops working.
    pub link: Option<(String, DateTime<Utc>)>,
}

impl Services {
    /// Makes the person a member of `group` (coordinators), creating their account
    /// with a one-time link if they have none.
    #[tracing::instrument(name = "invite", skip_all, fields(group = %group.fields.slug))]
    pub async fn invite(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        who: &Invitation,
    ) -> Result<Invited, ServiceError> {
        can_manage_group(viewer)?;
        let existing = match self.user_by_email(&who.email).await {
            Ok(u) => Some(u),
            Err(ServiceError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let (user, link) = match existing {
            Some(user) => (user, None),
            None => {
                // Nobody can sign in with this password: the person sets their own
                // through the link.
                let new = NewUser {
                    email: who.email.clone(),
                    display_name: who.display_name.clone(),
                    password: secrets::random_hex(),
                    org: who.org.clone(),
                    admin: false,
                };
                let user = self.insert_new_user(actor, &new, || can_manage_group(viewer)).await?;
                let token = secrets::random_hex();
                let expires = self.now() + Duration::days(INVITATION_DAYS);
                self.db
                    .insert_account_link(&secrets::digest(&token), user.id, PURPOSE, self.now(), expires)
                    .await
                    .or_service("invitation")?;
                (user, Some((token, expires)))
            }
        };
        self.set_member(viewer, actor, group, user.id, who.role).await?;
        Ok(Invited { user, link })
    }

    /// The account an invitation link opens, while it is unused and not expired.
    pub async fn invitation(&self, token: &str) -> Result<User, ServiceError> {
        let id = self
            .db
            .account_link(&secrets::digest(token), PURPOSE, self.now())
            .await
            .or_service("invitation")?
            .ok_or_else(|| ServiceError::NotFound("invitation".into()))?;
        self.user(id).await
    }

    /// Uses an invitation: sets the person's name and password; the link stops
    /// working. Returns the account (the caller signs it in).
    #[tracing::instrument(name = "accept_invitation", skip_all)]
    pub async fn accept_invitation(
        &self,
        token: &str,
        display_name: &str,
        password: &str,
        password_again: &str,
    ) -> Result<User, ServiceError> {
        let user = self.invitation(token).await?;
        let mut e = ValidationErrors::new();
        if let Err(p) = check_password(password) {
            e.add("password", p);
        }
        if password != password_again {
            e.add("password_again", Problem::new("passwords_differ", "is not the same password"));
        }
        let name = display_name.trim();
        if name.is_empty() {
            e.add("display_name", Problem::required());
        } else if let Err(p) = jointcal_domain::text::check_text(name, jointcal_domain::text::Lines::One) {
            e.add("display_name", p);
        }
        e.into_result(())?;
        let id = self
            .db
            .use_account_link(&secrets::digest(token), PURPOSE, self.now())
            .await
            .or_service("invitation")?
            .ok_or_else(|| ServiceError::NotFound("invitation".into()))?;
        let hash = crate::services::accounts::hash(password.to_string()).await?;
        let ev = self.stamp(
            &Actor::User { id },
            AuditEvent::update(EntityKind::User, id.0)
                .after(serde_json::json!({"password": "set through an invitation"})),
        );
        self.db.set_password(id, &hash, self.now(), false, &ev).await.or_service("user")?;
        if name != user.display_name {
            let ev = self.stamp(
                &Actor::User { id },
                AuditEvent::update(EntityKind::User, id.0)
                    .before(serde_json::json!({"display_name": user.display_name}))
                    .after(serde_json::json!({"display_name": name})),
            );
            self.db.set_display_name(id, name, self.now(), &ev).await.or_service("user")?;
        }
        self.user(id).await
    }
}
