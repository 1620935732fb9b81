//! Multilingual text (one original plus translations, like IATI narratives),
//! and the case-folded form used for search.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// A language tag: a lower-case ISO 639-1/639-3 code, optionally with a region
/// (`en`, `ru`, `kk`, `pt-br`). Upper-case input is accepted and lowered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(String);

impl Lang {
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = t.split('-');
        let primary = parts.next().unwrap_or_default();
        let ok_primary = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
        let ok_rest = parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if ok_primary && ok_rest {
            Ok(Lang(t))
        } else {
            Err(format!("'{s}' is not a language code; use e.g. en, ru or kk"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Lang::parse(&s)
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.0
    }
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
    ) -> Result<Option<Self>, String> {
        let mut out = BTreeMap::new();
        for (lang, text) in versions {
            let lang = Lang::parse(lang)?;
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
                return Err(format!("the {} text contains control characters", lang.as_str()));
            }
            let n = text.chars().count();
            if n > max_chars {
                return Err(format!("the {} text has {n} characters; at most {max_chars} are allowed", lang.as_str()));
            }
            out.insert(lang, text.to_string());
        }
        if out.is_empty() {
            return if required {
                Err("is required: give the text in at least one language, e.g. {\"en\": \"...\"}".into())
            } else {
                Ok(None)
            };
        }
        let original = match original {
            Some(o) => {
                let l = Lang::parse(o)?;
                if !out.contains_key(&l) {
                    return Err(format!("the original language '{}' has no text", l.as_str()));
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
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfkc().flat_map(char::to_lowercase) {
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
    fn localized_text_rules() {
        let mut m = BTreeMap::new();
        m.insert("EN".to_string(), " Border training ".to_string());
        m.insert("ru".to_string(), "Обучение".to_string());
        let t = LocalizedText::build(&m, Some("ru"), 100, true).unwrap().unwrap();
        assert_eq!(t.original.as_str(), "ru");
        assert_eq!(t.get("en"), "Border training");
        assert_eq!(t.get("kk"), "Обучение");
        assert!(LocalizedText::build(&BTreeMap::new(), None, 10, true).is_err());
        let long: BTreeMap<_, _> = [("en".to_string(), "x".repeat(11))].into();
        assert!(LocalizedText::build(&long, None, 10, true).unwrap_err().contains("at most 10"));
        let bad: BTreeMap<_, _> = [("english".to_string(), "x".into())].into();
        assert!(LocalizedText::build(&bad, None, 10, true).is_err());
    }
}
