//! The language of a page, and the translator its template gets.
//!
//! A `?lang=` parameter of a language we speak wins (so a link can fix the
//! language) and is remembered in a cookie ([`remember_language`]); then that
//! cookie, then the `Accept-Language` header, then English.

use crate::i18n::{Catalogue, FluentValue, Lang};
use crate::web::cookies::{cookie, lang_cookie, session_id, LANG_COOKIE};
use crate::web::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use jointcal_domain::geo::{subdivision, Location, Subdivision};
use jointcal_domain::vocab::{DeliveryMode, Vocabulary};
use std::convert::Infallible;

/// The catalogue in the reader's language: an extractor for page handlers, and the
/// `t` of templates (`{{ t.t("sign-in") }}`).
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
    /// Whether the language came from `?lang=`, so that links keep it.
    pinned: bool,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang, pinned: false }
    }

    /// The language of a request, from its query string and headers.
    pub fn from_request(query: Option<&str>, headers: &HeaderMap) -> Self {
        let asked = query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter_map(|pair| pair.strip_prefix("lang="))
            .find_map(Lang::from_tag);
        let remembered = || cookie(headers, LANG_COOKIE).and_then(Lang::from_tag);
        match asked {
            Some(lang) => Tr { lang, pinned: true },
            None => Tr::new(remembered().unwrap_or_else(|| {
                headers
                    .get(ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_accept_language)
                    .unwrap_or_default()
            })),
        }
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        Catalogue::get().text(self.lang, key, &[])
    }

    /// The message `key` with arguments.
    pub fn args(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        Catalogue::get().text(self.lang, key, args)
    }

    /// The label of a vocabulary code.
    pub fn vocab<V: Vocabulary>(&self, v: V) -> String {
        Catalogue::get().vocab(self.lang, v)
    }

    /// A place as a page shows it: its name, region and country, or "online" in the
    /// reader's language.
    pub fn place(&self, l: &Location) -> String {
        if l.online && l.place.is_none() {
            return self.vocab(DeliveryMode::Online);
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &l.place {
            parts.push(p.clone());
        }
        if let Some(s) = l.subdivision.as_deref().and_then(subdivision) {
            if l.place.as_deref() != Some(s.name) {
                parts.push(self.region(s));
            }
        }
        if let Some(c) = &l.country {
            parts.push(c.clone());
        }
        parts.join(", ")
    }

    /// A region's name in the reader's language where the catalogue has it
    /// (`region-KZ-31`), else the name of the region table.
    pub fn region(&self, s: &Subdivision) -> String {
        let key = format!("region-{}", s.code);
        let c = Catalogue::get();
        if Lang::ALL.iter().any(|&l| c.has(l, &key)) {
            self.t(&key)
        } else {
            s.name.to_string()
        }
    }

    /// A region's name by its code (the code itself if it is not one).
    pub fn region_code(&self, code: &str) -> String {
        subdivision(code).map_or_else(|| code.to_string(), |s| self.region(s))
    }

    /// The code for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// `&lang=xx` when the language was fixed by the address, for the page's own
    /// links (which already have a query); else nothing.
    pub fn and_lang(&self) -> String {
        if self.pinned {
            format!("&lang={}", self.lang.code())
        } else {
            String::new()
        }
    }

    /// The language's code when the address fixed it (for a form's hidden field).
    pub fn pinned_code(&self) -> Option<&'static str> {
        self.pinned.then(|| self.lang.code())
    }

    /// `?lang=xx` when the language was fixed by the address, for links without a query.
    pub fn with_lang(&self) -> String {
        if self.pinned {
            format!("?lang={}", self.lang.code())
        } else {
            String::new()
        }
    }

    /// The message `key` as HTML, with arguments that are HTML fragments written
    /// by our code (a link, a command in `<code>`). The message's own text is
    /// escaped; the fragments are not, so they must never hold what a person typed
    /// unescaped. Templates show it with `|safe`.
    pub fn markup(&self, key: &str, fragments: &[(&str, String)]) -> String {
        // Each fragment goes in as a marker of private-use characters, replaced after escaping.
        let marker = |i: usize| format!("\u{E000}{i}\u{E001}");
        let args: Vec<(&str, FluentValue<'_>)> =
            fragments.iter().enumerate().map(|(i, (name, _))| (*name, marker(i).into())).collect();
        let mut html = escape(&Catalogue::get().text(self.lang, key, &args));
        for (i, (_, fragment)) in fragments.iter().enumerate() {
            html = html.replace(&marker(i), fragment);
        }
        html
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Remembers the language a page was asked for with `?lang=` in a cookie, so that
/// the next visit speaks it without the parameter; for a person signed in, also
/// in their account, so that it follows them to their other browsers (see
/// [`crate::web::signin::signed_in_to`]).
pub async fn remember_language(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let asked = (!req.uri().path().starts_with("/api/"))
        .then(|| Tr::from_request(req.uri().query(), req.headers()))
        .filter(|t| t.pinned)
        .filter(|t| cookie(req.headers(), LANG_COOKIE) != Some(t.lang.code()));
    let session = asked.and_then(|_| session_id(&st, req.headers()).map(String::from));
    let mut resp = next.run(req).await;
    if let Some(t) = asked {
        resp.headers_mut().append(SET_COOKIE, lang_cookie(t.lang.code()));
        if let Some(session) = session {
            if let Err(e) = st.services.remember_language(&session, t.lang.code()).await {
                // The page was served; only the preference is not kept.
                tracing::warn!(error = %e, "could not store the language chosen");
            }
        }
    }
    resp
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Tr::from_request(parts.uri.query(), &parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(accept).unwrap());
        h
    }

    #[test]
    fn the_query_wins_over_the_header() {
        let ru = headers("ru-RU,ru;q=0.9");
        assert_eq!(Tr::from_request(None, &ru).lang, Lang::Ru);
        assert_eq!(Tr::from_request(Some("month=2007-09&lang=en"), &ru).lang, Lang::En);
        assert_eq!(Tr::from_request(Some("lang=en"), &ru).and_lang(), "&lang=en");
        assert_eq!(Tr::from_request(Some("lang=xx"), &ru).lang, Lang::Ru, "an unknown ?lang= is ignored");
        assert_eq!(Tr::from_request(Some("lang=xx"), &ru).and_lang(), "");
        assert_eq!(Tr::from_request(None, &HeaderMap::new()).lang, Lang::En);
    }

    #[test]
    fn a_remembered_language_wins_over_the_browsers() {
        let mut h = headers("en-US,en;q=0.9");
        h.insert(axum::http::header::COOKIE, HeaderValue::from_static("jointcal_session=ab; jointcal_lang=ru"));
        assert_eq!(Tr::from_request(None, &h).lang, Lang::Ru);
        assert_eq!(Tr::from_request(Some("lang=en"), &h).lang, Lang::En);
        h.insert(axum::http::header::COOKIE, HeaderValue::from_static("jointcal_lang=xx"));
        assert_eq!(Tr::from_request(None, &h).lang, Lang::En, "an unknown cookie value is ignored");
    }

    #[test]
    fn markup_escapes_the_message_and_keeps_the_fragments() {
        let t = Tr::new(Lang::En);
        let html = t.markup("month-public-only", &[("signin", "<a href=\"/login\">Sign in</a>".into())]);
        assert_eq!(
            html,
            "Showing the activities this group has made public. <a href=\"/login\">Sign in</a> to see the group&#39;s calendar."
        );
        assert_eq!(escape("<b a='1'>&\""), "&lt;b a=&#39;1&#39;&gt;&amp;&quot;");
    }
}
