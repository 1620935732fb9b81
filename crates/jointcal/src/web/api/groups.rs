//! Coordination groups and their settings.

use crate::services::GroupView;
use crate::web::api::json::{ApiJson, ApiJsonKeys};
use crate::web::api::precondition::if_match;
use crate::web::api::schema::{integer, output_schema, uuid};
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jointcal_domain::group::GroupInput;
use jointcal_domain::Problem;
use serde::Serialize;

/// A group: its settings, id and version. `require_totp_for_coordinators` is shown
/// to the group's coordinators only.
#[derive(Serialize)]
pub struct GroupOut {
    pub id: uuid::Uuid,
    pub version: i64,
    #[serde(flatten)]
    pub settings: GroupInput,
}
output_schema!(
    GroupOut,
    GroupInput,
    "Group",
    "A coordination group",
    [("id", uuid(), true), ("version", integer(), true)]
);

fn group_out(g: &GroupView) -> GroupOut {
    let mut settings = g.fields.to_input();
    if !g.sees_security {
        settings.require_totp_for_coordinators = None;
    }
    GroupOut { id: g.id.0, version: g.version, settings }
}

/// A response with the group's version as its ETag.
fn with_etag(status: StatusCode, g: &GroupView, location: Option<String>) -> Response {
    let mut r = (status, Json(group_out(g))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", g.version)) {
        r.headers_mut().insert(header::ETAG, v);
    }
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LOCATION, l);
    }
    r
}

/// All groups (their settings are not secret; their calendars are).
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", responses((status = 200, body = Vec<GroupOut>)), security((), ("bearer" = []), ("session" = [])))]
pub async fn list_groups(State(st): State<AppState>, Reader(p): Reader) -> ApiResult<Json<Vec<GroupOut>>> {
    let mut out = Vec::new();
    for g in st.services.list_groups().await? {
        out.push(group_out(&st.services.group_view(&g.fields.slug, p.as_ref()).await?));
    }
    Ok(Json(out))
}

/// Create a group (instance admin).
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", request_body = GroupInput,
    responses((status = 201, body = GroupOut, headers(("ETag" = String), ("Location" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_group(
    State(st): State<AppState>,
    Writer(p): Writer,
    ApiJson(body): ApiJson<GroupInput>,
) -> ApiResult<Response> {
    let g = st.services.create_group(&st.services.instance_viewer(Some(&p)), &p.actor(), &body).await?;
    let loc = format!("/api/v1/groups/{}", g.fields.slug);
    Ok(with_etag(StatusCode::CREATED, &g, Some(loc)))
}

/// One group.
#[utoipa::path(get, path = "/api/v1/groups/{slug}", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = GroupOut, headers(("ETag" = String))), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security((), ("bearer" = []), ("session" = [])))]
pub async fn get_group(State(st): State<AppState>, Reader(p): Reader, Path(slug): Path<String>) -> ApiResult<Response> {
    Ok(with_etag(StatusCode::OK, &st.services.group_view(&slug, p.as_ref()).await?, None))
}

/// The settings a PUT must send: it replaces them all. (`require_totp_for_coordinators`,
/// which only coordinators see, may be left out: it then stays as it is.)
const GROUP_FIELDS: [&str; 9] =
    ["slug", "name", "country", "theme", "timezone", "bulletin_day", "meeting_cadence", "languages", "description"];

/// Change a group's settings (coordinators). A PUT replaces every setting: send
/// them all, as GET gives them (null clears one); the slug and country stay.
/// `If-Match` must name the version you read.
#[utoipa::path(put, path = "/api/v1/groups/{slug}", tag = "groups",
    params(("slug" = String, Path), ("If-Match" = Option<String>, Header, description = "The ETag of your last read, e.g. \"3\". Required: without it the answer is 428.")),
    request_body = GroupInput,
    responses((status = 200, body = GroupOut, headers(("ETag" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 412, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 428, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_group(
    State(st): State<AppState>,
    Writer(p): Writer,
    headers: HeaderMap,
    Path(slug): Path<String>,
    ApiJsonKeys(body, sent): ApiJsonKeys<GroupInput>,
) -> ApiResult<Response> {
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    let missing: Vec<&str> = GROUP_FIELDS.into_iter().filter(|f| !sent.iter().any(|s| s == f)).collect();
    if !missing.is_empty() {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!(
                "a PUT replaces every setting of the group: send all of them as GET gives them (null clears one); missing: {}",
                missing.join(", ")
            ),
        );
        e.fields = missing
            .iter()
            .map(|f| jointcal_domain::FieldError::new(*f, Problem::new("missing", "is missing")))
            .collect();
        return Err(e);
    }
    let updated = st.services.update_group(&v, &p.actor(), &g, if_match(&headers), &body).await?;
    Ok(with_etag(StatusCode::OK, &updated, None))
}
