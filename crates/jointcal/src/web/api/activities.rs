//! Activities: list with filters and cursor pages, read, create, replace and delete
//! with optimistic concurrency (`ETag` / `If-Match`), and their history.

use crate::services::ActivityView;
use crate::services::FlagView;
use crate::web::api::json::ApiJson;
use crate::web::api::precondition::if_match;
use crate::web::api::schema::{date_time, integer, output_schema, string, uuid};
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::filters::{filter, ListParams};
use crate::web::paging::{activity_cursor, Page};
use crate::web::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use jointcal_domain::activity::{Activity, ActivityInput};
use jointcal_domain::ids::ActivityId;
use serde::Serialize;

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
    /// In the answer to a create or an update: the activity's possible overlaps with
    /// others (open or resolved, not dismissed), highest score first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlaps: Option<Vec<super::overlaps::FlagOut>>,
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
        ("overlaps", super::schema::array_of("FlagOut"), false),
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
        overlaps: None,
    }
}

pub(crate) fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn with_etag(status: StatusCode, v: &ActivityView, location: Option<String>) -> Response {
    respond(status, v, out(v), location)
}

/// The answer to a save: the activity with its possible overlaps.
fn saved(status: StatusCode, v: &ActivityView, flags: &[FlagView], location: Option<String>) -> Response {
    let body = ActivityOut { overlaps: Some(flags.iter().map(super::overlaps::flag_out).collect()), ..out(v) };
    respond(status, v, body, location)
}

fn respond(status: StatusCode, v: &ActivityView, body: ActivityOut, location: Option<String>) -> Response {
    let mut r = (status, Json(body)).into_response();
    r.headers_mut().insert(header::ETAG, etag(v.activity.version));
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LOCATION, l);
    }
    r
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
    let f = filter(&st.services, &g, q).await?;
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
    let flags = st.services.flags_of_activity(&v, &g, view.activity.id).await?;
    Ok(saved(StatusCode::CREATED, &view, &flags, Some(format!("/api/v1/groups/{slug}/activities/{}", view.id))))
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
    let flags = st.services.flags_of_activity(&v, &g, view.activity.id).await?;
    Ok(saved(StatusCode::OK, &view, &flags, None))
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
