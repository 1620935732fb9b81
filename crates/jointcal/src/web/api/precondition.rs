//! `If-Match` (RFC 9110 §13.1.1) as the services take it: our ETags are strong,
//! `"N"` with N the version.

use crate::services::IfMatch;
use axum::http::{header, HeaderMap};

/// The precondition a request states. `*` matches whatever version is stored; a
/// weak tag (`W/"3"`) never matches (If-Match compares strongly), so it fails like
/// a stale one; anything else that is not one of our tags is malformed.
pub fn if_match(headers: &HeaderMap) -> IfMatch {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return IfMatch::Missing;
    };
    let text = v.to_str().unwrap_or("").trim();
    if text == "*" {
        return IfMatch::Unchecked;
    }
    let tags: Vec<&str> = text.split(',').map(str::trim).collect();
    let version = |t: &str| t.strip_prefix('"').and_then(|t| t.strip_suffix('"')).and_then(|t| t.parse::<i64>().ok());
    let strong: Vec<i64> = tags.iter().filter_map(|t| version(t)).filter(|n| *n > 0).collect();
    match strong.as_slice() {
        [one] if tags.len() == 1 => IfMatch::Version(*one),
        [] if !tags.is_empty() && tags.iter().all(|t| t.starts_with("W/") && version(&t[2..]).is_some()) => {
            IfMatch::Version(0)
        }
        _ => IfMatch::Malformed(text.chars().take(100).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(v: &str) -> IfMatch {
        let mut h = HeaderMap::new();
        h.insert(header::IF_MATCH, HeaderValue::from_str(v).unwrap());
        if_match(&h)
    }

    #[test]
    fn preconditions() {
        assert_eq!(if_match(&HeaderMap::new()), IfMatch::Missing);
        assert_eq!(with("\"3\""), IfMatch::Version(3));
        assert_eq!(with(" \"12\" "), IfMatch::Version(12));
        assert_eq!(with("*"), IfMatch::Unchecked);
        assert_eq!(with("W/\"3\""), IfMatch::Version(0), "a weak tag never matches: 412");
        for bad in ["3", "\"0\"", "\"-1\"", "\"x\"", "\"1\", \"2\"", ""] {
            assert!(matches!(with(bad), IfMatch::Malformed(_)), "{bad:?}");
        }
    }
}
