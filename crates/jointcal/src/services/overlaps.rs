//! Overlaps among a group's activities: found when asked (`find_overlaps`), and kept
//! as flags (`overlap_flags`) that follow every change of an activity and that
//! coordinators resolve.

use crate::services::activities::{ActivityFilter, ActivityView};
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::Duration;
use jointcal_domain::access::{can_list_members, can_manage_group, can_see, Viewer};
use jointcal_domain::activity::Activity;
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::overlap::{
    comparable_lengths, upkeep, Flag, FlagResolution, Index, Reason, Record, Settings, Stats, StoredFlag,
};
use jointcal_domain::schedule::span_class;
use jointcal_domain::vocab::Vocabulary;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// How long a group's overlap statistics are used before they are taken again.
pub const STATS_MAX_AGE_MINUTES: i64 = 10;

/// Groups this large have their overlap statistics taken in the background.
pub const BACKGROUND_STATS_FROM: usize = 5_000;

/// The flags of a window of a group's calendar, highest first, with the activities
/// they name.
pub struct Overlaps {
    pub flags: Vec<Flag>,
    /// The activities of the flags, by id.
    pub activities: HashMap<String, ActivityView>,
}

/// A kept flag as one reader may see it: both activities as the reader sees them,
/// and no reason that names a place the reader may see at region level only.
#[derive(Debug, Clone)]
pub struct FlagView {
    pub flag: StoredFlag,
    pub a: ActivityView,
    pub b: ActivityView,
}

impl Services {
    /// The flags among the activities `viewer` may see in the window of `filter`
    /// (places of sensitive activities as the reader sees them, so a flag never
    /// tells more than the calendar).
    pub async fn find_overlaps(
        &self,
        viewer: &Viewer,
        group: &Group,
        filter: &ActivityFilter,
        settings: Settings,
    ) -> Result<Overlaps, ServiceError> {
        let list = self.list_activities(viewer, group, filter).await?;
        let records: Vec<Record> = list.iter().map(|v| Record::of_activity(&v.activity)).collect();
        let flags = Index::new(records, settings).flags();
        let mut activities: HashMap<String, ActivityView> =
            list.into_iter().map(|v| (v.activity.id.to_string(), v)).collect();
        activities.retain(|id, _| flags.iter().any(|f| &f.a == id || &f.b == id));
        Ok(Overlaps { flags, activities })
    }

    /// Finds the flags of an activity just saved against the activities near it in
    /// time (within the detector's window) and brings its kept flags up to date.
    /// Flags are derived data: when this fails, the activity stays saved and the
    /// failure is logged.
    pub(crate) async fn keep_flags_current(&self, group: &Group, a: &Activity) {
        if let Err(e) = self.refresh_flags_of(group, a).await {
            tracing::error!(activity = %a.id, error = %e, "could not bring the overlap flags up to date");
        }
    }

    /// What [`Services::keep_flags_current`] does, with its error (for `dev bench-save`).
    pub(crate) async fn refresh_flags_of(&self, group: &Group, a: &Activity) -> Result<(), ServiceError> {
        let settings = Settings::default();
        let margin = Duration::days(settings.window_days + 1);
        // Only neighbours of a length the detector compares with this one's (a
        // five-year programme is not compared with every one-day event of its years),
        // as duration classes, one class wider on each side (classes count in UTC
        // seconds, the detector in days of the group's zone).
        let me = Record::of_activity(a);
        let (shortest, longest) = comparable_lengths(me.first_day, me.last_day, settings.window_days);
        let class = |days: i64| {
            let start = a.fields.schedule.start_utc;
            span_class(start, start + Duration::days(days.clamp(1, 1 << 20)))
        };
        let near = ActivityFilter {
            from: Some(a.fields.schedule.start_utc - margin),
            to: Some(a.fields.schedule.end_utc + margin),
            span_classes: Some((class(shortest) - 1, class(longest) + 1)),
            ..Default::default()
        };
        let list = self.list_activities(&Viewer::SYSTEM, group, &near).await?;
        let mut fingerprints: HashMap<ActivityId, String> =
            list.iter().map(|v| (v.activity.id, v.activity.fingerprint.clone())).collect();
        fingerprints.insert(a.id, a.fingerprint.clone());
        let records: Vec<Record> =
            list.iter().filter(|v| v.activity.id != a.id).map(|v| Record::of_activity(&v.activity)).collect();
        let index = match self.overlap_stats_of(group).await? {
            Some(stats) => Index::with_stats(records, settings, stats),
            None => Index::new(records, settings),
        };
        let found = index.flags_for(me);
        let existing = self.db.flags_of_activity(a.id).await.or_service("overlap flags")?;
        let changes = upkeep(group.id, existing, &found, &fingerprints, self.now(), || self.new_uuid());
        self.db.apply_flag_changes(&changes).await.or_service("overlap flags")
    }

    /// The group's overlap statistics, taken from all its activities at most
    /// [`STATS_MAX_AGE_MINUTES`] ago: rarity changes slowly, and one saved activity is
    /// weighed as the whole calendar would weigh it (as `jointcal overlaps` does)
    /// without reading the whole calendar on every save. A group of
    /// [`BACKGROUND_STATS_FROM`] activities or more has them taken in the background
    /// (at 100,000 that takes seconds): meanwhile its saves use the older statistics,
    /// or, the first time, those of the saved activity's neighbours (`None`).
    async fn overlap_stats_of(&self, group: &Group) -> Result<Option<Arc<Stats>>, ServiceError> {
        let now = self.now();
        let stale = {
            let mut cache = self.overlap_stats.lock().unwrap_or_else(|p| p.into_inner());
            match cache.get_mut(&group.id) {
                // Being taken in the background for the first time.
                Some((_, _, stats)) if stats.is_empty() => return Ok(None),
                Some((at, saves, stats)) => {
                    // Fresh enough: young, and the group cannot have grown by more than
                    // a tenth since (each save adds at most one; batches drop the entry).
                    if now.signed_duration_since(*at) < Duration::minutes(STATS_MAX_AGE_MINUTES)
                        && *saves < (stats.len() / 10).max(20)
                    {
                        *saves += 1;
                        return Ok(Some(stats.clone()));
                    }
                    Some(stats.clone())
                }
                None => None,
            }
        };
        let large = match &stale {
            Some(s) => s.len() >= BACKGROUND_STATS_FROM,
            None => self.count_activities(&Viewer::SYSTEM, group).await? >= BACKGROUND_STATS_FROM as i64,
        };
        if !large {
            return Ok(Some(self.take_overlap_stats(group).await?.1));
        }
        // The older statistics (or an empty placeholder: "being taken") until then.
        let meanwhile = stale.clone().unwrap_or_default();
        self.overlap_stats.lock().unwrap_or_else(|p| p.into_inner()).insert(group.id, (now, 0, meanwhile));
        let (me, g) = (self.clone(), group.clone());
        tokio::spawn(async move {
            if let Err(e) = me.take_overlap_stats(&g).await {
                tracing::error!(group = %g.fields.slug, error = %e, "could not take the overlap statistics");
                me.overlap_stats.lock().unwrap_or_else(|p| p.into_inner()).remove(&g.id);
            }
        });
        Ok(stale)
    }

    /// Takes a group's statistics from all its activities, and remembers them.
    pub(crate) async fn take_overlap_stats(
        &self,
        group: &Group,
    ) -> Result<(Vec<ActivityView>, Arc<Stats>), ServiceError> {
        let all = self.list_activities(&Viewer::SYSTEM, group, &ActivityFilter::default()).await?;
        let records: Vec<Record> = all.iter().map(|v| Record::of_activity(&v.activity)).collect();
        let stats = Arc::new(Stats::of(&records));
        self.overlap_stats.lock().unwrap_or_else(|p| p.into_inner()).insert(group.id, (self.now(), 0, stats.clone()));
        Ok((all, stats))
    }

    /// Finds every flag of a group again from its whole calendar and brings the kept
    /// flags up to date by the same rules as a save (after the demo, a batch, or with
    /// `jointcal overlaps --refresh`). Returns how many flags the group keeps.
    pub async fn refresh_overlaps(&self, group: &Group) -> Result<usize, ServiceError> {
        let (all, stats) = self.take_overlap_stats(group).await?;
        let fingerprints: HashMap<ActivityId, String> =
            all.iter().map(|v| (v.activity.id, v.activity.fingerprint.clone())).collect();
        let records: Vec<Record> = all.iter().map(|v| Record::of_activity(&v.activity)).collect();
        let found = Index::with_stats(records, Settings::default(), stats).flags();
        let existing = self.db.list_flags(group.id, None).await.or_service("overlap flags")?;
        let changes = upkeep(group.id, existing, &found, &fingerprints, self.now(), || self.new_uuid());
        self.db.apply_flag_changes(&changes).await.or_service("overlap flags")?;
        Ok(self.db.list_flags(group.id, None).await.or_service("overlap flags")?.len())
    }

    /// Forgets the flags of a deleted activity (logged when it fails, like the upkeep).
    pub(crate) async fn forget_flags_of(&self, id: ActivityId) {
        if let Err(e) = self.db.delete_flags_of(id).await {
            tracing::error!(activity = %id, error = %e, "could not remove the overlap flags of a deleted activity");
        }
    }

    /// The kept flags of a group that `viewer` may see, highest first: coordinators
    /// see every flag; other members the flags on activities their organization takes
    /// part in, when they may see both activities.
    pub async fn list_flags(
        &self,
        viewer: &Viewer,
        group: &Group,
        resolution: Option<FlagResolution>,
    ) -> Result<Vec<FlagView>, ServiceError> {
        can_list_members(viewer)?;
        let flags = self.db.list_flags(group.id, resolution).await.or_service("overlap flags")?;
        self.flag_views(viewer, group, flags).await
    }

    /// The kept flags of one activity that `viewer` may see (for the answer to a save).
    pub async fn flags_of_activity(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: ActivityId,
    ) -> Result<Vec<FlagView>, ServiceError> {
        let mut flags = self.db.flags_of_activity(id).await.or_service("overlap flags")?;
        flags.retain(|f| f.group == group.id && f.resolution != FlagResolution::Dismissed);
        flags.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.id.cmp(&y.id)));
        self.flag_views(viewer, group, flags).await
    }

    async fn flag_views(
        &self,
        viewer: &Viewer,
        group: &Group,
        flags: Vec<StoredFlag>,
    ) -> Result<Vec<FlagView>, ServiceError> {
        // The flags' activities in one read, with the rules of `visible_activity`.
        let mut ids: Vec<ActivityId> = flags.iter().flat_map(|f| [f.a, f.b]).collect();
        ids.sort();
        ids.dedup();
        let seen: HashMap<ActivityId, ActivityView> = self
            .db
            .activities_with_ids(&ids)
            .await
            .or_service("activity")?
            .into_iter()
            .filter(|a| a.group_id == group.id && a.deleted_at.is_none() && can_see(viewer, &a.fields))
            .map(|a| (a.id, ActivityView::new(viewer, a)))
            .collect();
        let mut out = Vec::new();
        for f in flags {
            let (Some(a), Some(b)) = (seen.get(&f.a).cloned(), seen.get(&f.b).cloned()) else {
                continue;
            };
            let concerned = viewer.is_coordinator()
                || viewer.org.is_some_and(|o| a.activity.fields.involves(o) || b.activity.fields.involves(o));
            if !concerned {
                continue;
            }
            let mut flag = f;
            if !(a.exact_place && b.exact_place) {
                flag.reasons.retain(|e| !matches!(e.reason, Reason::SamePlace { .. }));
            }
            out.push(FlagView { flag, a, b });
        }
        Ok(out)
    }

    /// A coordinator's decision on a flag (duplicate, complementary, dismissed, or
    /// open again), with a note; audited.
    pub async fn resolve_flag(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: Uuid,
        resolution: FlagResolution,
        note: Option<&str>,
    ) -> Result<FlagView, ServiceError> {
        can_manage_group(viewer)?;
        let before = self.db.flag(id).await.or_service("overlap flag")?;
        if before.group != group.id {
            return Err(ServiceError::NotFound("overlap flag".into()));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let by = viewer.user.ok_or(jointcal_domain::access::Denied::SignInRequired)?;
        let mut after = before.clone();
        after.resolution = resolution;
        after.note = note.map(String::from);
        let json = |f: &StoredFlag| serde_json::json!({"resolution": f.resolution.code(), "note": f.note, "a": f.a, "b": f.b, "score": f.score});
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::OverlapFlag, id).group(group.id).before(json(&before)).after(json(&after)),
        );
        self.db.resolve_flag(id, resolution, note, by, self.now(), &ev).await.or_service("overlap flag")?;
        let mut views =
            self.flag_views(viewer, group, vec![self.db.flag(id).await.or_service("overlap flag")?]).await?;
        views.pop().ok_or(ServiceError::NotFound("overlap flag".into()))
    }
}
