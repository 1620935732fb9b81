//! The caller: who am I, sign-in and sign-out for scripts, API tokens.

use super::{check_csrf, signed_in, ApiError, ApiJson, ApiResult, ErrorBody, SignedIn};
use crate::services::{Principal, Via};
use crate::web::auth::{cookie, session_cookie, Auth};
use crate::web::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use jointcal_domain::access::Viewer;
use jointcal_domain::account::{ApiToken, User};
use jointcal_domain::ids::TokenId;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    /// The person's organization.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub org: Option<uuid::Uuid>,
    pub totp_enabled: bool,
}

impl From<&User> for UserOut {
    fn from(u: &User) -> Self {
        UserOut {
            id: u.id.0,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            is_admin: u.is_admin,
            org: u.org.map(|o| o.0),
            totp_enabled: u.totp_enabled,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub user: UserOut,
    /// `session` (cookie) or `token` (bearer).
    pub via: String,
    /// With a session: the value to send in `X-CSRF-Token` on writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

fn me_out(p: &Principal) -> MeOut {
    let (via, csrf_token) = match &p.via {
        Via::Session { csrf } => ("session", Some(csrf.clone())),
        Via::Token { .. } => ("token", None),
    };
    MeOut { user: UserOut::from(&p.user), via: via.into(), csrf_token }
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(auth: Auth) -> ApiResult<Json<MeOut>> {
    Ok(Json(me_out(signed_in(&auth)?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginIn {
    pub email: String,
    pub password: String,
    /// The six-digit code, for accounts with two-factor sign-in.
    #[serde(default)]
    pub code: Option<String>,
}

/// Sign in; sets the session cookie and returns the CSRF token for writes.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginIn,
    responses((status = 200, body = MeOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody, headers(("Retry-After" = i64, description = "Seconds to wait")))),
    security(()))]
pub async fn login(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginIn>,
) -> ApiResult<Response> {
    let old = cookie(&headers, st.cookie_name());
    let session = st
        .services
        .login(&body.email, &body.password, body.code.as_deref(), &st.client_key(peer.ip(), &headers), old)
        .await?;
    let max_age = (session.expires - st.services.now()).num_seconds();
    let p = Principal { user: session.user.clone(), via: Via::Session { csrf: session.csrf.clone() } };
    let mut r = Json(me_out(&p)).into_response();
    r.headers_mut().insert(SET_COOKIE, session_cookie(&st, &session.token, max_age));
    Ok(r)
}

/// Sign out (ends the session of the cookie).
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = [])))]
pub async fn logout(State(st): State<AppState>, headers: HeaderMap, SignedIn(p): SignedIn) -> ApiResult<Response> {
    let Via::Session { .. } = p.via else {
        return Err(ApiError::bad_request(
            "there is no session to end: a bearer token is revoked with DELETE /api/v1/me/tokens/{id}",
        ));
    };
    check_csrf(&p, &headers)?;
    if let Some(sid) = cookie(&headers, st.cookie_name()) {
        st.services.logout(sid).await?;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(SET_COOKIE, session_cookie(&st, "", 0));
    Ok(r)
}

#[derive(Serialize, ToSchema)]
pub struct TokenOut {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// The secret, shown only in the answer to its creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

fn token_out(t: &ApiToken, secret: Option<String>) -> TokenOut {
    TokenOut {
        id: t.id.0,
        name: t.name.clone(),
        created_at: t.created_at,
        expires_at: t.expires_at,
        revoked_at: t.revoked_at,
        last_used_at: t.last_used_at,
        token: secret,
    }
}

fn self_viewer(p: &Principal) -> Viewer {
    Viewer { user: Some(p.user.id), org: p.user.org, role: None, admin: p.user.is_admin }
}

/// Your API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "session",
    responses((status = 200, body = Vec<TokenOut>), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_tokens(State(st): State<AppState>, auth: Auth) -> ApiResult<Json<Vec<TokenOut>>> {
    let p = signed_in(&auth)?;
    let list = st.services.tokens_of(p.user.id).await?;
    Ok(Json(list.iter().map(|t| token_out(t, None)).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenIn {
    /// What the token is for, e.g. "monthly report script".
    pub name: String,
    /// When it stops working (RFC 3339); none: never.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Create an API token; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "session", request_body = TokenIn,
    responses((status = 201, body = TokenOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn create_token(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    ApiJson(body): ApiJson<TokenIn>,
) -> ApiResult<Response> {
    if let Via::Token { .. } = p.via {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "a token cannot make tokens: create them signed in (POST /api/v1/session) or with `jointcal token create`",
        ));
    }
    check_csrf(&p, &headers)?;
    let (t, secret) =
        st.services.create_token(&self_viewer(&p), &p.actor(), p.user.id, &body.name, body.expires_at).await?;
    Ok((StatusCode::CREATED, Json(token_out(&t, Some(secret)))).into_response())
}

/// Revoke one of your tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "session",
    params(("id" = String, Path, format = Uuid, description = "The token's id")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revoke_token(
    State(st): State<AppState>,
    headers: HeaderMap,
    SignedIn(p): SignedIn,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    check_csrf(&p, &headers)?;
    let id: TokenId = id.parse().map_err(|_| {
        ApiError::field(StatusCode::BAD_REQUEST, "bad_request", "id", format!("'{id}' is not a token id"))
    })?;
    st.services.revoke_token(&self_viewer(&p), &p.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
