//! Activities: list with filters and cursor pages, read, create, replace and delete
//! with optimistic concurrency (`ETag` / `If-Match`), and their history.

use super::groups::{audit_out, AuditOut};
use super::schema::{date_time, integer, output_schema, string, uuid};
use super::{check_csrf, group_viewer, ApiError, ApiJson, ApiResult, ErrorBody, Page, SignedIn};
use crate::services::{ActivityFilter, ActivityView};
use crate::web::auth::Auth;
use crate::web::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jointcal_db::Cursor;
use jointcal_domain::activity::{Activity, ActivityInput};
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::*;
use serde::{Deserialize, Serialize};

pub const MAX_LIMIT: i64 = 500;
pub const DEFAULT_LIMIT: i64 = 100;

/// An activity as stored: the input fields, normalized, plus read-only fields.
#[derive(Serialize)]
pub struct ActivityOut {
    pub id: uuid::Uuid,
    pub group_id: uuid::Uuid,
    pub version: i64,
    pub sequence: i64,
    /// Digest of place, time, audience and kind; absent when the place is reduced for
    /// you (it would let the exact place be guessed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the place is exact (false: reduced to region level for you).
    pub exact_place: bool,
    #[serde(flatten)]
    pub fields: ActivityInput,
}
output_schema!(
    ActivityOut,
    ActivityInput,
    "Activity",
    "An activity of the calendar (the input fields, normalized, and read-only fields)",
    [
        ("id", uuid(), true),
        ("group_id", uuid(), true),
        ("version", integer(), true),
        ("sequence", integer(), true),
        ("fingerprint", string(), false),
        ("created_at", date_time(), true),
        ("updated_at", date_time(), true),
        ("exact_place", super::schema::boolean(), true),
    ]
);

fn out(v: &ActivityView) -> ActivityOut {
    let a: &Activity = &v.activity;
    ActivityOut {
        id: a.id.0,
        group_id: a.group_id.0,
        version: a.version,
        sequence: a.sequence,
        fingerprint: v.exact_place.then(|| a.fingerprint.clone()),
        created_at: a.created_at,
        updated_at: a.updated_at,
        exact_place: v.exact_place,
        fields: a.fields.to_input(),
    }
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn with_etag(status: StatusCode, v: &ActivityView, location: Option<String>) -> Response {
    let mut r = (status, Json(out(v))).into_response();
    r.headers_mut().insert(header::ETAG, etag(v.activity.version));
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LOCATION, l);
    }
    r
}

/// The version named by `If-Match` (`"3"`): required for updates and deletes.
fn if_match(headers: &HeaderMap) -> ApiResult<i64> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "send the activity's ETag in If-Match (e.g. If-Match: \"3\"), so that a change made meanwhile is not overwritten",
        ));
    };
    let text = v.to_str().unwrap_or("").trim();
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            ApiError::field(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "If-Match",
                format!("'{text}' is not an ETag of this API; send the ETag of your last read, e.g. \"3\""),
            )
        })
}

pub fn parse_limit(s: Option<&str>) -> ApiResult<i64> {
    match s {
        None => Ok(DEFAULT_LIMIT),
        Some(t) => match t.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ApiError::field(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "limit",
                format!("'{t}' is not a page size from 1 to {MAX_LIMIT}"),
            )),
        },
    }
}

fn bad(field: &str, msg: impl Into<String>) -> ApiError {
    ApiError::field(StatusCode::BAD_REQUEST, "bad_request", field, msg)
}

fn code<V: Vocabulary>(field: &str, s: Option<&str>) -> ApiResult<Option<V>> {
    s.map(|c| V::from_code(c).map_err(|e| bad(field, e.to_string()))).transpose()
}

/// `YYYY-MM-DD` (a day in the group's zone) or an RFC 3339 instant. A day as `to`
/// includes that day.
fn instant(field: &str, s: &str, g: &Group, end: bool) -> ApiResult<DateTime<Utc>> {
    if let Ok(d) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        if !(1900..=2200).contains(&chrono::Datelike::year(&d)) {
            return Err(bad(field, format!("'{s}' is out of range; use a year from 1900 to 2200")));
        }
        return Ok(day_start_utc(g.fields.timezone, if end { d + Duration::days(1) } else { d }));
    }
    DateTime::parse_from_rfc3339(s.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| bad(field, format!("'{s}' is not a date (YYYY-MM-DD) or an RFC 3339 time")))
}

fn parse_cursor(c: &str) -> ApiResult<Cursor> {
    let e = || bad("cursor", "is not a cursor from a previous page");
    let (s, id) = c.split_once('_').ok_or_else(e)?;
    Ok(Cursor { start_utc: s.parse().map_err(|_| e())?, id: id.parse().map_err(|_| e())? })
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// First day (YYYY-MM-DD, in the group's time zone) or instant (RFC 3339).
    from: Option<String>,
    /// Last day, included (YYYY-MM-DD), or instant (RFC 3339, excluded).
    to: Option<String>,
    /// An organization taking part (id, acronym or IATI identifier).
    org: Option<String>,
    /// Activity kind code, e.g. training.
    kind: Option<String>,
    /// prevention, protection, prosecution or partnership.
    pillar: Option<String>,
    /// Target group code, e.g. border_guards.
    target_group: Option<String>,
    /// ISO 3166-2 code, e.g. KZ-31 (old codes such as KZ-ZHA are accepted).
    region: Option<String>,
    /// planned, confirmed, ongoing, completed, postponed or cancelled.
    status: Option<String>,
    /// Words to find in titles, descriptions and places (any language, any case).
    q: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Page size, 1–500 (default 100).
    limit: Option<String>,
}

async fn filter(st: &AppState, g: &Group, p: ListParams) -> ApiResult<ActivityFilter> {
    let from = p.from.as_deref().map(|s| instant("from", s, g, false)).transpose()?;
    let to = p.to.as_deref().map(|s| instant("to", s, g, true)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            return Err(bad("to", "is before from"));
        }
    }
    let org = match p.org.as_deref() {
        None => None,
        Some(o) => Some(
            st.services.db.find_org(o).await.map_err(|_| bad("org", format!("no organization '{o}' is known")))?.id,
        ),
    };
    let region = match p.region.as_deref() {
        None => None,
        Some(r) => Some(
            jointcal_domain::geo::parse_subdivision(&g.fields.country, r)
                .or_else(|_| {
                    let c = r.split('-').next().unwrap_or("");
                    jointcal_domain::geo::parse_subdivision(c, r)
                })
                .map_err(|m| bad("region", m))?
                .code
                .to_string(),
        ),
    };
    if p.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
        return Err(bad("q", "is longer than 200 characters"));
    }
    Ok(ActivityFilter {
        from,
        to,
        org,
        kind: code("kind", p.kind.as_deref())?,
        pillar: code("pillar", p.pillar.as_deref())?,
        target_group: code("target_group", p.target_group.as_deref())?,
        region,
        status: code("status", p.status.as_deref())?,
        q: p.q,
        after: p.cursor.as_deref().map(parse_cursor).transpose()?,
        limit: Some(parse_limit(p.limit.as_deref())?),
    })
}

/// The group's activities that you may see, by start time, a page at a time.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/activities", tag = "activities", params(("slug" = String, Path), ListParams),
    responses((status = 200, body = Page<ActivityOut>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn list_activities(
    State(st): State<AppState>,
    auth: Auth,
    Path(slug): Path<String>,
    q: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Page<ActivityOut>>> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let (g, v) = group_viewer(&st.services, &slug, auth.0.as_ref()).await?;
    let f = filter(&st, &g, q).await?;
    let page = st.services.activity_page(&v, &g, &f).await?;
    let next_cursor = page.next.map(|c| format!("{}_{}", c.start_utc, c.id.simple()));
    Ok(Json(Page { items: page.items.iter().map(out).collect(), next_cursor }))
}

fn activity_id(s: &str) -> ApiResult<ActivityId> {
    s.parse().map_err(|_| ApiError::not_found("activity"))
}

/// Create an activity. Editors create activities led by their own organization.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/activities", tag = "activities", params(("slug" = String, Path)), request_body = ActivityInput,
    responses((status = 201, body = ActivityOut, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_activity(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    let actor = p.actor();
    check_csrf(&p, &headers)?;
    let (g, v) = group_viewer(&st.services, &slug, Some(&p)).await?;
    let a = st.services.create_activity(&v, &actor, &g, &body).await?;
    let view = st.services.get_activity(&v, &g, a.id).await?;
    Ok(with_etag(StatusCode::CREATED, &view, Some(format!("/api/v1/groups/{slug}/activities/{}", a.id))))
}

/// One activity (404 when it does not exist or you may not see it).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/activities/{id}", tag = "activities", params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = ActivityOut, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn get_activity(
    State(st): State<AppState>,
    auth: Auth,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = activity_id(&id)?;
    let (g, v) = group_viewer(&st.services, &slug, auth.0.as_ref()).await?;
    let view = st.services.get_activity(&v, &g, id).await?;
    Ok(with_etag(StatusCode::OK, &view, None))
}

/// Replace an activity. `If-Match` must name the version you read.
#[utoipa::path(put, path = "/api/v1/groups/{slug}/activities/{id}", tag = "activities",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "The ETag of your last read, e.g. \"3\". Required: without it the answer is 428.")),
    request_body = ActivityInput,
    responses((status = 200, body = ActivityOut, headers(("ETag" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_activity(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    let actor = p.actor();
    check_csrf(&p, &headers)?;
    let id = activity_id(&id)?;
    let (g, v) = group_viewer(&st.services, &slug, Some(&p)).await?;
    // Existence and visibility first (a missing activity is 404 whatever else is
    // wrong), then the body (422), then the precondition (428, 400, 412).
    st.services.get_activity(&v, &g, id).await?;
    st.services.validate_activity(&g, &body).await?;
    let version = if_match(&headers)?;
    let a = st.services.update_activity(&v, &actor, &g, id, version, &body).await?;
    let view = st.services.get_activity(&v, &g, a.id).await?;
    Ok(with_etag(StatusCode::OK, &view, None))
}

/// Delete an activity. `If-Match` must name the version you read.
#[utoipa::path(delete, path = "/api/v1/groups/{slug}/activities/{id}", tag = "activities",
    params(("slug" = String, Path), ("id" = String, Path, format = Uuid), ("If-Match" = Option<String>, Header, description = "The ETag of your last read, e.g. \"3\". Required: without it the answer is 428.")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete_activity(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let actor = p.actor();
    check_csrf(&p, &headers)?;
    let id = activity_id(&id)?;
    let (g, v) = group_viewer(&st.services, &slug, Some(&p)).await?;
    st.services.get_activity(&v, &g, id).await?;
    let version = if_match(&headers)?;
    st.services.delete_activity(&v, &actor, &g, id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An activity's history, oldest first (coordinators).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/activities/{id}/audit", tag = "audit", params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<AuditOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn activity_audit(
    State(st): State<AppState>,
    auth: Auth,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Json<Vec<AuditOut>>> {
    super::signed_in(&auth)?;
    let id = activity_id(&id)?;
    let (g, v) = group_viewer(&st.services, &slug, auth.0.as_ref()).await?;
    let events = st.services.activity_history(&v, &g, id).await?;
    Ok(Json(events.iter().map(audit_out).collect()))
}
