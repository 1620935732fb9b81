//! Groups and organizations.

use super::{ServiceError, Services};
use jointcal_domain::access::{can_administer, Viewer};
use jointcal_domain::audit::{Actor, AuditAction};
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::ids::{GroupId, OrgId};
use jointcal_domain::org::{OrgInput, Organization};

impl Services {
    pub async fn create_group(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        input: &GroupInput,
    ) -> Result<Group, ServiceError> {
        let fields = input.validate()?;
        can_administer(viewer)?;
        let now = self.now();
        let g = Group { id: GroupId(self.new_uuid()), fields, created_at: now, updated_at: now };
        let after = serde_json::to_value(g.fields.to_input()).ok();
        let ev = self.audit(actor, AuditAction::Create, "group", g.id.0, Some(g.id), None, after);
        self.db.insert_group(&g, &ev).await.map_err(|e| ServiceError::from_db(e, "group"))?;
        Ok(g)
    }

    /// Changes a group's settings (coordinators and the admin); the slug stays.
    pub async fn update_group(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        input: &GroupInput,
    ) -> Result<Group, ServiceError> {
        let mut fields = input.validate()?;
        jointcal_domain::access::can_manage_group(viewer)?;
        fields.slug = group.fields.slug.clone();
        let after = Group { id: group.id, fields, created_at: group.created_at, updated_at: self.now() };
        let ev = self.audit(
            actor,
            AuditAction::Update,
            "group",
            group.id.0,
            Some(group.id),
            serde_json::to_value(group.fields.to_input()).ok(),
            serde_json::to_value(after.fields.to_input()).ok(),
        );
        self.db.update_group(&after, &ev).await.map_err(|e| ServiceError::from_db(e, "group"))?;
        Ok(after)
    }

    pub async fn group_by_slug(&self, slug: &str) -> Result<Group, ServiceError> {
        self.db.group_by_slug(slug).await.map_err(|e| ServiceError::from_db(e, &format!("group '{slug}'")))
    }

    pub async fn list_groups(&self) -> Result<Vec<Group>, ServiceError> {
        self.db.list_groups().await.map_err(|e| ServiceError::from_db(e, "group"))
    }

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
        let after = serde_json::to_value(&o.fields).ok();
        let ev = self.audit(actor, AuditAction::Create, "organization", o.id.0, None, None, after);
        self.db.insert_org(&o, &ev).await.map_err(|e| ServiceError::from_db(e, "organization"))?;
        Ok(o)
    }

    /// Changes an organization (instance admin).
    pub async fn update_org(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        id: OrgId,
        input: &OrgInput,
    ) -> Result<Organization, ServiceError> {
        let fields = input.validate()?;
        can_administer(viewer)?;
        let before = self.db.org(id).await.map_err(|e| ServiceError::from_db(e, "organization"))?;
        let after = Organization { id, fields, created_at: before.created_at, updated_at: self.now() };
        let ev = self.audit(
            actor,
            AuditAction::Update,
            "organization",
            id.0,
            None,
            serde_json::to_value(&before.fields).ok(),
            serde_json::to_value(&after.fields).ok(),
        );
        self.db.update_org(&after, &ev).await.map_err(|e| ServiceError::from_db(e, "organization"))?;
        Ok(after)
    }

    /// An organization by id, acronym or IATI identifier.
    pub async fn find_org(&self, reference: &str) -> Result<Organization, ServiceError> {
        self.db.find_org(reference).await.map_err(|e| ServiceError::from_db(e, &format!("organization '{reference}'")))
    }

    pub async fn list_orgs(&self) -> Result<Vec<Organization>, ServiceError> {
        self.db.list_orgs().await.map_err(|e| ServiceError::from_db(e, "organization"))
    }
}

impl Services {
    /// The history of one activity (coordinators; others get 403, or 404 when they
    /// may not see the activity at all).
    pub async fn activity_history(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: jointcal_domain::ids::ActivityId,
    ) -> Result<Vec<jointcal_domain::audit::AuditEvent>, ServiceError> {
        super::activities::require_signed_in(viewer)?;
        let a = self.db.activity(id).await.map_err(|e| ServiceError::from_db(e, "activity"))?;
        if a.group_id != group.id || !jointcal_domain::access::can_see(viewer, &a.fields) {
            return Err(ServiceError::NotFound("activity".into()));
        }
        jointcal_domain::access::can_read_audit(viewer)?;
        self.db.audit_for_entity("activity", id.0).await.map_err(|e| ServiceError::from_db(e, "audit"))
    }

    /// A group's history, newest first, a page at a time (coordinators).
    pub async fn group_history(
        &self,
        viewer: &Viewer,
        group: &Group,
        before: Option<(chrono::DateTime<chrono::Utc>, jointcal_domain::ids::AuditId)>,
        limit: i64,
    ) -> Result<Vec<jointcal_domain::audit::AuditEvent>, ServiceError> {
        jointcal_domain::access::can_read_audit(viewer)?;
        self.db.audit_for_group(group.id, before, limit).await.map_err(|e| ServiceError::from_db(e, "audit"))
    }
}
