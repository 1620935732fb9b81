//! The archive of the monthly bulletin: editions recorded as sent, and the last one
//! before a month (what the next edition compares with).

use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_db::StoredEdition;
use jointcal_domain::access::{can_manage_group, Viewer};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::bulletin::Snapshot;
use jointcal_domain::group::Group;
use serde_json::json;

/// An archived edition: its month, when it was sent, and every activity as it was.
#[derive(Debug, Clone)]
pub struct Edition {
    pub month: NaiveDate,
    pub sent_at: DateTime<Utc>,
    pub snapshot: Snapshot,
}

fn month_key(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

fn edition_of(e: StoredEdition) -> Result<Edition, ServiceError> {
    let snapshot: Snapshot = serde_json::from_str(&e.snapshot)
        .map_err(|err| ServiceError::Internal(format!("the archived edition of {} cannot be read: {err}", e.month)))?;
    let month = NaiveDate::parse_from_str(&format!("{}-01", e.month), "%Y-%m-%d")
        .map_err(|err| ServiceError::Internal(format!("an archived edition's month '{}': {err}", e.month)))?;
    Ok(Edition { month, sent_at: e.sent_at, snapshot })
}

impl Services {
    /// Records an edition as sent (coordinators): once per group and month.
    pub async fn record_edition(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        month: NaiveDate,
        snapshot: &Snapshot,
        body: &str,
    ) -> Result<(), ServiceError> {
        can_manage_group(viewer)?;
        let snapshot_json = serde_json::to_string(snapshot)
            .map_err(|e| ServiceError::Internal(format!("writing the bulletin snapshot: {e}")))?;
        let id = self.new_uuid();
        let e = StoredEdition {
            id,
            group_id: group.id.0,
            month: month_key(month),
            sent_at: snapshot.sent_at,
            snapshot: snapshot_json,
            body: body.to_string(),
        };
        let ev = self.stamp(
            actor,
            AuditEvent::create(EntityKind::BulletinEdition, id)
                .group(group.id)
                .after(json!({"month": e.month, "activities": snapshot.activities.len()})),
        );
        match self.db.insert_edition(&e, &ev).await {
            Err(jointcal_db::DbError::Conflict(_)) => Err(ServiceError::Conflict(format!(
                "the edition of {} was already sent; each month has one edition",
                e.month
            ))),
            other => other.or_service("bulletin edition"),
        }
    }

    /// Every edition of the group, newest first.
    pub async fn editions(&self, group: &Group) -> Result<Vec<Edition>, ServiceError> {
        let rows = self.db.editions(group.id).await.or_service("bulletin edition")?;
        rows.into_iter().map(edition_of).collect()
    }

    /// The last edition of the group before `month`, if any.
    pub async fn last_edition_before(&self, group: &Group, month: NaiveDate) -> Result<Option<Edition>, ServiceError> {
        let Some(e) = self.db.last_edition_before(group.id, &month_key(month)).await.or_service("bulletin edition")?
        else {
            return Ok(None);
        };
        let snapshot: Snapshot = serde_json::from_str(&e.snapshot).map_err(|err| {
            ServiceError::Internal(format!("the archived edition of {} cannot be read: {err}", e.month))
        })?;
        let month = NaiveDate::parse_from_str(&format!("{}-01", e.month), "%Y-%m-%d")
            .map_err(|err| ServiceError::Internal(format!("an archived edition's month '{}': {err}", e.month)))?;
        Ok(Some(Edition { month, sent_at: e.sent_at, snapshot }))
    }
}
