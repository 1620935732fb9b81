//! API errors as JSON `{"error": {"code", "message", "fields"}}`, the strict JSON
//! body extractor, and the middleware that ties internal errors to a request id.

use crate::services::{LoginError, ServiceError};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jointcal_domain::access::Denied;
use jointcal_domain::FieldError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;

/// The error document of every failed API request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code: bad_request, unauthenticated, forbidden, not_found, conflict,
    /// precondition_failed, payload_too_large, unsupported_media_type, invalid,
    /// precondition_required, too_many_requests, internal.
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
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after: Option<i64>,
    /// Details of an internal error, for the log only.
    pub internal: Option<String>,
}

/// Marks a response whose details must be logged with the request id.
#[derive(Clone)]
struct InternalDetail(String);

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), fields: Vec::new(), retry_after: None, internal: None }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn field(status: StatusCode, code: &'static str, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut e = Self::new(status, code, format!("{field}: {message}"));
        e.fields.push(FieldError { field: field.into(), message });
        e
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "sign in or send a bearer token")
    }

    pub fn internal(detail: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error");
        e.internal = Some(detail.into());
        e
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(v) => {
                let mut a = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", v.summary());
                a.fields = v.fields;
                a
            }
            ServiceError::Batch(b) => {
                let status = if b.only_denied() { StatusCode::FORBIDDEN } else { StatusCode::UNPROCESSABLE_ENTITY };
                let mut a = ApiError::new(status, if b.only_denied() { "forbidden" } else { "invalid" }, b.summary());
                a.fields = b.field_errors().fields;
                a
            }
            ServiceError::NotFound(what) => ApiError::not_found(&what),
            ServiceError::Denied(Denied::SignInRequired) => ApiError::unauthenticated(),
            ServiceError::Denied(d) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", d.to_string()),
            ServiceError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            ServiceError::VersionConflict { current } => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "precondition_failed",
                format!("the activity was changed meanwhile: it is now at version {current} (ETag \"{current}\"); reload it and apply your change again"),
            ),
            other @ (ServiceError::Db(_) | ServiceError::Internal(_)) => ApiError::internal(other.to_string()),
        }
    }
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::TooMany { retry_after_secs } => {
                let mut a = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", e.to_string());
                a.retry_after = Some(retry_after_secs);
                a
            }
            LoginError::Service(s) => s.into(),
            other => ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail { code: self.code.into(), message: self.message, fields: self.fields, request_id: None },
        };
        let mut r = (self.status, axum::Json(body)).into_response();
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

pub type ApiResult<T> = Result<T, ApiError>;

/// Logs the details of internal errors with the request's id and answers with the
/// id only (no internals reach the caller).
pub async fn internal_errors(req: Request, next: Next) -> Response {
    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-").to_string();
    let mut resp = next.run(req).await;
    if let Some(InternalDetail(detail)) = resp.extensions_mut().remove::<InternalDetail>() {
        tracing::error!(request_id = %id, error = %detail, "internal error");
        let body = ErrorBody {
            error: ErrorDetail {
                code: "internal".into(),
                message: format!("internal error; quote request id {id} when you report it"),
                fields: Vec::new(),
                request_id: Some(id),
            },
        };
        return (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response();
    }
    resp
}

/// A JSON request body, strictly: `application/json`, within the size limit, valid
/// UTF-8, well-formed, and of the right shape, each failure named.
pub struct ApiJson<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Parses JSON with the path of the field at fault in the error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid UTF-8 (byte {})", e.valid_up_to())))?;
    // Well-formed first (syntax, nesting depth, escapes), whatever the shape.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Err(ApiError::bad_request(format!("the body is not well-formed JSON: {e}")));
    }
    // Every body of this API is an object; serde would read a struct from an array too.
    if !text.trim_start().starts_with('{') {
        return Err(ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", "body", "must be a JSON object"));
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    // serde's message ends with its own position; the field path says more.
                    let msg = inner.to_string();
                    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                    // An unknown field is named by the message, not the path.
                    let unknown = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
                    let field = match (path.as_str(), unknown) {
                        (".", Some(u)) => u.to_string(),
                        (p, Some(u)) if !p.ends_with(u) => format!("{p}.{u}"),
                        (".", None) => "body".to_string(),
                        (p, _) => p.to_string(),
                    };
                    Err(ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &field, msg))
                }
                _ => Err(ApiError::bad_request(format!("the body is not well-formed JSON: {inner}"))),
            }
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "the body is larger than this server accepts",
                )
            } else {
                ApiError::bad_request(format!("the body could not be read: {e}"))
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}
