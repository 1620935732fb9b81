//! Activities: the unit of the calendar.
//!
//! One JSON shape serves as input (API, demo file, forms) and as the normalized,
//! stored form: [`ActivityInput`] holds strings as typed by people;
//! [`ActivityInput::validate`] turns it into typed [`ActivityFields`], and
//! [`ActivityFields::to_input`] gives the normalized input back (organizations by id,
//! codes canonical, dates explicit).

use crate::error::{Problem, ValidationErrors};
use crate::geo::Location;
use crate::ids::{ActivityId, GroupId, OrgId};
use crate::schedule::{DatesInput, Schedule};
use crate::text::{check_text, check_url, fold, Lines, LocalizedText};
use crate::vocab::*;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Links an activity may list (organizations and places are capped at 50).
pub const MAX_LINKS: usize = 20;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgRefInput {
    /// An organization id, or its acronym, or its IATI organisation identifier.
    pub org: String,
    #[cfg_attr(feature = "openapi", schema(value_type = OrgRole))]
    pub role: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyInput {
    /// A decimal number as text, e.g. "45000" or "1250.50".
    pub amount: String,
    /// ISO 4217 code, e.g. USD, EUR, KZT.
    pub currency: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A role, e.g. "IOM focal point" (people appear by role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// An activity as given by a person or a file (and, normalized, as stored).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": {"en": "Fraudulent document training for Border Guards at Merke railway station", "ru": "Тренинг по выявлению поддельных документов для пограничников на станции Мерке"},
    "original_lang": "en",
    "kind": "training",
    "pillars": ["prosecution"],
    "target_groups": ["border_guards"],
    "delivery_mode": "in_person",
    "organizations": [{"org": "INL", "role": "lead"}],
    "locations": [{"country": "KZ", "subdivision": "KZ-31", "place": "Merke railway station"}],
    "dates": {"start": "2007-09-03", "end": "2007-09-07"},
    "status": "planned",
    "visibility": "group",
    "budget": {"amount": "12000", "currency": "USD"},
    "expected_participants": 25
})))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// Language code → title, e.g. {"en": "...", "ru": "..."}.
    #[serde(deserialize_with = "crate::strict::unique_map")]
    pub title: BTreeMap<String, String>,
    /// Which language version is the original; defaults to the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_lang: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "crate::strict::unique_map")]
    pub description: BTreeMap<String, String>,
    #[cfg_attr(feature = "openapi", schema(value_type = ActivityKind))]
    pub kind: String,
    /// The primary pillar first; may be empty for kinds with a default pillar.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Pillar>))]
    pub pillars: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<TargetGroup>))]
    pub target_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DeliveryMode>))]
    pub delivery_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<ExploitationFocus>))]
    pub exploitation_focus: Vec<String>,
    #[serde(deserialize_with = "crate::strict::vec_object")]
    pub organizations: Vec<OrgRefInput>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::strict::vec_object")]
    pub locations: Vec<Location>,
    /// Defaults to true for shelters and victim assistance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    #[serde(deserialize_with = "crate::strict::object")]
    pub dates: DatesInput,
    /// RFC 5545 RRULE value, e.g. FREQ=MONTHLY;COUNT=6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Status>))]
    pub status: Option<String>,
    /// Why the status is what it is, e.g. why an activity was cancelled or
    /// postponed (one line, at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Visibility>))]
    pub visibility: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::strict::opt_object")]
    pub budget: Option<MoneyInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_participants: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::strict::opt_object")]
    pub contact: Option<Contact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::strict::vec_object")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iati_identifier: Option<String>,
    /// An external reference unique in the group (e.g. a 3W activity code).
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// DAC 5-digit purpose codes (vocabulary 1) or 3-digit sector codes (vocabulary 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dac_sectors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActivityOrg {
    pub org: OrgId,
    pub role: OrgRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Money {
    pub amount: String,
    pub currency: String,
}

/// Validated fields of an activity.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityFields {
    pub title: LocalizedText,
    pub description: Option<LocalizedText>,
    pub kind: ActivityKind,
    pub pillars: Vec<Pillar>,
    pub target_groups: Vec<TargetGroup>,
    pub delivery_mode: Option<DeliveryMode>,
    pub exploitation_focus: Vec<ExploitationFocus>,
    pub organizations: Vec<ActivityOrg>,
    pub locations: Vec<Location>,
    pub sensitive: bool,
    pub schedule: Schedule,
    pub status: Status,
    pub status_note: Option<String>,
    pub visibility: Visibility,
    pub budget: Option<Money>,
    pub expected_participants: Option<u32>,
    pub contact: Option<Contact>,
    pub links: Vec<Link>,
    pub iati_identifier: Option<String>,
    pub external_ref: Option<String>,
    pub dac_sectors: Vec<String>,
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: ActivityId,
    pub group_id: GroupId,
    pub fields: ActivityFields,
    /// Rises by one on every write: the optimistic-concurrency token (`If-Match`).
    pub version: i64,
    /// Rises on every material change (what a calendar client shows): iCalendar SEQUENCE.
    pub sequence: i64,
    /// Digest of place, time, audience and kind: overlap checks re-run when it changes.
    pub fingerprint: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// What validation needs to know about the surroundings.
pub struct ValidationContext<'a> {
    /// The group's country: the default for locations with only a subdivision.
    pub country: &'a str,
    /// The group's time zone: the default for dates without `tz`.
    pub timezone: Tz,
    /// Resolves an organization reference (id, acronym or IATI id) to an id.
    pub resolve_org: &'a dyn Fn(&str) -> Option<OrgId>,
    /// For stored activities: the known end of the series (the recurrence is not
    /// expanded again). None for new input.
    pub stored_series_end: Option<DateTime<Utc>>,
}

fn codes<V: Vocabulary>(e: &mut ValidationErrors, field: &str, list: &[String]) -> Vec<V> {
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        match V::from_code(c) {
            Ok(v) if !out.contains(&v) => out.push(v),
            Ok(_) => {}
            Err(err) => e.add(format!("{field}[{i}]"), err.into()),
        }
    }
    out
}

fn opt_text(e: &mut ValidationErrors, field: &str, v: &Option<String>, max: usize, lines: Lines) -> Option<String> {
    let t = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if t.chars().count() > max {
        e.add(field, Problem::too_long(max));
    } else if let Err(m) = check_text(t, lines) {
        e.add(field, m);
    }
    Some(t.to_string())
}

fn check_amount(s: &str) -> Result<String, Problem> {
    let t = s.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let ok = !int.is_empty()
        && int.len() <= 15
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 4
        && frac.chars().all(|c| c.is_ascii_digit())
        && !(t.contains('.') && frac.is_empty());
    if ok {
        Ok(t.to_string())
    } else {
        let m = format!("'{s}' is not an amount; write a non-negative decimal number such as 45000 or 1250.50");
        Err(Problem::new("not_an_amount", m).with("value", s))
    }
}

/// Infers the pillar of a training-like activity from its audience.
pub fn pillar_from_audience(targets: &[TargetGroup]) -> Option<Pillar> {
    use TargetGroup::*;
    if targets.iter().any(|t| {
        matches!(t, Police | MigrationPolice | BorderGuards | Investigators | Prosecutors | Judges | LawyersLegalAid)
    }) {
        Some(Pillar::Prosecution)
    } else if targets.iter().any(|t| matches!(t, SocialWorkers | HealthcareWorkers | Victims)) {
        Some(Pillar::Protection)
    } else if targets.iter().any(|t| {
        matches!(
            t,
            Youth | ChildrenAtRisk | WomenAtRisk | LabourMigrants | GeneralPublic | Teachers | ReligiousLeaders | Media
        )
    }) {
        Some(Pillar::Prevention)
    } else {
        None
    }
}

impl ActivityInput {
    /// Checks every field and reports every problem at once.
    pub fn validate(&self, ctx: &ValidationContext<'_>) -> Result<ActivityFields, ValidationErrors> {
        let mut e = ValidationErrors::new();
        // The text rules apply to input; stored activities are read back as they are.
        let stored = ctx.stored_series_end.is_some();
        let one = Lines::One.unless_stored(stored);
        let title = e
            .take("title", LocalizedText::build(&self.title, self.original_lang.as_deref(), MAX_TITLE_CHARS, true, one))
            .flatten();
        let description = e
            .take(
                "description",
                LocalizedText::build(
                    &self.description,
                    self.original_lang.as_deref().filter(|l| self.description.contains_key(*l)),
                    MAX_DESCRIPTION_CHARS,
                    false,
                    Lines::Many.unless_stored(stored),
                ),
            )
            .flatten();
        let kind = e.take("kind", ActivityKind::from_code(&self.kind).map_err(Problem::from));
        let target_groups = codes::<TargetGroup>(&mut e, "target_groups", &self.target_groups);
        let mut pillars = codes::<Pillar>(&mut e, "pillars", &self.pillars);
        if pillars.len() > 2 {
            e.add("pillars", Problem::new("too_many_pillars", "give one primary pillar and at most one secondary"));
        }
        if pillars.is_empty() && self.pillars.is_empty() {
            match kind.and_then(|k| k.default_pillar()).or_else(|| pillar_from_audience(&target_groups)) {
                Some(p) => pillars.push(p),
                None if kind.is_some() => e.add(
                    "pillars",
                    Problem::new("pillar_required", "is required for this kind: give the pillar its audience serves (prevention, protection, prosecution or partnership)"),
                ),
                None => {}
            }
        }
        let delivery_mode = match &self.delivery_mode {
            None => None,
            Some(m) => e.take("delivery_mode", DeliveryMode::from_code(m).map_err(Problem::from)),
        };
        let exploitation_focus = codes::<ExploitationFocus>(&mut e, "exploitation_focus", &self.exploitation_focus);

        let mut organizations: Vec<ActivityOrg> = Vec::new();
        for (i, o) in self.organizations.iter().enumerate() {
            let role = e.take(&format!("organizations[{i}].role"), OrgRole::from_code(&o.role).map_err(Problem::from));
            let org = (ctx.resolve_org)(o.org.trim());
            if org.is_none() {
                e.add(
                    format!("organizations[{i}].org"),
                    Problem::new(
                        "unknown_organization",
                        format!(
                            "no organization '{}' is known: give its id, acronym or IATI identifier, or add it first",
                            o.org
                        ),
                    )
                    .with("value", &o.org),
                );
            }
            if let (Some(org), Some(role)) = (org, role) {
                let ao = ActivityOrg { org, role };
                if !organizations.contains(&ao) {
                    organizations.push(ao);
                }
            }
        }
        if self.organizations.is_empty() {
            e.add(
                "organizations",
                Problem::new("lead_required", "is required: name at least one organization with the role lead"),
            );
        } else if !organizations.is_empty() && !organizations.iter().any(|o| o.role == OrgRole::Lead) {
            e.add("organizations", Problem::new("lead_required", "needs at least one organization with the role lead"));
        }
        if self.organizations.len() > 50 {
            e.add("organizations", Problem::too_many(50, "organizations"));
        }

        let mut locations = Vec::new();
        if self.locations.len() > 50 {
            e.add("locations", Problem::too_many(50, "places"));
        }
        for (i, l) in self.locations.iter().take(50).enumerate() {
            match l.clone().validate(ctx.country, one) {
                Ok(l) => locations.push(l),
                Err(errs) => {
                    for (f, m) in errs {
                        e.add(format!("locations[{i}].{f}"), m);
                    }
                }
            }
        }
        let sensitive = self.sensitive.unwrap_or_else(|| kind.is_some_and(|k| k.sensitive_by_default()));

        let parsed = match ctx.stored_series_end {
            Some(end) => Schedule::from_stored(&self.dates, self.recurrence.as_deref(), end),
            None => Schedule::parse(&self.dates, self.recurrence.as_deref(), ctx.timezone),
        };
        let schedule = match parsed {
            Ok(s) => Some(s),
            Err(errs) => {
                for (f, m) in errs {
                    let path = if f == "recurrence" { f } else { format!("dates.{f}") };
                    e.add(path, m);
                }
                None
            }
        };
        let status = match &self.status {
            None => Some(Status::Planned),
            Some(s) => e.take("status", Status::from_code(s).map_err(Problem::from)),
        };
        let status_note = opt_text(&mut e, "status_note", &self.status_note, 500, one);
        let visibility = match &self.visibility {
            None => Some(Visibility::Group),
            Some(s) => e.take("visibility", Visibility::from_code(s).map_err(Problem::from)),
        };
        let budget = match &self.budget {
            None => None,
            Some(b) => {
                let amount = e.take("budget.amount", check_amount(&b.amount));
                let cur = b.currency.trim().to_ascii_uppercase();
                if cur.len() != 3 || !cur.chars().all(|c| c.is_ascii_uppercase()) {
                    let m = format!("'{}' is not an ISO 4217 currency code (e.g. USD, EUR, KZT)", b.currency);
                    e.add("budget.currency", Problem::new("not_a_currency", m).with("value", &b.currency));
                }
                amount.map(|amount| Money { amount, currency: cur })
            }
        };
        let expected_participants = match self.expected_participants {
            None => None,
            Some(n) if (0..=10_000_000).contains(&n) => Some(n as u32),
            Some(n) => {
                let m = format!("{n} is not a number of people from 0 to 10,000,000");
                e.add("expected_participants", Problem::new("not_a_participant_count", m).with("value", n));
                None
            }
        };
        let contact = self.contact.as_ref().and_then(|c| {
            let c = Contact {
                role: opt_text(&mut e, "contact.role", &c.role, 200, one),
                name: opt_text(&mut e, "contact.name", &c.name, 200, one),
                email: opt_text(&mut e, "contact.email", &c.email, 254, one),
                phone: opt_text(&mut e, "contact.phone", &c.phone, 50, one),
            };
            if let Some(m) = &c.email {
                let ok = m.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !m.contains(' '));
                if !ok {
                    e.add(
                        "contact.email",
                        Problem::new("not_an_email", format!("'{m}' is not an e-mail address")).with("value", m),
                    );
                }
            }
            (c != Contact::default()).then_some(c)
        });
        let mut links = Vec::new();
        if self.links.len() > MAX_LINKS && !stored {
            e.add("links", Problem::too_many(MAX_LINKS, "links"));
        }
        for (i, l) in self.links.iter().enumerate() {
            let url = l.url.trim();
            if let Err(m) = check_url(url).and_then(|()| check_text(url, one)) {
                if !stored {
                    e.add(format!("links[{i}].url"), m);
                }
            }
            let title = opt_text(&mut e, &format!("links[{i}].title"), &l.title, 300, one);
            links.push(Link { url: url.to_string(), title });
        }
        let iati_identifier = opt_text(&mut e, "iati_identifier", &self.iati_identifier, 200, one);
        if iati_identifier.as_deref().is_some_and(|s| s.contains(char::is_whitespace)) {
            e.add("iati_identifier", Problem::new("contains_spaces", "must not contain spaces"));
        }
        let external_ref = opt_text(&mut e, "ref", &self.external_ref, 200, one);
        let mut dac_sectors = Vec::new();
        for (i, s) in self.dac_sectors.iter().enumerate() {
            let t = s.trim();
            if (t.len() == 5 || t.len() == 3) && t.chars().all(|c| c.is_ascii_digit()) {
                if !dac_sectors.iter().any(|x| x == t) {
                    dac_sectors.push(t.to_string());
                }
            } else {
                let m = format!("'{s}' is not a DAC sector code (5 digits, e.g. 15190, or 3 digits)");
                e.add(format!("dac_sectors[{i}]"), Problem::new("not_a_dac_sector", m).with("value", s));
            }
        }

        match (title, kind, schedule, status, visibility) {
            (Some(title), Some(kind), Some(schedule), Some(status), Some(visibility)) if e.is_empty() => {
                Ok(ActivityFields {
                    title,
                    description,
                    kind,
                    pillars,
                    target_groups,
                    delivery_mode,
                    exploitation_focus,
                    organizations,
                    locations,
                    sensitive,
                    schedule,
                    status,
                    status_note,
                    visibility,
                    budget,
                    expected_participants,
                    contact,
                    links,
                    iati_identifier,
                    external_ref,
                    dac_sectors,
                })
            }
            _ => Err(e),
        }
    }
}

fn code_list<V: Vocabulary>(v: &[V]) -> Vec<String> {
    v.iter().map(|x| x.code().to_string()).collect()
}

impl ActivityFields {
    /// The normalized input form (organizations by id, canonical codes, explicit dates).
    pub fn to_input(&self) -> ActivityInput {
        let (dates, recurrence) = self.schedule.to_input();
        let text_map = |t: &LocalizedText| {
            t.versions.iter().map(|(l, s)| (l.as_str().to_string(), s.clone())).collect::<BTreeMap<_, _>>()
        };
        ActivityInput {
            title: text_map(&self.title),
            original_lang: Some(self.title.original.as_str().to_string()),
            description: self.description.as_ref().map(text_map).unwrap_or_default(),
            kind: self.kind.code().to_string(),
            pillars: code_list(&self.pillars),
            target_groups: code_list(&self.target_groups),
            delivery_mode: self.delivery_mode.map(|d| d.code().to_string()),
            exploitation_focus: code_list(&self.exploitation_focus),
            organizations: self
                .organizations
                .iter()
                .map(|o| OrgRefInput { org: o.org.to_string(), role: o.role.code().to_string() })
                .collect(),
            locations: self.locations.clone(),
            sensitive: Some(self.sensitive),
            dates,
            recurrence,
            status: Some(self.status.code().to_string()),
            status_note: self.status_note.clone(),
            visibility: Some(self.visibility.code().to_string()),
            budget: self.budget.as_ref().map(|b| MoneyInput { amount: b.amount.clone(), currency: b.currency.clone() }),
            expected_participants: self.expected_participants.map(i64::from),
            contact: self.contact.clone(),
            links: self.links.clone(),
            iati_identifier: self.iati_identifier.clone(),
            external_ref: self.external_ref.clone(),
            dac_sectors: self.dac_sectors.clone(),
        }
    }

    /// Rebuilds fields from their stored (normalized) form. Stored forms always carry
    /// organization ids and explicit zones, so no outside context is needed.
    pub fn from_stored(
        input: &ActivityInput,
        country: &str,
        series_end: DateTime<Utc>,
    ) -> Result<Self, ValidationErrors> {
        let resolve = |s: &str| s.parse::<OrgId>().ok();
        input.validate(&ValidationContext {
            country,
            timezone: chrono_tz::UTC,
            resolve_org: &resolve,
            stored_series_end: Some(series_end),
        })
    }

    pub fn lead_orgs(&self) -> impl Iterator<Item = OrgId> + '_ {
        self.organizations.iter().filter(|o| o.role == OrgRole::Lead).map(|o| o.org)
    }

    pub fn involves(&self, org: OrgId) -> bool {
        self.organizations.iter().any(|o| o.org == org)
    }

    /// The subdivisions (regions) the activity takes place in.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.locations.iter().filter_map(|l| l.subdivision.as_deref())
    }

    /// Folded text of every title and description version, the places and the ref,
    /// for search.
    pub fn search_text(&self) -> String {
        self.search_over(true)
    }

    /// The same without the places when the activity is sensitive: what readers who
    /// see it at region level may search.
    pub fn search_text_public(&self) -> String {
        self.search_over(!self.sensitive)
    }

    fn search_over(&self, places: bool) -> String {
        let mut parts: Vec<&str> = self.title.all_text().collect();
        if let Some(d) = &self.description {
            parts.extend(d.all_text());
        }
        if places {
            parts.extend(self.locations.iter().filter_map(|l| l.place.as_deref()));
        }
        if let Some(r) = &self.external_ref {
            parts.push(r);
        }
        fold(&parts.join(" \u{1f} "))
    }

    /// Digest of place, time, audience and kind. Overlap flags dismissed for a pair
    /// come back only when one side's fingerprint changes.
    pub fn fingerprint(&self) -> String {
        let mut places: Vec<String> = self
            .locations
            .iter()
            .map(|l| {
                format!(
                    "{}|{}|{}|{}",
                    l.country.as_deref().unwrap_or(""),
                    l.subdivision.as_deref().unwrap_or(""),
                    fold(l.place.as_deref().unwrap_or("")),
                    l.online
                )
            })
            .collect();
        places.sort();
        let mut targets = code_list(&self.target_groups);
        targets.sort();
        let canon = format!(
            "kind={}\ntime={}/{}/{}\ntargets={}\nplaces={}",
            self.kind.code(),
            self.schedule.start_utc.timestamp(),
            self.schedule.end_utc.timestamp(),
            self.schedule.rrule.as_deref().unwrap_or(""),
            targets.join(","),
            places.join(";")
        );
        hex::encode(&Sha256::digest(canon.as_bytes())[..16])
    }

    /// Digest of what a calendar client shows (title, description, time, place,
    /// status, organizations, kind): a change raises the iCalendar SEQUENCE.
    pub fn material_digest(&self) -> String {
        let mut i = self.to_input();
        // Fields that calendar clients do not show.
        i.budget = None;
        i.expected_participants = None;
        i.iati_identifier = None;
        i.external_ref = None;
        i.dac_sectors.clear();
        i.visibility = None;
        let json = serde_json::to_string(&i).unwrap_or_default();
        hex::encode(&Sha256::digest(json.as_bytes())[..16])
    }
}

impl Activity {
    /// A new activity at version 1.
    pub fn new(id: ActivityId, group_id: GroupId, fields: ActivityFields, now: DateTime<Utc>) -> Self {
        let fingerprint = fields.fingerprint();
        Activity {
            id,
            group_id,
            fields,
            version: 1,
            sequence: 0,
            fingerprint,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    /// The activity after an edit: version + 1, sequence + 1 when the change is
    /// material, fingerprint recomputed. `None` when nothing changed.
    pub fn edited(&self, fields: ActivityFields, now: DateTime<Utc>) -> Option<Self> {
        if fields == self.fields {
            return None;
        }
        let material = fields.material_digest() != self.fields.material_digest();
        Some(Activity {
            id: self.id,
            group_id: self.group_id,
            fingerprint: fields.fingerprint(),
            fields,
            version: self.version + 1,
            sequence: self.sequence + i64::from(material),
            created_at: self.created_at,
            updated_at: now,
            deleted_at: None,
        })
    }

    /// JSON for the API and the audit log: the normalized input plus metadata.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self.fields.to_input()).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("id".into(), self.id.to_string().into());
            o.insert("group_id".into(), self.group_id.to_string().into());
            o.insert("version".into(), self.version.into());
            o.insert("sequence".into(), self.sequence.into());
            o.insert("fingerprint".into(), self.fingerprint.clone().into());
            o.insert("created_at".into(), self.created_at.to_rfc3339().into());
            o.insert("updated_at".into(), self.updated_at.to_rfc3339().into());
            if let Some(d) = self.deleted_at {
                o.insert("deleted_at".into(), d.to_rfc3339().into());
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn org(n: u128) -> OrgId {
        OrgId(Uuid::from_u128(n))
    }

    fn ctx_resolve(s: &str) -> Option<OrgId> {
        match s {
            "INL" => Some(org(1)),
            "UNDP" => Some(org(2)),
            other => other.parse().ok(),
        }
    }

    fn ctx() -> ValidationContext<'static> {
        ValidationContext {
            country: "KZ",
            timezone: chrono_tz::Asia::Almaty,
            resolve_org: &ctx_resolve,
            stored_series_end: None,
        }
    }

    pub fn merke() -> ActivityInput {
        serde_json::from_value(serde_json::json!({
            "title": {"en": "Fraudulent document training for Border Guards", "ru": "Обучение пограничников"},
            "kind": "training",
            "target_groups": ["border_guards"],
            "organizations": [{"org": "INL", "role": "lead"}],
            "locations": [{"subdivision": "KZ-ZHA", "place": "Merke railway station"}],
            "dates": {"start": "2007-09-03", "end": "2007-09-07"}
        }))
        .unwrap()
    }

    #[test]
    fn validates_and_normalizes() {
        let f = merke().validate(&ctx()).unwrap();
        assert_eq!(f.pillars, vec![Pillar::Prosecution], "pillar inferred from the audience");
        assert_eq!(f.locations[0].subdivision.as_deref(), Some("KZ-31"));
        assert_eq!(f.status, Status::Planned);
        assert!(!f.sensitive);
        let back = f.to_input();
        assert_eq!(back.organizations[0].org, org(1).to_string());
        let again = ActivityFields::from_stored(&back, "KZ", f.schedule.end_utc).unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn reports_every_bad_field() {
        let mut i = merke();
        i.kind = "party".into();
        i.target_groups.push("aliens".into());
        i.organizations = vec![OrgRefInput { org: "NOBODY".into(), role: "lead".into() }];
        i.dates.end = Some("2007-09-01".into());
        i.locations[0].subdivision = Some("KZ-99".into());
        i.budget = Some(MoneyInput { amount: "-5".into(), currency: "dollars".into() });
        let e = i.validate(&ctx()).unwrap_err();
        let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
        for f in [
            "kind",
            "target_groups[1]",
            "organizations[0].org",
            "locations[0].subdivision",
            "dates.end",
            "budget.amount",
            "budget.currency",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn needs_a_lead() {
        let mut i = merke();
        i.organizations[0].role = "funder".into();
        let e = i.validate(&ctx()).unwrap_err();
        assert_eq!(e.fields[0].field, "organizations");
    }

    #[test]
    fn shelters_are_sensitive_by_default() {
        let mut i = merke();
        i.kind = "shelter_services".into();
        i.target_groups = vec!["victims".into()];
        let f = i.validate(&ctx()).unwrap();
        assert!(f.sensitive);
        assert_eq!(f.pillars, vec![Pillar::Protection]);
    }

    #[test]
    fn fingerprint_and_sequence_follow_material_changes() {
        let now = Utc::now();
        let a = Activity::new(
            ActivityId(Uuid::from_u128(9)),
            GroupId(Uuid::from_u128(8)),
            merke().validate(&ctx()).unwrap(),
            now,
        );
        // Budget: new version, same sequence, same fingerprint.
        let mut i = merke();
        i.budget = Some(MoneyInput { amount: "100".into(), currency: "USD".into() });
        let b = a.edited(i.validate(&ctx()).unwrap(), now).unwrap();
        assert_eq!((b.version, b.sequence), (2, 0));
        assert_eq!(b.fingerprint, a.fingerprint);
        // Dates: sequence and fingerprint change.
        let mut i2 = i.clone();
        i2.dates.end = Some("2007-09-08".into());
        let c = b.edited(i2.validate(&ctx()).unwrap(), now).unwrap();
        assert_eq!((c.version, c.sequence), (3, 1));
        assert_ne!(c.fingerprint, b.fingerprint);
        // Title: sequence rises, fingerprint stays.
        let mut i3 = i2.clone();
        i3.title.insert("en".into(), "Renamed".into());
        let d = c.edited(i3.validate(&ctx()).unwrap(), now).unwrap();
        assert_eq!(d.sequence, 2);
        assert_eq!(d.fingerprint, c.fingerprint);
        // No change: no new version.
        assert!(d.edited(i3.validate(&ctx()).unwrap(), now).is_none());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const TARGETS: [&str; 6] = ["border_guards", "judges", "police", "labour_migrants", "victims", "ngos"];
        const REGIONS: [&str; 5] = ["KZ-31", "KZ-71", "KZ-75", "KZ-79", "KZ-35"];

        fn input(targets: &[usize], regions: &[usize], place_case: bool, day: u32) -> ActivityInput {
            let mut i = merke();
            i.pillars = vec!["prosecution".into()];
            i.target_groups = targets.iter().map(|t| TARGETS[*t].to_string()).collect();
            i.locations = regions
                .iter()
                .map(|r| Location {
                    subdivision: Some(REGIONS[*r].into()),
                    place: Some(if place_case { "MERKE  Station".into() } else { "merke station".into() }),
                    ..Default::default()
                })
                .collect();
            i.dates.start = format!("2007-09-{day:02}");
            i.dates.end = Some(format!("2007-09-{:02}", day + 2));
            i
        }

        proptest! {
            #[test]
            fn fingerprint_ignores_order_and_case(
                targets in proptest::sample::subsequence((0..6).collect::<Vec<_>>(), 1..4),
                regions in proptest::sample::subsequence((0..5).collect::<Vec<_>>(), 1..3),
                day in 1u32..20,
            ) {
                let a = input(&targets, &regions, false, day).validate(&ctx()).unwrap();
                let mut rt = targets.clone();
                rt.reverse();
                let mut rr = regions.clone();
                rr.reverse();
                let b = input(&rt, &rr, true, day).validate(&ctx()).unwrap();
                prop_assert_eq!(a.fingerprint(), b.fingerprint());
            }

            #[test]
            fn fingerprint_follows_place_time_audience_and_kind(
                targets in proptest::sample::subsequence((0..6).collect::<Vec<_>>(), 1..4),
                region in 0usize..5,
                day in 1u32..20,
            ) {
                let base = input(&targets, &[region], false, day);
                let f = base.validate(&ctx()).unwrap().fingerprint();
                let moved = input(&targets, &[(region + 1) % 5], false, day);
                prop_assert_ne!(&f, &moved.validate(&ctx()).unwrap().fingerprint());
                let later = input(&targets, &[region], false, day + 1);
                prop_assert_ne!(&f, &later.validate(&ctx()).unwrap().fingerprint());
                let mut other_kind = base.clone();
                other_kind.kind = "workshop".into();
                prop_assert_ne!(&f, &other_kind.validate(&ctx()).unwrap().fingerprint());
                let extra = (0..6).find(|t| !targets.contains(t)).unwrap();
                let mut more = targets.clone();
                more.push(extra);
                prop_assert_ne!(&f, &input(&more, &[region], false, day).validate(&ctx()).unwrap().fingerprint());
                let mut retitled = base.clone();
                retitled.title.insert("en".into(), "Another title".into());
                prop_assert_eq!(&f, &retitled.validate(&ctx()).unwrap().fingerprint());
            }
        }
    }
}
