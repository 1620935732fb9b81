//! The HTTP server: the pages, the JSON API, health checks.
//!
//! A request goes: layers (request id, security headers, body limit, error
//! mapping) → the route's caller extractor ([`caller`]: who is asking, and may this
//! kind of caller use this route) → the handler, which parses the request and calls
//! one service → the service (rules, access, write + audit) → the handler turns the
//! service's view into JSON or HTML, and its error through [`error`].

pub mod api;
pub mod assets;
pub mod caller;
pub mod chrome;
pub mod cookies;
pub mod error;
pub mod feeds;
pub mod filters;
pub mod lang;
pub mod markdown;
pub mod pages;
pub mod paging;
pub mod signin;
pub mod state;

pub use state::{AppState, WebConfig};

use crate::services::Services;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The whole application: pages and API, with the layers every answer passes.
pub fn router(services: Services, config: &WebConfig) -> Router {
    let state = AppState::new(services, config);
    let (api, _) = api::router().split_for_parts();
    // Calendar feeds are polled by calendar applications, often: they pass the layers
    // every answer needs and none of the pages' (language cookie, HTML errors, body
    // limit: a feed takes no body and its errors stay problem documents).
    let feeds = Router::new().route("/feeds/{file}", axum::routing::get(feeds::feed)).with_state(state.clone());
    let main = Router::new()
        .merge(pages::router())
        .merge(api)
        .fallback(not_found)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(error::router_errors));
    let main = with_error_layers(main)
        // Outside the API, errors are drawn as pages.
        .layer(axum::middleware::from_fn(error::html_errors))
        .layer(axum::middleware::from_fn_with_state(state, lang::remember_language))
        .layer(axum::extract::DefaultBodyLimit::max(config.max_body_bytes));
    with_common_layers(with_error_layers(feeds)).merge(with_common_layers(main))
}

/// Panics and internal errors become answers with a request id.
fn with_error_layers(r: Router) -> Router {
    r
        // A panic in a handler becomes an internal error with a request id, like any other.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|panic: Box<dyn std::any::Any + Send + 'static>| {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a handler panicked".into());
            error::HttpError::internal(format!("panic: {what}")).into_response()
        }))
        .layer(axum::middleware::from_fn(error::internal_errors))
}

/// What every answer passes: the request's log span, the security headers, the
/// request id.
fn with_common_layers(r: Router) -> Router {
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    r.layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
        let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
        tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
    }))
    // Headers on every answer: nothing is cached (pages and API answers depend on
    // who asks; feeds say their own), no sniffing, no framing, no scripts, no URLs
    // leaked to other sites.
    .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
    .layer(SetResponseHeaderLayer::if_not_present(header::VARY, HeaderValue::from_static("Cookie, Authorization")))
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

/// No such address.
async fn not_found(uri: axum::http::Uri) -> error::HttpError {
    if uri.path().starts_with("/api/") {
        error::HttpError::new(
            axum::http::StatusCode::NOT_FOUND,
            "not_found",
            "no such API endpoint; see /api/openapi.json",
        )
    } else {
        error::HttpError::not_found("page")
    }
}

/// Serves until `shutdown` completes, then finishes the requests under way.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    services: Services,
    config: WebConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(services, &config).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, services: Services, config: WebConfig) -> anyhow::Result<()> {
    serve_until(listener, services, config, crate::signals::shutdown_signal()).await?;
    Ok(())
}

/// The pages have no scripts and no inline styles: one stylesheet from this server.
const CSP: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
