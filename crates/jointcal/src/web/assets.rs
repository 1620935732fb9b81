//! Files the pages load (today one stylesheet), built into the binary and served
//! under a name that holds a hash of their content (`/assets/app.3f2a9c1b04.css`),
//! so browsers may keep them for a year: a new version has a new name.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// One served file.
pub struct Asset {
    /// The name with its content hash, e.g. `app.3f2a9c1b04.css`.
    pub name: String,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

impl Asset {
    fn new(stem: &str, ext: &str, content_type: &'static str, body: &'static [u8]) -> Asset {
        let hash = hex::encode(&Sha256::digest(body)[..5]);
        Asset { name: format!("{stem}.{hash}.{ext}"), content_type, body }
    }

    /// The address pages use.
    pub fn url(&self) -> String {
        format!("/assets/{}", self.name)
    }
}

/// The pages' stylesheet (no inline styles: the Content-Security-Policy refuses them).
pub static STYLESHEET: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("app", "css", "text/css; charset=utf-8", include_bytes!("../../assets/app.css")));

/// `GET /assets/{name}`: the file, cacheable for a year; any other name is 404.
pub async fn serve(Path(name): Path<String>) -> Response {
    for asset in [&*STYLESHEET] {
        if asset.name == name {
            return (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
                    (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
                ],
                asset.body,
            )
                .into_response();
        }
    }
    // Plain text: the router's error layer gives it the one error shape.
    (StatusCode::NOT_FOUND, "not found").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_changes_with_the_content() {
        let a = Asset::new("app", "css", "text/css", b"a{}");
        let b = Asset::new("app", "css", "text/css", b"b{}");
        assert_ne!(a.name, b.name);
        assert!(a.name.starts_with("app.") && a.name.ends_with(".css") && a.name.len() == "app..css".len() + 10);
        assert!(STYLESHEET.url().starts_with("/assets/app."));
    }
}
