//! Who is asking, and whether a route accepts them: the one way in for every request.
//!
//! Each handler takes exactly one of these extractors, which states the kind of
//! caller the route accepts (as crates.io's `AuthCheck` does):
//!
//! | extractor | accepts |
//! | --- | --- |
//! | [`Reader`] | anyone: anonymous, a session, an API token (reads) |
//! | [`Writer`] | an API token, or a session whose request carries its CSRF token in `X-CSRF-Token` (API writes) |
//! | [`FormWriter`] | a session whose form carries its CSRF token, posted from our own origin (page forms) |
//! | [`SignInForm`] | anyone, posted from our own origin (the sign-in form, before a session exists) |
//!
//! Feed tokens (read one calendar feed, nothing else) will be a fifth kind, added
//! with the feeds. A test sends every state-changing route of the router a session
//! without its CSRF token and expects 403: a route that forgets its extractor fails it.

use crate::secrets::constant_time_eq;
use crate::services::{Principal, Via};
use crate::web::cookies::session_id;
use crate::web::error::HttpError;
use crate::web::state::AppState;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::net::SocketAddr;

pub const CSRF_HEADER: &str = "x-csrf-token";

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The signed-in principal of a request, if any. A bearer token wins over a cookie;
/// a token that is present but not valid is an error (401), not anonymity. An
/// unknown or expired session is no session.
async fn identify(parts: &Parts, st: &AppState) -> Result<Option<Principal>, HttpError> {
    let s = &st.services;
    if let Some(token) = bearer(&parts.headers) {
        return match s.principal_from_token(token).await? {
            Some(p) => Ok(Some(p)),
            None => Err(HttpError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "the bearer token is unknown, expired or revoked",
            )),
        };
    }
    match session_id(st, &parts.headers) {
        Some(sid) => Ok(s.principal_from_session(sid).await?),
        None => Ok(None),
    }
}

/// Any caller (reads).
pub struct Reader(pub Option<Principal>);

impl FromRequestParts<AppState> for Reader {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, HttpError> {
        Ok(Reader(identify(parts, st).await?))
    }
}

/// A signed-in caller allowed to write: an API token, or a session with its CSRF
/// token in `X-CSRF-Token`. Extracted before the body, so an anonymous write is
/// 401 and a forged one 403 whatever the body holds.
pub struct Writer(pub Principal);

impl FromRequestParts<AppState> for Writer {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, HttpError> {
        let Some(p) = identify(parts, st).await? else {
            return Err(HttpError::unauthenticated());
        };
        if let Via::Session { csrf } = &p.via {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !constant_time_eq(sent.as_bytes(), csrf.as_bytes()) {
                return Err(HttpError::forbidden(
                    "a write with the session cookie needs the X-CSRF-Token header (see GET /api/v1/me)",
                ));
            }
        }
        Ok(Writer(p))
    }
}

/// Whether a form post comes from this site: a cross-site `Sec-Fetch-Site` or an
/// `Origin` other than the public URL's is refused (forms of another site must not
/// act for our users). A request without `Origin` (older browsers, scripts) passes.
/// When the public URL is on a loopback address, any loopback origin with the same
/// scheme and port is ours too (`localhost` and `127.0.0.1` are the same server).
pub fn same_origin(origin_of_public_url: &str, headers: &HeaderMap) -> bool {
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    let Some(origin) = header("origin") else {
        return true;
    };
    let origin = origin.trim().to_ascii_lowercase();
    if origin == origin_of_public_url {
        return true;
    }
    let loopback = |o: &str| -> Option<(String, String)> {
        let (scheme, hostport) = o.split_once("://")?;
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !p.contains(']') => (h, p.to_string()),
            _ => (hostport, if scheme == "https" { "443".into() } else { "80".into() }),
        };
        matches!(host, "localhost" | "127.0.0.1" | "[::1]").then(|| (scheme.to_string(), port))
    };
    matches!((loopback(&origin), loopback(origin_of_public_url)), (Some(a), Some(b)) if a == b)
}

pub fn check_origin(st: &AppState, headers: &HeaderMap) -> Result<(), HttpError> {
    if same_origin(&st.origin, headers) {
        Ok(())
    } else {
        Err(HttpError::forbidden(format!("forms must be sent from this site ({})", st.origin)))
    }
}

/// The body of a page form (`application/x-www-form-urlencoded`), within the size
/// limit; each failure with its own status.
async fn form_bytes(req: Request, st: &AppState) -> Result<axum::body::Bytes, HttpError> {
    let urlencoded =
        req.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
        });
    if !urlencoded {
        return Err(HttpError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the form as application/x-www-form-urlencoded",
        ));
    }
    axum::body::Bytes::from_request(req, st).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the form is larger than this server accepts",
            )
        } else {
            HttpError::bad_request(format!("the form could not be read: {e}"))
        }
    })
}

/// A form's fields as `T`. Form types must not refuse unknown fields: the same body
/// also carries `csrf`.
fn parse_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, HttpError> {
    serde_urlencoded::from_bytes(bytes)
        .map_err(|e| HttpError::bad_request(format!("the form is not what this page sends: {e}")))
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

/// A page form's poster: from our origin, with a session; the person, the session's
/// CSRF token and the request to read the form from.
async fn form_session(req: Request, st: &AppState) -> Result<(Principal, String, Request), HttpError> {
    check_origin(st, req.headers())?;
    let (parts, body) = req.into_parts();
    let principal = identify(&parts, st).await?;
    let req = Request::from_parts(parts, body);
    match principal {
        Some(p) => match &p.via {
            Via::Session { csrf } => {
                let csrf = csrf.clone();
                Ok((p, csrf, req))
            }
            _ => Err(HttpError::unauthenticated()),
        },
        None => Err(HttpError::unauthenticated()),
    }
}

/// A page form of a signed-in person: posted from our origin, by a session, with
/// the session's CSRF token in the form's `csrf` field.
pub struct FormWriter<T>(pub Principal, pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for FormWriter<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, HttpError> {
        let (p, csrf, req) = form_session(req, st).await?;
        let bytes = form_bytes(req, st).await?;
        let sent: CsrfField = parse_form(&bytes)?;
        if !constant_time_eq(csrf.as_bytes(), sent.csrf.as_bytes()) {
            return Err(HttpError::forbidden("the form has expired; reload the page and try again"));
        }
        let form = parse_form(&bytes)?;
        Ok(FormWriter(p, form))
    }
}

/// A page form that uploads a file (`multipart/form-data`) by a signed-in person:
/// posted from our origin, by a session, its first field the session's CSRF token
/// (`csrf`). The handler reads the rest, and bounds the file's size itself.
pub struct UploadWriter(pub Principal, pub axum::extract::Multipart);

impl FromRequest<AppState> for UploadWriter {
    type Rejection = HttpError;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, HttpError> {
        let (p, csrf, req) = form_session(req, st).await?;
        let expired = || HttpError::forbidden("the form has expired; reload the page and try again");
        let mut form = axum::extract::Multipart::from_request(req, st).await.map_err(|_| expired())?;
        let first = form.next_field().await.map_err(|_| expired())?.ok_or_else(expired)?;
        if first.name() != Some("csrf") {
            return Err(expired());
        }
        let sent = first.text().await.map_err(|_| expired())?;
        if !constant_time_eq(csrf.as_bytes(), sent.as_bytes()) {
            return Err(expired());
        }
        Ok(UploadWriter(p, form))
    }
}

/// The sign-in form: anyone, but only from our own origin.
pub struct SignInForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for SignInForm<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, st: &AppState) -> Result<Self, HttpError> {
        check_origin(st, req.headers())?;
        Ok(SignInForm(parse_form(&form_bytes(req, st).await?)?))
    }
}

/// The key failed sign-ins are counted under: the peer's address, or with
/// `--trust-forwarded-for` the last address the proxy added. IPv6 addresses count
/// by their /64 network, which one client can fill at will.
pub struct ClientKey(pub String);

impl FromRequestParts<AppState> for ClientKey {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, HttpError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| HttpError::internal("the server runs without peer addresses"))?;
        Ok(ClientKey(client_key(st.trust_forwarded_for, peer, &parts.headers)))
    }
}

/// See [`ClientKey`].
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn origins() {
        let ours = "https://cal.example.org";
        assert!(same_origin(ours, &headers(&[])), "no Origin: curl, old browsers");
        assert!(same_origin(ours, &headers(&[("origin", "https://cal.example.org")])));
        // Behind a proxy that rewrites Host, the public URL decides, not Host.
        assert!(same_origin(ours, &headers(&[("origin", "https://cal.example.org"), ("host", "10.0.0.5:8080")])));
        assert!(!same_origin(ours, &headers(&[("origin", "http://cal.example.org")])), "the scheme counts");
        assert!(!same_origin(ours, &headers(&[("origin", "https://evil.example"), ("host", "evil.example")])));
        assert!(!same_origin(ours, &headers(&[("origin", "null")])));
        assert!(!same_origin(ours, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(same_origin(ours, &headers(&[("sec-fetch-site", "same-origin")])));
        let local = "http://127.0.0.1:8080";
        assert!(same_origin(local, &headers(&[("origin", "http://localhost:8080")])));
        assert!(!same_origin(local, &headers(&[("origin", "http://localhost:9090")])));
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
