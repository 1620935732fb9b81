//! Who belongs to a group, and in which role.

use crate::web::api::json::ApiJson;
use crate::web::caller::{Reader, Writer};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jointcal_domain::ids::UserId;
use jointcal_domain::vocab::{MemberRole, Vocabulary};
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member of a group, as its other members see them.
#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    /// Shown to the group's coordinators, and to the person themself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub display_name: String,
    /// The person's organization.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub org: Option<uuid::Uuid>,
    /// coordinator, editor or viewer.
    pub role: String,
}

/// The members of a group (members and the admin).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/members", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<MemberOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_members(
    State(st): State<AppState>,
    Reader(p): Reader,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<MemberOut>>> {
    let (g, v) = st.services.group_for(&slug, p.as_ref()).await?;
    let list = st.services.members(&v, &g).await?;
    let out = list
        .into_iter()
        .map(|m| MemberOut {
            id: m.user.id.0,
            email: m.email,
            display_name: m.user.display_name,
            org: m.user.org.map(|o| o.0),
            role: m.role.code().into(),
        })
        .collect();
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    /// coordinator, editor or viewer.
    #[schema(value_type = MemberRole)]
    pub role: String,
}

fn user_id(s: &str) -> ApiResult<UserId> {
    s.parse().map_err(|_| {
        ApiError::bad_field("user_id", Problem::new("not_an_id", format!("'{s}' is not a user id")).with("value", s))
    })
}

/// Add a person to the group or change their role (coordinators). The last
/// coordinator cannot step down (409).
#[utoipa::path(put, path = "/api/v1/groups/{slug}/members/{user_id}", tag = "groups",
    params(("slug" = String, Path), ("user_id" = String, Path, format = Uuid)), request_body = MemberIn,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_member(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path((slug, uid)): Path<(String, String)>,
    ApiJson(body): ApiJson<MemberIn>,
) -> ApiResult<StatusCode> {
    let uid = user_id(&uid)?;
    let role = MemberRole::from_code(&body.role)
        .map_err(|e| ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "role", e.into()))?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    st.services.set_member(&v, &p.actor(), &g, uid, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a person from the group (coordinators). The last coordinator cannot
/// leave (409).
#[utoipa::path(delete, path = "/api/v1/groups/{slug}/members/{user_id}", tag = "groups",
    params(("slug" = String, Path), ("user_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn remove_member(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path((slug, uid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let uid = user_id(&uid)?;
    let (g, v) = st.services.group_for(&slug, Some(&p)).await?;
    st.services.remove_member(&v, &p.actor(), &g, uid).await?;
    Ok(StatusCode::NO_CONTENT)
}
