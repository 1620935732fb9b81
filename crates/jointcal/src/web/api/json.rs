//! Request bodies: JSON, strictly — `application/json`, within the size limit, valid
//! UTF-8, well-formed, an object, and of the right shape, each failure named.

use crate::web::error::HttpError as ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use jointcal_domain::Problem;
use serde::de::DeserializeOwned;

/// A JSON request body, strictly.
pub struct ApiJson<T>(pub T);

/// A JSON request body and the names of the fields it sent (for a PUT that must
/// send them all).
pub struct ApiJsonKeys<T>(pub T, pub Vec<String>);

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
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "body",
            Problem::new("not_an_object", "must be a JSON object"),
        ));
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
                    let code = if unknown.is_some() { "unknown_field" } else { "wrong_type" };
                    Err(ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &field, Problem::new(code, msg)))
                }
                _ => Err(ApiError::bad_request(format!("the body is not well-formed JSON: {inner}"))),
            }
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        parse_json(&json_bytes(req, state).await?).map(ApiJson)
    }
}

/// The body of a JSON request, or why it cannot be one.
async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
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
    Ok(bytes)
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJsonKeys<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_bytes(req, state).await?;
        let value: T = parse_json(&bytes)?;
        let keys = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        Ok(ApiJsonKeys(value, keys))
    }
}
