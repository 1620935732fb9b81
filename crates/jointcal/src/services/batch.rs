//! Many new activities at once (generators, and imports later): every input is
//! validated and checked, and either all are written, in one transaction with one
//! audit event, or none is.

use super::activities::{require_signed_in, validate_with};
use super::{DbResultExt, ServiceError, Services};
use jointcal_domain::access::{can_create, Denied, Viewer};
use jointcal_domain::activity::{Activity, ActivityInput};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, AuditId};
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

/// Why one input of a batch was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemProblem {
    Invalid(ValidationErrors),
    Denied(Denied),
}

/// One refused input, by its index in the batch (from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItemError {
    pub index: usize,
    pub problem: ItemProblem,
}

/// Every refused input of a batch; the batch was not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.summary())]
pub struct BatchErrors {
    pub items: Vec<BatchItemError>,
}

impl BatchErrors {
    /// "nothing was stored: activity 3: dates.end: …; activity 7: editors may …"
    pub fn summary(&self) -> String {
        let each: Vec<String> = self
            .items
            .iter()
            .map(|i| match &i.problem {
                ItemProblem::Invalid(v) => format!("activity {}: {}", i.index, v.summary()),
                ItemProblem::Denied(d) => format!("activity {}: {d}", i.index),
            })
            .collect();
        format!("nothing was stored: {}", each.join("; "))
    }

    /// True when no input was invalid, only refused by the access rules.
    pub fn only_denied(&self) -> bool {
        self.items.iter().all(|i| matches!(i.problem, ItemProblem::Denied(_)))
    }

    /// Field errors with the index in front of each field, e.g. `[3].dates.end`.
    pub fn field_errors(&self) -> ValidationErrors {
        let mut out = ValidationErrors::new();
        for i in &self.items {
            match &i.problem {
                ItemProblem::Invalid(v) => {
                    for f in &v.fields {
                        out.add(format!("[{}].{}", i.index, f.field), f.message.clone());
                    }
                }
                ItemProblem::Denied(d) => out.add(format!("[{}]", i.index), d.to_string()),
            }
        }
        out
    }
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
                format!("a batch holds from 1 to {MAX_BATCH} activities, not {}", inputs.len()),
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
        Ok(BatchOutcome { ids, audit_id })
    }
}
