//! What a feed says of an activity, in the subscriber's language: its title, a
//! description a person can read (organizations and roles, kind, pillars, target
//! groups, status and why, contact, the text), its place (a sensitive place at region
//! level for whom the access rules say: the activity comes here already redacted),
//! categories and the link back.

use crate::services::ActivityView;
use crate::web::feeds::ical::{EventStatus, FeedEvent, When};
use crate::web::lang::Tr;
use chrono::Duration;
use jointcal_domain::ids::OrgId;
use jointcal_domain::schedule::Span;
use jointcal_domain::vocab::{Status, Visibility};
use std::collections::HashMap;

/// Cancelled activities stay in feeds this long after their end (so that
/// subscribers see them cancelled), then leave.
pub const CANCELLED_KEPT_DAYS: i64 = 30;

/// What every event of a feed needs besides its activity.
pub struct EventContext<'a> {
    pub tr: &'a Tr,
    /// Acronym and name of each organization.
    pub orgs: &'a HashMap<OrgId, (String, String)>,
    /// `https://host/groups/slug`, without a trailing slash.
    pub group_url: String,
}

fn when(v: &ActivityView) -> When {
    let s = &v.activity.fields.schedule;
    match s.span {
        Span::AllDay { first, last } => When::Days { first, after_last: last + Duration::days(1) },
        Span::Timed { start, end } => When::Local { start, end, tz: s.tz },
    }
}

/// The activity as an event of a feed.
pub fn event(v: &ActivityView, cx: &EventContext<'_>) -> FeedEvent {
    let a = &v.activity;
    let f = &a.fields;
    let t = cx.tr;
    let lang = t.code();
    let list = |items: Vec<String>| items.join(", ");
    let orgs: Vec<String> = f
        .organizations
        .iter()
        .map(|o| {
            let acronym = cx.orgs.get(&o.org).map(|(a, _)| a.clone()).unwrap_or_else(|| o.org.to_string());
            format!("{acronym} ({})", t.vocab(o.role).to_lowercase())
        })
        .collect();
    let mut lines = vec![
        format!("{}: {}", t.t("column-organizations"), list(orgs)),
        format!("{}: {}", t.t("column-kind"), t.vocab(f.kind)),
    ];
    if !f.pillars.is_empty() {
        lines.push(format!("{}: {}", t.t("activity-pillars"), list(f.pillars.iter().map(|p| t.vocab(*p)).collect())));
    }
    if !f.target_groups.is_empty() {
        let groups = list(f.target_groups.iter().map(|g| t.vocab(*g)).collect());
        lines.push(format!("{}: {groups}", t.t("column-target-groups")));
    }
    let mut status = format!("{}: {}", t.t("column-status"), t.vocab(f.status));
    if let Some(note) = &f.status_note {
        status.push_str(&format!(" — {note}"));
    }
    lines.push(status);
    if let Some(c) = &f.contact {
        let parts: Vec<String> = [&c.role, &c.name, &c.email, &c.phone].into_iter().flatten().cloned().collect();
        if !parts.is_empty() {
            lines.push(format!("{}: {}", t.t("activity-contact"), parts.join(" · ")));
        }
    }
    let url = format!("{}/activities/{}", cx.group_url, a.id);
    let mut description = String::new();
    if let Some(d) = &f.description {
        description.push_str(d.get(lang));
        description.push_str("\n\n");
    }
    description.push_str(&lines.join("\n"));
    description.push_str(&format!("\n\n{url}"));

    let places: Vec<String> = f.locations.iter().map(|l| t.place(l)).filter(|p| !p.is_empty()).collect();
    let mut categories = vec![t.vocab(f.kind)];
    categories.extend(f.pillars.iter().map(|p| t.vocab(*p)));
    categories.extend(f.target_groups.iter().map(|g| t.vocab(*g)));
    FeedEvent {
        uid: format!("{}@jointcal", a.id),
        sequence: a.sequence,
        created_at: a.created_at,
        changed_at: a.updated_at,
        summary: f.title.get(lang).to_string(),
        description,
        location: (!places.is_empty()).then(|| places.join("; ")),
        categories,
        url,
        status: match f.status {
            Status::Cancelled => EventStatus::Cancelled,
            Status::Planned | Status::Postponed => EventStatus::Tentative,
            Status::Confirmed | Status::Ongoing | Status::Completed => EventStatus::Confirmed,
        },
        when: when(v),
        rrule: f.schedule.rrule.clone(),
        public: f.visibility == Visibility::Public,
    }
}
