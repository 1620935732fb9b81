//! "Forgot your password?": `GET/POST /reset` asks for a link by address (the answer
//! is the same whether the address is known or not), `GET/POST /reset/{token}` sets
//! the new password through it, ends every other session, and signs the person in.

use crate::services::ServiceError;
use crate::web::caller::{ClientKey, SignInForm};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::signin::signed_in_to;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "reset_request.html")]
pub struct AskPage {
    chrome: Chrome,
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "reset.html")]
pub struct ResetPage {
    chrome: Chrome,
    action: String,
    email: String,
    errors: BTreeMap<String, Vec<String>>,
}

impl ResetPage {
    fn err(&self, key: &str) -> Vec<String> {
        self.errors.get(key).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

fn link_gone() -> HttpError {
    HttpError::not_found("password reset link (it works once, for an hour; ask for a new one at /reset)")
}

/// `GET /reset`
pub async fn ask_page(t: Tr, OriginalUri(uri): OriginalUri) -> Response {
    render(&AskPage { chrome: Chrome::new(t, None, &uri), message: None })
}

/// `POST /reset`: anyone, from our origin.
pub async fn ask(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    SignInForm(f): SignInForm<AskForm>,
) -> Result<Response, HttpError> {
    let message = if st.services.mail_from().is_none() {
        t.t("reset-no-mail")
    } else {
        if let Some((user, token, expires)) = st.services.start_password_reset(&f.email).await? {
            if let Err(e) = crate::notify::password_reset(&st.services, t, &user, &token, expires).await {
                tracing::warn!(error = %e, "cannot mail the password reset link");
            }
        }
        t.t("reset-asked")
    };
    Ok(render(&AskPage { chrome: Chrome::new(t, None, &uri), message: Some(message) }))
}

/// `GET /reset/{token}`
pub async fn reset_page(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
) -> Result<Response, HttpError> {
    let user = match st.services.password_reset_account(&token).await {
        Err(ServiceError::NotFound(_)) => return Err(link_gone()),
        other => other?,
    };
    Ok(render(&ResetPage {
        action: format!("/reset/{token}{}", t.with_lang()),
        email: user.email,
        errors: BTreeMap::new(),
        chrome: Chrome::new(t, None, &uri),
    }))
}

/// `POST /reset/{token}`: anyone holding the link, from our origin.
pub async fn reset(
    State(st): State<AppState>,
    ClientKey(addr): ClientKey,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
    SignInForm(f): SignInForm<ResetForm>,
) -> Result<Response, HttpError> {
    match st.services.finish_password_reset(&token, &f.password, &f.password_again).await {
        Ok(user) => {
            let session = st.services.login(&user.email, &f.password, None, &addr, None).await?;
            Ok(signed_in_to(&st, &session, &format!("/{}", t.with_lang())))
        }
        Err(ServiceError::NotFound(_)) => Err(link_gone()),
        Err(ServiceError::Invalid(e)) => {
            let user = st.services.password_reset_account(&token).await?;
            let page = ResetPage {
                action: format!("/reset/{token}{}", t.with_lang()),
                email: user.email,
                errors: crate::web::pages::problems::by_field(&t, Some(&e), str::to_string),
                chrome: Chrome::new(t, None, &uri),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
