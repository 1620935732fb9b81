//! The HTTP server: health checks and the read-only calendar pages.

pub mod api;
pub mod auth;
mod pages;

use crate::services::Services;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    /// Cookies carry `Secure` (and the `__Host-` prefix) when the public URL is https.
    pub secure_cookies: bool,
    /// Count failed sign-ins by the last `X-Forwarded-For` address (behind a proxy).
    pub trust_forwarded_for: bool,
}

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The URL people use to reach the server (behind a proxy, the proxy's).
    pub public_url: String,
    /// Request bodies larger than this are refused with 413.
    pub max_body_bytes: usize,
    /// Behind a reverse proxy: take the client's address from `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            max_body_bytes: 1024 * 1024,
            trust_forwarded_for: false,
        }
    }
}

pub fn router(services: Services, config: &WebConfig) -> Router {
    let state = AppState {
        services,
        secure_cookies: config.public_url.starts_with("https://"),
        trust_forwarded_for: config.trust_forwarded_for,
    };
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/", get(pages::index))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/groups/{slug}", get(pages::group_month))
        .merge(api::router())
        .with_state(state)
        // A panic in a handler becomes an internal error with a request id, like any other.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|panic: Box<dyn std::any::Any + Send + 'static>| {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a handler panicked".into());
            api::ApiError::internal(format!("panic: {what}")).into_response()
        }))
        .layer(axum::middleware::from_fn(api::internal_errors))
        .layer(axum::extract::DefaultBodyLimit::max(config.max_body_bytes))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        // Headers on every answer: nothing is cached (pages and API answers depend on
        // who asks), no sniffing, no framing, no scripts, no URLs leaked to other sites.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(header::VARY, HeaderValue::from_static("Cookie, Authorization")))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(tower_http::request_id::PropagateRequestIdLayer::new(request_id.clone()))
        // Our own id for every request: one sent by the caller is replaced, so logs
        // cannot be fed ids chosen outside.
        .layer(tower_http::set_header::SetRequestHeaderLayer::overriding(request_id, |_: &axum::http::Request<_>| {
            HeaderValue::from_str(&uuid::Uuid::now_v7().simple().to_string()).ok()
        }))
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
pub async fn serve(listener: tokio::net::TcpListener, services: Services, config: WebConfig) -> anyhow::Result<()> {
    let app = router(services, &config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

/// The pages have no scripts; their styles are inline.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Compares secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Liveness: the process answers (nothing else is touched).
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = String, content_type = "text/plain")), security(()))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = String, content_type = "text/plain"), (status = 503, body = String, content_type = "text/plain")), security(()))]
pub async fn readyz(State(st): State<AppState>) -> Response {
    match st.services.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
