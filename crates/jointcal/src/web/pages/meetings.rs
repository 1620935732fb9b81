//! The meetings pages (members): the group's meetings with their documents, the open
//! action items and the decisions register; one meeting with its agenda (time slots
//! and owners), your answer to the invitation, the register, the minutes you may read
//! and its action items. Coordinators also schedule a meeting, draft the agenda from
//! the calendar, send the invitations, write the minutes and move them from draft to
//! circulated to approved, assign action items, record who came and publish a
//! meeting; an item's owner marks it done. People outside the group see the meetings
//! a coordinator published (of activities they may see) and their approved minutes,
//! never the register or the action items.

use crate::meetings::draft_agenda;
use crate::meetings::mail::send_invitations;
use crate::services::{
    AttendanceInput, AttendanceLine, IfMatch, MeetingUpdate, MeetingView, Principal, ScheduleInput, SeriesInput,
    ServiceError,
};
use crate::web::caller::{FormWriter, Reader};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::markdown::to_safe_html;
use crate::web::pages::labels::Labels;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jointcal_domain::access::Viewer;
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, OrgId};
use jointcal_domain::meeting::{slots, ActionInput, ActionItem, MinutesInput};
use jointcal_domain::schedule::Span;
use jointcal_domain::vocab::{ActionStatus, AttendanceResponse, MemberRole, MinutesStatus, Visibility, Vocabulary};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

pub struct MeetingRow {
    pub href: String,
    pub day: String,
    pub title: String,
    pub status: String,
    pub minutes: String,
    pub items: usize,
}

pub struct ActionRow {
    pub id: String,
    pub what: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub open: bool,
    pub may_close: bool,
    pub version: i64,
    pub meeting_href: String,
}

pub struct DecisionRow {
    pub day: String,
    pub href: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "meetings.html")]
pub struct MeetingsPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    meetings: Vec<MeetingRow>,
    actions: Vec<ActionRow>,
    decisions: Vec<DecisionRow>,
    coordinator: bool,
    member: bool,
    action_schedule: String,
    action_close: String,
    orgs: Vec<(String, String)>,
    /// The series form's choices: (code, label).
    weekdays: Vec<(String, String)>,
    nths: Vec<(String, String)>,
    months: Vec<(String, String)>,
    visibilities: Vec<(String, String)>,
    error: Option<String>,
}

fn acronym(acronyms: &HashMap<OrgId, String>, o: Option<OrgId>) -> String {
    o.and_then(|o| acronyms.get(&o).cloned()).unwrap_or_default()
}

fn local_day(group: &Group, v: &MeetingView) -> chrono::NaiveDate {
    v.activity.fields.schedule.start_utc.with_timezone(&group.fields.timezone).date_naive()
}

fn base(group: &Group) -> String {
    format!("/groups/{}/meetings", group.fields.slug)
}

/// Members' lists (action items, the register) as `viewer` may see them: empty
/// outside the group.
async fn for_members<T>(
    viewer: &Viewer,
    list: impl std::future::Future<Output = Result<Vec<T>, ServiceError>>,
) -> Result<Vec<T>, HttpError> {
    if viewer.is_member() {
        Ok(list.await?)
    } else {
        Ok(Vec::new())
    }
}

fn action_rows(
    t: &Tr,
    group: &Group,
    viewer: &Viewer,
    list: &[ActionItem],
    acronyms: &HashMap<OrgId, String>,
) -> Vec<ActionRow> {
    let l = Labels::new(*t);
    list.iter()
        .map(|a| ActionRow {
            id: a.id.to_string(),
            what: a.what.clone(),
            owner: acronym(acronyms, a.owner_org),
            due: l.day(a.due, true),
            status: t.vocab(a.status),
            open: a.status == ActionStatus::Open,
            may_close: viewer.is_coordinator()
                || (viewer.user.is_some() && viewer.user == a.owner_user)
                || (viewer.role == Some(MemberRole::Editor) && viewer.org.is_some() && viewer.org == a.owner_org),
            version: a.version,
            meeting_href: format!("{}/{}{}", base(group), a.meeting, t.with_lang()),
        })
        .collect()
}

/// `GET /groups/{slug}/meetings`
pub async fn meetings_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let chrome = Chrome::new(t, principal.as_ref(), &uri);
    Ok(render(&list_page(&st, chrome, &slug, principal.as_ref(), None).await?))
}

async fn list_page(
    st: &AppState,
    chrome: Chrome,
    slug: &str,
    p: Option<&Principal>,
    error: Option<String>,
) -> Result<MeetingsPage, HttpError> {
    let t = chrome.t;
    let s = &st.services;
    let (group, viewer) = s.group_for(slug, p).await?;
    let l = Labels::new(t);
    let list = s.meetings(&viewer, &group).await?;
    let actions = for_members(&viewer, s.action_items(&viewer, &group)).await?;
    let acronyms = s.acronyms().await?;
    let lang = t.with_lang();
    let meetings = list
        .iter()
        .map(|m| MeetingRow {
            href: format!("{}/{}{lang}", base(&group), m.meeting.id),
            day: l.day(local_day(&group, m), true),
            title: m.activity.fields.title.get(t.code()).to_string(),
            status: t.vocab(m.activity.fields.status),
            minutes: if m.meeting.minutes_revision == 0 { String::new() } else { t.vocab(m.meeting.minutes_status) },
            items: m.meeting.agenda.len(),
        })
        .collect();
    let decisions = list
        .iter()
        .filter(|m| m.minutes_visible)
        .flat_map(|m| {
            let day = l.day(local_day(&group, m), true);
            let href = format!("{}/{}{lang}", base(&group), m.meeting.id);
            m.meeting.minutes.decisions.iter().map(move |d| DecisionRow {
                day: day.clone(),
                href: href.clone(),
                text: d.text.clone(),
            })
        })
        .collect();
    let mut orgs: Vec<(String, String)> = acronyms.values().map(|a| (a.clone(), a.clone())).collect();
    orgs.sort();
    Ok(MeetingsPage {
        group_name: group.fields.name.clone(),
        back_href: format!("/groups/{}{lang}", group.fields.slug),
        actions: action_rows(&t, &group, &viewer, &actions, &acronyms),
        meetings,
        decisions,
        coordinator: viewer.is_coordinator(),
        member: viewer.is_member(),
        weekdays: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_string(), t.t(&format!("weekday-long-{}", i + 1))))
            .collect(),
        nths: ["first", "second", "third", "fourth", "last"]
            .iter()
            .map(|n| (n.to_string(), t.t(&format!("meetings-nth-{n}"))))
            .collect(),
        visibilities: Visibility::all().iter().map(|v| (v.code().to_string(), t.vocab(*v))).collect(),
        months: (1..=3).map(|m| (m.to_string(), t.t(&format!("meetings-series-month-{m}")))).collect(),
        action_schedule: format!("{}{lang}", base(&group)),
        action_close: format!("{}/actions{lang}", base(&group)),
        orgs,
        error,
        chrome,
    })
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    title: String,
    /// `YYYY-MM-DDTHH:MM` (an `<input type=datetime-local>`).
    #[serde(default)]
    start: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    host: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    visibility: String,
    /// Repeat every quarter: how many meetings (blank or 1: one meeting).
    #[serde(default)]
    count: String,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    nth: String,
    #[serde(default)]
    month_in_quarter: String,
}

fn blank(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The refusal of a form as words for the page (validation problems in the reader's
/// language); other errors go up.
fn words(t: &Tr, e: ServiceError) -> Result<String, HttpError> {
    match e {
        ServiceError::Invalid(v) => {
            let errors = crate::web::pages::problems::by_field(t, Some(&v), str::to_string);
            Ok(errors.into_iter().map(|(f, m)| format!("{f}: {}", m.join(" "))).collect::<Vec<_>>().join(" · "))
        }
        ServiceError::Conflict(m) => Ok(m),
        ServiceError::VersionConflict { .. } => Ok(t.t("meeting-page-changed")),
        other => Err(other.into()),
    }
}

/// `POST /groups/{slug}/meetings`: schedule a meeting (coordinators).
pub async fn schedule(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, f): FormWriter<ScheduleForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let minutes = match blank(&f.minutes) {
        None => None,
        Some(m) => {
            Some(m.parse::<u16>().map_err(|_| HttpError::bad_request(format!("'{m}' is not a number of minutes")))?)
        }
    };
    let count = match blank(&f.count) {
        None => 1,
        Some(c) => {
            c.parse::<u16>().map_err(|_| HttpError::bad_request(format!("'{c}' is not a number of meetings")))?
        }
    };
    let series = (count > 1).then(|| SeriesInput {
        count,
        weekday: f.weekday.trim().to_string(),
        nth: blank(&f.nth),
        month_in_quarter: blank(&f.month_in_quarter).and_then(|m| m.parse().ok()),
    });
    let input = ScheduleInput {
        title: blank(&f.title),
        start: blank(&f.start),
        duration_minutes: minutes,
        host: blank(&f.host),
        place: blank(&f.place),
        visibility: blank(&f.visibility),
        series,
        ..Default::default()
    };
    match st.services.schedule_meeting(&viewer, &p.actor(), &group, &input).await {
        Ok(made) => {
            let id = made.first().map(|m| m.meeting.id.to_string()).unwrap_or_default();
            // One meeting: its page; a series: the list with all of them.
            let to = if made.len() == 1 { format!("{}/{id}", base(&group)) } else { base(&group) };
            Ok(Redirect::to(&format!("{to}{}", t.with_lang())).into_response())
        }
        Err(e) => {
            let message = words(&t, e)?;
            let chrome = Chrome::new(t, Some(&p), &uri);
            let page = list_page(&st, chrome, &slug, Some(&p), Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    back: String,
}

/// `POST /groups/{slug}/meetings/actions`: mark an action item done (its owner or a
/// coordinator).
pub async fn close_action(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, f): FormWriter<CloseForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let id: uuid::Uuid = f.action.trim().parse().map_err(|_| HttpError::not_found("action item"))?;
    let version = f.version.trim().parse().map_or(IfMatch::Missing, IfMatch::Version);
    let input = ActionInput { status: Some(ActionStatus::Done.code().into()), ..Default::default() };
    match st.services.update_action(&viewer, &p.actor(), &group, id, version, &input).await {
        Ok(_) => {
            // Back to the meeting the form was on, or the list.
            let back = if f.back.starts_with(&format!("{}/", base(&group))) { f.back.clone() } else { base(&group) };
            Ok(Redirect::to(&format!("{back}{}#actions", t.with_lang())).into_response())
        }
        Err(e) => {
            let message = words(&t, e)?;
            let chrome = Chrome::new(t, Some(&p), &uri);
            let page = list_page(&st, chrome, &slug, Some(&p), Some(message)).await?;
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
    }
}

pub struct AgendaRow {
    pub slot: String,
    pub title: String,
    pub owner: String,
    pub notes: Vec<String>,
    pub id: String,
    /// The item's minutes (Markdown), when the reader may see them, and as HTML.
    pub minutes: String,
    pub minutes_html: String,
    /// How long the item takes.
    pub length: u16,
}

pub struct RegisterRow {
    pub name: String,
    pub org: String,
    pub response: String,
    pub attended: String,
    /// A member's user id (the register form's key); empty for a guest.
    pub member: String,
    /// yes, no or empty (not recorded).
    pub came: &'static str,
    /// The stored line's version (0: none yet).
    pub version: i64,
}

#[derive(Template)]
#[template(path = "meeting.html")]
pub struct MeetingPage {
    chrome: Chrome,
    group_name: String,
    list_href: String,
    title: String,
    when: String,
    place: String,
    host: String,
    activity_href: String,
    agenda_md: String,
    agenda_pdf: String,
    minutes_md: String,
    minutes_pdf: String,
    agenda: Vec<AgendaRow>,
    my_response: String,
    action_answer: String,
    register: Vec<RegisterRow>,
    minutes_visible: bool,
    minutes_status: String,
    minutes_status_code: String,
    summary: String,
    summary_html: String,
    decisions: Vec<String>,
    coordinator: bool,
    member: bool,
    published: bool,
    public_activity: bool,
    action_publish: String,
    action_register: String,
    version: i64,
    action_draft: String,
    action_agenda: String,
    action_invite: String,
    action_minutes: String,
    action_assign: String,
    action_close: String,
    back: String,
    later_meetings: Vec<(String, String)>,
    actions: Vec<ActionRow>,
    orgs: Vec<String>,
    mail: bool,
    invited: bool,
    error: Option<String>,
    notice: Option<String>,
}

fn meeting_id(id: &str) -> Result<ActivityId, HttpError> {
    id.parse().map_err(|_| HttpError::not_found("meeting"))
}

/// `GET /groups/{slug}/meetings/{id}`
pub async fn meeting_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let chrome = Chrome::new(t, principal.as_ref(), &uri);
    Ok(render(&one_page(&st, chrome, &slug, principal.as_ref(), id, (None, None)).await?))
}

async fn one_page(
    st: &AppState,
    chrome: Chrome,
    slug: &str,
    p: Option<&Principal>,
    id: ActivityId,
    (error, notice): (Option<String>, Option<String>),
) -> Result<MeetingPage, HttpError> {
    let t = chrome.t;
    let s = &st.services;
    let (group, viewer) = s.group_for(slug, p).await?;
    let v = s.meeting(&viewer, &group, id).await?;
    let l = Labels::new(t);
    let acronyms = s.acronyms().await?;
    let a = &v.activity.fields;
    let lang = t.with_lang();
    let and_lang = t.and_lang();
    let start = match a.schedule.span {
        Span::Timed { start, .. } => start,
        Span::AllDay { first, .. } => first.and_hms_opt(9, 0, 0).unwrap_or_default(),
    };
    let when = match a.schedule.span {
        Span::Timed { start, end } => {
            format!(
                "{}, {}–{} ({})",
                l.day(start.date(), true),
                start.format("%H:%M"),
                end.format("%H:%M"),
                a.schedule.tz.name()
            )
        }
        Span::AllDay { first, .. } => l.day(first, true),
    };
    let agenda = v
        .meeting
        .agenda
        .iter()
        .zip(slots(start, &v.meeting.agenda))
        .map(|(item, (from, to))| AgendaRow {
            slot: format!("{}–{}", from.format("%H:%M"), to.format("%H:%M")),
            title: item.title.clone(),
            owner: acronym(&acronyms, item.owner_org),
            notes: item.notes.lines().filter(|n| !n.trim().is_empty()).map(str::to_string).collect(),
            minutes: if v.minutes_visible {
                v.meeting.minutes.items.get(&item.id).cloned().unwrap_or_default()
            } else {
                String::new()
            },
            minutes_html: if v.minutes_visible {
                v.meeting.minutes.items.get(&item.id).map(|m| to_safe_html(m)).unwrap_or_default()
            } else {
                String::new()
            },
            id: item.id.clone(),
            length: item.minutes,
        })
        .collect();
    let lines: Vec<AttendanceLine> = for_members(&viewer, s.attendance(&viewer, &group, id)).await?;
    let mine = lines.iter().find(|x| x.user.is_some() && x.user == viewer.user);
    let register = lines
        .iter()
        .map(|x| RegisterRow {
            name: x.name.clone(),
            org: acronym(&acronyms, x.org),
            response: t.vocab(x.response),
            attended: match x.attended {
                Some(true) => t.t("meeting-page-came"),
                Some(false) => t.t("meeting-page-did-not-come"),
                None => String::new(),
            },
            member: x.user.map(|u| u.to_string()).unwrap_or_default(),
            came: match x.attended {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
            version: x.stored.as_ref().map_or(0, |s| s.version),
        })
        .collect();
    let all = s.meetings(&viewer, &group).await?;
    let later_meetings = all
        .iter()
        .filter(|m| m.activity.fields.schedule.start_utc > a.schedule.start_utc)
        .map(|m| {
            (
                m.meeting.id.to_string(),
                format!("{} — {}", l.day(local_day(&group, m), true), m.activity.fields.title.get(t.code())),
            )
        })
        .collect();
    let actions: Vec<ActionItem> =
        for_members(&viewer, s.action_items(&viewer, &group)).await?.into_iter().filter(|x| x.meeting == id).collect();
    let b = base(&group);
    let api = format!("/api/v1/groups/{}/meetings/{id}", group.fields.slug);
    let mut orgs: Vec<String> = acronyms.values().cloned().collect();
    orgs.sort();
    Ok(MeetingPage {
        group_name: group.fields.name.clone(),
        list_href: format!("{b}{lang}"),
        title: a.title.get(t.code()).to_string(),
        when,
        place: a.locations.iter().map(|x| t.place(x)).filter(|x| !x.is_empty()).collect::<Vec<_>>().join("; "),
        host: acronym(
            &acronyms,
            a.organizations.iter().find(|o| o.role == jointcal_domain::vocab::OrgRole::Lead).map(|o| o.org),
        ),
        activity_href: format!("/groups/{}/activities/{id}{lang}", group.fields.slug),
        agenda_md: format!("{api}/agenda?format=md{and_lang}"),
        agenda_pdf: format!("{api}/agenda?format=pdf{and_lang}"),
        minutes_md: format!("{api}/minutes?format=md{and_lang}"),
        minutes_pdf: format!("{api}/minutes?format=pdf{and_lang}"),
        agenda,
        my_response: mine.map_or(AttendanceResponse::NoAnswer, |m| m.response).code().to_string(),
        action_answer: format!("{b}/{id}/answer{lang}"),
        register,
        minutes_visible: v.minutes_visible,
        minutes_status: t.vocab(v.meeting.minutes_status),
        minutes_status_code: v.meeting.minutes_status.code().to_string(),
        summary: if v.minutes_visible { v.meeting.minutes.summary.clone() } else { String::new() },
        summary_html: if v.minutes_visible { to_safe_html(&v.meeting.minutes.summary) } else { String::new() },
        decisions: if v.minutes_visible {
            v.meeting.minutes.decisions.iter().map(|d| d.text.clone()).collect()
        } else {
            Vec::new()
        },
        coordinator: v.may_manage,
        member: viewer.is_member(),
        published: v.meeting.published,
        public_activity: a.visibility == Visibility::Public,
        action_publish: format!("{b}/{id}/publish{lang}"),
        action_register: format!("{b}/{id}/register{lang}"),
        version: v.meeting.version,
        action_draft: format!("{b}/{id}/draft{lang}"),
        action_agenda: format!("{b}/{id}/agenda{lang}"),
        action_invite: format!("{b}/{id}/invite{lang}"),
        action_minutes: format!("{b}/{id}/minutes{lang}"),
        action_assign: format!("{b}/{id}/actions{lang}"),
        action_close: format!("{b}/actions{lang}"),
        back: format!("{b}/{id}"),
        later_meetings,
        actions: action_rows(&t, &group, &viewer, &actions, &acronyms),
        orgs,
        mail: s.mail_from().is_some(),
        invited: v.meeting.invited_sequence.is_some(),
        error,
        notice,
        chrome,
    })
}

/// After a meeting form: the meeting again (303), or the page with what went wrong.
async fn after(
    st: &AppState,
    t: Tr,
    uri: &axum::http::Uri,
    p: &Principal,
    (group, id): (&Group, ActivityId),
    outcome: Result<Option<String>, ServiceError>,
) -> Result<Response, HttpError> {
    let slug = group.fields.slug.clone();
    match outcome {
        Ok(None) => Ok(Redirect::to(&format!("{}/{id}{}", base(group), t.with_lang())).into_response()),
        Ok(Some(notice)) => {
            let chrome = Chrome::new(t, Some(p), uri);
            Ok(render(&one_page(st, chrome, &slug, Some(p), id, (None, Some(notice))).await?))
        }
        Err(e) => {
            let message = words(&t, e)?;
            let chrome = Chrome::new(t, Some(p), uri);
            let page = one_page(st, chrome, &slug, Some(p), id, (Some(message), None)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    response: String,
}

/// `POST /groups/{slug}/meetings/{id}/answer`: your answer (members).
pub async fn answer(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<AnswerForm>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let response = AttendanceResponse::from_code(&f.response).map_err(|e| HttpError::bad_request(e.to_string()))?;
    // The page shows the answer as it is: a new answer replaces it (a form is one
    // person's own line; no one else writes it).
    let r = st.services.answer_invitation(&viewer, &p.actor(), &group, id, IfMatch::Unchecked, response).await;
    after(&st, t, &uri, &p, (&group, id), r.map(|_| None)).await
}

#[derive(Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    version: String,
}

fn version_of(s: &str) -> IfMatch {
    s.trim().parse().map_or(IfMatch::Missing, IfMatch::Version)
}

/// `POST /groups/{slug}/meetings/{id}/draft`: the agenda drafted from the calendar
/// replaces the agenda (coordinators).
pub async fn draft(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<VersionForm>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let m = st.services.meeting(&viewer, &group, id).await?;
    if !m.may_manage {
        return Err(ServiceError::Denied(jointcal_domain::access::Denied::CoordinatorsOnly).into());
    }
    let draft = draft_agenda(&st.services, &group, &m, &t).await?;
    let change = MeetingUpdate { agenda: Some(draft), ..Default::default() };
    let r = st.services.update_meeting(&viewer, &p.actor(), &group, id, version_of(&f.version), &change).await;
    after(&st, t, &uri, &p, (&group, id), r.map(|_| None)).await
}

/// `POST /groups/{slug}/meetings/{id}/invite`: mail the invitations (coordinators).
pub async fn invite(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, _f): FormWriter<VersionForm>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let r = send_invitations(&st.services, &viewer, &group, id).await.map(|done| {
        let s = st.services.clone();
        tokio::spawn(async move {
            if let Err(e) = s.deliver_due_mail(&format!("page-{}", std::process::id())).await {
                tracing::warn!(error = %e, "delivering the invitations");
            }
        });
        Some(t.args("meeting-page-invited", &[("count", done.queued.into())]))
    });
    after(&st, t, &uri, &p, (&group, id), r).await
}

/// `POST /groups/{slug}/meetings/{id}/minutes`: save the minutes (`summary`,
/// `item-{agenda item id}`, `decisions` one a line) and, with `status`, move them on
/// (`approved_in` for approval) (coordinators).
pub async fn minutes(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<BTreeMap<String, String>>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let m = st.services.meeting(&viewer, &group, id).await?;
    let field = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let items: BTreeMap<String, String> =
        f.iter().filter_map(|(k, v)| k.strip_prefix("item-").map(|id| (id.to_string(), v.clone()))).collect();
    // Decisions kept by their text: a line unchanged keeps its decision's id.
    let decisions = field("decisions")
        .lines()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| jointcal_domain::meeting::DecisionInput {
            id: m.meeting.minutes.decisions.iter().find(|x| x.text == d).map(|x| x.id.clone()),
            text: d.to_string(),
            agenda_item: m.meeting.minutes.decisions.iter().find(|x| x.text == d).and_then(|x| x.agenda_item.clone()),
        })
        .collect();
    let status = match field("status") {
        "" => None,
        s => Some(MinutesStatus::from_code(s).map_err(|e| HttpError::bad_request(e.to_string()))?),
    };
    let approved_in = match field("approved_in").trim() {
        "" => None,
        s => Some(meeting_id(s)?),
    };
    let change = MeetingUpdate {
        // A form without the minutes' fields changes only the status.
        minutes: (m.meeting.minutes_status != MinutesStatus::Approved && f.contains_key("summary"))
            .then(|| MinutesInput { summary: field("summary").to_string(), items, decisions }),
        minutes_status: status,
        approved_in,
        ..Default::default()
    };
    let r = st.services.update_meeting(&viewer, &p.actor(), &group, id, version_of(field("version")), &change).await;
    after(&st, t, &uri, &p, (&group, id), r.map(|_| None)).await
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    owner_org: String,
    #[serde(default)]
    due: String,
}

/// `POST /groups/{slug}/meetings/{id}/actions`: assign an action item (coordinators).
pub async fn assign(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<AssignForm>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let input =
        ActionInput { what: Some(f.what), owner_org: blank(&f.owner_org), due: Some(f.due), ..Default::default() };
    let r = st.services.create_action(&viewer, &p.actor(), &group, id, &input).await;
    after(&st, t, &uri, &p, (&group, id), r.map(|_| None)).await
}

/// `POST /groups/{slug}/meetings/{id}/agenda`: the agenda as edited on the page
/// (coordinators). Row N of the stored agenda comes as `id-N`, `title-N`, `owner-N`,
/// `length-N`, `position-N` and, to take it off, `remove-N`; a filled `title-new` row
/// adds an item. Items keep their kind, notes and minutes; the order follows the
/// positions (ties keep the old order).
pub async fn agenda(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<BTreeMap<String, String>>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let m = st.services.meeting(&viewer, &group, id).await?;
    let field = |k: String| f.get(&k).map(|v| v.trim().to_string()).unwrap_or_default();
    // A length that is not a number reaches the rules as 0, which they refuse by name.
    let length = |k: String| Some(field(k).parse::<u16>().unwrap_or(0));
    let position = |k: String, fallback: usize| field(k).parse::<f64>().unwrap_or(fallback as f64);
    let mut rows: Vec<(f64, usize, jointcal_domain::meeting::AgendaItemInput)> = Vec::new();
    for n in 0..m.meeting.agenda.len() {
        let item_id = field(format!("id-{n}"));
        let Some(stored) = m.meeting.agenda.iter().find(|a| a.id == item_id) else { continue };
        if f.contains_key(&format!("remove-{n}")) {
            continue;
        }
        let input = jointcal_domain::meeting::AgendaItemInput {
            id: Some(stored.id.clone()),
            title: field(format!("title-{n}")),
            kind: Some(stored.kind.code().into()),
            owner: blank(&field(format!("owner-{n}"))),
            minutes: length(format!("length-{n}")),
            notes: Some(stored.notes.clone()),
            refs: stored.refs.clone(),
        };
        rows.push((position(format!("position-{n}"), n + 1), n, input));
    }
    let new_title = field("title-new".into());
    if !new_title.is_empty() {
        let input = jointcal_domain::meeting::AgendaItemInput {
            title: new_title,
            owner: blank(&field("owner-new".into())),
            minutes: length("length-new".into()),
            ..Default::default()
        };
        rows.push((position("position-new".into(), rows.len() + 1), usize::MAX, input));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let change = MeetingUpdate { agenda: Some(rows.into_iter().map(|r| r.2).collect()), ..Default::default() };
    let r = st
        .services
        .update_meeting(&viewer, &p.actor(), &group, id, version_of(&field("version".into())), &change)
        .await;
    after(&st, t, &uri, &p, (&group, id), r.map(|_| None)).await
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    published: String,
}

/// `POST /groups/{slug}/meetings/{id}/publish`: show the meeting (its agenda and
/// approved minutes) outside the group, or stop (coordinators).
pub async fn publish(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<PublishForm>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let published = match f.published.as_str() {
        "yes" => true,
        "no" => false,
        other => return Err(HttpError::bad_request(format!("published must be yes or no, not '{other}'"))),
    };
    let change = MeetingUpdate { published: Some(published), ..Default::default() };
    let r = st.services.update_meeting(&viewer, &p.actor(), &group, id, version_of(&f.version), &change).await;
    after(&st, t, &uri, &p, (&group, id), r.map(|_| None)).await
}

/// `POST /groups/{slug}/meetings/{id}/register`: who came (coordinators). Member N
/// comes as `member-N` (user id), `came-N` (yes, no or empty) and `version-N` (the
/// line's version, 0 for none); a filled `guest-name` adds a guest who came, with
/// `guest-org`. Only lines whose answer changed are written.
pub async fn register(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<BTreeMap<String, String>>,
) -> Result<Response, HttpError> {
    let id = meeting_id(&id)?;
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let field = |k: String| f.get(&k).map(|v| v.trim().to_string()).unwrap_or_default();
    let lines = st.services.attendance(&viewer, &group, id).await?;
    let members = st.services.members(&viewer, &group).await?;
    let r: Result<Option<String>, ServiceError> = async {
        for n in 0..lines.len() {
            let key = field(format!("member-{n}"));
            if key.is_empty() {
                continue;
            }
            let Some(line) = lines.iter().find(|l| l.user.is_some_and(|u| u.to_string() == key)) else { continue };
            let came = match field(format!("came-{n}")).as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            // Not recorded stays as it is: the register records who came, not an undo.
            if came.is_none() || came == line.attended {
                continue;
            }
            let Some(email) = members.iter().find(|m| Some(m.user.id) == line.user).map(|m| m.user.email.clone())
            else {
                continue;
            };
            let version = match field(format!("version-{n}")).parse::<i64>() {
                Ok(0) | Err(_) => IfMatch::Missing,
                Ok(v) => IfMatch::Version(v),
            };
            let input = AttendanceInput { member: Some(email), attended: came, ..Default::default() };
            st.services.record_attendance(&viewer, &p.actor(), &group, id, version, &input).await?;
        }
        let guest = field("guest-name".into());
        if !guest.is_empty() {
            let input = AttendanceInput {
                name: Some(guest),
                org: blank(&field("guest-org".into())),
                response: Some(AttendanceResponse::Attending.code().into()),
                attended: Some(true),
                ..Default::default()
            };
            st.services.record_attendance(&viewer, &p.actor(), &group, id, IfMatch::Missing, &input).await?;
        }
        Ok(None)
    }
    .await;
    after(&st, t, &uri, &p, (&group, id), r).await
}
