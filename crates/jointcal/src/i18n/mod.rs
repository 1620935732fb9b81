//! The pages' message catalogue: every string a page shows, and the labels of the
//! vocabularies, in each language, from Fluent files (`locales/<lang>/main.ftl`)
//! built into the binary.
//!
//! Pages speak the reader's language ([`Lang::from_accept_language`], or a
//! `?lang=` parameter; see `web::lang`). The JSON API and the command line speak
//! English: the API's errors have stable codes for programs, and their messages
//! stay English.
//!
//! A key missing from a language falls back along [`Lang::fallback`] (to English);
//! a key missing everywhere is shown as the key itself and logged once. Nothing
//! here panics.
//!
//! Adding a language: a variant of [`Lang`], its code, its fallback, and its file
//! in [`SOURCES`]; the tests then ask it for every key and every vocabulary label.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use jointcal_domain::vocab::Vocabulary;
use jointcal_domain::Problem;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

pub use fluent_bundle::FluentValue;

/// A language the pages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
    Kk,
}

/// Each language's Fluent file.
const SOURCES: &[(Lang, &str)] = &[
    (Lang::En, include_str!("../../locales/en/main.ftl")),
    (Lang::Ru, include_str!("../../locales/ru/main.ftl")),
    (Lang::Kk, include_str!("../../locales/kk/main.ftl")),
];

impl Lang {
    /// Every language, the default first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ru, Lang::Kk];

    /// The BCP 47 code, as in `<html lang>` and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    /// Where a missing message is looked up next.
    pub fn fallback(self) -> Option<Lang> {
        match self {
            Lang::En => None,
            Lang::Ru => Some(Lang::En),
            // Readers of Kazakh in Kazakhstan read Russian too.
            Lang::Kk => Some(Lang::Ru),
        }
    }

    /// The language of a tag such as `ru`, `ru-RU` or `RU_ru` (its primary subtag).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL.iter().copied().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The best language of an `Accept-Language` header: the highest q-value
    /// among the languages we speak (the first listed on a tie), else the default.
    /// Entries with q=0 or an unreadable q are ignored.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for entry in header.split(',').take(32) {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or("");
            let mut q = 1.0f32;
            for p in parts {
                if let Some(v) = p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")) {
                    q = v.trim().parse().ok().filter(|q: &f32| (0.0..=1.0).contains(q)).unwrap_or(0.0);
                }
            }
            if let Some(l) = Lang::from_tag(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// The catalogue key of a vocabulary label: `<name>-<code>`, e.g. `activity_kind-training`.
pub fn vocab_key(vocabulary_name: &str, code: &str) -> String {
    format!("{}-{code}", vocabulary_name.replace(' ', "_"))
}

/// All languages' messages, loaded once.
pub struct Catalogue {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
    /// Keys already reported as missing or broken, so that each is logged once.
    reported: Mutex<HashSet<String>>,
}

impl Catalogue {
    /// The catalogue of the binary.
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(Catalogue::load)
    }

    fn load() -> Catalogue {
        let mut bundles = Vec::new();
        for &(lang, source) in SOURCES {
            let resource = match FluentResource::try_new(source.to_string()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    tracing::error!(lang = lang.code(), ?errors, "syntax errors in the message catalogue");
                    r
                }
            };
            let langid = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // No Unicode isolation marks around arguments: they would end up in HTML and terminals.
            bundle.set_use_isolating(false);
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(lang = lang.code(), ?errors, "duplicate keys in the message catalogue");
            }
            bundles.push((lang, bundle));
        }
        Catalogue { bundles, reported: Mutex::new(HashSet::new()) }
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
    }

    /// Whether `lang` itself (not its fallback) has the message.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(key))
    }

    /// The message `key` in `lang`, with its arguments; see the module comment for
    /// what happens when it is missing.
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut next = Some(lang);
        while let Some(l) = next {
            if let Some(s) = self.format(l, key, args) {
                return s;
            }
            next = l.fallback();
        }
        self.report_once(key, || tracing::warn!(key, lang = lang.code(), "message missing from every catalogue"));
        key.to_string()
    }

    fn format(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> Option<String> {
        let bundle = self.bundle(lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let fluent_args = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                a.set(*name, value.clone());
            }
            a
        });
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors).into_owned();
        if !errors.is_empty() {
            self.report_once(key, || tracing::warn!(key, lang = lang.code(), ?errors, "message formatted with errors"));
        }
        Some(text)
    }

    fn report_once(&self, key: &str, log: impl FnOnce()) {
        let mut reported = self.reported.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if reported.insert(key.to_string()) {
            log();
        }
    }

    /// A problem (a validation error, a refusal) in `lang`: the catalogue's
    /// `problem-<code>` with the problem's parameters (numbers as numbers, for
    /// plurals), or the problem's own English sentence where no language on the
    /// way has the code.
    pub fn problem(&self, lang: Lang, p: &Problem) -> String {
        let key = format!("problem-{}", p.code);
        let mut next = Some(lang);
        while let Some(l) = next {
            if self.has(l, &key) {
                let args: Vec<(&str, FluentValue<'_>)> = p
                    .params
                    .iter()
                    .map(|(k, v)| {
                        (*k, v.parse::<i64>().map_or_else(|_| FluentValue::from(v.as_str()), FluentValue::from))
                    })
                    .collect();
                return self.text(l, &key, &args);
            }
            next = l.fallback();
        }
        p.message.clone()
    }

    /// The label of a vocabulary code.
    pub fn vocab<V: Vocabulary>(&self, lang: Lang, v: V) -> String {
        self.text(lang, &vocab_key(V::NAME, v.code()), &[])
    }

    /// The name of a month (1–12) as a heading ("September").
    pub fn month_name(&self, lang: Lang, month: u32) -> String {
        self.text(lang, &format!("month-{month}"), &[])
    }

    /// A month with its year, as a heading: "September 2007", «Сентябрь 2007».
    pub fn month_heading(&self, lang: Lang, first: NaiveDate) -> String {
        let month = self.month_name(lang, first.month());
        self.text(lang, "date-month-heading", &[("month", month.into()), ("year", first.year().to_string().into())])
    }

    /// A day with its weekday and month, and the year if asked: "Mon 03 Sep",
    /// «пн, 3 сентября 2007».
    pub fn day(&self, lang: Lang, d: NaiveDate, with_year: bool) -> String {
        let args = [
            ("weekday", self.text(lang, &format!("weekday-short-{}", d.weekday().number_from_monday()), &[]).into()),
            ("day", d.day().to_string().into()),
            ("day2", format!("{:02}", d.day()).into()),
            ("month", self.text(lang, &format!("date-month-{}", d.month()), &[]).into()),
            ("year", d.year().to_string().into()),
        ];
        self.text(lang, if with_year { "date-day-year" } else { "date-day" }, &args)
    }

    /// The message keys of one language, in file order.
    pub fn keys(lang: Lang) -> Vec<&'static str> {
        let source = SOURCES.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s).unwrap_or("");
        // A message starts at the beginning of a line with its identifier and `=`.
        source
            .lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jointcal_domain::vocab::{every_vocabulary, ActivityKind, Pillar};

    #[test]
    fn every_file_parses_without_errors() {
        for &(lang, source) in SOURCES {
            assert!(FluentResource::try_new(source.to_string()).is_ok(), "syntax errors in {}", lang.code());
            let mut bundle = FluentBundle::new_concurrent(vec![]);
            assert!(bundle.add_resource(FluentResource::try_new(source.to_string()).unwrap()).is_ok(), "duplicates");
        }
    }

    #[test]
    fn every_language_has_every_key() {
        let en: HashSet<_> = Catalogue::keys(Lang::En).into_iter().collect();
        assert!(en.len() > 100, "keys are read: {}", en.len());
        for &lang in Lang::ALL {
            let keys: HashSet<_> = Catalogue::keys(lang).into_iter().collect();
            let mut missing: Vec<_> = en.difference(&keys).collect();
            let mut extra: Vec<_> = keys.difference(&en).collect();
            missing.sort();
            extra.sort();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, not in en {extra:?}",
                lang.code()
            );
            for k in &keys {
                assert!(Catalogue::get().has(lang, k), "{} has {k}", lang.code());
            }
        }
    }

    #[test]
    fn every_vocabulary_code_has_a_label_in_every_language() {
        let c = Catalogue::get();
        for (name, codes) in every_vocabulary() {
            for code in codes {
                for &lang in Lang::ALL {
                    let key = vocab_key(name, code);
                    assert!(c.has(lang, &key), "{} has no label for {name} '{code}' ({key})", lang.code());
                    assert!(!c.text(lang, &key, &[]).trim().is_empty(), "{key}");
                }
            }
        }
        assert_eq!(c.vocab(Lang::Ru, Pillar::Protection), "Защита");
        assert_eq!(c.vocab(Lang::En, ActivityKind::AssessmentResearch), "Assessment / research");
    }

    /// Every problem code the code base can give (each `Problem::new("…"` in the
    /// sources, the refusals, and the few made from a variable) has a sentence in
    /// every language.
    #[test]
    fn every_problem_has_a_sentence_in_every_language() {
        use jointcal_domain::access::Denied;
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut codes: HashSet<String> = HashSet::new();
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() && !path.ends_with("target") {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/mod.rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for part in text.split("Problem::new(").skip(1) {
                        let part = part.trim_start();
                        if let Some(rest) = part.strip_prefix('"') {
                            let code = rest.split('"').next().unwrap_or_default();
                            if code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                                codes.insert(code.to_string());
                            }
                        }
                    }
                }
            }
        }
        assert!(codes.len() > 50, "the sources were read: {}", codes.len());
        codes.extend(Denied::ALL.iter().map(|d| d.code().to_string()));
        // Made from a variable: crate::web::api::json and crate::web::error::router_errors.
        for c in ["unknown_field", "wrong_type", "method_not_allowed", "payload_too_large", "unsupported_media_type"] {
            codes.insert(c.to_string());
        }
        let c = Catalogue::get();
        let mut missing: Vec<String> = Vec::new();
        for code in &codes {
            for &lang in Lang::ALL {
                if !c.has(lang, &format!("problem-{code}")) {
                    missing.push(format!("{}: problem-{code}", lang.code()));
                }
            }
        }
        missing.sort();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn problems_are_said_in_the_language_with_their_parameters() {
        let c = Catalogue::get();
        assert_eq!(c.problem(Lang::Ru, &Problem::too_long(300)), "длиннее 300 символов");
        assert_eq!(c.problem(Lang::Ru, &Problem::too_long(1)), "длиннее 1 символа");
        assert_eq!(c.problem(Lang::En, &Problem::too_long(30)), "is longer than 30 characters");
        let year = jointcal_domain::schedule::check_day(NaiveDate::from_ymd_opt(1066, 10, 14).unwrap()).unwrap_err();
        assert!(c.problem(Lang::Ru, &year).starts_with("год 1066 вне допустимого диапазона"), "{year:?}");
        // A code no catalogue knows is said as the problem's own English sentence.
        let odd = Problem::new("no_such_code", "is odd");
        assert_eq!(c.problem(Lang::Ru, &odd), "is odd");
    }

    #[test]
    fn missing_keys_fall_back_and_never_panic() {
        let c = Catalogue::get();
        assert_eq!(c.text(Lang::Ru, "no-such-key", &[]), "no-such-key");
        assert_eq!(c.text(Lang::Ru, "no-such-key", &[]), "no-such-key", "twice: logged once, same answer");
        // An argument left out stays visible instead of failing.
        assert!(c.text(Lang::En, "signed-in-as", &[]).starts_with("Signed in as"));
        assert_eq!(c.text(Lang::En, "signed-in-as", &[("name", "editor".into())]), "Signed in as editor");
        assert_eq!(c.text(Lang::Ru, "signed-in-as", &[("name", "Айгуль".into())]), "Вы вошли как Айгуль");
    }

    #[test]
    fn plurals_and_dates_follow_the_language() {
        let c = Catalogue::get();
        let count = |lang, n: i64| c.text(lang, "month-count", &[("count", n.into()), ("month", "M".into())]);
        assert_eq!(count(Lang::En, 1), "1 activity in M");
        assert_eq!(count(Lang::En, 5), "5 activities in M");
        assert_eq!(count(Lang::Ru, 1), "M: 1 мероприятие");
        assert_eq!(count(Lang::Ru, 3), "M: 3 мероприятия");
        assert_eq!(count(Lang::Ru, 11), "M: 11 мероприятий");
        assert_eq!(count(Lang::Ru, 21), "M: 21 мероприятие");
        let d = NaiveDate::from_ymd_opt(2007, 9, 3).unwrap();
        assert_eq!(c.day(Lang::En, d, false), "Mon 03 Sep");
        assert_eq!(c.day(Lang::En, d, true), "Mon 03 Sep 2007");
        assert_eq!(c.day(Lang::Ru, d, false), "пн, 3 сентября");
        assert_eq!(c.month_heading(Lang::En, d), "September 2007");
        assert_eq!(c.month_heading(Lang::Ru, d), "Сентябрь 2007");
        assert_eq!(c.month_heading(Lang::Kk, d), "Қыркүйек 2007");
        assert_eq!(c.day(Lang::Kk, d, false), "дс, 3 қыркүйек");
        assert_eq!(count(Lang::Kk, 3), "M: 3 іс-шара");
    }

    #[test]
    fn accept_language_negotiation() {
        assert_eq!(Lang::from_accept_language("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::Ru);
        assert_eq!(Lang::from_accept_language("de-DE,de;q=0.9,ru;q=0.5,en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0.2, RU"), Lang::Ru);
        assert_eq!(Lang::from_accept_language("kk-KZ, ru;q=0"), Lang::Kk);
        assert_eq!(Lang::from_accept_language("de, ru;q=0"), Lang::En, "q=0 means not wanted");
        assert_eq!(Lang::from_accept_language("ru;q=abc"), Lang::En);
        assert_eq!(Lang::from_accept_language("*"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::from_accept_language(";;;,,=q"), Lang::En);
        assert_eq!(Lang::from_tag("ru_KZ"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("rus"), None);
    }
}
