//! Coverage and gaps of a group's calendar over a period, counted over what the
//! reader may see (so the matrix never tells more than the calendar).

use crate::services::activities::ActivityFilter;
use crate::services::core::Services;
use crate::services::error::ServiceError;
use chrono::NaiveDate;
use jointcal_domain::access::Viewer;
use jointcal_domain::coverage::{coverage, Coverage, Entry, GapRules};
use jointcal_domain::group::Group;
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::Status;

impl Services {
    /// The coverage matrix of `[from, to)` (days in the group's zone) and its gaps.
    /// Cancelled activities do not count; regions with nothing at all are those of
    /// the group's country.
    pub async fn coverage(
        &self,
        viewer: &Viewer,
        group: &Group,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Coverage, ServiceError> {
        let tz = group.fields.timezone;
        let filter = ActivityFilter {
            from: Some(day_start_utc(tz, from)),
            to: Some(day_start_utc(tz, to)),
            ..Default::default()
        };
        let list = self.list_activities(viewer, group, &filter).await?;
        let entries: Vec<Entry> = list
            .iter()
            .filter(|v| v.activity.fields.status != Status::Cancelled)
            .map(|v| Entry::of_activity(&v.activity))
            .collect();
        // A region formed after the period has no gap in it.
        let regions: Vec<String> = jointcal_domain::geo::subdivisions_of(&group.fields.country)
            .into_iter()
            .filter(|s| s.since.is_none_or(|since| since < to))
            .map(|s| s.code.to_string())
            .collect();
        Ok(coverage(&entries, from, to, &regions, GapRules::default()))
    }
}
