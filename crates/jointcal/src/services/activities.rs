//! Activities: create, edit, delete, read, list, each under the access rules.

use crate::services::core::{IfMatch, Services};
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, Utc};
pub use jointcal_db::ActivityFilter;
use jointcal_db::{ActivityQuery, VisibilityScope};
use jointcal_domain::access::{can_create, can_delete, can_edit, can_see, sees_exact_place, Viewer};
use jointcal_domain::activity::{Activity, ActivityInput, ValidationContext};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, OrgId};
use jointcal_domain::org::Organization;
use jointcal_domain::text::fold;
use std::collections::HashMap;

/// An activity as one viewer may see it: sensitive places reduced to region level
/// unless the viewer may see them.
#[derive(Debug, Clone)]
pub struct ActivityView {
    pub activity: Activity,
    pub exact_place: bool,
}

impl ActivityView {
    pub(crate) fn new(viewer: &Viewer, mut activity: Activity) -> Self {
        let exact_place = sees_exact_place(viewer, &activity.fields);
        if !exact_place {
            for l in &mut activity.fields.locations {
                *l = l.redacted();
            }
        }
        ActivityView { activity, exact_place }
    }

    pub fn to_json(&self) -> serde_json::Value {
        self.activity.to_json()
    }
}

impl std::ops::Deref for ActivityView {
    type Target = Activity;
    fn deref(&self) -> &Activity {
        &self.activity
    }
}

/// Organizations by every name an input may use: id, acronym (folded), IATI id.
pub struct OrgIndex(HashMap<String, OrgId>);

impl OrgIndex {
    pub fn new(orgs: &[Organization]) -> Self {
        let mut index = OrgIndex(HashMap::new());
        for o in orgs {
            index.add(o);
        }
        index
    }

    /// Learns an organization made after the index was built.
    pub fn add(&mut self, o: &Organization) {
        self.0.insert(o.id.to_string(), o.id);
        self.0.insert(fold(&o.fields.acronym), o.id);
        if let Some(i) = &o.fields.iati_org_id {
            self.0.insert(i.clone(), o.id);
        }
    }

    pub fn resolve(&self, s: &str) -> Option<OrgId> {
        self.0.get(s).or_else(|| self.0.get(&fold(s))).copied()
    }
}

pub(crate) fn scope_of(viewer: &Viewer) -> VisibilityScope {
    if viewer.is_coordinator() {
        VisibilityScope::All
    } else if viewer.is_member() {
        VisibilityScope::Member { lead_orgs: viewer.org.into_iter().collect() }
    } else {
        VisibilityScope::Public
    }
}

impl Services {
    /// Every organization by every name an input may use.
    pub async fn org_index(&self) -> Result<OrgIndex, ServiceError> {
        Ok(OrgIndex::new(&self.list_orgs().await?))
    }

    /// Validates an activity input for a group.
    pub async fn validate_activity(
        &self,
        group: &Group,
        input: &ActivityInput,
    ) -> Result<jointcal_domain::activity::ActivityFields, ServiceError> {
        validate_with(&self.org_index().await?, group, input)
    }
}

/// Validates an activity input for a group with a known set of organizations.
pub fn validate_with(
    orgs: &OrgIndex,
    group: &Group,
    input: &ActivityInput,
) -> Result<jointcal_domain::activity::ActivityFields, ServiceError> {
    {
        let resolve = |s: &str| orgs.resolve(s);
        let ctx = ValidationContext {
            country: &group.fields.country,
            timezone: group.fields.timezone,
            resolve_org: &resolve,
            stored_series_end: None,
        };
        Ok(input.validate(&ctx)?)
    }
}

/// One page of a list: the activities, and where the next page starts (absent on
/// the last page).
#[derive(Debug, Clone)]
pub struct ActivityPage {
    pub items: Vec<ActivityView>,
    pub next: Option<jointcal_db::Cursor>,
}

impl Services {
    /// Creates an activity; returns it as the creator sees it.
    #[tracing::instrument(name = "create_activity", skip_all, fields(group = %group.fields.slug))]
    pub async fn create_activity(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        input: &ActivityInput,
    ) -> Result<ActivityView, ServiceError> {
        require_signed_in(viewer)?;
        let fields = self.validate_activity(group, input).await?;
        can_create(viewer, &fields)?;
        let a = Activity::new(ActivityId(self.new_uuid()), group.id, fields, self.now());
        let ev = self.stamp(actor, AuditEvent::create(EntityKind::Activity, a.id.0).group(group.id).after(a.to_json()));
        self.db.insert_activity(&a, &ev).await.or_service("activity")?;
        self.keep_flags_current(group, &a).await;
        Ok(ActivityView::new(viewer, a))
    }

    /// Cancels an activity, saying why, in one step (the pages' Cancel button): its
    /// status becomes cancelled and the reason its status note.
    #[tracing::instrument(name = "cancel_activity", skip_all, fields(group = %group.fields.slug, activity = %id))]
    pub async fn cancel_activity(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: impl Into<IfMatch>,
        reason: &str,
    ) -> Result<ActivityView, ServiceError> {
        let before = self.visible_activity(viewer, group, id).await?;
        if reason.trim().is_empty() {
            let p = jointcal_domain::Problem::required_as("say why it is cancelled");
            return Err(jointcal_domain::ValidationErrors::single("status_note", p).into());
        }
        let mut input = before.fields.to_input();
        input.status =
            Some(jointcal_domain::vocab::Vocabulary::code(jointcal_domain::vocab::Status::Cancelled).to_string());
        input.status_note = Some(reason.trim().to_string());
        self.update_activity(viewer, actor, group, id, if_match, &input).await
    }

    /// What `viewer` may do with an activity: (edit, delete), for the pages' buttons.
    pub fn activity_actions(&self, viewer: &Viewer, a: &Activity) -> (bool, bool) {
        (self.may_edit(viewer, a).is_ok(), self.may_delete(viewer, a).is_ok())
    }

    /// May `viewer` change this activity (as it is now)?
    pub fn may_edit(&self, viewer: &Viewer, a: &Activity) -> Result<(), ServiceError> {
        Ok(jointcal_domain::access::can_edit(viewer, &a.fields, &a.fields)?)
    }

    /// May `viewer` delete this activity?
    pub fn may_delete(&self, viewer: &Viewer, a: &Activity) -> Result<(), ServiceError> {
        Ok(jointcal_domain::access::can_delete(viewer, &a.fields)?)
    }

    /// May `viewer` add activities to the group (editors, coordinators)?
    pub fn may_add_activities(&self, viewer: &Viewer) -> Result<(), ServiceError> {
        Ok(jointcal_domain::access::can_write_activities(viewer)?)
    }

    /// Loads an activity of `group` that `viewer` may see; deleted ones, invisible
    /// ones and those of other groups are not found.
    pub(crate) async fn visible_activity(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: ActivityId,
    ) -> Result<Activity, ServiceError> {
        let a = self.db.activity(id).await.or_service("activity")?;
        if a.group_id != group.id || a.deleted_at.is_some() || !can_see(viewer, &a.fields) {
            return Err(ServiceError::NotFound("activity".into()));
        }
        Ok(a)
    }

    pub async fn get_activity(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: ActivityId,
    ) -> Result<ActivityView, ServiceError> {
        Ok(ActivityView::new(viewer, self.visible_activity(viewer, group, id).await?))
    }

    /// Replaces an activity's fields. The activity is read once; the answers come
    /// in this order: not found (404), invalid input (422), no or bad precondition
    /// (428, 400), not allowed (403), changed meanwhile (412). Returns the activity
    /// as the caller sees it, unchanged (same version) when the input changes nothing.
    #[tracing::instrument(name = "update_activity", skip_all, fields(group = %group.fields.slug, activity = %id))]
    pub async fn update_activity(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: impl Into<IfMatch>,
        input: &ActivityInput,
    ) -> Result<ActivityView, ServiceError> {
        require_signed_in(viewer)?;
        let before = self.visible_activity(viewer, group, id).await?;
        let fields = self.validate_activity(group, input).await?;
        let expected = if_match.into().expect("activity", before.version)?;
        can_edit(viewer, &before.fields, &fields)?;
        if before.version != expected {
            return Err(ServiceError::VersionConflict { what: "activity", current: before.version });
        }
        let Some(after) = before.edited(fields, self.now()) else {
            return Ok(ActivityView::new(viewer, before));
        };
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::Activity, id.0)
                .group(group.id)
                .before(before.to_json())
                .after(after.to_json()),
        );
        self.db.update_activity(&after, expected, &ev).await.or_service("activity")?;
        self.keep_flags_current(group, &after).await;
        Ok(ActivityView::new(viewer, after))
    }

    /// Deletes an activity (it stays in the history); 404, then 428/400, 403, 412.
    #[tracing::instrument(name = "delete_activity", skip_all, fields(group = %group.fields.slug, activity = %id))]
    pub async fn delete_activity(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: impl Into<IfMatch>,
    ) -> Result<(), ServiceError> {
        require_signed_in(viewer)?;
        let before = self.visible_activity(viewer, group, id).await?;
        let expected = if_match.into().expect("activity", before.version)?;
        can_delete(viewer, &before.fields)?;
        if before.version != expected {
            return Err(ServiceError::VersionConflict { what: "activity", current: before.version });
        }
        let ev =
            self.stamp(actor, AuditEvent::delete(EntityKind::Activity, id.0).group(group.id).before(before.to_json()));
        self.db.delete_activity(id, expected, self.now(), &ev).await.or_service("activity")?;
        self.forget_flags_of(id).await;
        Ok(())
    }

    /// The activities of a group that `viewer` may see, filtered, by start time.
    pub async fn list_activities(
        &self,
        viewer: &Viewer,
        group: &Group,
        f: &ActivityFilter,
    ) -> Result<Vec<ActivityView>, ServiceError> {
        Ok(self.activity_page(viewer, group, f).await?.items)
    }

    /// How many activities of a group `viewer` may see (deleted ones not counted).
    pub async fn count_activities(&self, viewer: &Viewer, group: &Group) -> Result<i64, ServiceError> {
        let q = ActivityQuery::new(group.id, scope_of(viewer));
        self.db.count_activities(&q).await.map_err(|e| ServiceError::from_db(e, "activity"))
    }

    /// A page of the list. A recurring series is kept only when one of its
    /// occurrences falls in the window; the next page starts after the last row read,
    /// so dropping a series never ends the pages early.
    #[tracing::instrument(name = "list_activities", skip_all, fields(group = %group.fields.slug))]
    pub async fn activity_page(
        &self,
        viewer: &Viewer,
        group: &Group,
        f: &ActivityFilter,
    ) -> Result<ActivityPage, ServiceError> {
        let q = ActivityQuery { filter: f.clone(), ..ActivityQuery::new(group.id, scope_of(viewer)) };
        let list = self.db.list_activities(&q).await.or_service("activity")?;
        let full = f.limit.is_some_and(|l| list.len() as i64 == l);
        let next = if full {
            list.last().map(|a| jointcal_db::Cursor { start_utc: a.fields.schedule.start_utc.timestamp(), id: a.id.0 })
        } else {
            None
        };
        let (from, to) = (f.from.unwrap_or(DateTime::<Utc>::MIN_UTC), f.to.unwrap_or(DateTime::<Utc>::MAX_UTC));
        let items = list
            .into_iter()
            .filter(|a| {
                a.fields.schedule.rrule.is_none() || !a.fields.schedule.occurrences_between(from, to).is_empty()
            })
            .map(|a| ActivityView::new(viewer, a))
            .collect();
        Ok(ActivityPage { items, next })
    }
}

/// Writes need a signed-in person (or the server's own command line and jobs).
pub(crate) fn require_signed_in(viewer: &Viewer) -> Result<(), ServiceError> {
    if viewer.user.is_none() && !viewer.admin {
        return Err(jointcal_domain::access::Denied::SignInRequired.into());
    }
    Ok(())
}

impl Services {
    /// What an export of `group` holds for `viewer`: the activities they may see that
    /// match `filter` (all of them, by start), and every organization by id.
    pub async fn export_activities(
        &self,
        viewer: &Viewer,
        group: &Group,
        filter: &ActivityFilter,
    ) -> Result<(Vec<ActivityView>, HashMap<OrgId, Organization>), ServiceError> {
        let filter = ActivityFilter { limit: None, after: None, ..filter.clone() };
        let list = self.list_activities(viewer, group, &filter).await?;
        let orgs = self.list_orgs().await?.into_iter().map(|o| (o.id, o)).collect();
        Ok((list, orgs))
    }
}
