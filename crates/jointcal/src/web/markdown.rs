//! Markdown written by people (meeting minutes) turned into HTML for the pages, safely:
//! raw HTML in the text is shown as text, links keep only `http`, `https`, `mailto`
//! and in-site addresses, and images become links (a picture from elsewhere would
//! tell its server who reads the minutes).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Is `url` a link a page may carry? Scheme-less addresses must stay on this site
/// (`/…`, `#…`); `//host` is another site.
fn safe_url(url: &str) -> bool {
    let u = url.trim_start();
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return true;
    }
    (u.starts_with('/') && !u.starts_with("//")) || u.starts_with('#')
}

/// `text` (CommonMark with tables and strikethrough) as HTML safe to put in a page.
pub fn to_safe_html(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let h = to_safe_html("**Agreed**: meet *quarterly*.\n\n- IOM\n- UNODC\n");
        assert!(h.contains("<strong>Agreed</strong>"), "{h}");
        assert!(h.contains("<em>quarterly</em>"), "{h}");
        assert!(h.contains("<li>IOM</li>"), "{h}");
    }

    #[test]
    fn raw_html_is_text() {
        let h = to_safe_html("<script>alert(1)</script>\n\nand <img src=x onerror=alert(2)> inline");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(h.contains("&lt;img src=x onerror=alert(2)&gt;"), "{h}");
    }

    #[test]
    fn only_safe_links() {
        let h = to_safe_html("[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](data:text/html,x) [d](//evil.example/)");
        assert!(!h.to_ascii_lowercase().contains("javascript"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(!h.contains("evil.example"), "{h}");
        let h = to_safe_html("[site](https://iom.int/kz) [mail](mailto:a@b.kz) [here](/groups/x) [up](#actions)");
        assert!(h.contains(r#"href="https://iom.int/kz""#), "{h}");
        assert!(h.contains(r#"href="mailto:a@b.kz""#), "{h}");
        assert!(h.contains(r#"href="/groups/x""#), "{h}");
        assert!(h.contains(r##"href="#actions""##), "{h}");
    }

    #[test]
    fn images_become_links() {
        let h = to_safe_html("![chart](https://tracker.example/p.png)");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains(r#"<a href="https://tracker.example/p.png">chart</a>"#), "{h}");
    }

    #[test]
    fn attribute_quotes_are_escaped() {
        let h = to_safe_html(r#"[x](https://a.example/"onmouseover="alert(1) "t""#);
        assert!(!h.contains(r#"" onmouseover"#), "{h}");
    }
}
