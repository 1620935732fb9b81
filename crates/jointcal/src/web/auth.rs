//! Who is asking: the session cookie or the bearer token of a request, and the
//! sign-in and sign-out handlers.

use super::AppState;
use crate::services::{LoginError, Principal, ServiceError, Via};
use askama::Template;
use axum::extract::{ConnectInfo, Form, FromRequestParts, Query, State};
use axum::http::header::{AUTHORIZATION, COOKIE, RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "jointcal_session";
/// The cookie's name behind https: the `__Host-` prefix makes browsers refuse it from
/// a sibling subdomain or with a narrower path.
pub const SECURE_SESSION_COOKIE: &str = "__Host-jointcal_session";

impl AppState {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        }
    }

    /// The address failed sign-ins are counted under: the peer, or with
    /// `--trust-forwarded-for` the last address the proxy added. IPv6 addresses count
    /// by their /64 network, which one client can fill at will.
    pub fn client_key(&self, peer: std::net::IpAddr, headers: &HeaderMap) -> String {
        client_key(self.trust_forwarded_for, peer, headers)
    }
}

/// See [`AppState::client_key`].
pub fn client_key(trust_forwarded_for: bool, peer: std::net::IpAddr, headers: &HeaderMap) -> String {
    let forwarded = trust_forwarded_for
        .then(|| headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .and_then(|a| a.trim().parse::<std::net::IpAddr>().ok());
    match forwarded.unwrap_or(peer) {
        std::net::IpAddr::V4(a) => a.to_string(),
        std::net::IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Whether a form post comes from this site: a cross-site `Sec-Fetch-Site` or an
/// `Origin` of another host is refused (sign-in and sign-out forms carry no token of
/// their own before a session exists).
pub fn same_origin(headers: &HeaderMap) -> bool {
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    match header("origin") {
        None => true,
        Some(origin) => {
            let host = header("host").unwrap_or("");
            origin.split_once("://").map(|(_, h)| h) == Some(host) && !host.is_empty()
        }
    }
}

/// The value of one cookie. Cookie headers are `name=value` pairs separated by `;`
/// (RFC 6265 §4.2); our own cookie values are hex, so no decoding is needed.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The signed-in principal of a request, if any. A bearer token wins over a cookie.
/// A token that is present but not valid is an error (401), not anonymity.
pub struct Auth(pub Option<Principal>);

/// Why a request could not be authenticated.
pub enum AuthRejection {
    BadToken,
    Internal(ServiceError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::BadToken => (
                StatusCode::UNAUTHORIZED,
                [("www-authenticate", "Bearer")],
                axum::Json(serde_json::json!({"error": {"code": "unauthenticated", "message": "the bearer token is unknown, expired or revoked"}})),
            )
                .into_response(),
            AuthRejection::Internal(e) => crate::web::api::ApiError::internal(e.to_string()).into_response(),
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let s = &st.services;
        if let Some(token) = bearer(&parts.headers) {
            return match s.principal_from_token(token).await.map_err(AuthRejection::Internal)? {
                Some(p) => Ok(Auth(Some(p))),
                None => Err(AuthRejection::BadToken),
            };
        }
        if let Some(sid) = cookie(&parts.headers, st.cookie_name()) {
            // An unknown or expired session is simply no session.
            return Ok(Auth(s.principal_from_session(sid).await.map_err(AuthRejection::Internal)?));
        }
        Ok(Auth(None))
    }
}

pub(crate) fn session_cookie(st: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if st.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        st.cookie_name()
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("jointcal_session=; Path=/; Max-Age=0"))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    error: Option<String>,
    email: String,
    next: String,
    ask_code: bool,
}

/// Only local paths may be redirect targets (no open redirects).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n[1..].starts_with(['/', '\\'])
                && n.len() <= 2000
                && n.chars().all(|c| c.is_ascii_graphic()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(Query(q): Query<NextQuery>) -> Response {
    super::pages::render(&LoginPage {
        error: None,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        ask_code: false,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

pub async fn login(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    if !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "the sign-in form must be sent from this site").into_response();
    }
    let old = cookie(&headers, st.cookie_name());
    let next = safe_next(f.next.as_deref());
    let addr = st.client_key(peer.ip(), &headers);
    match st.services.login(&f.email, &f.password, f.code.as_deref(), &addr, old).await {
        Ok(session) => {
            tracing::info!(user = %session.user.id, "signed in");
            let max_age = (session.expires - st.services.now()).num_seconds();
            let mut r = Redirect::to(&next).into_response();
            r.headers_mut().insert(SET_COOKIE, session_cookie(&st, &session.token, max_age));
            r
        }
        Err(e) => {
            let (status, ask_code) = match &e {
                LoginError::TooMany { .. } => (StatusCode::TOO_MANY_REQUESTS, false),
                LoginError::CodeRequired | LoginError::CodeInvalid => (StatusCode::UNAUTHORIZED, true),
                LoginError::Service(err) => {
                    tracing::error!(error = %err, "sign-in failed");
                    return (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "something went wrong; the details are in the server log",
                    )
                        .into_response();
                }
                _ => (StatusCode::UNAUTHORIZED, false),
            };
            let page = LoginPage { error: Some(e.to_string()), email: f.email.clone(), next, ask_code };
            let mut r = (status, super::pages::render(&page)).into_response();
            if let LoginError::TooMany { retry_after_secs } = e {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    r.headers_mut().insert(RETRY_AFTER, v);
                }
            }
            r
        }
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

/// Ends the session. The form must carry the session's CSRF token, so that another
/// site cannot sign people out.
pub async fn logout(
    State(st): State<AppState>,
    headers: HeaderMap,
    Auth(p): Auth,
    Form(f): Form<LogoutForm>,
) -> Response {
    if !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "the sign-out form must be sent from this site").into_response();
    }
    let Some(Principal { via: Via::Session { csrf }, .. }) = p else {
        return Redirect::to("/").into_response();
    };
    if !crate::web::constant_time_eq(csrf.as_bytes(), f.csrf.as_bytes()) {
        return (StatusCode::FORBIDDEN, "the form has expired; reload the page and try again").into_response();
    }
    if let Some(sid) = cookie(&headers, st.cookie_name()) {
        if let Err(e) = st.services.logout(sid).await {
            tracing::error!(error = %e, "sign-out failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong; the details are in the server log")
                .into_response();
        }
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().insert(SET_COOKIE, session_cookie(&st, "", 0));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn origins() {
        assert!(same_origin(&headers(&[])), "no Origin: curl, old browsers");
        assert!(same_origin(&headers(&[("origin", "http://cal.example.org"), ("host", "cal.example.org")])));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example"), ("host", "cal.example.org")])));
        assert!(!same_origin(&headers(&[("origin", "null"), ("host", "cal.example.org")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
    }

    #[test]
    fn redirects_stay_local() {
        for bad in
            ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example", "/a b", "/ok\n", ""]
        {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(Some("/groups/kz-tip?month=2007-09")), "/groups/kz-tip?month=2007-09");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn client_keys() {
        let peer: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        let xff = headers(&[("x-forwarded-for", "203.0.113.9, 198.51.100.7")]);
        assert_eq!(client_key(false, peer, &xff), "10.0.0.1", "the header is ignored unless trusted");
        assert_eq!(client_key(true, peer, &xff), "198.51.100.7", "the address the proxy added");
        assert_eq!(client_key(true, peer, &headers(&[("x-forwarded-for", "garbage")])), "10.0.0.1");
        let v6: std::net::IpAddr = "2001:db8:1:2:aaaa:bbbb:cccc:dddd".parse().unwrap();
        assert_eq!(client_key(false, v6, &HeaderMap::new()), "2001:db8:1:2::/64");
        let mapped: std::net::IpAddr = "::ffff:192.0.2.5".parse().unwrap();
        assert_eq!(client_key(false, mapped, &HeaderMap::new()), "192.0.2.5");
    }
}
