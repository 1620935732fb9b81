//! The sign-in and sign-out pages.

use crate::i18n::Lang;
use crate::services::{LoginError, NewSession, Principal};
use crate::web::caller::{ClientKey, FormWriter, SignInForm};
use crate::web::chrome::Chrome;
use crate::web::cookies::{cookie, lang_cookie, session_cookie, session_id, LANG_COOKIE};
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
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

pub async fn login_form(t: Tr, OriginalUri(uri): OriginalUri, Query(q): Query<NextQuery>) -> Response {
    let chrome = Chrome::new(t, None, &uri);
    render(&LoginPage {
        chrome,
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
    ClientKey(addr): ClientKey,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    SignInForm(f): SignInForm<LoginForm>,
) -> Response {
    let old = session_id(&st, &headers);
    let next = safe_next(f.next.as_deref());
    match st.services.login(&f.email, &f.password, f.code.as_deref(), &addr, old).await {
        Ok(session) => {
            // A language chosen before signing in becomes the account's, if it has none.
            let chosen = cookie(&headers, LANG_COOKIE).and_then(Lang::from_tag);
            if let (None, Some(lang)) = (&session.user.lang, chosen) {
                if let Err(e) = st.services.remember_language(&session.token, lang.code()).await {
                    tracing::warn!(error = %e, "could not store the language chosen");
                }
            }
            signed_in_to(&st, &session, &next)
        }
        Err(LoginError::Service(e)) => HttpError::from(e).into_response(),
        Err(e) => {
            let (status, ask_code) = match &e {
                LoginError::TooMany { .. } => (StatusCode::TOO_MANY_REQUESTS, false),
                LoginError::CodeRequired | LoginError::CodeInvalid => (StatusCode::UNAUTHORIZED, true),
                _ => (StatusCode::UNAUTHORIZED, false),
            };
            let error = Some(login_error_text(&t, &e));
            let page = LoginPage { chrome: Chrome::new(t, None, &uri), error, email: f.email.clone(), next, ask_code };
            let mut r = (status, render(&page)).into_response();
            if let LoginError::TooMany { retry_after_secs } = e {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    r.headers_mut().insert(RETRY_AFTER, v);
                }
            }
            r
        }
    }
}

/// Sends a person who has just signed in (or set up an account) to `to`, with the
/// session's cookie, and the language they chose for the pages when they did.
pub fn signed_in_to(st: &AppState, session: &NewSession, to: &str) -> Response {
    let max_age = (session.expires - st.services.now()).num_seconds();
    let mut r = Redirect::to(to).into_response();
    r.headers_mut().insert(SET_COOKIE, session_cookie(st, &session.token, max_age));
    if let Some(lang) = session.user.lang.as_deref().and_then(Lang::from_tag) {
        r.headers_mut().append(SET_COOKIE, lang_cookie(lang.code()));
    }
    r
}

/// A refused sign-in in the reader's language (the API says it in English).
fn login_error_text(t: &Tr, e: &LoginError) -> String {
    match e {
        LoginError::Invalid => t.t("login-error-invalid"),
        LoginError::CodeRequired => t.t("login-error-code-required"),
        LoginError::CodeInvalid => t.t("login-error-code-invalid"),
        LoginError::TwoFactorSetupRequired => t.t("login-error-two-factor-setup"),
        LoginError::Disabled => t.t("login-error-disabled"),
        LoginError::TooMany { retry_after_secs } => {
            t.args("login-error-too-many", &[("minutes", ((retry_after_secs + 59) / 60).into())])
        }
        LoginError::Service(s) => s.to_string(),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {}

/// Ends the session. The form must carry the session's CSRF token, so that another
/// site cannot sign people out.
pub async fn logout(
    State(st): State<AppState>,
    headers: HeaderMap,
    FormWriter(_, LogoutForm {}): FormWriter<LogoutForm>,
) -> Result<Response, HttpError> {
    if let Some(sid) = session_id(&st, &headers) {
        st.services.logout(sid).await?;
    }
    let mut r = Redirect::to("/").into_response();
    r.headers_mut().insert(SET_COOKIE, session_cookie(&st, "", 0));
    Ok(r)
}

/// The display name and CSRF token a page needs for its sign-out form.
pub fn signed_in(p: Option<&Principal>) -> (Option<String>, String) {
    match p {
        Some(p) => (
            Some(p.user.display_name.clone()),
            match &p.via {
                crate::services::Via::Session { csrf } => csrf.clone(),
                crate::services::Via::Token { .. } | crate::services::Via::Feed => String::new(),
            },
        ),
        None => (None, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn refused_sign_ins_read_as_the_api_says_them_in_english() {
        let en = Tr::new(crate::i18n::Lang::En);
        for e in [
            LoginError::Invalid,
            LoginError::CodeRequired,
            LoginError::CodeInvalid,
            LoginError::TwoFactorSetupRequired,
            LoginError::Disabled,
            LoginError::TooMany { retry_after_secs: 600 },
        ] {
            assert_eq!(login_error_text(&en, &e), e.to_string());
        }
        let ru = Tr::new(crate::i18n::Lang::Ru);
        assert_eq!(
            login_error_text(&ru, &LoginError::TooMany { retry_after_secs: 120 }),
            "слишком много неудачных попыток входа; повторите через 2 минуты"
        );
    }
}
