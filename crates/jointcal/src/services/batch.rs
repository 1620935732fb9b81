//! Many new activities at once (generators, and imports later): every input is
//! validated and checked, and either all are written, in one transaction with one
//! audit event, or none is.

use crate::services::activities::{require_signed_in, validate_with};
use crate::services::core::Services;
use crate::services::error::{BatchErrors, BatchItemError, DbResultExt, ItemProblem, ServiceError};
use jointcal_domain::access::{can_create, Viewer};
use jointcal_domain::activity::{Activity, ActivityInput};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, AuditId};
use jointcal_domain::Problem;
use jointcal_domain::ValidationErrors;

/// The most activities one batch may hold (a transaction of bounded size).
pub const MAX_BATCH: usize = 5000;

/// What a stored batch made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOutcome {
    /// The new activities, in the order of the inputs.
    pub ids: Vec<ActivityId>,
    /// The one audit event of the batch.
    pub audit_id: AuditId,
}

impl Services {
    /// Creates every activity of `inputs` in `group`, or none: each input is validated
    /// and checked against the access rules, and all refusals are reported together.
    pub async fn create_activities_batch(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        inputs: &[ActivityInput],
    ) -> Result<BatchOutcome, ServiceError> {
        require_signed_in(viewer)?;
        if inputs.is_empty() || inputs.len() > MAX_BATCH {
            return Err(ValidationErrors::single(
                "activities",
                Problem::new(
                    "batch_size",
                    format!("a batch holds from 1 to {MAX_BATCH} activities, not {}", inputs.len()),
                )
                .with("max", MAX_BATCH)
                .with("count", inputs.len()),
            )
            .into());
        }
        let index = self.org_index().await?;
        let now = self.now();
        let mut refused = Vec::new();
        let mut batch = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let problem = match validate_with(&index, group, input) {
                Err(ServiceError::Invalid(v)) => ItemProblem::Invalid(v),
                Err(other) => return Err(other),
                Ok(fields) => match can_create(viewer, &fields) {
                    Err(d) => ItemProblem::Denied(d),
                    Ok(()) => {
                        batch.push(Activity::new(ActivityId(self.new_uuid()), group.id, fields, now));
                        continue;
                    }
                },
            };
            refused.push(BatchItemError { index: i, problem });
        }
        if !refused.is_empty() {
            return Err(ServiceError::Batch(BatchErrors { items: refused }));
        }
        let ids: Vec<ActivityId> = batch.iter().map(|a| a.id).collect();
        let after = serde_json::json!({"activities": ids.len(), "ids": ids.iter().map(|i| i.0).collect::<Vec<_>>()});
        let ev = self
            .stamp(actor, AuditEvent::create(EntityKind::ActivityBatch, self.new_uuid()).group(group.id).after(after));
        let audit_id = ev.id;
        self.db.insert_activities_batch(&batch, &ev).await.or_service("activity")?;
        // Many activities at once: the group's overlap index is built again at the
        // next save (the flags of a batch come with `refresh_overlaps`).
        self.forget_overlap_index(group);
        Ok(BatchOutcome { ids, audit_id })
    }
}
