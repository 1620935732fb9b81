//! The HTTP server: health checks and the read-only calendar pages.

pub mod auth;
mod pages;

use crate::services::Services;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    /// Cookies carry `Secure` when the public URL is https.
    pub secure_cookies: bool,
}

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The URL people use to reach the server (behind a proxy, the proxy's).
    pub public_url: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}

pub fn router(services: Services, config: &WebConfig) -> Router {
    let state = AppState {
        services,
        secure_cookies: config.public_url.starts_with("https://"),
    };
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/", get(pages::index))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/groups/{slug}", get(pages::group_month))
        .route("/api/v1/me", get(auth::me))
        .with_state(state)
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    services: Services,
    config: WebConfig,
) -> anyhow::Result<()> {
    let app =
        router(services, &config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

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

/// Liveness: answers without touching anything else.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
async fn readyz(State(st): State<AppState>) -> Response {
    match st.services.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
