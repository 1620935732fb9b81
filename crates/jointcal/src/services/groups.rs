//! Groups, organizations, and the history of both.

use crate::services::accounts::Principal;
use crate::services::core::{IfMatch, Services};
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, Utc};
use jointcal_domain::access::{can_administer, can_manage_group, can_read_audit, can_see, Viewer};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::ids::{ActivityId, AuditId, GroupId, OrgId};
use jointcal_domain::org::{OrgInput, Organization};
use jointcal_domain::Problem;
use jointcal_domain::ValidationErrors;

/// A group as one caller may see it: everything but the security settings, which
/// only its coordinators (and the admin) read.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub group: Group,
    pub sees_security: bool,
}

impl GroupView {
    fn new(viewer: &Viewer, group: Group) -> Self {
        GroupView { sees_security: viewer.is_coordinator(), group }
    }
}

impl std::ops::Deref for GroupView {
    type Target = Group;
    fn deref(&self) -> &Group {
        &self.group
    }
}

impl Services {
    /// What a signed-in person (or nobody) may do outside any group: the instance
    /// admin manages groups and organizations.
    pub fn instance_viewer(&self, principal: Option<&Principal>) -> Viewer {
        match principal {
            Some(p) => Viewer { user: Some(p.user.id), org: p.user.org, role: None, admin: p.user.is_admin },
            None => Viewer::ANONYMOUS,
        }
    }

    /// A group by its slug, and what `principal` may do in it.
    pub async fn group_for(&self, slug: &str, principal: Option<&Principal>) -> Result<(Group, Viewer), ServiceError> {
        let g = self.group_by_slug(slug).await?;
        let v = self.viewer_for(principal, &g).await?;
        Ok((g, v))
    }

    /// A group as `principal` may see it.
    pub async fn group_view(&self, slug: &str, principal: Option<&Principal>) -> Result<GroupView, ServiceError> {
        let (g, v) = self.group_for(slug, principal).await?;
        Ok(GroupView::new(&v, g))
    }

    #[tracing::instrument(name = "create_group", skip_all)]
    pub async fn create_group(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        input: &GroupInput,
    ) -> Result<GroupView, ServiceError> {
        let fields = input.validate()?;
        can_administer(viewer)?;
        let now = self.now();
        let g = Group { id: GroupId(self.new_uuid()), fields, version: 1, created_at: now, updated_at: now };
        let ev =
            self.stamp(actor, AuditEvent::create(EntityKind::Group, g.id.0).group(g.id).after(g.fields.to_input()));
        self.db.insert_group(&g, &ev).await.or_service("group")?;
        Ok(GroupView::new(viewer, g))
    }

    /// Changes a group's settings (coordinators and the admin). The slug cannot
    /// change; a coordinator cannot require two-factor sign-in of coordinators
    /// before using it themself (they would lock themself out).
    #[tracing::instrument(name = "update_group", skip_all, fields(group = %group.fields.slug))]
    pub async fn update_group(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        if_match: impl Into<IfMatch>,
        input: &GroupInput,
    ) -> Result<GroupView, ServiceError> {
        let mut fields = input.validate()?;
        // The stored group, not the caller's copy: an unchecked change (command line)
        // writes over whatever is there now.
        let group = &self.db.group(group.id).await.or_service("group")?;
        // Left out (or null), the security setting stays as it is: only coordinators
        // see it, and leaving it out must not turn it off.
        if input.require_totp_for_coordinators.is_none() {
            fields.require_totp_for_coordinators = group.fields.require_totp_for_coordinators;
        }
        let mut e = ValidationErrors::new();
        if fields.slug != group.fields.slug {
            e.add(
                "slug",
                Problem::new(
                    "fixed",
                    format!("cannot change: the group's slug is '{}' (links and feeds use it)", group.fields.slug),
                ),
            );
        }
        if fields.country != group.fields.country {
            e.add(
                "country",
                Problem::new("fixed", format!("cannot change: the group's country is {}", group.fields.country)),
            );
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let expected = if_match.into().expect("group", group.version)?;
        can_manage_group(viewer)?;
        if fields.require_totp_for_coordinators && !group.fields.require_totp_for_coordinators && !viewer.admin {
            let me = match viewer.user {
                Some(u) => Some(self.db.user(u).await.or_service("user")?.user),
                None => None,
            };
            if me.is_some_and(|u| !u.totp_enabled) {
                return Err(ValidationErrors::single(
                    "require_totp_for_coordinators",
                    Problem::new("two_factor_first", "turn on two-factor sign-in for yourself first (`jointcal user totp enable`); otherwise you would lock yourself out"),
                )
                .into());
            }
        }
        if group.version != expected {
            return Err(ServiceError::VersionConflict { what: "group", current: group.version });
        }
        fields.slug = group.fields.slug.clone();
        let after = Group {
            id: group.id,
            fields,
            version: group.version + 1,
            created_at: group.created_at,
            updated_at: self.now(),
        };
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::Group, group.id.0)
                .group(group.id)
                .before(group.fields.to_input())
                .after(after.fields.to_input()),
        );
        self.db.update_group(&after, expected, &ev).await.or_service("group")?;
        Ok(GroupView::new(viewer, after))
    }

    /// May `viewer` change the group's settings and members (coordinators, the admin)?
    pub fn may_manage_group(&self, viewer: &Viewer) -> Result<(), ServiceError> {
        Ok(jointcal_domain::access::can_manage_group(viewer)?)
    }

    pub async fn group_by_slug(&self, slug: &str) -> Result<Group, ServiceError> {
        self.db.group_by_slug(slug).await.or_service(&format!("group '{slug}'"))
    }

    pub async fn list_groups(&self) -> Result<Vec<Group>, ServiceError> {
        self.db.list_groups().await.or_service("group")
    }

    #[tracing::instrument(name = "create_org", skip_all)]
    pub async fn create_org(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        input: &OrgInput,
    ) -> Result<Organization, ServiceError> {
        let fields = input.validate()?;
        can_administer(viewer)?;
        let now = self.now();
        let o = Organization { id: OrgId(self.new_uuid()), fields, created_at: now, updated_at: now };
        let ev = self.stamp(actor, AuditEvent::create(EntityKind::Organization, o.id.0).after(&o.fields));
        self.db.insert_org(&o, &ev).await.or_service("organization")?;
        Ok(o)
    }

    /// Changes an organization (instance admin); `reference` is its id, acronym or
    /// IATI identifier.
    #[tracing::instrument(name = "update_org", skip_all, fields(org = %reference))]
    pub async fn update_org(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        reference: &str,
        input: &OrgInput,
    ) -> Result<Organization, ServiceError> {
        let fields = input.validate()?;
        can_administer(viewer)?;
        let before = self.find_org(reference).await?;
        let id = before.id;
        let after = Organization { id, fields, created_at: before.created_at, updated_at: self.now() };
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::Organization, id.0).before(&before.fields).after(&after.fields),
        );
        self.db.update_org(&after, &ev).await.or_service("organization")?;
        Ok(after)
    }

    /// An organization by id, acronym (any case) or IATI organisation identifier.
    pub async fn find_org(&self, reference: &str) -> Result<Organization, ServiceError> {
        self.db.find_org(reference).await.or_service(&format!("organization '{}'", reference.trim()))
    }

    pub async fn list_orgs(&self) -> Result<Vec<Organization>, ServiceError> {
        self.db.list_orgs().await.or_service("organization")
    }

    /// Every organization's acronym by id: the one lookup that lists, pages and
    /// the command line use to name organizations.
    pub async fn acronyms(&self) -> Result<std::collections::HashMap<OrgId, String>, ServiceError> {
        Ok(self.list_orgs().await?.into_iter().map(|o| (o.id, o.fields.acronym)).collect())
    }

    /// The history of one activity (coordinators; others get 403, or 404 when they
    /// may not see the activity at all).
    pub async fn activity_history(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: ActivityId,
    ) -> Result<Vec<AuditEvent>, ServiceError> {
        crate::services::activities::require_signed_in(viewer)?;
        let a = self.db.activity(id).await.or_service("activity")?;
        if a.group_id != group.id || !can_see(viewer, &a.fields) {
            return Err(ServiceError::NotFound("activity".into()));
        }
        can_read_audit(viewer)?;
        self.db.audit_for_entity(EntityKind::Activity, id.0).await.or_service("audit")
    }

    /// A group's history, newest first, a page at a time (coordinators).
    pub async fn group_history(
        &self,
        viewer: &Viewer,
        group: &Group,
        before: Option<(DateTime<Utc>, AuditId)>,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, ServiceError> {
        can_read_audit(viewer)?;
        self.db.audit_for_group(group.id, before, limit).await.or_service("audit")
    }
}
