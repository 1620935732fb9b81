//! The bulletin's unsubscribe link: `GET /unsubscribe/{token}` asks, `POST` does it.
//! The POST is also the one-click unsubscribe of RFC 8058 that mail clients send
//! (`List-Unsubscribe=One-Click`, as form data of either encoding): the link's secret
//! is the authority, so no session or form token is needed, and the body is not read.

use crate::services::ServiceError;
use crate::web::caller::check_origin;
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

#[derive(Template)]
#[template(path = "unsubscribe.html")]
pub struct UnsubscribePage {
    chrome: Chrome,
    action: String,
    message: String,
    done: bool,
}

fn gone() -> HttpError {
    HttpError::not_found("unsubscribe link")
}

/// `GET /unsubscribe/{token}`: what the link would do, and a button.
pub async fn ask(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
) -> Result<Response, HttpError> {
    let (group, email, done) = match st.services.unsubscribe_link(&token).await {
        Err(ServiceError::NotFound(_)) => return Err(gone()),
        other => other?,
    };
    let key = if done { "unsubscribe-done" } else { "unsubscribe-ask" };
    Ok(render(&UnsubscribePage {
        message: t.args(key, &[("group", group.into()), ("email", email.into())]),
        action: format!("/unsubscribe/{token}{}", t.with_lang()),
        done,
        chrome: Chrome::new(t, None, &uri),
    }))
}

/// `POST /unsubscribe/{token}`: unsubscribes (again is fine).
pub async fn unsubscribe(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, HttpError> {
    // A mail provider's one-click POST has no Origin; a form of another site does.
    check_origin(&st, &headers)?;
    let (group, email) = match st.services.unsubscribe(&token).await {
        Err(ServiceError::NotFound(_)) => return Err(gone()),
        other => other?,
    };
    Ok(render(&UnsubscribePage {
        message: t.args("unsubscribe-done", &[("group", group.into()), ("email", email.into())]),
        action: String::new(),
        done: true,
        chrome: Chrome::new(t, None, &uri),
    }))
}
