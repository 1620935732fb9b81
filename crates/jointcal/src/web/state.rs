//! What every handler shares: the services and the web server's settings.

use crate::services::Services;

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The URL people use to reach the server (behind a proxy, the proxy's). Forms
    /// are accepted from this origin only.
    pub public_url: String,
    /// Request bodies larger than this are refused with 413.
    pub max_body_bytes: usize,
    /// The largest file `POST …/imports` takes.
    pub max_import_bytes: usize,
    /// Behind a reverse proxy: take the client's address from `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// On a database without an admin: the secret of the one-time setup link.
    pub setup_token: Option<String>,
    /// A feed address answered less than this long ago is answered again from
    /// memory (calendar applications poll; a change shows this much later at most).
    pub feed_fresh_for: std::time::Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            max_body_bytes: 1024 * 1024,
            max_import_bytes: crate::config::DEFAULT_MAX_IMPORT_BYTES,
            trust_forwarded_for: false,
            setup_token: None,
            feed_fresh_for: std::time::Duration::from_secs(1),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub services: Services,
    /// The origin (`scheme://host[:port]`) of the public URL, lower-case.
    pub origin: String,
    /// Cookies carry `Secure` (and the `__Host-` prefix) when the public URL is https.
    pub secure_cookies: bool,
    /// Count failed sign-ins by the last `X-Forwarded-For` address (behind a proxy).
    pub trust_forwarded_for: bool,
    /// The setup link's secret until the first run is done (then `None`); the lock
    /// also makes two posts of the form run one after the other.
    pub setup_token: std::sync::Arc<tokio::sync::Mutex<Option<String>>>,
    /// The public URL without a trailing slash (links in feeds and mail).
    pub public_url: String,
    /// Feeds made, kept while nothing they show changed.
    pub feeds: crate::web::feeds::cache::FeedCache,
    pub feed_fresh_for: std::time::Duration,
    /// The largest file an import through the API takes.
    pub max_import_bytes: usize,
}

impl AppState {
    pub fn new(services: Services, config: &WebConfig) -> Self {
        AppState {
            services,
            origin: origin_of(&config.public_url),
            secure_cookies: config.public_url.to_ascii_lowercase().starts_with("https://"),
            trust_forwarded_for: config.trust_forwarded_for,
            setup_token: std::sync::Arc::new(tokio::sync::Mutex::new(config.setup_token.clone())),
            public_url: config.public_url.trim().trim_end_matches('/').to_string(),
            feeds: Default::default(),
            feed_fresh_for: config.feed_fresh_for,
            max_import_bytes: config.max_import_bytes,
        }
    }
}

/// `scheme://host[:port]` of a URL, lower-case, without a default port.
pub fn origin_of(url: &str) -> String {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url.as_str()));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = match (scheme, authority.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) if !h.ends_with(']') || h.starts_with('[') => h,
        _ => authority,
    };
    format!("{scheme}://{authority}")
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_of_urls() {
        assert_eq!(origin_of("https://Cal.Example.org/jointcal/"), "https://cal.example.org");
        assert_eq!(origin_of("https://cal.example.org:443"), "https://cal.example.org");
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("http://[::1]:80/x"), "http://[::1]");
    }
}
