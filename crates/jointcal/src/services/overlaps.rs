//! Overlaps among a group's activities: found when asked (`find_overlaps`), and kept
//! as flags (`overlap_flags`) that follow every change of an activity and that
//! coordinators resolve.

use crate::services::activities::{ActivityFilter, ActivityView};
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use crate::services::kept_index::{Indexed, KeptIndex};
use chrono::{DateTime, Duration, Utc};
use jointcal_domain::access::{can_list_members, can_manage_group, can_see, Viewer};
use jointcal_domain::activity::Activity;
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::overlap::{
    comparable_lengths, upkeep, Flag, FlagResolution, Index, Reason, Record, Settings, StoredFlag,
};
use jointcal_domain::schedule::span_class;
use jointcal_domain::vocab::Vocabulary;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

/// A save reads the activities changed after its group's kept index was built from
/// this long before the index read the calendar (writes in flight then, other
/// servers' clocks a little behind; those the index has in the same version are
/// left aside).
pub const KEPT_INDEX_MARGIN_SECONDS: i64 = 60;

/// A kept index is built again once this many activities changed since (or a tenth
/// of the group, when that is less, but at least 8): the changes are weighed at
/// every save, and by statistics that get older.
pub const KEPT_INDEX_MAX_CHANGES: usize = 256;

/// A kept index not used for this long is dropped (its memory freed).
pub const KEPT_INDEX_IDLE_MINUTES: i64 = 60;

/// Groups this large have their index built in the background (at 100,000 that
/// takes seconds): meanwhile their saves read their neighbours from storage.
pub const BACKGROUND_INDEX_FROM: usize = 5_000;

/// The index is built from pages of this many activities.
const INDEX_PAGE: i64 = 2_000;

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

    /// Finds the flags of an activity just saved and brings its kept flags up to
    /// date. Flags are derived data: when this fails, the activity stays saved and
    /// the failure is logged.
    /// Drops the group's kept overlap index (many activities were written at once): the
    /// next save builds it again.
    pub(crate) fn forget_overlap_index(&self, group: &Group) {
        self.overlap_indexes.lock().unwrap_or_else(|p| p.into_inner()).remove(&group.id);
    }

    pub(crate) async fn keep_flags_current(&self, group: &Group, a: &Activity) {
        if let Err(e) = self.refresh_flags_of(group, a).await {
            tracing::error!(activity = %a.id, error = %e, "could not bring the overlap flags up to date");
        }
    }

    /// What [`Services::keep_flags_current`] does, with its error (for `dev bench-save`).
    ///
    /// The group's index is kept in memory between saves: built from the whole
    /// calendar at one moment, it is given, at each save, the activities changed in
    /// storage since then (by anyone: this server, another one, a batch), so a save
    /// reads a few rows instead of its neighbours. It is built again, in the
    /// background for large groups, once the changes are many
    /// ([`KEPT_INDEX_MAX_CHANGES`]). Until a large group's first index is ready, a save
    /// reads its neighbours from storage.
    pub(crate) async fn refresh_flags_of(&self, group: &Group, a: &Activity) -> Result<(), ServiceError> {
        let me = Record::of_activity(a);
        let found = match self.kept_index_of(group).await? {
            Some((kept, since)) => {
                // What changed since the index read the calendar, less what it already
                // has in that version (the margin re-reads a little), and what it has
                // that is deleted now.
                let keys = self.db.activity_keys_changed_after(group.id, since).await.or_service("activity")?;
                let indexed = |id: &ActivityId| kept.versions.get(id).copied();
                let gone: HashSet<String> = keys
                    .iter()
                    .filter(|(id, _, deleted)| *deleted && indexed(id).is_some())
                    .map(|(id, _, _)| id.to_string())
                    .collect();
                let newer: Vec<(ActivityId, i64)> = keys
                    .iter()
                    .filter(|(id, v, deleted)| !deleted && indexed(id) != Some(*v))
                    .map(|(id, v, _)| (*id, *v))
                    .collect();
                let limit = (kept.index.len() / 10).clamp(8, KEPT_INDEX_MAX_CHANGES);
                if newer.len() + gone.len() > limit {
                    self.build_kept_index_again(group).await?;
                }
                let live = self.db.activities_at_versions(&newer).await.or_service("activity")?;
                let changed: Vec<Record> =
                    live.iter().filter(|v| v.deleted_at.is_none()).map(Record::of_activity).collect();
                kept.index.flags_for_changed(me, changed, &gone)
            }
            None => self.flags_from_neighbours(group, a, me).await?,
        };
        let mut ids: Vec<ActivityId> = found
            .iter()
            .flat_map(|f| [&f.a, &f.b])
            .filter_map(|k| k.parse::<Uuid>().ok().map(ActivityId))
            .filter(|id| *id != a.id)
            .collect();
        ids.sort();
        ids.dedup();
        let mut fingerprints = self.db.fingerprints_of(&ids).await.or_service("activity")?;
        fingerprints.insert(a.id, a.fingerprint.clone());
        let existing = self.db.flags_of_activity(a.id).await.or_service("overlap flags")?;
        let changes = upkeep(group.id, existing, &found, &fingerprints, self.now(), || self.new_uuid());
        self.db.apply_flag_changes(&changes).await.or_service("overlap flags")
    }

    /// The flags of `me` against its neighbours read from storage, weighed by their
    /// own statistics: while a large group's index is being built.
    async fn flags_from_neighbours(&self, group: &Group, a: &Activity, me: Record) -> Result<Vec<Flag>, ServiceError> {
        let settings = Settings::default();
        let margin = Duration::days(settings.window_days + 1);
        // Only neighbours of a length the detector compares with this one's (a
        // five-year programme is not compared with every one-day event of its years),
        // as duration classes, one class wider on each side (classes count in UTC
        // seconds, the detector in days of the group's zone).
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
        let records: Vec<Record> =
            list.iter().filter(|v| v.activity.id != a.id).map(|v| Record::of_activity(&v.activity)).collect();
        Ok(Index::new(records, settings).flags_for(me))
    }

    /// The group's kept index and the time to read changes after; built now for a
    /// small group that has none, in the background for a large one (None until it
    /// is ready). Indexes idle for [`KEPT_INDEX_IDLE_MINUTES`] are dropped.
    async fn kept_index_of(&self, group: &Group) -> Result<Option<(Arc<Indexed>, DateTime<Utc>)>, ServiceError> {
        let now = self.now();
        {
            let mut kept = self.overlap_indexes.lock().unwrap_or_else(|p| p.into_inner());
            kept.retain(|g, k| {
                *g == group.id || k.building || now - k.used_at < Duration::minutes(KEPT_INDEX_IDLE_MINUTES)
            });
            if let Some(k) = kept.get_mut(&group.id) {
                k.used_at = now;
                return Ok(k.index.clone().map(|i| (i, k.since)));
            }
        }
        if self.count_activities(&Viewer::SYSTEM, group).await? < BACKGROUND_INDEX_FROM as i64 {
            let (_, index, since) = self.build_kept_index(group).await?;
            return Ok(Some((index, since)));
        }
        self.build_kept_index_again(group).await?;
        Ok(None)
    }

    /// Builds the group's index again: now for a small group, in the background for
    /// a large one (once at a time; saves meanwhile use the index kept, if any).
    async fn build_kept_index_again(&self, group: &Group) -> Result<(), ServiceError> {
        let (large, start) = {
            let mut kept = self.overlap_indexes.lock().unwrap_or_else(|p| p.into_inner());
            let k = kept.entry(group.id).or_insert_with(|| KeptIndex {
                index: None,
                since: self.now(),
                building: false,
                used_at: self.now(),
            });
            let large = k.index.as_ref().is_none_or(|i| i.index.len() >= BACKGROUND_INDEX_FROM);
            let start = !k.building;
            k.building = true;
            (large, start)
        };
        if !start {
            return Ok(());
        }
        if !large {
            return self.build_kept_index(group).await.map(|_| ());
        }
        let (me, g) = (self.clone(), group.clone());
        tokio::spawn(async move {
            if let Err(e) = me.build_kept_index(&g).await {
                tracing::error!(group = %g.fields.slug, error = %e, "could not build the overlap index");
                let mut kept = me.overlap_indexes.lock().unwrap_or_else(|p| p.into_inner());
                match kept.get_mut(&g.id) {
                    Some(k) if k.index.is_some() => k.building = false,
                    _ => {
                        kept.remove(&g.id);
                    }
                }
            }
        });
        Ok(())
    }

    /// Builds a group's index from all its activities (off the async threads: at
    /// 100,000 it takes a second of CPU), and keeps it. Returns each activity's
    /// fingerprint too. The activities are read a page at a time and only what the
    /// detector needs of each is kept, so the memory is the index's own.
    pub(crate) async fn build_kept_index(
        &self,
        group: &Group,
    ) -> Result<(HashMap<ActivityId, String>, Arc<Indexed>, DateTime<Utc>), ServiceError> {
        let since = self.now() - Duration::seconds(KEPT_INDEX_MARGIN_SECONDS);
        // By id: an activity moved later while the pages are read is met twice (its
        // last reading is kept); one changed meanwhile is read again by the next save,
        // as every change after `since` is.
        let mut records = HashMap::new();
        let mut versions = HashMap::new();
        let mut fingerprints = HashMap::new();
        let mut page = ActivityFilter { limit: Some(INDEX_PAGE), ..Default::default() };
        loop {
            let read = self.activity_page(&Viewer::SYSTEM, group, &page).await?;
            for v in &read.items {
                records.insert(v.activity.id, Record::of_activity(&v.activity));
                versions.insert(v.activity.id, v.activity.version);
                fingerprints.insert(v.activity.id, v.activity.fingerprint.clone());
            }
            match read.next {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
        let records: Vec<Record> = records.into_values().collect();
        let index = tokio::task::spawn_blocking(move || {
            Arc::new(Indexed { index: Index::new(records, Settings::default()), versions })
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("building the overlap index: {e}")))?;
        let now = self.now();
        self.overlap_indexes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(group.id, KeptIndex { index: Some(index.clone()), since, building: false, used_at: now });
        Ok((fingerprints, index, since))
    }

    /// Finds every flag of a group again from its whole calendar and brings the kept
    /// flags up to date by the same rules as a save (after the demo, a batch, or with
    /// `jointcal overlaps --refresh`). Returns how many flags the group keeps.
    pub async fn refresh_overlaps(&self, group: &Group) -> Result<usize, ServiceError> {
        let (fingerprints, index, _) = self.build_kept_index(group).await?;
        let found = tokio::task::spawn_blocking(move || index.index.flags())
            .await
            .map_err(|e| ServiceError::Internal(format!("finding the overlaps: {e}")))?;
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
