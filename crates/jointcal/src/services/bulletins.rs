//! The archive of the monthly bulletin (editions recorded as sent, and the last one
//! before a month: what the next edition compares with) and its recipients (the
//! group's members and the coordinator's distribution list, less those who
//! unsubscribed).

use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_db::{OutboxMail, RecipientRecord, StoredEdition};
use jointcal_domain::access::{can_manage_group, Viewer};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::bulletin::Snapshot;
use jointcal_domain::group::Group;
use serde_json::json;

/// An edition to archive: its month (first day), every activity as sent, the text as
/// sent (Markdown), and its messages (none when it was sent by hand).
#[derive(Debug, Clone, Copy)]
pub struct NewEdition<'a> {
    pub month: NaiveDate,
    pub snapshot: &'a Snapshot,
    pub body: &'a str,
    pub mails: &'a [OutboxMail],
}

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
    /// Records an edition as sent (coordinators), with its messages queued in the same
    /// transaction: once per group and month.
    pub async fn record_edition(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        edition: &NewEdition<'_>,
    ) -> Result<(), ServiceError> {
        let NewEdition { month, snapshot, body, mails } = *edition;
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
        match self.db.insert_edition(&e, mails, &ev).await {
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
        let e = self.db.last_edition_before(group.id, &month_key(month)).await.or_service("bulletin edition")?;
        e.map(edition_of).transpose()
    }

    /// Everyone the group's bulletin goes to or went to (coordinators): the active
    /// members with an address and the distribution list, each once by address, with
    /// whether they unsubscribed. Members are recorded here (with their unsubscribe
    /// secret) the first time they are listed.
    pub async fn bulletin_recipients(
        &self,
        viewer: &Viewer,
        group: &Group,
    ) -> Result<Vec<BulletinRecipient>, ServiceError> {
        can_manage_group(viewer)?;
        let members = self.members(&Viewer::SYSTEM, group).await?;
        let now = self.now();
        let fresh: Vec<RecipientRecord> = members
            .iter()
            .filter(|m| m.user.disabled_at.is_none())
            .map(|m| RecipientRecord {
                group_id: group.id.0,
                email: m.user.email.trim().to_lowercase(),
                name: m.user.display_name.clone(),
                on_list: false,
                token: crate::secrets::random_hex(),
                added_at: now,
                unsubscribed_at: None,
            })
            .collect();
        self.db.ensure_bulletin_recipients(&fresh).await.or_service("bulletin recipient")?;
        let known = self.db.bulletin_recipients(group.id).await.or_service("bulletin recipient")?;
        let out = known
            .into_iter()
            .filter_map(|r| {
                let member = members.iter().find(|m| m.user.email.trim().eq_ignore_ascii_case(&r.email));
                let active_member = member.is_some_and(|m| m.user.disabled_at.is_none());
                (active_member || r.on_list).then(|| BulletinRecipient {
                    name: member.map_or_else(|| r.name.clone(), |m| m.user.display_name.clone()),
                    lang: member.and_then(|m| m.user.lang.clone()),
                    member: active_member,
                    email: r.email,
                    on_list: r.on_list,
                    unsubscribed_at: r.unsubscribed_at,
                    token: r.token,
                })
            })
            .collect();
        Ok(out)
    }

    /// Puts an address on the group's distribution list, or takes it off (coordinators).
    /// A person who unsubscribed stays unsubscribed.
    pub async fn set_on_distribution_list(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        email: &str,
        name: &str,
        on: bool,
    ) -> Result<(), ServiceError> {
        can_manage_group(viewer)?;
        let email = email.trim().to_lowercase();
        if email.parse::<lettre::Address>().is_err() || email.len() > 254 {
            let p = jointcal_domain::Problem::new("not_an_email", format!("'{email}' is not an e-mail address"))
                .with("value", email.clone());
            let mut errors = jointcal_domain::ValidationErrors::default();
            errors.add("email", p);
            return Err(errors.into());
        }
        let name = crate::mail::header_text(name);
        let row = RecipientRecord {
            group_id: group.id.0,
            email: email.clone(),
            name,
            on_list: on,
            token: crate::secrets::random_hex(),
            added_at: self.now(),
            unsubscribed_at: None,
        };
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::Group, group.id.0)
                .group(group.id)
                .after(json!({"distribution_list": {"email": email, "on_list": on}})),
        );
        self.db.set_on_list(&row, &ev).await.or_service("bulletin recipient")
    }

    /// Whose unsubscribe link `token` is: the group's name, the address, and whether it
    /// was used already.
    pub async fn unsubscribe_link(&self, token: &str) -> Result<(String, String, bool), ServiceError> {
        let gone = || ServiceError::NotFound("unsubscribe link".into());
        if !looks_like_link(token) {
            return Err(gone());
        }
        let r = self.db.recipient_by_token(token.trim()).await.or_service("unsubscribe link")?.ok_or_else(gone)?;
        let group = self.db.group(jointcal_domain::ids::GroupId(r.group_id)).await.or_service("group")?;
        Ok((group.fields.name, r.email, r.unsubscribed_at.is_some()))
    }

    /// Unsubscribes the address whose unsubscribe secret is `token` from its group's
    /// bulletin (anyone holding the link: it came in their mail). Returns the group's
    /// name and the address.
    pub async fn unsubscribe(&self, token: &str) -> Result<(String, String), ServiceError> {
        let token = token.trim();
        if !looks_like_link(token) {
            return Err(ServiceError::NotFound("unsubscribe link".into()));
        }
        let r = self
            .db
            .unsubscribe(token, self.now())
            .await
            .or_service("unsubscribe link")?
            .ok_or_else(|| ServiceError::NotFound("unsubscribe link".into()))?;
        let group = self.db.group(jointcal_domain::ids::GroupId(r.group_id)).await.or_service("group")?;
        tracing::info!(group = %group.fields.slug, "a recipient unsubscribed from the bulletin");
        Ok((group.fields.name, r.email))
    }
}

fn looks_like_link(token: &str) -> bool {
    let token = token.trim();
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// One address of a group's bulletin.
#[derive(Debug, Clone, PartialEq)]
pub struct BulletinRecipient {
    pub email: String,
    pub name: String,
    /// The member's language, if they chose one.
    pub lang: Option<String>,
    /// An active member of the group.
    pub member: bool,
    /// On the coordinator's distribution list.
    pub on_list: bool,
    pub unsubscribed_at: Option<DateTime<Utc>>,
    /// The secret of the recipient's unsubscribe link.
    pub token: String,
}
