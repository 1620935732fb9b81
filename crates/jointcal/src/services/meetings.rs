//! Coordination meetings: schedule one or a quarterly series, attach a meeting to an
//! existing coordination-meeting activity, keep its agenda and minutes (with
//! revisions and the draft → circulated → approved path), publish it, keep the
//! attendance register, and the action items meetings assign.
//!
//! Access: coordinators do everything; members read agendas, answer for themselves,
//! read circulated and approved minutes (viewers only approved ones) and update the
//! action items they or their organization own; outside the group only published
//! meetings of public activities are seen, with approved minutes only.

use crate::services::activities::ActivityView;
use crate::services::core::{IfMatch, Services};
use crate::services::error::{DbResultExt, ServiceError};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use jointcal_db::{MeetingChange, MinutesRevision};
use jointcal_domain::access::{can_see, Denied, Viewer};
use jointcal_domain::activity::{Activity, ActivityInput, Link, OrgRefInput};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::error::{Problem, ValidationErrors};
use jointcal_domain::geo::Location;
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, OrgId, UserId};
use jointcal_domain::meeting::{
    minutes_transition, parse_weekday, validate_action, validate_agenda, validate_minutes, ActionFields, ActionInput,
    ActionItem, AgendaItemInput, Attendance, Meeting, MinutesInput, Nth, QuarterlySeries,
};
use jointcal_domain::schedule::DatesInput;
use jointcal_domain::vocab::{
    ActionStatus, ActivityKind, AttendanceResponse, MemberRole, MinutesStatus, Visibility, Vocabulary,
};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// At most this many meetings in one series.
pub const MAX_SERIES: u16 = 12;

/// A meeting as one viewer may see it.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub activity: ActivityView,
    pub meeting: Meeting,
    /// May the viewer read the minutes as they stand (status and text)?
    pub minutes_visible: bool,
    /// May the viewer change the meeting (coordinators)?
    pub may_manage: bool,
}

/// A quarterly series: `count` meetings on the `nth` `weekday` of the
/// `month_in_quarter` month of each quarter, from the first such day on or after the
/// start's date, at the start's time.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SeriesInput {
    /// How many meetings (1–12).
    pub count: u16,
    /// e.g. `tuesday`.
    pub weekday: String,
    /// first, second, third, fourth or last; `first` when omitted.
    #[serde(default)]
    pub nth: Option<String>,
    /// 1, 2 or 3: which month of the quarter; 1 when omitted.
    #[serde(default)]
    pub month_in_quarter: Option<u32>,
}

/// A meeting to schedule: a new coordination-meeting activity and its meeting, or
/// (with `activity`) a meeting attached to an existing coordination-meeting activity.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// An existing activity of kind coordination_meeting to attach the meeting to;
    /// the other fields must then be left out.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub activity: Option<String>,
    /// Title (English or the group's language); "Coordination meeting" when omitted.
    #[serde(default)]
    pub title: Option<String>,
    /// Local start in the group's time zone, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    pub start: Option<String>,
    /// Length in minutes; 120 when omitted.
    #[serde(default)]
    pub duration_minutes: Option<u16>,
    /// The place, e.g. `U.S. Embassy, Astana`.
    #[serde(default)]
    pub place: Option<String>,
    /// ISO 3166-2 code of the region, e.g. `KZ-71`.
    #[serde(default)]
    pub region: Option<String>,
    /// A link to join online.
    #[serde(default)]
    pub online_url: Option<String>,
    /// The host organization (acronym or id): the meeting's lead organization.
    #[serde(default)]
    pub host: Option<String>,
    /// group (default), coordinators or public: who sees the meeting in the calendar.
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub series: Option<SeriesInput>,
}

/// Changes to a meeting's own state (coordinators).
#[derive(Debug, Clone, Default)]
pub struct MeetingUpdate {
    pub agenda: Option<Vec<AgendaItemInput>>,
    pub minutes: Option<MinutesInput>,
    pub minutes_status: Option<MinutesStatus>,
    /// With `minutes_status` approved: the meeting that approved them.
    pub approved_in: Option<ActivityId>,
    pub published: Option<bool>,
}

/// One line of the register as shown: a member (with or without an answer) or a guest.
#[derive(Debug, Clone)]
pub struct AttendanceLine {
    /// None: a member who has not answered (no line stored yet).
    pub stored: Option<Attendance>,
    pub user: Option<UserId>,
    pub name: String,
    pub org: Option<OrgId>,
    pub response: AttendanceResponse,
    pub attended: Option<bool>,
}

/// A line of the register as a coordinator writes it (or a member for themself).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    /// A member's e-mail address; leave out for a guest.
    #[serde(default)]
    pub member: Option<String>,
    /// A guest's name (required without `member`).
    #[serde(default)]
    pub name: Option<String>,
    /// The guest's organization (acronym or id).
    #[serde(default)]
    pub org: Option<String>,
    /// no_answer, attending or apologies.
    #[serde(default)]
    pub response: Option<String>,
    /// Did they come (recorded after the meeting)?
    #[serde(default)]
    pub attended: Option<bool>,
}

/// Writes need a signed-in caller (the command line and jobs act as the system).
fn signed_in(viewer: &Viewer) -> Result<(), ServiceError> {
    if viewer.user.is_none() && !viewer.admin {
        return Err(Denied::SignInRequired.into());
    }
    Ok(())
}

fn meeting_denied(viewer: &Viewer) -> ServiceError {
    if viewer.user.is_none() && !viewer.admin {
        Denied::SignInRequired.into()
    } else {
        Denied::CoordinatorsOnly.into()
    }
}

/// May `viewer` read the minutes at `status`?
fn reads_minutes(viewer: &Viewer, status: MinutesStatus) -> bool {
    match status {
        MinutesStatus::Approved => true,
        MinutesStatus::Circulated => viewer.is_coordinator() || matches!(viewer.role, Some(MemberRole::Editor)),
        MinutesStatus::Draft => viewer.is_coordinator(),
    }
}

fn invalid(field: &str, p: Problem) -> ServiceError {
    ValidationErrors::single(field, p).into()
}

impl Services {
    /// The meeting `id` of `group` as `viewer` may see it: members see every meeting
    /// of an activity they see; others only published meetings of public activities.
    pub async fn meeting(&self, viewer: &Viewer, group: &Group, id: ActivityId) -> Result<MeetingView, ServiceError> {
        let a = self.visible_activity(viewer, group, id).await.map_err(|_| ServiceError::NotFound("meeting".into()))?;
        let m = self.db.meeting(id).await.or_service("meeting")?;
        if !viewer.is_member() && !m.published {
            return Err(ServiceError::NotFound("meeting".into()));
        }
        Ok(self.meeting_view(viewer, a, m))
    }

    fn meeting_view(&self, viewer: &Viewer, a: Activity, m: Meeting) -> MeetingView {
        MeetingView {
            minutes_visible: reads_minutes(viewer, m.minutes_status),
            may_manage: viewer.is_coordinator(),
            activity: ActivityView::new(viewer, a),
            meeting: m,
        }
    }

    /// Every meeting of the group `viewer` may see, by start (deleted activities left out).
    pub async fn meetings(&self, viewer: &Viewer, group: &Group) -> Result<Vec<MeetingView>, ServiceError> {
        let list = self.db.meetings_of_group(group.id).await.or_service("meeting")?;
        let mut out = Vec::with_capacity(list.len());
        for m in list {
            if !viewer.is_member() && !m.published {
                continue;
            }
            let a = match self.db.activity(m.id).await {
                Ok(a) => a,
                Err(jointcal_db::DbError::NotFound) => continue,
                Err(e) => return Err(ServiceError::from_db(e, "meeting")),
            };
            if a.deleted_at.is_some() || a.group_id != group.id || !can_see(viewer, &a.fields) {
                continue;
            }
            out.push(self.meeting_view(viewer, a, m));
        }
        out.sort_by_key(|v| (v.activity.fields.schedule.start_utc, v.activity.id));
        Ok(out)
    }

    /// Schedules a meeting or a series (coordinators), or attaches a meeting to an
    /// existing coordination-meeting activity. Returns the meetings made.
    #[tracing::instrument(name = "schedule_meeting", skip_all, fields(group = %group.fields.slug))]
    pub async fn schedule_meeting(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        input: &ScheduleInput,
    ) -> Result<Vec<MeetingView>, ServiceError> {
        signed_in(viewer)?;
        if !viewer.is_coordinator() {
            return Err(meeting_denied(viewer));
        }
        if let Some(id) = input.activity.as_deref() {
            return self.attach_meeting(viewer, actor, group, id, input).await.map(|v| vec![v]);
        }
        let (inputs, series) = self.meeting_activities(group, input)?;
        let orgs = self.org_index().await?;
        let mut made = Vec::with_capacity(inputs.len());
        let mut audits = Vec::with_capacity(inputs.len() * 2);
        let now = self.now();
        for (i, ai) in inputs.iter().enumerate() {
            let fields = crate::services::activities::validate_with(&orgs, group, ai).map_err(|e| match e {
                ServiceError::Invalid(v) if inputs.len() > 1 => ServiceError::Invalid(prefixed(v, i)),
                other => other,
            })?;
            let a = Activity::new(ActivityId(self.new_uuid()), group.id, fields, now);
            let m = Meeting::new(a.id, group.id, series, now);
            audits.push(
                self.stamp(actor, AuditEvent::create(EntityKind::Activity, a.id.0).group(group.id).after(a.to_json())),
            );
            audits.push(
                self.stamp(actor, AuditEvent::create(EntityKind::Meeting, a.id.0).group(group.id).after(m.to_json())),
            );
            made.push((a, m));
        }
        self.db.insert_meetings(&made, &audits).await.or_service("meeting")?;
        let mut out = Vec::with_capacity(made.len());
        for (a, m) in made {
            self.keep_flags_current(group, &a).await;
            out.push(self.meeting_view(viewer, a, m));
        }
        Ok(out)
    }

    async fn attach_meeting(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: &str,
        input: &ScheduleInput,
    ) -> Result<MeetingView, ServiceError> {
        let others = input.title.is_some()
            || input.start.is_some()
            || input.duration_minutes.is_some()
            || input.place.is_some()
            || input.region.is_some()
            || input.online_url.is_some()
            || input.host.is_some()
            || input.visibility.is_some()
            || input.series.is_some();
        if others {
            return Err(invalid(
                "activity",
                Problem::new(
                    "attach_only",
                    "to attach a meeting to an activity, send only `activity`; change the date and place on the activity",
                ),
            ));
        }
        let aid = id.trim().parse::<uuid::Uuid>().map_err(|_| {
            invalid("activity", Problem::new("not_an_id", format!("'{id}' is not an activity id")).with("value", id))
        })?;
        let a = self.visible_activity(viewer, group, ActivityId(aid)).await.map_err(|_| {
            invalid(
                "activity",
                Problem::new("unknown_activity", format!("the group has no activity {aid}")).with("value", aid),
            )
        })?;
        if a.fields.kind != ActivityKind::CoordinationMeeting {
            return Err(invalid(
                "activity",
                Problem::new(
                    "not_a_meeting",
                    format!("the activity is a {}, not a coordination_meeting", a.fields.kind.code()),
                )
                .with("kind", a.fields.kind.code()),
            ));
        }
        let m = Meeting::new(a.id, group.id, None, self.now());
        let ev = self.stamp(actor, AuditEvent::create(EntityKind::Meeting, a.id.0).group(group.id).after(m.to_json()));
        match self.db.attach_meeting(&m, &ev).await {
            Err(jointcal_db::DbError::Conflict(_)) => {
                Err(ServiceError::Conflict(format!("activity {aid} is a meeting already")))
            }
            other => other.or_service("meeting"),
        }?;
        Ok(self.meeting_view(viewer, a, m))
    }

    /// The activity inputs of a meeting or series, and the series id.
    fn meeting_activities(
        &self,
        group: &Group,
        input: &ScheduleInput,
    ) -> Result<(Vec<ActivityInput>, Option<uuid::Uuid>), ServiceError> {
        let mut errs = ValidationErrors::new();
        let start = match input.start.as_deref().map(str::trim) {
            None | Some("") => {
                errs.add("start", Problem::required_as("YYYY-MM-DDTHH:MM, local to the group's time zone"));
                None
            }
            Some(s) => errs.take(
                "start",
                NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").map_err(|_| {
                    Problem::new(
                        "not_a_local_time",
                        format!("'{s}' is not a local date-time; use YYYY-MM-DDTHH:MM (e.g. 2007-10-23T10:00)"),
                    )
                    .with("value", s)
                }),
            ),
        };
        let minutes = input.duration_minutes.unwrap_or(120);
        if minutes == 0 || minutes > 24 * 60 {
            errs.add(
                "duration_minutes",
                Problem::new("out_of_range", format!("a meeting lasts from 1 to 1440 minutes, not {minutes}"))
                    .with("min", 1)
                    .with("max", 1440),
            );
        }
        let dates: Vec<NaiveDateTime> = match (&input.series, start) {
            (_, None) => Vec::new(),
            (None, Some(s)) => vec![s],
            (Some(series), Some(s)) => {
                let count = series.count;
                if count == 0 || count > MAX_SERIES {
                    errs.add(
                        "series.count",
                        Problem::new(
                            "out_of_range",
                            format!("a series has from 1 to {MAX_SERIES} meetings, not {count}"),
                        )
                        .with("min", 1)
                        .with("max", MAX_SERIES),
                    );
                }
                let weekday = errs.take("series.weekday", parse_weekday(&series.weekday));
                let nth = errs.take("series.nth", Nth::parse(series.nth.as_deref().unwrap_or("first")));
                let miq = series.month_in_quarter.unwrap_or(1);
                if !(1..=3).contains(&miq) {
                    errs.add(
                        "series.month_in_quarter",
                        Problem::new("out_of_range", format!("the month of the quarter is 1, 2 or 3, not {miq}"))
                            .with("min", 1)
                            .with("max", 3),
                    );
                }
                match (weekday, nth) {
                    (Some(weekday), Some(nth)) if errs.is_empty() => {
                        let q = QuarterlySeries { month_in_quarter: miq, weekday, nth };
                        q.dates(s.date(), usize::from(count)).into_iter().map(|d| d.and_time(s.time())).collect()
                    }
                    _ => Vec::new(),
                }
            }
        };
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let title = input.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let lang = group.fields.languages.first().map_or_else(|| "en".to_string(), |l| l.as_str().to_string());
        let list = dates
            .iter()
            .map(|start| {
                let end = *start + Duration::minutes(i64::from(minutes));
                let title = match title {
                    Some(t) if dates.len() > 1 => format!("{t} ({})", start.format("%Y-%m")),
                    Some(t) => t.to_string(),
                    None => format!("Coordination meeting ({})", start.format("%Y-%m-%d")),
                };
                let mut locations = Vec::new();
                if input.place.is_some() || input.region.is_some() {
                    locations.push(Location {
                        country: Some(group.fields.country.clone()),
                        subdivision: input.region.clone().filter(|r| !r.trim().is_empty()),
                        place: input.place.clone().filter(|p| !p.trim().is_empty()),
                        ..Default::default()
                    });
                }
                let online = input.online_url.as_deref().map(str::trim).filter(|u| !u.is_empty());
                ActivityInput {
                    title: BTreeMap::from([(lang.clone(), title)]),
                    original_lang: Some(lang.clone()),
                    kind: ActivityKind::CoordinationMeeting.code().into(),
                    pillars: vec!["partnership".into()],
                    target_groups: vec!["international_orgs".into()],
                    delivery_mode: Some(
                        match (online.is_some(), locations.is_empty()) {
                            (true, true) => "online",
                            (true, false) => "hybrid",
                            _ => "in_person",
                        }
                        .into(),
                    ),
                    organizations: input
                        .host
                        .iter()
                        .filter(|h| !h.trim().is_empty())
                        .map(|h| OrgRefInput { org: h.trim().to_string(), role: "lead".into() })
                        .collect(),
                    locations,
                    dates: DatesInput {
                        start: start.format("%Y-%m-%dT%H:%M").to_string(),
                        end: Some(end.format("%Y-%m-%dT%H:%M").to_string()),
                        tz: None,
                        all_day: None,
                    },
                    status: Some("planned".into()),
                    visibility: Some(input.visibility.clone().unwrap_or_else(|| Visibility::Group.code().into())),
                    links: online
                        .map(|u| Link { url: u.to_string(), title: Some("Join online".into()) })
                        .into_iter()
                        .collect(),
                    ..Default::default()
                }
            })
            .collect();
        let series = (dates.len() > 1).then(|| self.new_uuid());
        Ok((list, series))
    }

    /// Changes a meeting's agenda, minutes, minutes status or publication
    /// (coordinators), at the version the caller read. Saving minutes keeps a
    /// revision; approved minutes no longer change.
    #[tracing::instrument(name = "update_meeting", skip_all, fields(group = %group.fields.slug, meeting = %id))]
    pub async fn update_meeting(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: impl Into<IfMatch>,
        change: &MeetingUpdate,
    ) -> Result<MeetingView, ServiceError> {
        signed_in(viewer)?;
        let view = self.meeting(viewer, group, id).await?;
        let before = view.meeting.clone();
        let mut m = before.clone();
        let mut n = 0u32;
        let mut new_id = || {
            n += 1;
            // The uuid's last 12 hex digits: random (or the test sequence); its first
            // ones are the time, the same for every item of one save.
            self.new_uuid().simple().to_string()[20..].to_string()
        };
        if let Some(agenda) = &change.agenda {
            let orgs = self.org_index().await?;
            let existing: Vec<String> = m.agenda.iter().map(|a| a.id.clone()).collect();
            m.agenda = validate_agenda(agenda, &existing, &|s| orgs.resolve(s), &mut new_id)?;
            // Minutes of items taken off the agenda are kept in the revisions.
            let ids: Vec<&String> = m.agenda.iter().map(|a| &a.id).collect();
            m.minutes.items.retain(|k, _| ids.contains(&k));
            m.minutes.decisions.iter_mut().for_each(|d| {
                if d.agenda_item.as_ref().is_some_and(|a| !ids.contains(&a)) {
                    d.agenda_item = None;
                }
            });
        }
        let mut minutes_saved = false;
        if let Some(minutes) = &change.minutes {
            if before.minutes_status == MinutesStatus::Approved {
                return Err(invalid("minutes", Problem::new("minutes_approved", "approved minutes cannot change")));
            }
            let new = validate_minutes(minutes, &m.agenda, &m.minutes.decisions, &mut new_id)?;
            if new != m.minutes {
                m.minutes = new;
                minutes_saved = true;
            }
        }
        if let Some(status) = change.minutes_status {
            minutes_transition(before.minutes_status, status).map_err(|p| invalid("minutes_status", p))?;
            if status == MinutesStatus::Approved && before.minutes_status != MinutesStatus::Approved {
                let Some(at) = change.approved_in else {
                    return Err(invalid(
                        "approved_in",
                        Problem::required_as("the meeting at which the minutes were approved"),
                    ));
                };
                if at == id {
                    return Err(invalid(
                        "approved_in",
                        Problem::new("approved_later", "minutes are approved at a later meeting, not their own"),
                    ));
                }
                let later = self.meeting(&Viewer::SYSTEM, group, at).await.map_err(|_| {
                    invalid(
                        "approved_in",
                        Problem::new("unknown_meeting", format!("the group has no meeting {}", at.0)),
                    )
                })?;
                if later.activity.fields.schedule.start_utc <= view.activity.fields.schedule.start_utc {
                    return Err(invalid(
                        "approved_in",
                        Problem::new("approved_later", "minutes are approved at a later meeting"),
                    ));
                }
                m.approved_in = Some(at);
            }
            if status != m.minutes_status {
                minutes_saved = true;
            }
            m.minutes_status = status;
        }
        if let Some(p) = change.published {
            m.published = p;
        }
        let expected = if_match.into().expect("meeting", before.version)?;
        if !viewer.is_coordinator() {
            return Err(meeting_denied(viewer));
        }
        if before.version != expected {
            return Err(ServiceError::VersionConflict { what: "meeting", current: before.version });
        }
        if m == before {
            return Ok(view);
        }
        m.version += 1;
        m.updated_at = self.now();
        if minutes_saved {
            m.minutes_revision += 1;
        }
        let author = self.actor_label(actor).await;
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::Meeting, id.0).group(group.id).before(before.to_json()).after(m.to_json()),
        );
        let change = MeetingChange {
            meeting: &m,
            expected_version: expected,
            minutes_saved: minutes_saved.then_some((author.as_str(), m.updated_at)),
        };
        self.db.update_meeting(&change, &ev).await.or_service("meeting")?;
        Ok(MeetingView { meeting: m, ..view })
    }

    /// Every saved revision of the minutes (those who may read the minutes).
    pub async fn minutes_revisions(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: ActivityId,
    ) -> Result<Vec<MinutesRevision>, ServiceError> {
        let v = self.meeting(viewer, group, id).await?;
        let mut list = self.db.minutes_revisions(id).await.or_service("meeting")?;
        if !v.may_manage {
            list.retain(|r| reads_minutes(viewer, r.status));
        }
        Ok(list)
    }

    /// The register: every active member of the group (answered or not) and the
    /// guests, members first by organization.
    pub async fn attendance(
        &self,
        viewer: &Viewer,
        group: &Group,
        id: ActivityId,
    ) -> Result<Vec<AttendanceLine>, ServiceError> {
        let view = self.meeting(viewer, group, id).await?;
        if !viewer.is_member() {
            return Err(Denied::NotAMember.into());
        }
        let stored = self.db.attendance(view.meeting.id).await.or_service("attendance")?;
        let members = self.members(&Viewer::SYSTEM, group).await?;
        let mut out: Vec<AttendanceLine> = Vec::new();
        for m in members.iter().filter(|m| m.user.disabled_at.is_none()) {
            let line = stored.iter().find(|s| s.user == Some(m.user.id)).cloned();
            out.push(AttendanceLine {
                user: Some(m.user.id),
                name: m.user.display_name.clone(),
                org: line.as_ref().and_then(|l| l.org).or(m.user.org),
                response: line.as_ref().map_or(AttendanceResponse::NoAnswer, |l| l.response),
                attended: line.as_ref().and_then(|l| l.attended),
                stored: line,
            });
        }
        for s in stored {
            if !out.iter().any(|l| l.stored.as_ref().is_some_and(|x| x.id == s.id)) {
                out.push(AttendanceLine {
                    user: s.user,
                    name: s.name.clone(),
                    org: s.org,
                    response: s.response,
                    attended: s.attended,
                    stored: Some(s),
                });
            }
        }
        Ok(out)
    }

    /// A member's answer to the invitation (any member, for themself).
    pub async fn answer_invitation(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: impl Into<IfMatch>,
        response: AttendanceResponse,
    ) -> Result<AttendanceLine, ServiceError> {
        let Some(user) = viewer.user else {
            return Err(Denied::SignInRequired.into());
        };
        let input = AttendanceInput { response: Some(response.code().into()), ..Default::default() };
        self.write_attendance(viewer, actor, group, id, if_match.into(), Some(user), &input).await
    }

    /// A coordinator's line of the register: a member's answer or attendance, or a
    /// guest. A line that exists is changed at the caller's version (`If-Match`);
    /// a new one needs none.
    pub async fn record_attendance(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: impl Into<IfMatch>,
        input: &AttendanceInput,
    ) -> Result<AttendanceLine, ServiceError> {
        signed_in(viewer)?;
        if !viewer.is_coordinator() {
            self.meeting(viewer, group, id).await?;
            return Err(meeting_denied(viewer));
        }
        let user = match input.member.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => None,
            Some(email) => {
                let members = self.members(&Viewer::SYSTEM, group).await?;
                let found = members.iter().find(|m| m.user.email.eq_ignore_ascii_case(email)).map(|m| m.user.id);
                Some(found.ok_or_else(|| {
                    invalid(
                        "member",
                        Problem::new(
                            "not_a_member",
                            format!("{email} is not a member of the group; add a guest by name"),
                        )
                        .with("value", email),
                    )
                })?)
            }
        };
        self.write_attendance(viewer, actor, group, id, if_match.into(), user, input).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn write_attendance(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: ActivityId,
        if_match: IfMatch,
        user: Option<UserId>,
        input: &AttendanceInput,
    ) -> Result<AttendanceLine, ServiceError> {
        let view = self.meeting(viewer, group, id).await?;
        if !viewer.is_member() {
            return Err(Denied::NotAMember.into());
        }
        let mut errs = ValidationErrors::new();
        let response = match input.response.as_deref() {
            None => None,
            Some(r) => errs.take("response", AttendanceResponse::from_code(r).map_err(Problem::from)),
        };
        let orgs = self.org_index().await?;
        let org = jointcal_domain::meeting::org_ref(&mut errs, "org", input.org.as_deref(), &|o| orgs.resolve(o));
        let name = input.name.as_deref().map(str::trim).unwrap_or("");
        if user.is_none() && name.is_empty() {
            errs.add("name", Problem::required_as("a guest's name, or `member` with a member's e-mail address"));
        }
        if name.chars().count() > 200 || name.contains(['\n', '\r']) {
            errs.add("name", Problem::too_long(200));
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let stored = self.db.attendance(view.meeting.id).await.or_service("attendance")?;
        let before = user.and_then(|u| stored.iter().find(|s| s.user == Some(u)).cloned());
        let now = self.now();
        let (line, expected) = match before.clone() {
            Some(b) => {
                let expected = if_match.expect("attendance", b.version)?;
                if b.version != expected {
                    return Err(ServiceError::VersionConflict { what: "attendance", current: b.version });
                }
                let mut a = b.clone();
                a.response = response.unwrap_or(b.response);
                a.attended = input.attended.or(b.attended);
                a.org = org.or(b.org);
                if a == b {
                    return Ok(line_of(a));
                }
                a.version += 1;
                a.updated_at = now;
                (a, Some(expected))
            }
            None => {
                if let IfMatch::Malformed(t) = if_match {
                    return Err(ServiceError::BadPrecondition(t));
                }
                let member = match user {
                    Some(u) => Some(self.user(u).await?),
                    None => None,
                };
                let a = Attendance {
                    id: self.new_uuid(),
                    meeting: view.meeting.id,
                    user,
                    name: member.as_ref().map_or_else(|| name.to_string(), |m| m.display_name.clone()),
                    org: org.or(member.as_ref().and_then(|m| m.org)),
                    response: response.unwrap_or(AttendanceResponse::NoAnswer),
                    attended: input.attended,
                    version: 1,
                    updated_at: now,
                };
                (a, None)
            }
        };
        let json_of = |a: &Attendance| {
            json!({"meeting": a.meeting.0, "user": a.user.map(|u| u.0), "name": a.name, "org": a.org.map(|o| o.0),
                   "response": a.response.code(), "attended": a.attended, "version": a.version})
        };
        let mut ev = AuditEvent::update(EntityKind::Attendance, line.id).group(group.id).after(json_of(&line));
        if let Some(b) = &before {
            ev = ev.before(json_of(b));
        } else {
            ev = AuditEvent::create(EntityKind::Attendance, line.id).group(group.id).after(json_of(&line));
        }
        let ev = self.stamp(actor, ev);
        match self.db.save_attendance(&line, expected, &ev).await {
            Err(jointcal_db::DbError::Conflict(_)) => {
                Err(ServiceError::Conflict("this member's answer was recorded meanwhile; reload the register".into()))
            }
            other => other.or_service("attendance"),
        }?;
        Ok(line_of(line))
    }

    /// The group's action items that `viewer` may see (members), by due date.
    pub async fn action_items(&self, viewer: &Viewer, group: &Group) -> Result<Vec<ActionItem>, ServiceError> {
        if !viewer.is_member() {
            return Err(if viewer.user.is_none() { Denied::SignInRequired } else { Denied::NotAMember }.into());
        }
        self.db.actions_of_group(group.id).await.or_service("action item")
    }

    /// Assigns an action item at a meeting (coordinators).
    pub async fn create_action(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        meeting: ActivityId,
        input: &ActionInput,
    ) -> Result<ActionItem, ServiceError> {
        signed_in(viewer)?;
        let view = self.meeting(viewer, group, meeting).await?;
        let orgs = self.org_index().await?;
        let fields = validate_action(input, None, &|s| orgs.resolve(s))?;
        let owner_user = self.action_owner(group, input).await?;
        if !viewer.is_coordinator() {
            return Err(meeting_denied(viewer));
        }
        let now = self.now();
        let ActionFields { what, owner_org, due, status, note } = fields;
        let a = ActionItem {
            id: self.new_uuid(),
            group_id: group.id,
            meeting: view.meeting.id,
            what,
            owner_org,
            owner_user: owner_user.flatten(),
            due,
            status,
            note,
            reminded_for: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let ev = self.stamp(actor, AuditEvent::create(EntityKind::ActionItem, a.id).group(group.id).after(a.to_json()));
        self.db.insert_action(&a, &ev).await.or_service("action item")?;
        Ok(a)
    }

    /// The owner person an input names: None (not named), Some(None) (cleared),
    /// Some(Some(user)) (a member by address).
    async fn action_owner(&self, group: &Group, input: &ActionInput) -> Result<Option<Option<UserId>>, ServiceError> {
        let Some(email) = input.owner.as_deref().map(str::trim) else {
            return Ok(None);
        };
        if email.is_empty() {
            return Ok(Some(None));
        }
        let members = self.members(&Viewer::SYSTEM, group).await?;
        let found = members.iter().find(|m| m.user.email.eq_ignore_ascii_case(email)).map(|m| m.user.id);
        found.map(|u| Some(Some(u))).ok_or_else(|| {
            invalid(
                "owner",
                Problem::new("not_a_member", format!("{email} is not a member of the group")).with("value", email),
            )
        })
    }

    /// May `viewer` update this action item? Coordinators, its owner, and the
    /// editors of its owner organization (status and note only).
    fn owns_action(viewer: &Viewer, a: &ActionItem) -> bool {
        (viewer.user.is_some() && viewer.user == a.owner_user)
            || (viewer.role == Some(MemberRole::Editor) && viewer.org.is_some() && viewer.org == a.owner_org)
    }

    /// Changes an action item at the caller's version: coordinators anything; its
    /// owners only its status and note.
    pub async fn update_action(
        &self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        id: uuid::Uuid,
        if_match: impl Into<IfMatch>,
        input: &ActionInput,
    ) -> Result<ActionItem, ServiceError> {
        signed_in(viewer)?;
        if !viewer.is_member() {
            return Err(ServiceError::NotFound("action item".into()));
        }
        let before = match self.db.action(id).await {
            Ok(a) if a.group_id == group.id => a,
            Ok(_) | Err(jointcal_db::DbError::NotFound) => return Err(ServiceError::NotFound("action item".into())),
            Err(e) => return Err(ServiceError::from_db(e, "action item")),
        };
        let orgs = self.org_index().await?;
        let b = ActionFields {
            what: before.what.clone(),
            owner_org: before.owner_org,
            due: before.due,
            status: before.status,
            note: before.note.clone(),
        };
        let fields = validate_action(input, Some(&b), &|s| orgs.resolve(s))?;
        let owner_user = self.action_owner(group, input).await?;
        let expected = if_match.into().expect("action item", before.version)?;
        if !viewer.is_coordinator() {
            let only_status =
                input.what.is_none() && input.owner_org.is_none() && input.owner.is_none() && input.due.is_none();
            if !Self::owns_action(viewer, &before) {
                return Err(Denied::CoordinatorsOnly.into());
            }
            if !only_status {
                return Err(invalid(
                    "status",
                    Problem::new(
                        "owner_changes_status",
                        "an item's owner changes only its status and note; ask a coordinator for the rest",
                    ),
                ));
            }
        }
        if before.version != expected {
            return Err(ServiceError::VersionConflict { what: "action item", current: before.version });
        }
        let mut a = before.clone();
        a.what = fields.what;
        a.owner_org = fields.owner_org;
        if let Some(u) = owner_user {
            a.owner_user = u;
        }
        a.due = fields.due;
        a.status = fields.status;
        a.note = fields.note;
        if a == before {
            return Ok(a);
        }
        a.version += 1;
        a.updated_at = self.now();
        let ev = self.stamp(
            actor,
            AuditEvent::update(EntityKind::ActionItem, a.id)
                .group(group.id)
                .before(before.to_json())
                .after(a.to_json()),
        );
        self.db.update_action(&a, expected, &ev).await.or_service("action item")?;
        Ok(a)
    }

    /// Open action items of the group assigned at meetings before `meeting` starts:
    /// what its agenda carries forward.
    pub async fn open_actions_before(
        &self,
        group: &Group,
        meeting: &MeetingView,
    ) -> Result<Vec<ActionItem>, ServiceError> {
        let all = self.db.actions_of_group(group.id).await.or_service("action item")?;
        Ok(all.into_iter().filter(|a| a.status == ActionStatus::Open && a.meeting != meeting.meeting.id).collect())
    }

    /// Records that invitations went out for the meeting's activity at `sequence`.
    pub(crate) async fn set_invited_sequence(&self, id: ActivityId, sequence: i64) -> Result<(), ServiceError> {
        self.db.set_invited_sequence(id, sequence).await.or_service("meeting")
    }

    /// Open action items of every group whose reminder for their due date was not
    /// sent and that are due by `until`.
    pub(crate) async fn actions_to_remind(&self, until: NaiveDate) -> Result<Vec<ActionItem>, ServiceError> {
        self.db.actions_to_remind(until).await.or_service("action item")
    }

    /// Queues an action item's reminder, once per due date whatever the number of
    /// servers: false when it was recorded already (nothing queued).
    pub(crate) async fn record_reminder(
        &self,
        a: &ActionItem,
        mails: &[jointcal_db::OutboxMail],
    ) -> Result<bool, ServiceError> {
        self.db.record_reminder(a.id, a.due, mails).await.or_service("action item")
    }

    /// Day of `d` in the group's zone as a `NaiveDate` (for due dates).
    pub fn group_today(&self, group: &Group) -> NaiveDate {
        self.calendar_now().with_timezone(&group.fields.timezone).date_naive()
    }
}

fn line_of(a: Attendance) -> AttendanceLine {
    AttendanceLine {
        user: a.user,
        name: a.name.clone(),
        org: a.org,
        response: a.response,
        attended: a.attended,
        stored: Some(a),
    }
}

/// Field paths of one series member's errors, prefixed with its place.
fn prefixed(v: ValidationErrors, i: usize) -> ValidationErrors {
    let mut out = ValidationErrors::new();
    for f in v.fields {
        out.add(format!("series[{i}].{}", f.field), f.problem);
    }
    out
}
