//! Multilingual text (one original plus translations, like IATI narratives),
//! and the case-folded form used for search.

use crate::error::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// A language tag: a lower-case ISO 639-1/639-3 code, optionally with a region
/// (`en`, `ru`, `kk`, `pt-br`). Upper-case input is accepted and lowered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(String);

impl Lang {
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let t = s.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = t.split('-');
        let primary = parts.next().unwrap_or_default();
        let ok_primary = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
        let ok_rest = parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if ok_primary && ok_rest {
            Ok(Lang(t))
        } else {
            Err(Problem::new("not_a_language", format!("'{s}' is not a language code; use e.g. en, ru or kk"))
                .with("value", s))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Lang {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        Lang::parse(&s)
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.0
    }
}

/// Whether a field a person writes may hold line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Titles, names, places, codes, URLs: no line break of any kind.
    One,
    /// Descriptions and notes: line feeds (also as CR LF) and tabs.
    Many,
    /// Text read back from storage: not checked again. Rules for input may grow
    /// stricter; what was stored under older rules must stay readable.
    AsStored,
}

impl Lines {
    /// `self` for input, [`Lines::AsStored`] for stored data.
    pub fn unless_stored(self, stored: bool) -> Lines {
        if stored {
            Lines::AsStored
        } else {
            self
        }
    }
}

/// The one rule for every field a person writes: no control characters (NUL, ESC,
/// DEL, the C1 range, …) and no bidirectional overrides, which would let text
/// rewrite a terminal or reorder what a reader sees; a one-line field holds no line
/// break of any kind (LF, CR, NEL, U+2028, U+2029).
pub fn check_text(s: &str, lines: Lines) -> Result<(), Problem> {
    if lines == Lines::AsStored {
        return Ok(());
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
        match (lines, c) {
            (Lines::Many, '\n' | '\t') => continue,
            (Lines::Many, '\r') if chars.peek() == Some(&'\n') => continue,
            (Lines::Many, '\r') => {
                return Err(Problem::new("lone_carriage_return", "contains a carriage return without a line feed"))
            }
            (Lines::One, _) if line_break => return Err(Problem::new("one_line", "must be one line")),
            _ => {}
        }
        if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            let code = format!("U+{:04X}", c as u32);
            return Err(
                Problem::new("control_character", format!("contains the control character {code}")).with("char", code)
            );
        }
    }
    Ok(())
}

/// A web address a person gives: http(s), at most 2000 characters, and none of the
/// characters that RFC 3986 never allows in a URL (spaces, controls, `"`, `<`, `>`,
/// `\\`, `^`, `` ` ``, `{`, `|`, `}`), so it is safe in an attribute and a feed.
pub fn check_url(s: &str) -> Result<(), Problem> {
    let scheme_ok = ["https://", "http://"].iter().any(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)));
    let host_ok = s.split_once("://").is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    if !scheme_ok || !host_ok {
        let shown = s.escape_debug().to_string();
        return Err(Problem::new("not_a_url", format!("'{shown}' is not an http(s) URL")).with("value", shown));
    }
    if s.len() > 2000 {
        return Err(Problem::too_long(2000));
    }
    if let Some(c) = s.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    }) {
        let shown = c.escape_debug().to_string();
        return Err(Problem::new(
            "url_character",
            format!("contains '{shown}', which a URL may not hold (percent-encode it)"),
        )
        .with("char", shown));
    }
    Ok(())
}

/// Text in one or more languages; `original` names the version that was written first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedText {
    pub original: Lang,
    pub versions: BTreeMap<Lang, String>,
}

impl LocalizedText {
    /// Builds text from language → string pairs, trimming each and dropping empty ones.
    /// `max_chars` bounds each version. `required` demands at least one version.
    pub fn build(
        versions: &BTreeMap<String, String>,
        original: Option<&str>,
        max_chars: usize,
        required: bool,
        lines: Lines,
    ) -> Result<Option<Self>, Problem> {
        let mut out = BTreeMap::new();
        for (lang, text) in versions {
            let lang = Lang::parse(lang)?;
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if let Err(p) = check_text(text, lines) {
                return Err(p.prefixed(&format!("the {} text", lang.as_str())).with("lang", lang.as_str()));
            }
            let n = text.chars().count();
            if n > max_chars {
                let m = format!("the {} text has {n} characters; at most {max_chars} are allowed", lang.as_str());
                return Err(Problem::new("text_too_long", m)
                    .with("lang", lang.as_str())
                    .with("max", max_chars)
                    .with("count", n));
            }
            out.insert(lang, text.to_string());
        }
        if out.is_empty() {
            return if required {
                Err(Problem::new(
                    "required",
                    "is required: give the text in at least one language, e.g. {\"en\": \"...\"}",
                ))
            } else {
                Ok(None)
            };
        }
        let original = match original {
            Some(o) => {
                let l = Lang::parse(o)?;
                if !out.contains_key(&l) {
                    let m = format!("the original language '{}' has no text", l.as_str());
                    return Err(Problem::new("original_without_text", m).with("lang", l.as_str()));
                }
                l
            }
            None => out.keys().next().cloned().unwrap_or_else(|| Lang("en".into())),
        };
        Ok(Some(LocalizedText { original, versions: out }))
    }

    /// Simple one-language text.
    pub fn single(lang: &str, text: &str) -> Self {
        let l = Lang::parse(lang).unwrap_or_else(|_| Lang("en".into()));
        LocalizedText { original: l.clone(), versions: BTreeMap::from([(l, text.to_string())]) }
    }

    /// The version in `lang`, else the original.
    pub fn get(&self, lang: &str) -> &str {
        self.versions
            .iter()
            .find(|(l, _)| l.as_str() == lang)
            .or_else(|| self.versions.get_key_value(&self.original))
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    }

    pub fn original_text(&self) -> &str {
        self.versions.get(&self.original).map(|s| s.as_str()).unwrap_or("")
    }

    pub fn all_text(&self) -> impl Iterator<Item = &str> {
        self.versions.values().map(|s| s.as_str())
    }
}

/// Folds text for search and comparison: Unicode NFKC, full lower-casing, `ё` → `е`,
/// white space collapsed. SQLite's LIKE folds only ASCII, so the database keeps this
/// form in a column of its own and queries compare folded text with folded text.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // NFKC leaves ASCII as it is: the same result, without the normalizer.
        return fold_chars(s.chars().map(|c| c.to_ascii_lowercase()), s.len());
    }
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        // Already in NFKC (most text is): the same result, a single quick pass.
        return fold_chars(s.chars().flat_map(char::to_lowercase), s.len());
    }
    fold_chars(s.nfkc().flat_map(char::to_lowercase), s.len())
}

fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut last_space = true;
    for c in chars {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn like_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_finds_cyrillic() {
        let title = fold("Пограничная служба: ОБУЧЕНИЕ  в Мерке");
        assert!(title.contains(&fold("пограничн")));
        assert!(title.contains(&fold("ПОГРАНИЧН")));
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("  a \n b "), "a b");
    }

    #[test]
    fn one_text_rule() {
        for bad in ["a\0b", "esc\u{1b}[2J", "del\u{7f}", "c1\u{9b}", "rtl\u{202E}x", "iso\u{2066}"] {
            assert!(check_text(bad, Lines::One).is_err(), "{bad:?}");
            assert!(check_text(bad, Lines::Many).is_err(), "{bad:?}");
        }
        for one_line_only in ["a\nb", "a\rb", "a\r\nb", "a\u{2028}b", "a\u{85}b"] {
            assert_eq!(
                check_text(one_line_only, Lines::One),
                Err(Problem::new("one_line", "must be one line")),
                "{one_line_only:?}"
            );
        }
        assert!(check_text("line one\r\nline two\n\tindented", Lines::Many).is_ok());
        assert!(check_text("bare\rreturn", Lines::Many).is_err());
        assert!(check_text("Тренинг для пограничников — Мерке", Lines::One).is_ok());
        assert!(check_url("https://example.org/a?b=c#d").is_ok());
        assert!(check_url("HTTP://EXAMPLE.ORG").is_ok());
        for bad in [
            "ftp://x.org",
            "https://",
            "https:///x",
            "https://x.org/\"q",
            "https://x.org/<a>",
            "https://x.org/\0",
            "https://x.org/a b",
            "javascript:alert(1)",
        ] {
            assert!(check_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn localized_text_rules() {
        let mut m = BTreeMap::new();
        m.insert("EN".to_string(), " Border training ".to_string());
        m.insert("ru".to_string(), "Обучение".to_string());
        let t = LocalizedText::build(&m, Some("ru"), 100, true, Lines::One).unwrap().unwrap();
        assert_eq!(t.original.as_str(), "ru");
        assert_eq!(t.get("en"), "Border training");
        assert_eq!(t.get("kk"), "Обучение");
        assert!(LocalizedText::build(&BTreeMap::new(), None, 10, true, Lines::One).is_err());
        let long: BTreeMap<_, _> = [("en".to_string(), "x".repeat(11))].into();
        assert!(LocalizedText::build(&long, None, 10, true, Lines::One).unwrap_err().message.contains("at most 10"));
        let bad: BTreeMap<_, _> = [("english".to_string(), "x".into())].into();
        assert!(LocalizedText::build(&bad, None, 10, true, Lines::One).is_err());
    }
}
