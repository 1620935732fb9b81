//! The first run: on a database with no instance admin, one form creates the admin
//! account and the first group (with the admin as its coordinator), so that a
//! newcomer never needs the command line to start.

use crate::services::core::Services;
use crate::services::error::ServiceError;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::GroupInput;
use jointcal_domain::vocab::MemberRole;
use jointcal_domain::{Problem, ValidationErrors};

/// What the first-run form asks.
#[derive(Debug, Clone, Default)]
pub struct FirstRun {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// The password typed again.
    pub password_again: String,
    pub group: GroupInput,
}

impl Services {
    /// Whether the instance still has no admin (then `serve` offers the setup link).
    pub async fn needs_setup(&self) -> Result<bool, ServiceError> {
        Ok(!self.list_users().await?.iter().any(|u| u.is_admin && u.disabled_at.is_none()))
    }

    /// Creates the admin and the first group, the admin its coordinator. Every field
    /// is checked before anything is written; refused once an admin exists.
    #[tracing::instrument(name = "first_run", skip_all)]
    pub async fn first_run(&self, input: &FirstRun) -> Result<jointcal_domain::group::Group, ServiceError> {
        if !self.needs_setup().await? {
            return Err(ServiceError::Conflict("this instance is set up already: sign in instead".into()));
        }
        let mut errors = ValidationErrors::new();
        if let Err(e) = jointcal_domain::account::validate_new_user(&input.email, &input.display_name, &input.password)
        {
            errors.fields.extend(e.fields);
        }
        if input.password != input.password_again {
            errors.add("password_again", Problem::new("passwords_differ", "is not the same password"));
        }
        match input.group.validate() {
            Err(e) => errors.fields.extend(e.fields.into_iter().map(|mut f| {
                f.field = format!("group.{}", f.field);
                f
            })),
            Ok(fields) => {
                if self.group_by_slug(&fields.slug).await.is_ok() {
                    let m = format!("a group '{}' exists already", fields.slug);
                    errors.add("group.slug", Problem::new("taken", m).with("value", &fields.slug));
                }
            }
        }
        errors.into_result(())?;
        let (system, actor) = (Viewer::SYSTEM, Actor::System);
        let new = crate::services::accounts::NewUser {
            email: input.email.clone(),
            display_name: input.display_name.clone(),
            password: input.password.clone(),
            org: None,
            admin: true,
        };
        let admin = self.create_user(&system, &actor, &new).await?;
        let group = self.create_group(&system, &actor, &input.group).await?.group;
        self.set_member(&system, &actor, &group, admin.id, MemberRole::Coordinator).await?;
        tracing::info!(admin = %admin.id, group = %group.fields.slug, "first run: admin and first group created");
        Ok(group)
    }
}
