//! Groups, organizations, members and the group's audit log.

use super::schema::{output_schema, uuid};
use super::{check_csrf, group_viewer, signed_in, ApiError, ApiJson, ApiResult, ErrorBody, Page, SignedIn};
use crate::services::Principal;
use crate::web::auth::Auth;
use crate::web::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::ids::{AuditId, UserId};
use jointcal_domain::org::{OrgInput, Organization};
use jointcal_domain::vocab::{MemberRole, Vocabulary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A group: its settings and id.
#[derive(Serialize)]
pub struct GroupOut {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub settings: GroupInput,
}
output_schema!(GroupOut, GroupInput, "Group", "A coordination group", [("id", uuid(), true)]);

fn group_out(g: &Group) -> GroupOut {
    GroupOut { id: g.id.0, settings: g.fields.to_input() }
}

/// All groups (their settings are not secret; their calendars are).
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", responses((status = 200, body = Vec<GroupOut>)), security((), ("bearer" = []), ("session" = [])))]
pub async fn list_groups(State(st): State<AppState>) -> ApiResult<Json<Vec<GroupOut>>> {
    Ok(Json(st.services.list_groups().await?.iter().map(group_out).collect()))
}

fn admin_viewer(p: Option<&Principal>) -> Viewer {
    match p {
        Some(p) => Viewer { user: Some(p.user.id), org: p.user.org, role: None, admin: p.user.is_admin },
        None => Viewer::ANONYMOUS,
    }
}

/// Create a group (instance admin).
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", request_body = GroupInput,
    responses((status = 201, body = GroupOut, headers(("Location" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_group(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    ApiJson(body): ApiJson<GroupInput>,
) -> ApiResult<Response> {
    check_csrf(&p, &headers)?;
    let g = st.services.create_group(&admin_viewer(Some(&p)), &p.actor(), &body).await?;
    let loc = format!("/api/v1/groups/{}", g.fields.slug);
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(group_out(&g))).into_response())
}

/// One group.
#[utoipa::path(get, path = "/api/v1/groups/{slug}", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = GroupOut), (status = 404, body = ErrorBody)), security((), ("bearer" = []), ("session" = [])))]
pub async fn get_group(State(st): State<AppState>, Path(slug): Path<String>) -> ApiResult<Json<GroupOut>> {
    Ok(Json(group_out(&st.services.group_by_slug(&slug).await?)))
}

/// Change a group's settings (coordinators); the slug stays.
#[utoipa::path(put, path = "/api/v1/groups/{slug}", tag = "groups", params(("slug" = String, Path)), request_body = GroupInput,
    responses((status = 200, body = GroupOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_group(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<GroupInput>,
) -> ApiResult<Json<GroupOut>> {
    check_csrf(&p, &headers)?;
    let (g, v) = group_viewer(&st.services, &slug, Some(&p)).await?;
    let updated = st.services.update_group(&v, &p.actor(), &g, &body).await?;
    Ok(Json(group_out(&updated)))
}

/// An organization.
#[derive(Serialize)]
pub struct OrgOut {
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub fields: OrgInput,
}
output_schema!(OrgOut, OrgInput, "Organization", "An organization, shared by all groups", [("id", uuid(), true)]);

fn org_out(o: &Organization) -> OrgOut {
    OrgOut {
        id: o.id.0,
        fields: OrgInput {
            name: o.fields.name.clone(),
            acronym: o.fields.acronym.clone(),
            kind: o.fields.kind.code().into(),
            iati_org_id: o.fields.iati_org_id.clone(),
        },
    }
}

/// All organizations.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", responses((status = 200, body = Vec<OrgOut>)), security((), ("bearer" = []), ("session" = [])))]
pub async fn list_orgs(State(st): State<AppState>) -> ApiResult<Json<Vec<OrgOut>>> {
    Ok(Json(st.services.list_orgs().await?.iter().map(org_out).collect()))
}

/// Add an organization (instance admin).
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = OrgInput,
    responses((status = 201, body = OrgOut, headers(("Location" = String))), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_org(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    ApiJson(body): ApiJson<OrgInput>,
) -> ApiResult<Response> {
    check_csrf(&p, &headers)?;
    let o = st.services.create_org(&admin_viewer(Some(&p)), &p.actor(), &body).await?;
    let loc = format!("/api/v1/organizations/{}", o.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, loc)], Json(org_out(&o))).into_response())
}

/// Change an organization (instance admin).
#[utoipa::path(put, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path, description = "Id, acronym or IATI identifier")),
    request_body = OrgInput,
    responses((status = 200, body = OrgOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_org(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<OrgInput>,
) -> ApiResult<Json<OrgOut>> {
    check_csrf(&p, &headers)?;
    let viewer = admin_viewer(Some(&p));
    jointcal_domain::access::can_administer(&viewer).map_err(crate::services::ServiceError::from)?;
    let o = st
        .services
        .db
        .find_org(&id)
        .await
        .map_err(|e| crate::services::ServiceError::from_db(e, &format!("organization '{id}'")))?;
    let updated = st.services.update_org(&viewer, &p.actor(), o.id, &body).await?;
    Ok(Json(org_out(&updated)))
}

/// One organization, by id, acronym or IATI organisation identifier.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path, description = "Id, acronym or IATI identifier")),
    responses((status = 200, body = OrgOut), (status = 404, body = ErrorBody)), security((), ("bearer" = []), ("session" = [])))]
pub async fn get_org(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<OrgOut>> {
    let o = st
        .services
        .db
        .find_org(&id)
        .await
        .map_err(|e| crate::services::ServiceError::from_db(e, &format!("organization '{id}'")))?;
    Ok(Json(org_out(&o)))
}

/// A member of a group, as its other members see them.
#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub email: String,
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
    auth: Auth,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<MemberOut>>> {
    let (g, v) = group_viewer(&st.services, &slug, auth.0.as_ref()).await?;
    let list = st.services.members(&v, &g).await?;
    let out = list
        .iter()
        .map(|(u, r)| MemberOut {
            id: u.id.0,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            org: u.org.map(|o| o.0),
            role: r.code().into(),
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
        ApiError::field(StatusCode::BAD_REQUEST, "bad_request", "user_id", format!("'{s}' is not a user id"))
    })
}

/// Add a person to the group or change their role (coordinators).
#[utoipa::path(put, path = "/api/v1/groups/{slug}/members/{user_id}", tag = "groups",
    params(("slug" = String, Path), ("user_id" = String, Path, format = Uuid)), request_body = MemberIn,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn set_member(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path((slug, uid)): Path<(String, String)>,
    ApiJson(body): ApiJson<MemberIn>,
) -> ApiResult<StatusCode> {
    check_csrf(&p, &headers)?;
    let uid = user_id(&uid)?;
    let role = MemberRole::from_code(&body.role)
        .map_err(|e| ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "role", e.to_string()))?;
    let (g, v) = group_viewer(&st.services, &slug, Some(&p)).await?;
    jointcal_domain::access::can_manage_group(&v).map_err(crate::services::ServiceError::from)?;
    st.services.db.user(uid).await.map_err(|e| crate::services::ServiceError::from_db(e, "user"))?;
    st.services.set_member(&v, &p.actor(), &g, uid, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a person from the group (coordinators).
#[utoipa::path(delete, path = "/api/v1/groups/{slug}/members/{user_id}", tag = "groups",
    params(("slug" = String, Path), ("user_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn remove_member(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path((slug, uid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    check_csrf(&p, &headers)?;
    let uid = user_id(&uid)?;
    let (g, v) = group_viewer(&st.services, &slug, Some(&p)).await?;
    st.services.remove_member(&v, &p.actor(), &g, uid).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One audit event.
#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub at: DateTime<Utc>,
    /// Who: `{"type": "user", "id": …}`, `{"type": "token", …}`, `{"type": "job", "name": …}`, `{"type": "import", …}`, `{"type": "cli"}`, `{"type": "system"}`.
    #[schema(value_type = Object)]
    pub actor: serde_json::Value,
    /// create, update or delete.
    pub action: String,
    pub entity_type: String,
    #[schema(value_type = String, format = Uuid)]
    pub entity_id: uuid::Uuid,
    /// The entity before the change (absent for a creation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The entity after the change (absent for a deletion).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

pub fn audit_out(e: &AuditEvent) -> AuditOut {
    AuditOut {
        id: e.id.0,
        at: e.at,
        actor: serde_json::to_value(&e.actor).unwrap_or_default(),
        action: e.action.as_str().into(),
        entity_type: e.entity_type.clone(),
        entity_id: e.entity_id,
        before: e.before.clone(),
        after: e.after.clone(),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Page size, 1–500 (default 100).
    limit: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The group's history, newest first (coordinators).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/audit", tag = "audit", params(("slug" = String, Path), AuditParams),
    responses((status = 200, body = Page<AuditOut>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn group_audit(
    State(st): State<AppState>,
    auth: Auth,
    Path(slug): Path<String>,
    q: Result<Query<AuditParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Page<AuditOut>>> {
    signed_in(&auth)?;
    let Query(q) = q.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let limit = super::activities::parse_limit(q.limit.as_deref())?;
    let before = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(parse_audit_cursor(c)?),
    };
    let (g, v) = group_viewer(&st.services, &slug, auth.0.as_ref()).await?;
    let events = st.services.group_history(&v, &g, before, limit).await?;
    let next_cursor = (events.len() as i64 == limit)
        .then(|| events.last().map(|e| format!("{}_{}", e.at.timestamp_nanos_opt().unwrap_or(0), e.id.0.simple())))
        .flatten();
    Ok(Json(Page { items: events.iter().map(audit_out).collect(), next_cursor }))
}

fn parse_audit_cursor(c: &str) -> ApiResult<(DateTime<Utc>, AuditId)> {
    let bad =
        || ApiError::field(StatusCode::BAD_REQUEST, "bad_request", "cursor", "is not a cursor from a previous page");
    let (t, id) = c.split_once('_').ok_or_else(bad)?;
    let nanos: i64 = t.parse().map_err(|_| bad())?;
    let at = DateTime::<Utc>::from_timestamp_nanos(nanos);
    Ok((at, AuditId(id.parse().map_err(|_| bad())?)))
}
