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

/// What kind of thing an audit event is about; stored by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Activity,
    /// Many activities written at once (generated data, imports).
    ActivityBatch,
    Group,
    Organization,
    Membership,
    User,
    ApiToken,
    /// A coordinator's resolution of a possible overlap.
    OverlapFlag,
    /// An edition of the monthly bulletin, archived as sent.
    BulletinEdition,
    /// What is attached to a coordination meeting: agenda, minutes, publication.
    Meeting,
    /// A line of a meeting's attendance register.
    Attendance,
    /// Something a meeting asked someone to do.
    ActionItem,
    /// One run of an import: who ran it, on what file, and what it did.
    ImportBatch,
}

impl EntityKind {
    pub const ALL: [EntityKind; 13] = [
        EntityKind::Activity,
        EntityKind::ActivityBatch,
        EntityKind::Group,
        EntityKind::Organization,
        EntityKind::Membership,
        EntityKind::User,
        EntityKind::ApiToken,
        EntityKind::OverlapFlag,
        EntityKind::BulletinEdition,
        EntityKind::Meeting,
        EntityKind::Attendance,
        EntityKind::ActionItem,
        EntityKind::ImportBatch,
    ];

    /// The stable code stored in the `entity_type` column and shown in the API.
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Activity => "activity",
            EntityKind::ActivityBatch => "activity_batch",
            EntityKind::Group => "group",
            EntityKind::Organization => "organization",
            EntityKind::Membership => "membership",
            EntityKind::User => "user",
            EntityKind::ApiToken => "api_token",
            EntityKind::OverlapFlag => "overlap_flag",
            EntityKind::BulletinEdition => "bulletin_edition",
            EntityKind::Meeting => "meeting",
            EntityKind::Attendance => "attendance",
            EntityKind::ActionItem => "action_item",
            EntityKind::ImportBatch => "import_batch",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.code())
    }
}

/// An audit event under construction: what changed and how; who and when are added
/// by [`AuditBuilder::stamp`], from the caller's actor and the injected clock and ids.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an audit event must be stamped and written with its change"]
pub struct AuditBuilder {
    action: AuditAction,
    kind: EntityKind,
    entity_id: uuid::Uuid,
    group_id: Option<GroupId>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl AuditBuilder {
    /// The group the entity belongs to (its coordinators read the event).
    pub fn group(mut self, g: GroupId) -> Self {
        self.group_id = Some(g);
        self
    }

    /// The entity before the change.
    pub fn before(mut self, v: impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }

    /// The entity after the change.
    pub fn after(mut self, v: impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }

    /// The finished event.
    pub fn stamp(self, id: AuditId, at: DateTime<Utc>, actor: &Actor) -> AuditEvent {
        AuditEvent {
            id,
            at,
            actor: actor.clone(),
            action: self.action,
            entity_type: self.kind,
            entity_id: self.entity_id,
            group_id: self.group_id,
            before: self.before,
            after: self.after,
        }
    }
}

impl AuditEvent {
    fn builder(action: AuditAction, kind: EntityKind, entity_id: uuid::Uuid) -> AuditBuilder {
        AuditBuilder { action, kind, entity_id, group_id: None, before: None, after: None }
    }

    /// An entity was created.
    pub fn create(kind: EntityKind, entity_id: uuid::Uuid) -> AuditBuilder {
        Self::builder(AuditAction::Create, kind, entity_id)
    }

    /// An entity was changed.
    pub fn update(kind: EntityKind, entity_id: uuid::Uuid) -> AuditBuilder {
        Self::builder(AuditAction::Update, kind, entity_id)
    }

    /// An entity was deleted.
    pub fn delete(kind: EntityKind, entity_id: uuid::Uuid) -> AuditBuilder {
        Self::builder(AuditAction::Delete, kind, entity_id)
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
    pub entity_type: EntityKind,
    pub entity_id: uuid::Uuid,
    pub group_id: Option<GroupId>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_codes_round_trip() {
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::parse(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(k.code()));
        }
        assert_eq!(EntityKind::parse("Activity"), None);
    }
}
