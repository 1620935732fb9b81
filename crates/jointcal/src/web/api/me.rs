//! The caller: who am I, sign-in and sign-out for scripts, API tokens.

use crate::services::{Principal, Via};
use crate::web::api::json::ApiJson;
use crate::web::caller::{ClientKey, Reader, Writer};
use crate::web::cookies::{session_cookie, session_id};
use crate::web::error::{ApiError, ApiResult, ErrorBody};
use crate::web::state::AppState;
use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use jointcal_domain::account::{ApiToken, User};
use jointcal_domain::ids::TokenId;
use jointcal_domain::Problem;
use serde::{Deserialize, Serialize};
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
    /// Whether the other members of your groups see your e-mail address
    /// (coordinators always do).
    pub show_email: bool,
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
            show_email: u.show_email,
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
        Via::Feed => ("feed", None),
    };
    MeOut { user: UserOut::from(&p.user), via: via.into(), csrf_token }
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = MeOut), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(Reader(p): Reader) -> ApiResult<Json<MeOut>> {
    Ok(Json(me_out(p.as_ref().ok_or_else(ApiError::unauthenticated)?)))
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
    ClientKey(addr): ClientKey,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginIn>,
) -> ApiResult<Response> {
    let old = session_id(&st, &headers);
    let session = st.services.login(&body.email, &body.password, body.code.as_deref(), &addr, old).await?;
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
pub async fn logout(State(st): State<AppState>, Writer(p): Writer, headers: HeaderMap) -> ApiResult<Response> {
    let Via::Session { .. } = p.via else {
        return Err(ApiError::bad_request(
            "there is no session to end: a bearer token is revoked with DELETE /api/v1/me/tokens/{id}",
        ));
    };
    if let Some(sid) = session_id(&st, &headers) {
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

/// Your API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "session",
    responses((status = 200, body = Vec<TokenOut>), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list_tokens(State(st): State<AppState>, Reader(p): Reader) -> ApiResult<Json<Vec<TokenOut>>> {
    let p = p.ok_or_else(ApiError::unauthenticated)?;
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
    Writer(p): Writer,
    ApiJson(body): ApiJson<TokenIn>,
) -> ApiResult<Response> {
    let (t, secret) = st.services.create_own_token(&p, &body.name, body.expires_at).await?;
    Ok((StatusCode::CREATED, Json(token_out(&t, Some(secret)))).into_response())
}

/// Revoke one of your tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "session",
    params(("id" = String, Path, format = Uuid, description = "The token's id")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn revoke_token(
    State(st): State<AppState>,
    Writer(p): Writer,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id: TokenId = id.parse().map_err(|_| {
        ApiError::bad_field("id", Problem::new("not_an_id", format!("'{id}' is not a token id")).with("value", &id))
    })?;
    st.services.revoke_token(&st.services.instance_viewer(Some(&p)), &p.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsIn {
    /// Show your e-mail address to the other members of your groups (coordinators
    /// always see it).
    pub show_email: bool,
}

/// Change your own settings.
#[utoipa::path(put, path = "/api/v1/me/settings", tag = "session", request_body = SettingsIn,
    responses((status = 200, body = MeOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn update_settings(
    State(st): State<AppState>,
    Writer(p): Writer,
    ApiJson(body): ApiJson<SettingsIn>,
) -> ApiResult<Json<MeOut>> {
    let s = &st.services;
    s.set_show_email(&s.instance_viewer(Some(&p)), &p.actor(), p.user.id, body.show_email).await?;
    let user = s.user(p.user.id).await?;
    Ok(Json(me_out(&Principal { user, via: p.via })))
}
