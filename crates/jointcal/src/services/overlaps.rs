//! Overlaps among a group's activities, as the reader may see them (issue #9, first
//! part: computed when asked, nothing stored yet; resolutions come with the
//! `overlap_flags` table).

use crate::services::activities::{ActivityFilter, ActivityView};
use crate::services::core::Services;
use crate::services::error::ServiceError;
use jointcal_domain::access::Viewer;
use jointcal_domain::group::Group;
use jointcal_domain::overlap::{Flag, Index, Record, Settings};
use std::collections::HashMap;

/// The flags of a window of a group's calendar, highest first, with the activities
/// they name.
pub struct Overlaps {
    pub flags: Vec<Flag>,
    /// The activities of the flags, by id.
    pub activities: HashMap<String, ActivityView>,
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
}
