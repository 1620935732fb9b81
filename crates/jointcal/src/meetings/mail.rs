//! Mail of meetings: invitations (iCalendar REQUEST with one ATTENDEE per member,
//! sent again with the raised SEQUENCE when the meeting changes, CANCEL when it is
//! cancelled) and reminders of action items a few days before they are due, once per
//! due date. Messages go through the outbox (each once per kind, reference and
//! recipient), delivered by the `mail` job.

use crate::bulletin::send::language_of;
use crate::mail::{make_message, MessageParts};
use crate::services::{MeetingView, ServiceError, Services};
use crate::web::feeds::content::{event, EventContext};
use crate::web::feeds::ical::{invitation, ItipMethod};
use crate::web::lang::Tr;
use chrono::Duration;
use jointcal_db::OutboxMail;
use jointcal_domain::access::{Denied, Viewer};
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, OrgId};
use jointcal_domain::meeting::ActionItem;
use jointcal_domain::vocab::{MemberRole, Status};
use std::collections::HashMap;

/// The outbox kind of invitations; the reference is `meeting/sequence/method`.
pub const INVITATION_KIND: &str = "meeting_invitation";
/// The outbox kind of reminders; the reference is `action/due date`.
pub const REMINDER_KIND: &str = "action_reminder";
/// Owners are reminded this many days before the due date (and on any later day up
/// to it, if the server was down).
pub const REMINDER_DAYS: i64 = 3;

/// What sending invitations did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    /// Messages queued now (0: each invitee had this version already).
    pub queued: usize,
    pub invitees: usize,
    pub cancel: bool,
    pub sequence: i64,
}

fn no_mail_server() -> ServiceError {
    ServiceError::Conflict(
        "no mail server is configured: set smtp_url and mail_from (see `jointcal config example`)".into(),
    )
}

/// Invites every active member of the group to the meeting (coordinators): one
/// message each with the meeting as an iCalendar REQUEST (or CANCEL when it is
/// cancelled), at the activity's current SEQUENCE. Sending again at the same
/// sequence queues nothing.
pub async fn send_invitations(
    s: &Services,
    viewer: &Viewer,
    group: &Group,
    id: ActivityId,
) -> Result<Invited, ServiceError> {
    let view = s.meeting(viewer, group, id).await?;
    if !view.may_manage {
        return Err(Denied::CoordinatorsOnly.into());
    }
    invite(s, group, &view).await
}

async fn invite(s: &Services, group: &Group, view: &MeetingView) -> Result<Invited, ServiceError> {
    let Some(from) = s.mail_from().cloned() else { return Err(no_mail_server()) };
    let a = &view.activity.activity;
    let cancel = a.fields.status == Status::Cancelled;
    let method = if cancel { ItipMethod::Cancel } else { ItipMethod::Request };
    let members: Vec<_> =
        s.members(&Viewer::SYSTEM, group).await?.into_iter().filter(|m| m.user.disabled_at.is_none()).collect();
    let attendees: Vec<(String, String)> =
        members.iter().map(|m| (m.user.display_name.clone(), m.user.email.trim().to_string())).collect();
    let orgs: HashMap<OrgId, (String, String)> =
        s.list_orgs().await?.into_iter().map(|o| (o.id, (o.fields.acronym, o.fields.name))).collect();
    let group_url = format!("{}/groups/{}", s.public_url().trim_end_matches('/'), group.fields.slug);
    let organizer = from.name.clone().unwrap_or_else(|| group.fields.name.clone());
    let reference = format!("{}/{}/{}", a.id, a.sequence, if cancel { "cancel" } else { "request" });
    let mut mails = Vec::with_capacity(members.len());
    for m in &members {
        let t = Tr::new(language_of(m.user.lang.as_deref(), group));
        let cx = EventContext { tr: &t, orgs: &orgs, group_url: group_url.clone() };
        let e = event(&view.activity, &cx);
        let ics = invitation(&e, method, (&organizer, from.email.as_ref()), &attendees);
        let key = match (cancel, view.meeting.invited_sequence) {
            (true, _) => "meeting-mail-cancelled",
            (false, None) => "meeting-mail-invitation",
            (false, Some(_)) => "meeting-mail-updated",
        };
        let subject = t.args(key, &[("title", e.summary.clone().into())]);
        let text = format!(
            "{subject}\n\n{}\n\n{}\n",
            e.description,
            t.args("meeting-mail-answer", &[("url", format!("{group_url}/activities/{}", a.id).into())])
        );
        let calendar = Some((if cancel { "CANCEL" } else { "REQUEST" }, ics.as_str()));
        let letter = Letter { to_name: &m.user.display_name, to: &m.user.email, subject, text, calendar };
        mails.extend(outbox_mail(s, &from, group, (INVITATION_KIND, &reference), letter));
    }
    let queued = s.queue_mail(&mails).await?;
    s.set_invited_sequence(a.id, a.sequence).await?;
    Ok(Invited { queued: usize::try_from(queued).unwrap_or(0), invitees: mails.len(), cancel, sequence: a.sequence })
}

/// Sends the invitations again for every meeting invited before whose activity
/// changed since (a higher SEQUENCE) and that is not over: what the `meetings` job
/// does. Returns how many meetings were re-sent.
pub async fn resend_changed(s: &Services) -> Result<usize, ServiceError> {
    if s.mail_from().is_none() {
        return Ok(0);
    }
    let mut n = 0;
    let now = s.now();
    for g in s.list_groups().await? {
        for m in s.meetings(&Viewer::SYSTEM, &g).await? {
            let a = &m.activity.activity;
            let changed = m.meeting.invited_sequence.is_some_and(|seq| seq < a.sequence);
            if changed && a.fields.schedule.end_utc > now {
                invite(s, &g, &m).await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Queues the reminders that are due (open items, `REMINDER_DAYS` before their due
/// date in their group's zone), each once per due date: to the owner person, else
/// to the owner organization's editors in the group, else to its coordinators.
/// Returns how many items were reminded.
pub async fn send_reminders(s: &Services) -> Result<usize, ServiceError> {
    let Some(from) = s.mail_from().cloned() else { return Ok(0) };
    let until = s.calendar_now().date_naive() + Duration::days(REMINDER_DAYS + 1);
    let due = s.actions_to_remind(until).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let groups: HashMap<_, _> = s.list_groups().await?.into_iter().map(|g| (g.id, g)).collect();
    let acronyms = s.acronyms().await?;
    let mut n = 0;
    for a in due {
        let Some(group) = groups.get(&a.group_id) else { continue };
        if !a.reminder_due(s.group_today(group), REMINDER_DAYS) {
            continue;
        }
        let mails = reminder_mails(s, group, &a, &from, &acronyms).await?;
        if mails.is_empty() {
            tracing::warn!(action = %a.id, "an action item's reminder has nobody to go to");
        }
        if s.record_reminder(&a, &mails).await? {
            n += 1;
        }
    }
    Ok(n)
}

async fn reminder_mails(
    s: &Services,
    group: &Group,
    a: &ActionItem,
    from: &lettre::message::Mailbox,
    acronyms: &HashMap<OrgId, String>,
) -> Result<Vec<OutboxMail>, ServiceError> {
    let members: Vec<_> =
        s.members(&Viewer::SYSTEM, group).await?.into_iter().filter(|m| m.user.disabled_at.is_none()).collect();
    let owner: Vec<_> = members.iter().filter(|m| Some(m.user.id) == a.owner_user).collect();
    let org_editors: Vec<_> = members
        .iter()
        .filter(|m| a.owner_org.is_some() && m.user.org == a.owner_org && m.role != MemberRole::Viewer)
        .collect();
    let coordinators: Vec<_> = members.iter().filter(|m| m.role == MemberRole::Coordinator).collect();
    let to = if !owner.is_empty() {
        owner
    } else if !org_editors.is_empty() {
        org_editors
    } else {
        coordinators
    };
    let url = format!("{}/groups/{}/activities/{}", s.public_url().trim_end_matches('/'), group.fields.slug, a.meeting);
    let mut mails = Vec::new();
    for m in to {
        let t = Tr::new(language_of(m.user.lang.as_deref(), group));
        let due = crate::i18n::Catalogue::get().day(t.lang, a.due, true);
        let subject =
            t.args("action-reminder-subject", &[("what", a.what.clone().into()), ("due", due.clone().into())]);
        let org = a.owner_org.and_then(|o| acronyms.get(&o).cloned()).unwrap_or_default();
        let text = t.args(
            "action-reminder-text",
            &[("what", a.what.clone().into()), ("due", due.into()), ("org", org.into()), ("url", url.clone().into())],
        );
        let reference = format!("{}/{}", a.id, a.due);
        let letter = Letter { to_name: &m.user.display_name, to: &m.user.email, subject, text, calendar: None };
        mails.extend(outbox_mail(s, from, group, (REMINDER_KIND, &reference), letter));
    }
    Ok(mails)
}

/// One message to one person.
struct Letter<'a> {
    to_name: &'a str,
    to: &'a str,
    subject: String,
    text: String,
    /// METHOD and iCalendar text of an invitation.
    calendar: Option<(&'a str, &'a str)>,
}

/// The letter made into a message for the outbox under `(kind, reference)`; None (and
/// a warning) when its address cannot be used, so one bad address stops no one else's.
fn outbox_mail(
    s: &Services,
    from: &lettre::message::Mailbox,
    group: &Group,
    (kind, reference): (&str, &str),
    l: Letter<'_>,
) -> Option<OutboxMail> {
    let now = s.now();
    let id = s.new_uuid();
    let made = make_message(&MessageParts {
        from,
        to_name: l.to_name,
        to: l.to,
        subject: &l.subject,
        text: &l.text,
        html: None,
        attachments: &[],
        calendar: l.calendar,
        headers: vec![("Auto-Submitted", "auto-generated".into())],
        date: now,
        message_id: format!("{id}@{}", s.mail_host()),
    });
    match made {
        Ok(made) => Some(OutboxMail {
            id,
            kind: kind.into(),
            reference: reference.into(),
            group_id: Some(group.id.0),
            recipient: made.recipient,
            sender: made.sender,
            subject: l.subject,
            message: made.bytes,
            created_at: now,
        }),
        Err(e) => {
            tracing::warn!(recipient = %l.to, kind, error = %e, "recipient left out");
            None
        }
    }
}
