//! Calendar feeds: the feed token each person has for their calendar applications,
//! and what tells a feed it must be made again.

use crate::secrets;
use crate::services::accounts::{Principal, Via};
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, Utc};
use jointcal_domain::access::{can_manage_account, Viewer};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::UserId;
use serde_json::json;

/// What a feed of a group is made from, besides its filter and reader: when any of
/// it differs, the feed is made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeedState {
    writes: i64,
    /// The last change of an activity, an organization or the group: Last-Modified.
    pub changed_at: DateTime<Utc>,
    orgs: i64,
    group_version: i64,
}

impl Services {
    /// The person's feed token, made the first time it is asked for.
    pub async fn feed_token(&self, viewer: &Viewer, actor: &Actor, user: UserId) -> Result<String, ServiceError> {
        can_manage_account(viewer, user)?;
        match self.db.feed_token_of(user).await.or_service("user")? {
            Some(t) => Ok(t),
            None => self.new_feed_token(viewer, actor, user).await,
        }
    }

    /// The person's feed token if they made one (reading only; for their page).
    pub async fn existing_feed_token(&self, user: UserId) -> Result<Option<String>, ServiceError> {
        self.db.feed_token_of(user).await.or_service("user")
    }

    /// Gives the person a new feed token: every link made with the old one stops
    /// working at once (audited, without the token).
    pub async fn new_feed_token(&self, viewer: &Viewer, actor: &Actor, user: UserId) -> Result<String, ServiceError> {
        can_manage_account(viewer, user)?;
        let token = secrets::new_feed_token();
        let ev = self.stamp(actor, AuditEvent::update(EntityKind::User, user.0).after(json!({"feed_token": "new"})));
        self.db.set_feed_token(user, &token, self.now(), &ev).await.or_service("user")?;
        Ok(token)
    }

    /// Who a feed token belongs to: it lets a calendar application read the feeds
    /// that person may read, and nothing else (only the feed route accepts it).
    pub async fn principal_from_feed_token(&self, token: &str) -> Result<Option<Principal>, ServiceError> {
        if !secrets::looks_like_feed_token(token) {
            return Ok(None);
        }
        let user = self.db.user_by_feed_token(token).await.or_service("user")?;
        Ok(user.map(|user| Principal { user, via: Via::Feed }))
    }

    /// The state a feed of `group` is made from (two small reads).
    pub async fn feed_state(&self, group: &Group) -> Result<FeedState, ServiceError> {
        let (writes, last) = self.db.activities_state(group.id).await.or_service("activity")?;
        let (orgs, orgs_changed) = self.db.orgs_state().await.or_service("organization")?;
        let changed_at =
            [last, orgs_changed, Some(group.updated_at)].into_iter().flatten().max().unwrap_or(group.updated_at);
        Ok(FeedState { writes, changed_at, orgs, group_version: group.version })
    }
}
