//! The cookies: the session's (its name, reading it, writing it) and the chosen
//! language's.

use crate::web::state::AppState;
use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};

pub const SESSION_COOKIE: &str = "jointcal_session";
/// The cookie's name behind https: the `__Host-` prefix makes browsers refuse it from
/// a sibling subdomain or with a narrower path.
pub const SECURE_SESSION_COOKIE: &str = "__Host-jointcal_session";

pub fn cookie_name(st: &AppState) -> &'static str {
    if st.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
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

/// The session id the request carries, if any.
pub fn session_id<'a>(st: &AppState, headers: &'a HeaderMap) -> Option<&'a str> {
    cookie(headers, cookie_name(st))
}

/// The `Set-Cookie` value for a session id (`max_age` 0 ends it).
pub fn session_cookie(st: &AppState, value: &str, max_age: i64) -> HeaderValue {
    let secure = if st.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        cookie_name(st)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("jointcal_session=; Path=/; Max-Age=0"))
}

/// The language a reader chose with the switch (`?lang=`), for the next visits;
/// not a secret, so readable by nobody but us anyway (HttpOnly) and sent on
/// top-level navigation (Lax).
pub const LANG_COOKIE: &str = "jointcal_lang";

/// The `Set-Cookie` value that remembers a language code for a year.
pub fn lang_cookie(code: &'static str) -> HeaderValue {
    HeaderValue::from_str(&format!("{LANG_COOKIE}={code}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000"))
        .unwrap_or_else(|_| HeaderValue::from_static("jointcal_lang=; Path=/; Max-Age=0"))
}
