//! The activity form as the page holds it: every field as the person typed it, so
//! that a refused save shows the form again with nothing lost; read from the
//! posted pairs, filled from a stored activity, and turned into the domain's
//! `ActivityInput` (which the service validates: the form itself decides nothing).

use jointcal_domain::activity::{ActivityInput, Contact, MoneyInput, OrgRefInput};
use jointcal_domain::geo::Location;
use jointcal_domain::schedule::DatesInput;
use jointcal_domain::{Problem, ValidationErrors};
use std::collections::BTreeMap;

/// Languages that always get a title and description field.
pub const LANGS: [&str; 3] = ["en", "ru", "kk"];
/// Rows of organizations and of places a form offers beyond those filled.
const SPARE_ROWS: usize = 2;
/// No form has more rows than this (a bound on what a post can make us do).
const MAX_ROWS: usize = 50;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgRow {
    pub org: String,
    pub role: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceRow {
    pub region: String,
    pub place: String,
}

/// How the dates are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum When {
    #[default]
    Day,
    Range,
    Timed,
}

impl When {
    pub fn code(self) -> &'static str {
        match self {
            When::Day => "day",
            When::Range => "range",
            When::Timed => "timed",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityForm {
    /// Language → title, for [`LANGS`] and any other language the activity has.
    pub titles: BTreeMap<String, String>,
    pub original: String,
    pub descriptions: BTreeMap<String, String>,
    pub kind: String,
    pub pillar1: String,
    pub pillar2: String,
    pub target_groups: Vec<String>,
    pub delivery_mode: String,
    pub orgs: Vec<OrgRow>,
    pub places: Vec<PlaceRow>,
    pub online: bool,
    pub when: When,
    pub day: String,
    pub range_start: String,
    pub range_end: String,
    pub timed_day: String,
    pub start_time: String,
    pub end_time: String,
    pub tz: String,
    pub status: String,
    pub status_note: String,
    pub visibility: String,
    /// "", "yes" or "no": the kind's default, or the person's choice.
    pub sensitive: String,
    pub participants: String,
    pub budget_amount: String,
    pub budget_currency: String,
    pub contact_role: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub iati_identifier: String,
    pub external_ref: String,
    /// The version the form was filled from (0 for a new activity).
    pub version: i64,
}

fn row_index(key: &str, prefix: &str) -> Option<usize> {
    key.strip_prefix(prefix)?.parse().ok().filter(|i| *i < MAX_ROWS)
}

impl ActivityForm {
    /// The form as posted; unknown fields are ignored, repeated ones (target
    /// groups) collected.
    pub fn from_pairs(pairs: &[(String, String)]) -> ActivityForm {
        let mut f = ActivityForm::default();
        let mut orgs: BTreeMap<usize, OrgRow> = BTreeMap::new();
        let mut places: BTreeMap<usize, PlaceRow> = BTreeMap::new();
        for (k, v) in pairs {
            let v = v.clone();
            if let Some(lang) = k.strip_prefix("title.") {
                f.titles.insert(lang.to_string(), v);
            } else if let Some(lang) = k.strip_prefix("description.") {
                f.descriptions.insert(lang.to_string(), v);
            } else if let Some(i) = row_index(k, "org.") {
                orgs.entry(i).or_default().org = v;
            } else if let Some(i) = row_index(k, "role.") {
                orgs.entry(i).or_default().role = v;
            } else if let Some(i) = row_index(k, "region.") {
                places.entry(i).or_default().region = v;
            } else if let Some(i) = row_index(k, "place.") {
                places.entry(i).or_default().place = v;
            } else {
                match k.as_str() {
                    "original" => f.original = v,
                    "kind" => f.kind = v,
                    "pillar1" => f.pillar1 = v,
                    "pillar2" => f.pillar2 = v,
                    "target_groups" if f.target_groups.len() < MAX_ROWS => f.target_groups.push(v),
                    "delivery_mode" => f.delivery_mode = v,
                    "online" => f.online = !v.is_empty(),
                    "when" => {
                        f.when = match v.as_str() {
                            "range" => When::Range,
                            "timed" => When::Timed,
                            _ => When::Day,
                        }
                    }
                    "day" => f.day = v,
                    "range_start" => f.range_start = v,
                    "range_end" => f.range_end = v,
                    "timed_day" => f.timed_day = v,
                    "start_time" => f.start_time = v,
                    "end_time" => f.end_time = v,
                    "tz" => f.tz = v,
                    "status" => f.status = v,
                    "status_note" => f.status_note = v,
                    "visibility" => f.visibility = v,
                    "sensitive" => f.sensitive = v,
                    "participants" => f.participants = v,
                    "budget_amount" => f.budget_amount = v,
                    "budget_currency" => f.budget_currency = v,
                    "contact_role" => f.contact_role = v,
                    "contact_name" => f.contact_name = v,
                    "contact_email" => f.contact_email = v,
                    "contact_phone" => f.contact_phone = v,
                    "iati_identifier" => f.iati_identifier = v,
                    "ref" => f.external_ref = v,
                    "version" => f.version = v.trim().parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
        f.orgs = orgs.into_values().collect();
        f.places = places.into_values().collect();
        f.with_spare_rows()
    }

    /// The form of a stored activity (its normalized input).
    pub fn from_input(input: &ActivityInput, version: i64) -> ActivityForm {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut f = ActivityForm {
            titles: input.title.clone(),
            original: text(&input.original_lang),
            descriptions: input.description.clone(),
            kind: input.kind.clone(),
            pillar1: input.pillars.first().cloned().unwrap_or_default(),
            pillar2: input.pillars.get(1).cloned().unwrap_or_default(),
            target_groups: input.target_groups.clone(),
            delivery_mode: text(&input.delivery_mode),
            orgs: input.organizations.iter().map(|o| OrgRow { org: o.org.clone(), role: o.role.clone() }).collect(),
            places: input
                .locations
                .iter()
                .filter(|l| !(l.online && l.place.is_none() && l.subdivision.is_none()))
                .map(|l| PlaceRow { region: text(&l.subdivision), place: text(&l.place) })
                .collect(),
            online: input.locations.iter().any(|l| l.online),
            tz: text(&input.dates.tz),
            status: text(&input.status),
            status_note: text(&input.status_note),
            visibility: text(&input.visibility),
            sensitive: match input.sensitive {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            participants: input.expected_participants.map(|n| n.to_string()).unwrap_or_default(),
            budget_amount: input.budget.as_ref().map(|b| b.amount.clone()).unwrap_or_default(),
            budget_currency: input.budget.as_ref().map(|b| b.currency.clone()).unwrap_or_default(),
            contact_role: input.contact.as_ref().and_then(|c| c.role.clone()).unwrap_or_default(),
            contact_name: input.contact.as_ref().and_then(|c| c.name.clone()).unwrap_or_default(),
            contact_email: input.contact.as_ref().and_then(|c| c.email.clone()).unwrap_or_default(),
            contact_phone: input.contact.as_ref().and_then(|c| c.phone.clone()).unwrap_or_default(),
            iati_identifier: text(&input.iati_identifier),
            external_ref: text(&input.external_ref),
            version,
            ..ActivityForm::default()
        };
        let start = input.dates.start.trim();
        let end = input.dates.end.as_deref().map(str::trim).unwrap_or(start);
        if let Some((day, time)) = start.split_once('T') {
            f.when = When::Timed;
            f.timed_day = day.to_string();
            f.start_time = time.get(..5).unwrap_or(time).to_string();
            f.end_time = end.split_once('T').map(|(_, t)| t.get(..5).unwrap_or(t).to_string()).unwrap_or_default();
        } else if end != start {
            f.when = When::Range;
            f.range_start = start.to_string();
            f.range_end = end.to_string();
        } else {
            f.day = start.to_string();
        }
        f.with_spare_rows()
    }

    /// Empty rows for more organizations and places, and a field for each language.
    fn with_spare_rows(mut self) -> ActivityForm {
        self.orgs.retain(|r| !(r.org.trim().is_empty() && r.role.trim().is_empty()));
        self.places.retain(|r| !(r.region.trim().is_empty() && r.place.trim().is_empty()));
        self.orgs.extend(std::iter::repeat_n(OrgRow::default(), SPARE_ROWS));
        self.places.extend(std::iter::repeat_n(PlaceRow::default(), SPARE_ROWS));
        for l in LANGS {
            self.titles.entry(l.to_string()).or_default();
            self.descriptions.entry(l.to_string()).or_default();
        }
        self
    }

    /// The domain input: `base` (the stored activity's input, or the defaults of a
    /// new one) with what the form holds written over it, so that fields the form
    /// does not show (links, recurrence, coordinates) are kept. Errors are only
    /// those the form itself can see (a number that is not one); the service checks
    /// the rest.
    pub fn to_input(&self, base: &ActivityInput, country: &str) -> Result<ActivityInput, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let mut input = base.clone();
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let texts = |m: &BTreeMap<String, String>| {
            m.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect()
        };
        input.title = texts(&self.titles);
        input.original_lang = some(&self.original).filter(|o| input.title.contains_key(o));
        input.description = texts(&self.descriptions);
        input.kind = self.kind.trim().to_string();
        input.pillars = [&self.pillar1, &self.pillar2].into_iter().filter_map(|p| some(p)).collect();
        input.target_groups = self.target_groups.iter().filter_map(|t| some(t)).collect();
        input.delivery_mode = some(&self.delivery_mode);
        input.organizations = self
            .orgs
            .iter()
            .filter(|r| !r.org.trim().is_empty() || !r.role.trim().is_empty())
            .map(|r| OrgRefInput { org: r.org.trim().to_string(), role: r.role.trim().to_string() })
            .collect();
        let mut locations: Vec<Location> = Vec::new();
        for row in self.places.iter().filter(|r| !r.region.trim().is_empty() || !r.place.trim().is_empty()) {
            let region = some(&row.region);
            let place = some(&row.place);
            // A stored place that the form shows unchanged keeps what the form does
            // not show (coordinates, area references).
            let kept = base.locations.iter().find(|l| l.subdivision == region && l.place == place && !l.online);
            locations.push(kept.cloned().unwrap_or(Location {
                country: Some(country.to_string()),
                subdivision: region,
                place,
                lat: None,
                lon: None,
                online: false,
                refs: Vec::new(),
            }));
        }
        if self.online {
            locations.push(Location {
                country: None,
                subdivision: None,
                place: None,
                lat: None,
                lon: None,
                online: true,
                refs: Vec::new(),
            });
        }
        input.locations = locations;
        let tz = some(&self.tz).or_else(|| base.dates.tz.clone());
        input.dates = match self.when {
            When::Day => DatesInput { start: self.day.trim().into(), end: None, tz, all_day: None },
            When::Range => {
                DatesInput { start: self.range_start.trim().into(), end: some(&self.range_end), tz, all_day: None }
            }
            When::Timed => {
                let at = |time: &str| match (self.timed_day.trim(), time.trim()) {
                    ("", _) | (_, "") => String::new(),
                    (d, t) => format!("{d}T{t}"),
                };
                if self.start_time.trim().is_empty() {
                    e.add("dates.start", Problem::required_as("the start time"));
                }
                DatesInput { start: at(&self.start_time), end: some(&at(&self.end_time)), tz, all_day: None }
            }
        };
        input.status = some(&self.status);
        input.status_note = some(&self.status_note);
        input.visibility = some(&self.visibility);
        input.sensitive = match self.sensitive.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        input.expected_participants = match some(&self.participants) {
            None => None,
            Some(n) => match n.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    let m = format!("{n} is not a number of people from 0 to 10,000,000");
                    e.add("expected_participants", Problem::new("not_a_participant_count", m).with("value", &n));
                    None
                }
            },
        };
        input.budget = some(&self.budget_amount)
            .map(|amount| MoneyInput { amount, currency: self.budget_currency.trim().to_ascii_uppercase() });
        let contact = Contact {
            role: some(&self.contact_role),
            name: some(&self.contact_name),
            email: some(&self.contact_email),
            phone: some(&self.contact_phone),
        };
        input.contact = (contact != Contact::default()).then_some(contact);
        input.iati_identifier = some(&self.iati_identifier);
        input.external_ref = some(&self.external_ref);
        e.into_result(input)
    }

    pub fn has_target(&self, code: &str) -> bool {
        self.target_groups.iter().any(|t| t == code)
    }
}

/// Where the form shows the error of an input field (`dates.end`,
/// `organizations[2].role`, …): the key of the form's field, and for rows the row.
pub fn form_key(field: &str, form: &ActivityForm) -> String {
    let row = |prefix: &str| -> Option<(usize, String)> {
        let rest = field.strip_prefix(prefix)?;
        let (i, tail) = rest.split_once(']')?;
        Some((i.parse().ok()?, tail.trim_start_matches('.').to_string()))
    };
    if let Some((i, tail)) = row("organizations[") {
        // The i-th filled row of the form.
        let n =
            form.orgs.iter().enumerate().filter(|(_, r)| !r.org.trim().is_empty() || !r.role.trim().is_empty()).nth(i);
        let at = n.map_or(i, |(k, _)| k);
        return if tail == "role" { format!("role.{at}") } else { format!("org.{at}") };
    }
    if let Some((i, tail)) = row("locations[") {
        let n = form
            .places
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.region.trim().is_empty() || !r.place.trim().is_empty())
            .nth(i);
        let at = n.map_or(i, |(k, _)| k);
        return if tail == "place" { format!("place.{at}") } else { format!("region.{at}") };
    }
    if field.starts_with("target_groups") {
        return "target_groups".into();
    }
    match field {
        "pillars" => "pillar1".into(),
        "expected_participants" => "participants".into(),
        "budget.amount" => "budget_amount".into(),
        "budget.currency" => "budget_currency".into(),
        f if f.starts_with("contact.") => f.replace("contact.", "contact_"),
        f if f.starts_with("dates.") || f == "recurrence" => "when".into(),
        "ref" => "ref".into(),
        f if f.starts_with("title") => "title".into(),
        f if f.starts_with("description") => "description".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_posted_form_keeps_everything_typed_and_becomes_input() {
        let f = ActivityForm::from_pairs(&pairs(&[
            ("csrf", "x"),
            ("title.en", "Training for border guards"),
            ("title.ru", ""),
            ("kind", "training"),
            ("target_groups", "border_guards"),
            ("target_groups", "police"),
            ("org.0", "INL"),
            ("role.0", "lead"),
            ("org.1", ""),
            ("role.1", ""),
            ("region.0", "KZ-31"),
            ("place.0", "Merke"),
            ("when", "range"),
            ("range_start", "2007-09-03"),
            ("range_end", "2007-09-07"),
            ("participants", "about twenty"),
            ("org.999", "ignored: beyond the rows a form has"),
        ]));
        assert_eq!(f.titles["en"], "Training for border guards");
        assert!(f.titles.contains_key("kk"), "a field for each language");
        assert_eq!(f.target_groups, ["border_guards", "police"]);
        assert_eq!(f.orgs.len(), 1 + SPARE_ROWS);
        assert_eq!(f.when, When::Range);
        let e = f.to_input(&ActivityInput::default(), "KZ").unwrap_err();
        assert_eq!(e.fields[0].field, "expected_participants");
        let mut ok = f.clone();
        ok.participants = "20".into();
        let input = ok.to_input(&ActivityInput::default(), "KZ").unwrap();
        assert_eq!(input.title.len(), 1);
        assert_eq!(input.dates.start, "2007-09-03");
        assert_eq!(input.dates.end.as_deref(), Some("2007-09-07"));
        assert_eq!(input.organizations, [OrgRefInput { org: "INL".into(), role: "lead".into() }]);
        assert_eq!(input.locations[0].subdivision.as_deref(), Some("KZ-31"));
        assert_eq!(input.locations[0].country.as_deref(), Some("KZ"));
        assert_eq!(input.expected_participants, Some(20));
    }

    #[test]
    fn a_stored_activity_fills_the_form_and_comes_back_the_same() {
        let f = ActivityForm::from_pairs(&pairs(&[
            ("title.en", "Call"),
            ("kind", "coordination_meeting"),
            ("org.0", "IOM"),
            ("role.0", "lead"),
            ("when", "timed"),
            ("timed_day", "2007-09-12"),
            ("start_time", "15:00"),
            ("end_time", "16:30"),
            ("tz", "Asia/Almaty"),
            ("online", "on"),
        ]));
        let input = f.to_input(&ActivityInput::default(), "KZ").unwrap();
        assert_eq!(input.dates.start, "2007-09-12T15:00");
        assert!(input.locations.iter().any(|l| l.online));
        let again = ActivityForm::from_input(&input, 3);
        assert_eq!(again.when, When::Timed);
        assert_eq!(
            (again.timed_day.as_str(), again.start_time.as_str(), again.end_time.as_str()),
            ("2007-09-12", "15:00", "16:30")
        );
        assert!(again.online);
        assert_eq!(again.to_input(&input, "KZ").unwrap(), input);
        assert_eq!(again.version, 3);
    }

    #[test]
    fn errors_find_their_fields() {
        let f = ActivityForm::from_pairs(&pairs(&[("org.0", ""), ("org.1", "UNDP"), ("role.1", "boss")]));
        assert_eq!(form_key("organizations[0].role", &f), "role.0", "the first filled row is row 0 after tidying");
        assert_eq!(form_key("dates.end", &f), "when");
        assert_eq!(form_key("target_groups[1]", &f), "target_groups");
        assert_eq!(form_key("contact.email", &f), "contact_email");
        assert_eq!(form_key("kind", &f), "kind");
    }
}
