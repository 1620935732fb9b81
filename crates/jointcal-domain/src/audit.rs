//! Audit events: who changed what, when, before and after. Generic over entities.

use crate::ids::{AuditId, BatchId, GroupId, TokenId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    /// A person, through the web pages or the API with a session.
    User { id: UserId },
    /// A person's API token.
    Token { id: TokenId, user: UserId },
    /// A background job (bulletin, reminders), by name.
    Job { name: String },
    /// An import batch.
    Import { batch: BatchId },
    /// The command line of the instance admin.
    Cli,
    /// The server itself (migrations, demo loading).
    System,
}

impl Actor {
    /// Stable short form stored in the `actor_type` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::Token { .. } => "token",
            Actor::Job { .. } => "job",
            Actor::Import { .. } => "import",
            Actor::Cli => "cli",
            Actor::System => "system",
        }
    }

    /// The user behind the change, if any.
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Actor::User { id } | Actor::Token { user: id, .. } => Some(*id),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "create" => Some(AuditAction::Create),
            "update" => Some(AuditAction::Update),
            "delete" => Some(AuditAction::Delete),
            _ => None,
        }
    }
}

/// One audit record. `before` and `after` are the entity's JSON (None for a create's
/// before and a delete's after).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: AuditAction,
    /// `activity`, `group`, `organization`, `membership`, `user`, …
    pub entity_type: String,
    pub entity_id: uuid::Uuid,
    pub group_id: Option<GroupId>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
