//! Coordination meetings from the API: schedule (one or a quarterly series), read,
//! change agenda, minutes, their status and publication (If-Match), draft the
//! agenda from the calendar, the attendance register and answers, action items and
//! the decisions register; agenda and minutes as Markdown or PDF.

use crate::meetings::{agenda_markdown, draft_agenda, minutes_markdown};
use crate::services::{AttendanceInput, AttendanceLine, MeetingUpdate, MeetingView, ScheduleInput, Services};
use crate::web::api::activities::etag;
use crate::web::api::bulletins::PdfFile;
use crate::web::api::json::ApiJson;
use crate::web::api::precondition::if_match;
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_domain::ids::ActivityId;
use jointcal_domain::meeting::{ActionInput, ActionItem, AgendaItem, AgendaItemInput, Decision, Minutes, MinutesInput};
use jointcal_domain::vocab::{AttendanceResponse, MinutesStatus, Vocabulary};
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A meeting: its activity (date, place, host, status: change them on the activity)
/// and what is attached to it.
#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    /// The activity's id.
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub title: String,
    /// Local start and end in `tz`, `YYYY-MM-DDTHH:MM` (or days for all-day).
    pub start: String,
    pub end: String,
    pub tz: String,
    /// The activity's status (planned, confirmed, cancelled…).
    pub status: String,
    /// Host organization (acronym).
    pub host: Option<String>,
    pub place: Option<String>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub series: Option<uuid::Uuid>,
    pub agenda: Vec<AgendaItem>,
    /// draft, circulated or approved.
    pub minutes_status: String,
    /// The minutes, when you may read them at their status (coordinators always;
    /// editors once circulated; viewers and readers outside the group once approved).
    pub minutes: Option<Minutes>,
    pub minutes_revision: i64,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub approved_in: Option<uuid::Uuid>,
    pub published: bool,
    /// The version for If-Match (also the ETag).
    pub version: i64,
    /// The activity's version (If-Match on the activity).
    pub activity_version: i64,
    pub updated_at: DateTime<Utc>,
}

async fn out(s: &Services, v: &MeetingView) -> ApiResult<MeetingOut> {
    let acronyms = s.acronyms().await?;
    let a = &v.activity.activity;
    let dates = a.fields.schedule.output();
    let host = a
        .fields
        .organizations
        .iter()
        .find(|o| o.role == jointcal_domain::vocab::OrgRole::Lead)
        .and_then(|o| acronyms.get(&o.org).cloned());
    Ok(MeetingOut {
        id: a.id.0,
        title: a.fields.title.original_text().to_string(),
        start: dates.start,
        end: dates.end,
        tz: dates.tz,
        status: a.fields.status.code().into(),
        host,
        place: a.fields.locations.first().and_then(|l| l.place.clone()),
        series: v.meeting.series,
        agenda: v.meeting.agenda.clone(),
        minutes_status: v.meeting.minutes_status.code().into(),
        minutes: v.minutes_visible.then(|| v.meeting.minutes.clone()),
        minutes_revision: v.meeting.minutes_revision,
        approved_in: v.meeting.approved_in.map(|a| a.0),
        published: v.meeting.published,
        version: v.meeting.version,
        activity_version: a.version,
        updated_at: v.meeting.updated_at,
    })
}

async fn tagged(s: &Services, status: StatusCode, v: &MeetingView) -> ApiResult<Response> {
    let mut r = (status, Json(out(s, v).await?)).into_response();
    r.headers_mut().insert(header::ETAG, etag(v.meeting.version));
    Ok(r)
}

fn meeting_id(s: &str) -> ApiResult<ActivityId> {
    s.parse().map_err(|_| ApiError::not_found("meeting"))
}

/// The group's meetings you may see, by date (members: all; others: published ones).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings", tag = "meetings", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<MeetingOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn list_meetings(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<MeetingOut>>> {
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let list = st.services.meetings(&v, &g).await?;
    let mut out_list = Vec::with_capacity(list.len());
    for m in &list {
        out_list.push(out(&st.services, m).await?);
    }
    Ok(Json(out_list))
}

/// Schedule a meeting or a quarterly series (coordinators), or attach a meeting to an
/// existing coordination-meeting activity (`{"activity": id}`).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/meetings", tag = "meetings", params(("slug" = String, Path)), request_body = ScheduleInput,
    responses((status = 201, body = Vec<MeetingOut>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn schedule_meeting(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ScheduleInput>,
) -> ApiResult<(StatusCode, Json<Vec<MeetingOut>>)> {
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let made = st.services.schedule_meeting(&v, &p.actor(), &g, &body).await?;
    let mut list = Vec::with_capacity(made.len());
    for m in &made {
        list.push(out(&st.services, m).await?);
    }
    Ok((StatusCode::CREATED, Json(list)))
}

/// One meeting, with its ETag.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/{id}", tag = "meetings", params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = MeetingOut, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn get_meeting(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let m = st.services.meeting(&v, &g, id).await?;
    tagged(&st.services, StatusCode::OK, &m).await
}

/// A change to a meeting: any of the fields; absent ones stay.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct MeetingPatch {
    /// The whole agenda in its new order: items with an `id` keep it (and their
    /// minutes), items without one are new, items left out are removed.
    #[serde(default)]
    pub agenda: Option<Vec<AgendaItemInput>>,
    /// The minutes as they are to be (a new revision; refused once approved).
    #[serde(default)]
    pub minutes: Option<MinutesInput>,
    /// draft, circulated or approved (approved needs `approved_in`).
    #[serde(default)]
    pub minutes_status: Option<String>,
    /// The later meeting at which the minutes were approved.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub approved_in: Option<String>,
    /// Shown outside the group (agenda and approved minutes).
    #[serde(default)]
    pub published: Option<bool>,
}

fn patch_of(body: MeetingPatch) -> ApiResult<MeetingUpdate> {
    let minutes_status = body
        .minutes_status
        .as_deref()
        .map(|s| {
            MinutesStatus::from_code(s).map_err(|e| {
                ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "minutes_status", Problem::from(e))
            })
        })
        .transpose()?;
    let approved_in = body
        .approved_in
        .as_deref()
        .map(|s| {
            s.trim().parse::<uuid::Uuid>().map(ActivityId).map_err(|_| {
                ApiError::field(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid",
                    "approved_in",
                    Problem::new("not_an_id", format!("'{s}' is not a meeting id")).with("value", s),
                )
            })
        })
        .transpose()?;
    Ok(MeetingUpdate {
        agenda: body.agenda,
        minutes: body.minutes,
        minutes_status,
        approved_in,
        published: body.published,
    })
}

/// Change a meeting's agenda, minutes, minutes status or publication (coordinators).
/// `If-Match` must name the version you read.
#[utoipa::path(patch, path = "/api/v1/groups/{slug}/meetings/{id}", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "The ETag of your last read, e.g. \"3\". Required: without it the answer is 428.")),
    request_body = MeetingPatch,
    responses((status = 200, body = MeetingOut, headers(("ETag" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 412, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_meeting(
    State(st): State<AppState>,
    Writer(p): Writer,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<MeetingPatch>,
) -> ApiResult<Response> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let change = patch_of(body)?;
    let m = st.services.update_meeting(&v, &p.actor(), &g, id, if_match(&headers), &change).await?;
    tagged(&st.services, StatusCode::OK, &m).await
}

/// Replace the agenda by the one the system drafts from the calendar (coordinators):
/// the coming quarter's activities by pillar, open overlap flags, gaps, open action
/// items of earlier meetings, any other business. `If-Match` must name the version
/// you read. Language from `Accept-Language` or `?lang=`.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/meetings/{id}/agenda/draft", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "The ETag of your last read. Required: without it the answer is 428.")),
    responses((status = 200, body = MeetingOut, headers(("ETag" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn draft_meeting_agenda(
    State(st): State<AppState>,
    Writer(p): Writer,
    t: Tr,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let m = st.services.meeting(&v, &g, id).await?;
    if !m.may_manage {
        return Err(ApiError::forbidden("only coordinators of the group may do this"));
    }
    let draft = draft_agenda(&st.services, &g, &m, &t).await?;
    let change = MeetingUpdate { agenda: Some(draft), ..Default::default() };
    let m = st.services.update_meeting(&v, &p.actor(), &g, id, if_match(&headers), &change).await?;
    tagged(&st.services, StatusCode::OK, &m).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocParams {
    /// `md` (Markdown, default) or `pdf`.
    format: Option<String>,
}

/// A meeting's document, agenda or minutes, as Markdown or PDF.
async fn document(
    st: &AppState,
    (p, t): (Option<&crate::services::Principal>, &Tr),
    (slug, id): (&str, &str),
    q: Result<Query<DocParams>, axum::extract::rejection::QueryRejection>,
    minutes: bool,
) -> ApiResult<Response> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let id = meeting_id(id)?;
    let (g, v) = st.services.group_for(slug, p).await?;
    let m = st.services.meeting(&v, &g, id).await?;
    let (g, v, m) = (&g, &v, &m);
    let pdf = match q.format.as_deref().map(str::trim) {
        None | Some("") | Some("md") => false,
        Some("pdf") => true,
        Some(other) => {
            return Err(ApiError::bad_field(
                "format",
                Problem::new("not_a_document_format", format!("'{other}' is not a format here: use md or pdf"))
                    .with("value", other),
            ))
        }
    };
    let acronyms = st.services.acronyms().await?;
    let text = if minutes {
        if !m.minutes_visible {
            return Err(ApiError::not_found("minutes"));
        }
        let actions = if v.is_member() { st.services.action_items(v, g).await? } else { Vec::new() };
        let attendance = if v.is_member() { st.services.attendance(v, g, m.meeting.id).await? } else { Vec::new() };
        minutes_markdown(t, m, &acronyms, &actions, &attendance)
    } else {
        agenda_markdown(t, m, &acronyms)
    };
    if !pdf {
        return Ok(([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], text).into_response());
    }
    let title = m.activity.fields.title.get(t.code()).to_string();
    let info =
        jointcal_pdf::Info { title, lang: t.code().to_string(), footer: format!("{} · jointcal", g.fields.name) };
    let body = jointcal_pdf::render(&text, &info).map_err(|e| ApiError::internal(e.to_string()))?;
    let day = m.activity.fields.schedule.start_utc.with_timezone(&g.fields.timezone).date_naive();
    let name = format!("{}-{}-{}.pdf", g.fields.slug, day, if minutes { "minutes" } else { "agenda" });
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

/// The agenda as Markdown or PDF, with each item's time slot and owner.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/{id}/agenda", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), DocParams),
    responses((status = 200, content((String = "text/markdown"), (PdfFile = "application/pdf"))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn meeting_agenda(
    State(st): State<AppState>,
    Reader(p): Reader,
    t: Tr,
    Path((slug, id)): Path<(String, String)>,
    q: Result<Query<DocParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    document(&st, (p.as_ref(), &t), (&slug, &id), q, false).await
}

/// The minutes as Markdown or PDF (404 while you may not read them at their status).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/{id}/minutes", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), DocParams),
    responses((status = 200, content((String = "text/markdown"), (PdfFile = "application/pdf"))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn meeting_minutes(
    State(st): State<AppState>,
    Reader(p): Reader,
    t: Tr,
    Path((slug, id)): Path<(String, String)>,
    q: Result<Query<DocParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    document(&st, (p.as_ref(), &t), (&slug, &id), q, true).await
}

/// A saved revision of the minutes.
#[derive(Serialize, ToSchema)]
pub struct RevisionOut {
    pub revision: i64,
    pub status: String,
    pub author: String,
    pub saved_at: DateTime<Utc>,
    pub minutes: Minutes,
}

/// Every saved revision of the minutes that you may read, newest first.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/{id}/minutes/revisions", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<RevisionOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn minutes_revisions(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Json<Vec<RevisionOut>>> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let list = st.services.minutes_revisions(&v, &g, id).await?;
    Ok(Json(
        list.into_iter()
            .map(|r| RevisionOut {
                revision: r.revision,
                status: r.status.code().into(),
                author: r.author,
                saved_at: r.saved_at,
                minutes: r.minutes,
            })
            .collect(),
    ))
}

/// A line of the attendance register.
#[derive(Serialize, ToSchema)]
pub struct AttendanceOut {
    /// The stored line's id (absent for a member who has not answered).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub id: Option<uuid::Uuid>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub user: Option<uuid::Uuid>,
    pub name: String,
    /// Organization (acronym).
    pub org: Option<String>,
    /// no_answer, attending or apologies.
    pub response: String,
    pub attended: Option<bool>,
    /// The line's version for If-Match (absent: not stored yet).
    pub version: Option<i64>,
}

async fn attendance_out(s: &Services, lines: &[AttendanceLine]) -> ApiResult<Vec<AttendanceOut>> {
    let acronyms = s.acronyms().await?;
    Ok(lines
        .iter()
        .map(|l| AttendanceOut {
            id: l.stored.as_ref().map(|s| s.id),
            user: l.user.map(|u| u.0),
            name: l.name.clone(),
            org: l.org.and_then(|o| acronyms.get(&o).cloned()),
            response: l.response.code().into(),
            attended: l.attended,
            version: l.stored.as_ref().map(|s| s.version),
        })
        .collect())
}

/// The attendance register: every member (answered or not) and the guests (members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/{id}/attendance", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<AttendanceOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_attendance(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Json<Vec<AttendanceOut>>> {
    let p = p.ok_or_else(ApiError::unauthenticated)?;
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let lines = st.services.attendance(&v, &g, id).await?;
    Ok(Json(attendance_out(&st.services, &lines).await?))
}

/// Record a line of the register (coordinators): a member's answer or attendance
/// (`member`), or a guest (`name`, `org`). Changing a stored line needs its version
/// in `If-Match`.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/meetings/{id}/attendance", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "The line's version, when it is stored already.")),
    request_body = AttendanceInput,
    responses((status = 200, body = AttendanceOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn record_attendance(
    State(st): State<AppState>,
    Writer(p): Writer,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<AttendanceInput>,
) -> ApiResult<Json<AttendanceOut>> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let line = st.services.record_attendance(&v, &p.actor(), &g, id, if_match(&headers), &body).await?;
    let mut list = attendance_out(&st.services, std::slice::from_ref(&line)).await?;
    list.pop().map(Json).ok_or_else(|| ApiError::internal("no attendance line"))
}

/// Your answer to the invitation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerIn {
    /// attending, apologies or no_answer.
    pub response: String,
}

/// Answer the invitation for yourself (members). Changing an answer needs its
/// version in `If-Match`.
#[utoipa::path(put, path = "/api/v1/groups/{slug}/meetings/{id}/attendance/me", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "Your answer's version, when you answered before.")),
    request_body = AnswerIn,
    responses((status = 200, body = AttendanceOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn answer_invitation(
    State(st): State<AppState>,
    Writer(p): Writer,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<AnswerIn>,
) -> ApiResult<Json<AttendanceOut>> {
    let id = meeting_id(&id)?;
    let response = AttendanceResponse::from_code(&body.response)
        .map_err(|e| ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "response", Problem::from(e)))?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let line = st.services.answer_invitation(&v, &p.actor(), &g, id, if_match(&headers), response).await?;
    let mut list = attendance_out(&st.services, std::slice::from_ref(&line)).await?;
    list.pop().map(Json).ok_or_else(|| ApiError::internal("no attendance line"))
}

/// An action item.
#[derive(Serialize, ToSchema)]
pub struct ActionOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// The meeting that assigned it.
    #[schema(value_type = String, format = Uuid)]
    pub meeting: uuid::Uuid,
    pub what: String,
    /// Organization (acronym).
    pub owner_org: Option<String>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub owner_user: Option<uuid::Uuid>,
    pub due: NaiveDate,
    /// open, done or dropped.
    pub status: String,
    pub note: String,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

async fn action_out(s: &Services, list: &[ActionItem]) -> ApiResult<Vec<ActionOut>> {
    let acronyms = s.acronyms().await?;
    Ok(list
        .iter()
        .map(|a| ActionOut {
            id: a.id,
            meeting: a.meeting.0,
            what: a.what.clone(),
            owner_org: a.owner_org.and_then(|o| acronyms.get(&o).cloned()),
            owner_user: a.owner_user.map(|u| u.0),
            due: a.due,
            status: a.status.code().into(),
            note: a.note.clone(),
            version: a.version,
            updated_at: a.updated_at,
        })
        .collect())
}

async fn one_action(s: &Services, a: &ActionItem, status: StatusCode) -> ApiResult<Response> {
    let mut list = action_out(s, std::slice::from_ref(a)).await?;
    let body = list.pop().ok_or_else(|| ApiError::internal("no action item"))?;
    let mut r = (status, Json(body)).into_response();
    r.headers_mut().insert(header::ETAG, etag(a.version));
    Ok(r)
}

/// The group's action items from every meeting, by due date (members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/actions", tag = "meetings", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ActionOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_actions(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<ActionOut>>> {
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let list = st.services.action_items(&v, &g).await?;
    Ok(Json(action_out(&st.services, &list).await?))
}

/// Assign an action item at a meeting (coordinators): `what` and `due` required.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/meetings/{id}/actions", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid)), request_body = ActionInput,
    responses((status = 201, body = ActionOut, headers(("ETag" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_action(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActionInput>,
) -> ApiResult<Response> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let a = st.services.create_action(&v, &p.actor(), &g, id, &body).await?;
    one_action(&st.services, &a, StatusCode::CREATED).await
}

/// Change an action item. Coordinators change anything; its owner (the person, or
/// an editor of the owner organization) its status and note. `If-Match` required.
#[utoipa::path(patch, path = "/api/v1/groups/{slug}/meetings/actions/{action}", tag = "meetings",
    params(("slug" = String, Path), ("action" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "The ETag of your last read. Required: without it the answer is 428.")),
    request_body = ActionInput,
    responses((status = 200, body = ActionOut, headers(("ETag" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 412, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_action(
    State(st): State<AppState>,
    Writer(p): Writer,
    headers: HeaderMap,
    Path((slug, action)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActionInput>,
) -> ApiResult<Response> {
    let id: uuid::Uuid = action.parse().map_err(|_| ApiError::not_found("action item"))?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let a = st.services.update_action(&v, &p.actor(), &g, id, if_match(&headers), &body).await?;
    one_action(&st.services, &a, StatusCode::OK).await
}

/// A decision in the register.
#[derive(Serialize, ToSchema)]
pub struct DecisionOut {
    #[schema(value_type = String, format = Uuid)]
    pub meeting: uuid::Uuid,
    /// The meeting's local day.
    pub day: NaiveDate,
    pub decision: Decision,
    /// The minutes' status (decisions of draft minutes are shown to coordinators only).
    pub minutes_status: String,
}

/// The decisions register: every decision of the meetings whose minutes you may
/// read, oldest meeting first.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings/decisions", tag = "meetings", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<DecisionOut>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn list_decisions(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<DecisionOut>>> {
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let list = st.services.meetings(&v, &g).await?;
    let tz = g.fields.timezone;
    Ok(Json(
        list.iter()
            .filter(|m| m.minutes_visible)
            .flat_map(|m| {
                let day = m.activity.fields.schedule.start_utc.with_timezone(&tz).date_naive();
                m.meeting.minutes.decisions.iter().map(move |d| DecisionOut {
                    meeting: m.meeting.id.0,
                    day,
                    decision: d.clone(),
                    minutes_status: m.meeting.minutes_status.code().into(),
                })
            })
            .collect(),
    ))
}

/// What sending invitations did.
#[derive(Serialize, ToSchema)]
pub struct InvitedOut {
    /// Messages queued now (0 when everyone had this version of the meeting already).
    pub queued: usize,
    pub invitees: usize,
    /// REQUEST or CANCEL.
    pub method: String,
    /// The SEQUENCE of the invitation.
    pub sequence: i64,
}

/// Invite the group's members by mail (coordinators): each gets the meeting as an
/// iCalendar invitation (METHOD:REQUEST with the meeting's stable UID and SEQUENCE;
/// CANCEL once cancelled). Later changes of the meeting are sent again by the server.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/meetings/{id}/invitations", tag = "meetings",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = InvitedOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn send_invitations(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Json<InvitedOut>> {
    let id = meeting_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let done = crate::meetings::mail::send_invitations(&st.services, &v, &g, id).await?;
    let services = st.services.clone();
    tokio::spawn(async move {
        if let Err(e) = services.deliver_due_mail("invitations").await {
            tracing::warn!(error = %e, "invitations queued; the mail job delivers them");
        }
    });
    Ok(Json(InvitedOut {
        queued: done.queued,
        invitees: done.invitees,
        method: if done.cancel { "CANCEL" } else { "REQUEST" }.into(),
        sequence: done.sequence,
    }))
}
