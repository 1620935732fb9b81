//! Activities: list with filters and cursor pages, read, create, replace and delete
//! with optimistic concurrency (`ETag` / `If-Match`), and their history.

use crate::services::{ActivityFilter, ActivityView};
use crate::web::api::json::ApiJson;
use crate::web::api::precondition::if_match;
use crate::web::api::schema::{date_time, integer, output_schema, string, uuid};
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::paging::{activity_cursor, parse_activity_cursor, parse_limit, Page};
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use jointcal_domain::activity::{Activity, ActivityInput};
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::*;
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};

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

fn bad(field: &str, problem: Problem) -> ApiError {
    ApiError::bad_field(field, problem)
}

fn code<V: Vocabulary>(field: &str, s: Option<&str>) -> ApiResult<Option<V>> {
    s.map(|c| V::from_code(c).map_err(|e| bad(field, e.into()))).transpose()
}

/// `YYYY-MM-DD` (a day in the group's zone) or an RFC 3339 instant. A day as `to`
/// includes that day.
fn instant(field: &str, s: &str, g: &Group, end: bool) -> ApiResult<DateTime<Utc>> {
    if let Ok(d) = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        let d = jointcal_domain::schedule::check_day(d).map_err(|m| bad(field, m))?;
        return Ok(day_start_utc(g.fields.timezone, if end { d + Duration::days(1) } else { d }));
    }
    DateTime::parse_from_rfc3339(s.trim()).map(|d| d.with_timezone(&Utc)).map_err(|_| {
        bad(
            field,
            Problem::new("not_a_date", format!("'{s}' is not a date (YYYY-MM-DD) or an RFC 3339 time"))
                .with("value", s),
        )
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
            return Err(bad("to", Problem::new("ends_before_start", "is before from")));
        }
    }
    let org = match p.org.as_deref() {
        None => None,
        Some(o) => match st.services.find_org(o).await {
            Ok(found) => Some(found.id),
            Err(crate::services::ServiceError::NotFound(_)) => {
                return Err(bad(
                    "org",
                    Problem::new("unknown_organization", format!("no organization '{o}' is known")).with("value", o),
                ))
            }
            Err(e) => return Err(e.into()),
        },
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
        return Err(bad("q", Problem::too_long(200)));
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
        after: p.cursor.as_deref().map(parse_activity_cursor).transpose()?,
        limit: Some(parse_limit(p.limit.as_deref())?),
    })
}

/// The group's activities that you may see, by start time, a page at a time.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/activities", tag = "activities", params(("slug" = String, Path), ListParams),
    responses((status = 200, body = Page<ActivityOut>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn list_activities(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
    q: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Page<ActivityOut>>> {
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let f = filter(&st, &g, q).await?;
    let page = st.services.activity_page(&v, &g, &f).await?;
    let next_cursor = page.next.as_ref().map(activity_cursor);
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
    Writer(p): Writer,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let view = st.services.create_activity(&v, &p.actor(), &g, &body).await?;
    Ok(with_etag(StatusCode::CREATED, &view, Some(format!("/api/v1/groups/{slug}/activities/{}", view.id))))
}

/// One activity (404 when it does not exist or you may not see it).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/activities/{id}", tag = "activities", params(("slug" = String, Path), ("id" = String, Path, format = Uuid)),
    responses((status = 200, body = ActivityOut, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn get_activity(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let id = activity_id(&id)?;
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
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
    Writer(p): Writer,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    let id = activity_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let view = st.services.update_activity(&v, &p.actor(), &g, id, if_match(&headers), &body).await?;
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
    Writer(p): Writer,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let id = activity_id(&id)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    st.services.delete_activity(&v, &p.actor(), &g, id, if_match(&headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}
