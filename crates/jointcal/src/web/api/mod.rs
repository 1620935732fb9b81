//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document at `/api/openapi.json`.
//!
//! Authentication: a bearer token (`Authorization: Bearer jct_…`) or the session
//! cookie of the pages; with the cookie, writes must carry the session's CSRF token
//! in `X-CSRF-Token` (from `GET /api/v1/me` or `POST /api/v1/session`).

mod activities;
mod error;
mod groups;
mod me;
pub(crate) mod schema;

pub use error::{internal_errors, ApiError, ApiJson, ApiResult, ErrorBody};

use super::auth::Auth;
use super::AppState;
use crate::services::{Principal, Services, Via};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use jointcal_domain::access::Viewer;
use jointcal_domain::group::Group;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

pub const CSRF_HEADER: &str = "x-csrf-token";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jointcal API",
        description = "The Joint Activity Calendar for donor coordination: groups, organizations, members, activities and their audit log.\n\nErrors are JSON `{\"error\": {\"code\", \"message\", \"fields\"}}`. Updates and deletes of an activity carry its version in `If-Match` (the `ETag` of its last read).",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        super::healthz,
        super::readyz,
        me::me,
        me::login,
        me::logout,
        me::list_tokens,
        me::create_token,
        me::revoke_token,
        groups::list_groups,
        groups::create_group,
        groups::get_group,
        groups::update_group,
        groups::list_orgs,
        groups::create_org,
        groups::get_org,
        groups::update_org,
        groups::list_members,
        groups::set_member,
        groups::remove_member,
        groups::group_audit,
        activities::list_activities,
        activities::create_activity,
        activities::get_activity,
        activities::update_activity,
        activities::delete_activity,
        activities::activity_audit,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "session", description = "Who you are: sign-in, tokens"),
        (name = "groups", description = "Coordination groups and their members"),
        (name = "organizations", description = "Organizations, shared by all groups"),
        (name = "activities", description = "The calendar"),
        (name = "audit", description = "Who changed what, when (coordinators)"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("jct_…")
                    .description(Some("An API token from `jointcal token create` or POST /api/v1/me/tokens"))
                    .build(),
            ),
        );
        c.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                super::auth::SESSION_COOKIE,
                "The session cookie of the web pages (named __Host-jointcal_session behind https); writes also need the X-CSRF-Token header",
            ))),
        );
    }
}

/// The OpenAPI document, as served.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(|| async { axum::Json(openapi()) }))
        .route("/api/v1/me", get(me::me))
        .route("/api/v1/session", axum::routing::post(me::login).delete(me::logout))
        .route("/api/v1/me/tokens", get(me::list_tokens).post(me::create_token))
        .route("/api/v1/me/tokens/{id}", axum::routing::delete(me::revoke_token))
        .route("/api/v1/groups", get(groups::list_groups).post(groups::create_group))
        .route("/api/v1/groups/{slug}", get(groups::get_group).put(groups::update_group))
        .route("/api/v1/organizations", get(groups::list_orgs).post(groups::create_org))
        .route("/api/v1/organizations/{id}", get(groups::get_org).put(groups::update_org))
        .route("/api/v1/groups/{slug}/members", get(groups::list_members))
        .route("/api/v1/groups/{slug}/members/{user_id}", put(groups::set_member).delete(groups::remove_member))
        .route("/api/v1/groups/{slug}/audit", get(groups::group_audit))
        .route("/api/v1/groups/{slug}/activities", get(activities::list_activities).post(activities::create_activity))
        .route(
            "/api/v1/groups/{slug}/activities/{id}",
            get(activities::get_activity).put(activities::update_activity).delete(activities::delete_activity),
        )
        .route("/api/v1/groups/{slug}/activities/{id}/audit", get(activities::activity_audit))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such API endpoint; see /api/openapi.json")
        })
}

/// Writes with the session cookie must carry the session's CSRF token.
pub fn check_csrf(p: &Principal, headers: &HeaderMap) -> ApiResult<()> {
    if let Principal { via: Via::Session { csrf }, .. } = p {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if !super::constant_time_eq(sent.as_bytes(), csrf.as_bytes()) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "a write with the session cookie needs the X-CSRF-Token header (see GET /api/v1/me)",
            ));
        }
    }
    Ok(())
}

/// A group and what the caller may do in it.
pub async fn group_viewer(s: &Services, slug: &str, p: Option<&Principal>) -> ApiResult<(Group, Viewer)> {
    let g = s.group_by_slug(slug).await?;
    let v = s.viewer_for(p, &g).await?;
    Ok((g, v))
}

/// The signed-in caller of a write. Extracted before the body, so an anonymous
/// write is 401 whatever the body holds.
pub struct SignedIn(pub Principal);

impl axum::extract::FromRequestParts<AppState> for SignedIn {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        st: &AppState,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        match Auth::from_request_parts(parts, st).await {
            Ok(Auth(Some(p))) => Ok(SignedIn(p)),
            Ok(Auth(None)) => Err(ApiError::unauthenticated().into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}

/// The caller, who must be signed in.
pub fn signed_in(Auth(p): &Auth) -> ApiResult<&Principal> {
    p.as_ref().ok_or_else(ApiError::unauthenticated)
}

/// A page of results and where the next one starts.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
