//! The one mapping from what went wrong to an HTTP answer, for the API and the pages
//! alike: a status, a stable code, a message a person can act on, and the fields at
//! fault. The API answers it as JSON `{"error": {"code", "message", "fields"}}`; the
//! pages' layer ([`html_errors`]) draws the same error as a page. Internal errors
//! are logged with the request id and answered with the id only.

use crate::i18n::{Catalogue, Lang};
use crate::services::{LoginError, ServiceError};
use crate::web::chrome::Chrome;
use crate::web::lang::Tr;
use askama::Template;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use jointcal_domain::access::Denied;
use jointcal_domain::FieldError;
use jointcal_domain::Problem;
use serde::Serialize;
use utoipa::ToSchema;

/// The error document of every failed API request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code: bad_request, unauthenticated, forbidden, not_found,
    /// method_not_allowed, conflict, precondition_failed, payload_too_large,
    /// unsupported_media_type, invalid, precondition_required, too_many_requests,
    /// internal.
    pub code: String,
    /// What went wrong and how to fix it.
    pub message: String,
    /// One entry per field that is wrong (validation errors).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<FieldErrorSchema>)]
    pub fields: Vec<FieldError>,
    /// For internal errors: quote it when you report the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One wrong field.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldErrorSchema {
    /// Path of the field, e.g. `dates.end` or `locations[0].subdivision`.
    pub field: String,
    /// A stable code of the problem, e.g. `required`, `too_long`, `unknown_code`.
    pub code: String,
    /// The values the message names, e.g. `{"max": "300"}` for `too_long`.
    #[schema(required = false)]
    pub params: std::collections::BTreeMap<String, String>,
    /// What is wrong and how to fix it, in English.
    pub message: String,
}

/// An error on its way to becoming an HTTP answer.
#[derive(Debug)]
pub struct HttpError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after: Option<i64>,
    /// Details of an internal error, for the log only.
    pub internal: Option<String>,
    /// The error as a code with parameters, for pages to say in the reader's
    /// language (the message catalogue's `problem-<code>`); the message stays as is.
    pub problem: Option<Box<Problem>>,
}

/// The name the API's handlers use.
pub type ApiError = HttpError;
pub type ApiResult<T> = Result<T, HttpError>;

/// Marks a response whose details must be logged with the request id.
#[derive(Clone)]
struct InternalDetail(String);

/// The error a response carries, for the pages' layer to draw.
#[derive(Clone)]
struct Drawn(ErrorDetail, Option<Problem>);

impl HttpError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        HttpError {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
            internal: None,
            problem: None,
        }
    }

    /// The same error with its code and parameters for the pages.
    pub fn with_problem(mut self, problem: Problem) -> Self {
        self.problem = Some(Box::new(problem));
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 400 naming a query parameter or header.
    pub fn bad_field(field: &str, problem: Problem) -> Self {
        Self::field(StatusCode::BAD_REQUEST, "bad_request", field, problem)
    }

    pub fn field(status: StatusCode, code: &'static str, field: &str, problem: Problem) -> Self {
        let mut e = Self::new(status, code, format!("{field}: {problem}"));
        e.fields.push(FieldError::new(field, problem));
        e
    }

    pub fn not_found(what: &str) -> Self {
        let message = format!("{what} not found");
        Self::new(StatusCode::NOT_FOUND, "not_found", &message).with_problem(Problem::new("not_found", message))
    }

    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "sign in or send a bearer token")
            .with_problem(Denied::SignInRequired.problem())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error")
            .with_problem(Problem::new("internal", "internal error"));
        e.internal = Some(detail.into());
        e
    }
}

impl From<ServiceError> for HttpError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(v) => {
                let mut a = HttpError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", v.summary())
                    .with_problem(Problem::new("invalid", "invalid input"));
                a.fields = v.fields;
                a
            }
            ServiceError::Batch(b) => {
                let denied = b.only_denied();
                let status = if denied { StatusCode::FORBIDDEN } else { StatusCode::UNPROCESSABLE_ENTITY };
                let mut a = HttpError::new(status, if denied { "forbidden" } else { "invalid" }, b.summary())
                    .with_problem(Problem::new("invalid", "invalid input"));
                a.fields = b.field_errors().fields;
                a
            }
            ServiceError::NotFound(what) => HttpError::not_found(&what),
            ServiceError::Denied(Denied::SignInRequired) => HttpError::unauthenticated(),
            ServiceError::Denied(d) => HttpError::forbidden(d.to_string()).with_problem(d.problem()),
            ServiceError::Conflict(m) => HttpError::new(StatusCode::CONFLICT, "conflict", m),
            e @ ServiceError::PreconditionRequired(_) => {
                HttpError::new(StatusCode::PRECONDITION_REQUIRED, "precondition_required", e.to_string())
                    .with_problem(Problem::new("precondition_required", e.to_string()))
            }
            ServiceError::BadPrecondition(text) => HttpError::bad_field(
                "If-Match",
                Problem::new(
                    "not_an_etag",
                    format!("'{text}' is not an ETag of this API; send the ETag of your last read, e.g. \"3\""),
                )
                .with("value", text),
            ),
            ServiceError::VersionConflict { what, current } => {
                let m = format!("the {what} was changed meanwhile: it is now at version {current} (ETag \"{current}\"); reload it and apply your change again");
                HttpError::new(StatusCode::PRECONDITION_FAILED, "precondition_failed", &m)
                    .with_problem(Problem::new("version_conflict", m).with("current", current))
            }
            other @ (ServiceError::Db(_) | ServiceError::Internal(_)) => HttpError::internal(other.to_string()),
        }
    }
}

impl From<LoginError> for HttpError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::TooMany { retry_after_secs } => {
                let mut a = HttpError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", e.to_string());
                a.retry_after = Some(retry_after_secs);
                a
            }
            LoginError::Service(s) => s.into(),
            other => HttpError::new(StatusCode::UNAUTHORIZED, "unauthenticated", other.to_string()),
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let detail =
            ErrorDetail { code: self.code.into(), message: self.message, fields: self.fields, request_id: None };
        let mut r = (self.status, axum::Json(ErrorBody { error: detail.clone() })).into_response();
        r.extensions_mut().insert(Drawn(detail, self.problem.map(|p| *p)));
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(d) = self.internal {
            r.extensions_mut().insert(InternalDetail(d));
        }
        r
    }
}

fn request_id(req: &Request) -> String {
    req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_string()
}

/// Logs the details of internal errors with the request's id and answers with the
/// id only (no internals reach the caller).
pub async fn internal_errors(req: Request, next: Next) -> Response {
    let id = request_id(&req);
    let mut resp = next.run(req).await;
    if let Some(InternalDetail(detail)) = resp.extensions_mut().remove::<InternalDetail>() {
        tracing::error!(request_id = %id, error = %detail, "internal error");
        let message = format!("internal error; quote request id {id} when you report it");
        let problem = Problem::new("internal", &message);
        let detail = ErrorDetail { code: "internal".into(), message, fields: Vec::new(), request_id: Some(id) };
        let mut r =
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(ErrorBody { error: detail.clone() })).into_response();
        r.extensions_mut().insert(Drawn(detail, Some(problem)));
        return r;
    }
    resp
}

/// Answers that come from the router or axum's extractors (no route, wrong method,
/// a path or query that does not parse) are plain text: they get the one error
/// shape too, so that the API answers JSON and the pages a page.
pub async fn router_errors(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let plain =
        resp.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.to_str().is_ok_and(|t| t.starts_with("text/plain")));
    if resp.extensions().get::<Drawn>().is_some() || !resp.status().is_client_error() || !plain {
        return resp;
    }
    let status = resp.status();
    let allow = resp.headers().get(header::ALLOW).cloned();
    let text = axum::body::to_bytes(resp.into_body(), 4096)
        .await
        .ok()
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .filter(|t| !t.is_empty());
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            format!(
                "this address does not take that method; it takes {}",
                allow.as_ref().and_then(|v| v.to_str().ok()).unwrap_or("other methods")
            ),
        ),
        StatusCode::NOT_FOUND => ("not_found", text.unwrap_or_else(|| "not found".into())),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the body is larger than this server accepts".into()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", text.unwrap_or_default()),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid", text.unwrap_or_default()),
        _ => ("bad_request", text.unwrap_or_else(|| "the request cannot be read".into())),
    };
    // What the router says about a path or query is English; the status is not.
    let problem = match code {
        "method_not_allowed" | "payload_too_large" | "unsupported_media_type" => Some(Problem::new(code, &message)),
        "not_found" if message == "not found" => Some(Problem::new("page_not_found", &message)),
        _ => None,
    };
    let mut e = HttpError::new(status, code, message);
    e.problem = problem.map(Box::new);
    let mut r = e.into_response();
    if let Some(a) = allow {
        r.headers_mut().insert(header::ALLOW, a);
    }
    r
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome,
    title: String,
    status_line: String,
    /// The error in the reader's language where the catalogue has it.
    message: String,
    /// Each wrong field and its problem in the reader's language.
    fields: Vec<(String, String)>,
    detail: &'a ErrorDetail,
}

/// Draws the errors of everything outside `/api/` as pages (same status, same
/// message, same headers that matter).
pub async fn html_errors(req: Request, next: Next) -> Response {
    // Feeds are read by calendar applications: their errors stay problem documents.
    let api = req.uri().path().starts_with("/api/") || req.uri().path().starts_with("/feeds/");
    let t = Tr::from_request(req.uri().query(), req.headers());
    let uri = req.uri().clone();
    let mut resp = next.run(req).await;
    if api {
        return resp;
    }
    let Some(Drawn(detail, problem)) = resp.extensions_mut().remove::<Drawn>() else {
        return resp;
    };
    let status = resp.status();
    // The status's own title where the catalogue has one (it has the common ones).
    let key = format!("error-title-{}", status.as_u16());
    let title = if Catalogue::get().has(Lang::En, &key) { t.t(&key) } else { t.t("error-title") };
    let status_line = t.args("error-status", &[("status", status.as_u16().to_string().into())]);
    let cat = Catalogue::get();
    let message = problem.map_or_else(|| detail.message.clone(), |p| cat.problem(t.lang, &p));
    let fields = detail.fields.iter().map(|f| (f.field.clone(), cat.problem(t.lang, &f.problem))).collect();
    let page = ErrorPage { chrome: Chrome::new(t, None, &uri), title, status_line, message, fields, detail: &detail };
    let mut r = match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, detail.message.clone()).into_response(),
    };
    for h in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = resp.headers().get(&h) {
            r.headers_mut().insert(h, v.clone());
        }
    }
    r
}

/// Draws a page, or answers 500 when the template fails.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => HttpError::internal(format!("template failed: {e}")).into_response(),
    }
}
