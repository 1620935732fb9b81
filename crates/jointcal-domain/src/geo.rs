//! Countries (ISO 3166-1) and their subdivisions (ISO 3166-2), shipped as data
//! (see `data/README.md`), and the place of an activity.

use crate::error::Problem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

const COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");
const SUBDIVISIONS_TSV: &str = include_str!("../data/subdivisions.tsv");

#[derive(Debug, Clone)]
pub struct Subdivision {
    pub code: &'static str,
    pub country: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    /// The day it was created, when that is recent enough to matter (e.g. the
    /// regions of Kazakhstan formed in 2022): a gap there before that is no gap.
    pub since: Option<chrono::NaiveDate>,
}

struct Tables {
    countries: HashMap<&'static str, &'static str>,
    /// ISO 3166-1 alpha-3 → alpha-2 (`KAZ` → `KZ`), for sheets that write alpha-3.
    alpha3: HashMap<&'static str, &'static str>,
    subdivisions: HashMap<&'static str, Subdivision>,
    /// Old code → current code (e.g. KZ-ZHA → KZ-31).
    renamed: HashMap<&'static str, &'static str>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut countries = HashMap::new();
    let mut alpha3 = HashMap::new();
    for line in COUNTRIES_TSV.lines().skip(1) {
        let mut f = line.split('\t');
        if let (Some(code), Some(name)) = (f.next(), f.next()) {
            countries.insert(code, name);
            if let Some(a3) = f.next().filter(|a| a.len() == 3) {
                alpha3.insert(a3, code);
            }
        }
    }
    let mut subdivisions = HashMap::new();
    let mut renamed = HashMap::new();
    for line in SUBDIVISIONS_TSV.lines().skip(1) {
        let f: Vec<&'static str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let since = f.get(5).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        subdivisions.insert(f[0], Subdivision { code: f[0], country: f[1], name: f[2], kind: f[3], since });
        if let Some(old) = f.get(4) {
            for o in old.split(',').filter(|o| !o.is_empty()) {
                renamed.insert(o, f[0]);
            }
        }
    }
    Tables { countries, alpha3, subdivisions, renamed }
});

/// The English name of an ISO 3166-1 alpha-2 country code.
pub fn country_name(code: &str) -> Option<&'static str> {
    TABLES.countries.get(code).copied()
}

/// Checks and normalizes a country code (`kz` → `KZ`).
pub fn parse_country(code: &str) -> Result<String, Problem> {
    let c = code.trim().to_ascii_uppercase();
    if TABLES.countries.contains_key(c.as_str()) {
        Ok(c)
    } else {
        let m = format!("'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. KZ, TR)");
        Err(Problem::new("not_a_country", m).with("value", code))
    }
}

pub fn subdivision(code: &str) -> Option<&'static Subdivision> {
    TABLES.subdivisions.get(code)
}

/// Checks a subdivision code for a country and maps retired codes to current
/// ones (`KZ-ZHA` → `KZ-31`). Returns the current code.
pub fn parse_subdivision(country: &str, code: &str) -> Result<&'static Subdivision, Problem> {
    let c = code.trim().to_ascii_uppercase();
    let current = TABLES.renamed.get(c.as_str()).copied().unwrap_or(c.as_str());
    match TABLES.subdivisions.get(current) {
        Some(s) if s.country == country => Ok(s),
        Some(s) => Err(Problem::new(
            "subdivision_of_another_country",
            format!("'{code}' is a subdivision of {}, not of {country}", s.country),
        )
        .with("value", code)
        .with("country", country)),
        None => Err(Problem::new(
            "not_a_subdivision",
            format!(
                "'{code}' is not an ISO 3166-2 subdivision code of {country}{}",
                if country == "KZ" {
                    " (Kazakhstan uses KZ-10 … KZ-79 since 2022; e.g. KZ-31 Zhambyl region)"
                } else {
                    ""
                }
            ),
        )
        .with("value", code)
        .with("country", country)),
    }
}

/// A country code as sheets write it: alpha-2 (`KZ`, any case) or alpha-3 (`KAZ`).
pub fn country_from_code(code: &str) -> Option<&'static str> {
    let c = code.trim().to_ascii_uppercase();
    match c.len() {
        2 => TABLES.countries.get_key_value(c.as_str()).map(|(k, _)| *k),
        3 => TABLES.alpha3.get(c.as_str()).copied(),
        _ => None,
    }
}

/// The subdivision of `country` a person would call `name`: its English name with or
/// without the word "region" / "oblast" / "city" (`Zhambyl`, `Zhambyl region`,
/// `Zhambyl oblast`, `Astana`), case and spacing not counting.
pub fn subdivision_by_name(country: &str, name: &str) -> Option<&'static Subdivision> {
    fn key(s: &str) -> String {
        let lower = s.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !matches!(*w, "region" | "oblast" | "oblysy" | "province" | "city" | "of"))
            .collect();
        words.join(" ")
    }
    let wanted = key(name);
    if wanted.is_empty() {
        return None;
    }
    let mut found = TABLES.subdivisions.values().filter(|s| s.country == country && key(s.name) == wanted);
    let first = found.next()?;
    // A city and a region of the same name (Almaty): the name alone is the city
    // only when it says nothing more; "Almaty region" is the region.
    match found.next() {
        None => Some(first),
        Some(second) => {
            let says_region = name.to_lowercase().contains("region") || name.to_lowercase().contains("oblast");
            [first, second].into_iter().find(|s| (s.kind == "region") == says_region)
        }
    }
}

/// All subdivisions of one country, sorted by code (for pickers and gap matrices).
pub fn subdivisions_of(country: &str) -> Vec<&'static Subdivision> {
    let mut v: Vec<_> = TABLES.subdivisions.values().filter(|s| s.country == country).collect();
    v.sort_by_key(|s| s.code);
    v
}

/// A code of another area scheme kept for reference (e.g. an OCHA P-code).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaRef {
    pub scheme: String,
    pub code: String,
}

/// One place of an activity: a country and subdivision, a place name, coordinates,
/// or online.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub online: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::strict::vec_object")]
    pub refs: Vec<AreaRef>,
}

impl Location {
    /// Validates and normalizes one location; `default_country` fills a missing
    /// country when a subdivision is given without one.
    /// Checks and normalizes a location; `lines` is the text rule for its place and
    /// area references ([`crate::text::Lines::AsStored`] when read back).
    pub fn validate(
        mut self,
        default_country: &str,
        lines: crate::text::Lines,
    ) -> Result<Self, Vec<(String, Problem)>> {
        let mut errs = Vec::new();
        self.place = self.place.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
        if let Some(p) = &self.place {
            if p.chars().count() > 300 {
                errs.push(("place".into(), Problem::too_long(300)));
            } else if let Err(m) = crate::text::check_text(p, lines) {
                errs.push(("place".into(), m));
            }
        }
        if self.country.is_none() && self.subdivision.is_some() {
            self.country = Some(default_country.to_string());
        }
        if let Some(c) = &self.country {
            match parse_country(c) {
                Ok(c) => self.country = Some(c),
                Err(m) => errs.push(("country".into(), m)),
            }
        }
        if let (Some(c), Some(s)) = (&self.country, &self.subdivision) {
            match parse_subdivision(c, s) {
                Ok(sd) => self.subdivision = Some(sd.code.to_string()),
                Err(m) => errs.push(("subdivision".into(), m)),
            }
        }
        match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
                    errs.push((
                        "lat".into(),
                        Problem::new("not_a_latitude", format!("{lat} is not a latitude (-90 to 90)"))
                            .with("value", lat),
                    ));
                }
                if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
                    errs.push((
                        "lon".into(),
                        Problem::new("not_a_longitude", format!("{lon} is not a longitude (-180 to 180)"))
                            .with("value", lon),
                    ));
                }
            }
            (None, None) => {}
            _ => errs.push(("lat".into(), Problem::new("lat_lon_pair", "give both lat and lon, or neither"))),
        }
        if !self.online && self.country.is_none() && self.place.is_none() && self.lat.is_none() {
            errs.push((
                "country".into(),
                Problem::new("empty_location", "a location needs a country, a place, coordinates or online: true"),
            ));
        }
        if self.refs.len() > 20 && lines != crate::text::Lines::AsStored {
            errs.push(("refs".into(), Problem::too_many(20, "area references")));
        }
        for (i, r) in self.refs.iter().enumerate() {
            if r.scheme.trim().is_empty() || r.code.trim().is_empty() {
                errs.push((
                    format!("refs[{i}]"),
                    Problem::new("incomplete_area_ref", "an area reference needs a scheme and a code"),
                ));
            }
            for (part, v) in [("scheme", &r.scheme), ("code", &r.code)] {
                if v.chars().count() > 200 {
                    errs.push((format!("refs[{i}].{part}"), Problem::too_long(200)));
                } else if let Err(m) = crate::text::check_text(v, lines) {
                    errs.push((format!("refs[{i}].{part}"), m));
                }
            }
        }
        if errs.is_empty() {
            Ok(self)
        } else {
            Err(errs)
        }
    }

    /// The same location reduced to region level: no place name below the
    /// subdivision, no coordinates (the sensitive-place rule).
    pub fn redacted(&self) -> Location {
        Location {
            country: self.country.clone(),
            subdivision: self.subdivision.clone(),
            place: None,
            lat: None,
            lon: None,
            online: self.online,
            refs: Vec::new(),
        }
    }

    /// A short human label: "Merke railway station, Zhambyl region, KZ".
    pub fn label(&self) -> String {
        if self.online && self.place.is_none() {
            return "online".into();
        }
        let mut parts = Vec::new();
        if let Some(p) = &self.place {
            parts.push(p.clone());
        }
        if let Some(s) = self.subdivision.as_deref().and_then(subdivision) {
            if self.place.as_deref() != Some(s.name) {
                parts.push(s.name.to_string());
            }
        }
        if let Some(c) = &self.country {
            parts.push(c.clone());
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_codes_and_legacy_mapping() {
        assert_eq!(parse_subdivision("KZ", "KZ-31").map(|s| s.code), Ok("KZ-31"));
        assert_eq!(parse_subdivision("KZ", "kz-zha").map(|s| s.code), Ok("KZ-31"));
        assert_eq!(parse_subdivision("KZ", "KZ-AST").map(|s| s.name), Ok("Astana"));
        assert!(parse_subdivision("KZ", "KZ-99").unwrap_err().message.contains("KZ-10"));
        assert!(parse_subdivision("KZ", "TR-06").unwrap_err().message.contains("subdivision of TR"));
        assert_eq!(subdivisions_of("KZ").len(), 20);
        assert!(parse_subdivision("TR", "TR-06").is_ok());
        assert_eq!(parse_country("kz"), Ok("KZ".into()));
        assert!(parse_country("XX").is_err());
    }

    #[test]
    fn countries_and_subdivisions_as_sheets_write_them() {
        assert_eq!(country_from_code("KAZ"), Some("KZ"));
        assert_eq!(country_from_code("kz"), Some("KZ"));
        assert_eq!(country_from_code("LBN"), Some("LB"));
        assert_eq!(country_from_code("XYZ"), None);
        assert_eq!(country_from_code("Kazakhstan"), None);
        let code = |n: &str| subdivision_by_name("KZ", n).map(|s| s.code);
        assert_eq!(code("Zhambyl"), Some("KZ-31"));
        assert_eq!(code("zhambyl  region"), Some("KZ-31"));
        assert_eq!(code("Zhambyl oblast"), Some("KZ-31"));
        assert_eq!(code("Astana"), Some("KZ-71"));
        assert_eq!(code("Almaty"), Some("KZ-75"), "the city");
        assert_eq!(code("Almaty region"), Some("KZ-19"));
        assert_eq!(code("North Kazakhstan"), Some("KZ-59"));
        assert_eq!(code("Merke"), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn location_validation_and_redaction() {
        let l = Location {
            subdivision: Some("KZ-ZHA".into()),
            place: Some(" Merke ".into()),
            lat: Some(42.87),
            lon: Some(73.17),
            ..Default::default()
        }
        .validate("KZ", crate::text::Lines::One)
        .unwrap();
        assert_eq!(l.country.as_deref(), Some("KZ"));
        assert_eq!(l.subdivision.as_deref(), Some("KZ-31"));
        assert_eq!(l.place.as_deref(), Some("Merke"));
        let r = l.redacted();
        assert_eq!((r.place, r.lat, r.subdivision.as_deref()), (None, None, Some("KZ-31")));
        let bad =
            Location { lat: Some(100.0), lon: Some(0.0), ..Default::default() }.validate("KZ", crate::text::Lines::One);
        assert!(bad.unwrap_err().iter().any(|(f, _)| f == "lat"));
        assert!(Location::default().validate("KZ", crate::text::Lines::One).is_err());
    }
}
