//! What every page has around its content: the stylesheet, the language switch,
//! who is signed in (with the sign-out form) or a sign-in link.

use crate::i18n::{Catalogue, Lang};
use crate::services::{Principal, Via};
use crate::web::assets::STYLESHEET;
use crate::web::lang::Tr;
use axum::http::Uri;

/// A link to the same page in another language.
pub struct LangLink {
    pub code: &'static str,
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// The frame of a page (templates/base.html).
pub struct Chrome {
    pub t: Tr,
    pub css: String,
    /// "Signed in as …", when someone is.
    pub signed_in: Option<String>,
    /// The session's CSRF token, for the forms of the page.
    pub csrf: String,
    pub languages: Vec<LangLink>,
    /// The sign-in page, coming back here afterwards.
    pub sign_in_href: String,
}

impl Chrome {
    pub fn new(t: Tr, principal: Option<&Principal>, uri: &Uri) -> Chrome {
        let (signed_in, csrf) = match principal {
            Some(p) => (
                Some(t.args("signed-in-as", &[("name", p.user.display_name.clone().into())])),
                match &p.via {
                    Via::Session { csrf } => csrf.clone(),
                    Via::Token { .. } | Via::Feed => String::new(),
                },
            ),
            None => (None, String::new()),
        };
        let here = without_lang(uri);
        let languages = Lang::ALL
            .iter()
            .map(|&l| LangLink {
                code: l.code(),
                name: Catalogue::get().text(l, "language-name", &[]),
                href: with_param(&here, "lang", l.code()),
                current: l == t.lang,
            })
            .collect();
        let next = urlencode(&with_lang_kept(&here, &t));
        let sign_in_href = format!("/login?next={next}{}", t.and_lang());
        Chrome { t, css: STYLESHEET.url(), signed_in, csrf, languages, sign_in_href }
    }
}

/// The path and query of `uri` without its `lang` parameter.
fn without_lang(uri: &Uri) -> String {
    let path = uri.path();
    let query: Vec<&str> =
        uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

fn with_param(here: &str, key: &str, value: &str) -> String {
    let sep = if here.contains('?') { '&' } else { '?' };
    format!("{here}{sep}{key}={value}")
}

fn with_lang_kept(here: &str, t: &Tr) -> String {
    match t.with_lang().strip_prefix("?lang=") {
        Some(code) => with_param(here, "lang", code),
        None => here.to_string(),
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|q| q.trim_start_matches('=').to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_links_keep_the_rest_of_the_address() {
        let uri: Uri = "/groups/kz-tip?month=2007-09&lang=ru&kind=training".parse().unwrap();
        let c = Chrome::new(Tr::new(Lang::Ru), None, &uri);
        let en = c.languages.iter().find(|l| l.code == "en").unwrap();
        assert_eq!(en.href, "/groups/kz-tip?month=2007-09&kind=training&lang=en");
        assert!(c.languages.iter().find(|l| l.code == "ru").unwrap().current);
        assert_eq!(c.sign_in_href, "/login?next=%2Fgroups%2Fkz-tip%3Fmonth%3D2007-09%26kind%3Dtraining");
        let bare: Uri = "/".parse().unwrap();
        assert_eq!(Chrome::new(Tr::new(Lang::En), None, &bare).languages[1].href, "/?lang=ru");
    }
}
