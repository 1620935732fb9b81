//! IATI activities (read by `jointcal-iati`) as import records.
//!
//! The rules, each noted on the record when it applies:
//! - **Key**: `iati-identifier`; re-importing finds the stored activity by it.
//! - **Title and description** in each language the file gives (`xml:lang`, else the
//!   activity's default, else English); the title made one line and cut to 500
//!   characters, the descriptions of type 1 (else any) joined per language.
//! - **Organizations**: `reporting-org` and accountable (2) ones lead; funding (1) and
//!   extending (3) ones fund; implementing (4) ones implement; any other role is a
//!   partner. No lead: the first funder leads, else the first organization.
//! - **Dates**: the actual start (type 2) else the planned start (1); the actual end
//!   (4) else the planned end (3). Only a start: one day; only an end: that day. No
//!   date at all: refused.
//! - **Status**: activity-status 1–6 (`Status::from_iati`); none: from the dates and
//!   today (over → completed, not begun → planned, else ongoing).
//! - **Places**: each recipient country; each location with an ISO 3166-2 code in its
//!   administrative codes, or a name that is a subdivision's, at that subdivision (other
//!   codes kept as area references); coordinates from `point`.
//! - **Sectors**: vocabulary 1 (5-digit DAC) and 2 (3-digit) kept; others noted.
//! - **Budget**: the sum of the budget periods in the first currency (revised over
//!   original for the same period).
//! - **Kind and audience** are not IATI's: guessed from the words (`formats::words`),
//!   else the import's default kind; the pillar follows from the kind or audience,
//!   else prevention. The kind, pillars and target groups are not owned by the file:
//!   a re-import keeps what a coordinator set.

use crate::evaluate::records::org_ref;
use crate::formats::record::{Item, Key, OrgMention, Owned, Record, Refused, Source};
use crate::formats::text::{cut, many_lines, one_line};
use crate::formats::words::{acronym_of, audiences_from_words, kind_from_words, org_kind};
use chrono::NaiveDate;
use jointcal_domain::activity::{
    pillar_from_audience, ActivityInput, Contact, Link, MoneyInput, OrgRefInput, MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS,
};
use jointcal_domain::geo::{country_from_code, parse_subdivision, subdivision_by_name, AreaRef, Location};
use jointcal_domain::ids::ActivityId;
use jointcal_domain::org::parse_iati_org_id;
use jointcal_domain::schedule::DatesInput;
use jointcal_domain::text::Lang;
use jointcal_domain::vocab::{ActivityKind, OrgKind, OrgRole, Pillar, Status, Vocabulary};
use jointcal_iati::{pick_narrative, Activity, ActivityError, Extension, Narrative, Org, OrgRole as IatiRole};
use std::collections::BTreeMap;

/// What an IATI import is asked to keep and assume.
#[derive(Debug, Clone)]
pub struct IatiOptions {
    /// The group's country (ISO 3166-1 alpha-2).
    pub group_country: String,
    /// Keep only activities for one of these countries (alpha-2); empty: all.
    pub countries: Vec<String>,
    /// Keep only activities with a sector code starting with one of these; empty: all.
    pub sectors: Vec<String>,
    /// The kind of an activity whose words tell none.
    pub default_kind: ActivityKind,
    /// Today in the group's zone (for a missing status).
    pub today: NaiveDate,
}

/// An activity the IATI reader refused (no identifier), as an import item.
pub fn refused(e: ActivityError, file: &str) -> Item {
    Item::Refused(Refused {
        at: Source { file: file.to_string(), line: e.line },
        key: e.identifier,
        field: Some("iati-identifier".into()),
        reason: e.message,
    })
}

fn texts(narratives: &[Narrative], default_lang: &str, notes: &mut Vec<String>, what: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for n in narratives {
        let lang = match n.lang.as_deref().map(Lang::parse) {
            Some(Ok(l)) => l.as_str().to_string(),
            Some(Err(_)) => {
                notes.push(format!(
                    "the {what} in '{}' is not in a language code; taken as {default_lang}",
                    n.lang.as_deref().unwrap_or_default()
                ));
                default_lang.to_string()
            }
            None => default_lang.to_string(),
        };
        out.push((lang, n.text.clone()));
    }
    out
}

/// One IATI activity as an import item.
pub fn item(a: &Activity, file: &str, o: &IatiOptions) -> Item {
    let at = Source { file: file.to_string(), line: a.line };
    let refuse = |field: &str, reason: String| {
        Item::Refused(Refused {
            at: at.clone(),
            key: Some(a.identifier.clone()),
            field: Some(field.to_string()),
            reason,
        })
    };
    // Filters first: an activity left out is not checked.
    if !o.countries.is_empty() && !a.recipient_countries.iter().any(|c| o.countries.contains(&c.code)) {
        let had: Vec<&str> = a.recipient_countries.iter().map(|c| c.code.as_str()).collect();
        let why = if had.is_empty() { "no recipient-country".to_string() } else { format!("for {}", had.join(", ")) };
        return Item::Filtered { at, key: a.identifier.clone(), why };
    }
    if !o.sectors.is_empty() && !a.sectors.iter().any(|s| o.sectors.iter().any(|p| s.code.starts_with(p.as_str()))) {
        let had: Vec<&str> = a.sectors.iter().map(|s| s.code.as_str()).collect();
        let why = if had.is_empty() { "no sector".to_string() } else { format!("sectors {}", had.join(", ")) };
        return Item::Filtered { at, key: a.identifier.clone(), why };
    }

    let mut notes: Vec<String> = a.notices.iter().map(|n| n.to_string()).collect();
    let default_lang = a
        .default_lang
        .as_deref()
        .and_then(|l| Lang::parse(l).ok())
        .map_or("en".to_string(), |l| l.as_str().to_string());

    // Title.
    let mut title = BTreeMap::new();
    for (lang, text) in texts(&a.titles, &default_lang, &mut notes, "title") {
        let (t, was_cut) = cut(one_line(&text), MAX_TITLE_CHARS);
        if was_cut {
            notes.push(format!("the {lang} title was cut to {MAX_TITLE_CHARS} characters"));
        }
        if !t.is_empty() {
            title.entry(lang).or_insert(t);
        }
    }
    if title.is_empty() {
        return refuse("title", "no title: an activity of the calendar needs one".into());
    }
    let original_lang = if title.contains_key(&default_lang) { Some(default_lang.clone()) } else { None };

    // Description: type 1 (general), else every description.
    let general: Vec<_> = a.descriptions.iter().filter(|d| matches!(d.kind.as_deref(), None | Some("1"))).collect();
    let chosen = if general.is_empty() { a.descriptions.iter().collect() } else { general };
    let mut description: BTreeMap<String, String> = BTreeMap::new();
    for d in chosen {
        for (lang, text) in texts(&d.narratives, &default_lang, &mut notes, "description") {
            let text = many_lines(&text);
            if text.is_empty() {
                continue;
            }
            let entry = description.entry(lang).or_default();
            if !entry.is_empty() {
                entry.push_str("\n\n");
            }
            entry.push_str(&text);
        }
    }
    for (lang, text) in description.iter_mut() {
        let (t, was_cut) = cut(std::mem::take(text), MAX_DESCRIPTION_CHARS);
        if was_cut {
            notes.push(format!("the {lang} description was cut to {MAX_DESCRIPTION_CHARS} characters"));
        }
        *text = t;
    }

    // Organizations.
    let mut orgs: Vec<OrgMention> = Vec::new();
    let mut roles: Vec<OrgRefInput> = Vec::new();
    let mut add = |org: &Org, role: OrgRole, notes: &mut Vec<String>| {
        let Some(m) = mention(org, &o.group_country) else {
            notes.push("an organization without name or identifier was left out".into());
            return;
        };
        let n = match orgs.iter().position(|x| same_org(x, &m)) {
            Some(n) => n,
            None => {
                orgs.push(m);
                orgs.len() - 1
            }
        };
        let r = OrgRefInput { org: Record::org_placeholder(n), role: role.code().to_string() };
        if !roles.contains(&r) {
            roles.push(r);
        }
    };
    if let Some(r) = &a.reporting_org {
        add(r, OrgRole::Lead, &mut notes);
    }
    for p in &a.participating_orgs {
        let role = match &p.role {
            IatiRole::Accountable => OrgRole::Lead,
            IatiRole::Funding | IatiRole::Extending => OrgRole::Funder,
            IatiRole::Implementing => OrgRole::Implementer,
            IatiRole::Other(code) => {
                notes.push(format!("participating-org role '{code}' is not an IATI role; taken as partner"));
                OrgRole::Partner
            }
        };
        add(&p.org, role, &mut notes);
    }
    if roles.is_empty() {
        return refuse(
            "participating-org",
            "no organization: neither reporting-org nor participating-org names one".into(),
        );
    }
    if !roles.iter().any(|r| r.role == OrgRole::Lead.code()) {
        let pick = roles.iter().position(|r| r.role == OrgRole::Funder.code()).unwrap_or(0);
        let n = &roles[pick].org;
        notes.push(format!(
            "no reporting or accountable organization: {} leads",
            n.strip_prefix('#')
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| orgs.get(i))
                .map_or("the first", |m| m.name.as_str())
        ));
        let lead = OrgRefInput { org: n.clone(), role: OrgRole::Lead.code().into() };
        roles.insert(0, lead);
    }

    // Dates.
    let start = a.start().map(|(d, _)| d);
    let end = a.end().map(|(d, _)| d);
    let (first, last) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => {
            notes.push("no end date: one day".into());
            (s, s)
        }
        (None, Some(e)) => {
            notes.push("no start date: the end date is taken as the day".into());
            (e, e)
        }
        (None, None) => {
            return refuse(
                "activity-date",
                "no start or end date (activity-date of type 1–4): the calendar needs a day".into(),
            )
        }
    };
    if last < first {
        return refuse("activity-date", format!("the end ({last}) is before the start ({first})"));
    }

    // Status.
    let status = match a.status.as_deref().and_then(|s| s.trim().parse::<u8>().ok()).and_then(Status::from_iati) {
        Some(s) => s,
        None => {
            let s = if last < o.today {
                Status::Completed
            } else if first > o.today {
                Status::Planned
            } else {
                Status::Ongoing
            };
            match &a.status {
                Some(code) => {
                    notes.push(format!("activity-status '{code}' is not a code of 1–6; {} from the dates", s.code()))
                }
                None => notes.push(format!("no activity-status: {} from the dates", s.code())),
            }
            s
        }
    };

    // Places.
    let countries: Vec<String> = a
        .recipient_countries
        .iter()
        .filter_map(|c| match country_from_code(&c.code) {
            Some(k) => Some(k.to_string()),
            None => {
                notes.push(format!("recipient-country '{}' is not an ISO 3166-1 code; left out", c.code));
                None
            }
        })
        .collect();
    let mut locations: Vec<Location> = Vec::new();
    for l in &a.locations {
        let name = pick_narrative(&l.name, "en").map(one_line).filter(|n| !n.is_empty());
        let mut loc = Location::default();
        let mut refs = Vec::new();
        for code in &l.admin {
            let c = code.code.trim();
            if code.vocabulary.as_deref() == Some("A4") && code.level.unwrap_or(0) == 0 {
                if let Some(k) = country_from_code(c) {
                    loc.country.get_or_insert_with(|| k.to_string());
                    continue;
                }
            }
            let as_iso =
                c.split_once('-').and_then(|(k, _)| country_from_code(k)).and_then(|k| parse_subdivision(k, c).ok());
            match as_iso {
                Some(sd) if loc.subdivision.is_none() => {
                    loc.country = Some(sd.country.to_string());
                    loc.subdivision = Some(sd.code.to_string());
                }
                _ => refs.push(AreaRef {
                    scheme: code.vocabulary.clone().map_or("iati".to_string(), |v| format!("iati-{v}")),
                    code: c.to_string(),
                }),
            }
        }
        if loc.subdivision.is_none() {
            if let Some(n) = &name {
                for k in countries.iter().map(String::as_str).chain(std::iter::once(o.group_country.as_str())) {
                    if let Some(sd) = subdivision_by_name(k, n) {
                        notes.push(format!("location '{n}' taken as {} ({})", sd.name, sd.code));
                        loc.country = Some(sd.country.to_string());
                        loc.subdivision = Some(sd.code.to_string());
                        break;
                    }
                }
            }
        }
        if loc.country.is_none() && countries.len() == 1 {
            loc.country = countries.first().cloned();
        }
        loc.place = name.map(|n| cut(n, 300).0);
        if let Some((lat, lon)) = l.point {
            loc.lat = Some(lat);
            loc.lon = Some(lon);
        }
        refs.truncate(20);
        loc.refs = refs;
        if loc.country.is_some() || loc.place.is_some() || loc.lat.is_some() {
            locations.push(loc);
        }
    }
    for c in &countries {
        if !locations.iter().any(|l| l.country.as_deref() == Some(c.as_str())) {
            locations.push(Location { country: Some(c.clone()), ..Location::default() });
        }
    }
    if locations.len() > 50 {
        notes.push(format!("{} places: the first 50 kept", locations.len()));
        locations.truncate(50);
    }

    // Sectors.
    let mut dac_sectors = Vec::new();
    for s in &a.sectors {
        let code = s.code.trim();
        let digits = code.chars().all(|c| c.is_ascii_digit());
        match (s.vocabulary.as_str(), code.len()) {
            ("1", 5) | ("2", 3) if digits => {
                if !dac_sectors.iter().any(|x: &String| x == code) {
                    dac_sectors.push(code.to_string());
                }
            }
            (v, _) => notes.push(format!("sector {code} of vocabulary {v} is not a DAC code; left out")),
        }
    }

    // Budget.
    let budget = budget(a, &mut notes);

    // Kind, audience and pillar from the words.
    let words = format!(
        "{} {}",
        title.values().cloned().collect::<Vec<_>>().join(" "),
        description.values().cloned().collect::<Vec<_>>().join(" ")
    );
    let kind = match title.values().find_map(|t| kind_from_words(t)).or_else(|| kind_from_words(&words)) {
        Some((k, stem)) => {
            notes.push(format!("kind {} guessed from the word '{}'", k.code(), stem.trim()));
            k
        }
        None => {
            notes.push(format!("kind {}: the words tell none (the import's default)", o.default_kind.code()));
            o.default_kind
        }
    };
    let target_groups = audiences_from_words(&words);
    if !target_groups.is_empty() {
        let codes: Vec<&str> = target_groups.iter().map(|t| t.code()).collect();
        notes.push(format!("target groups guessed from the words: {}", codes.join(", ")));
    }
    let mut pillars = Vec::new();
    if kind.default_pillar().is_none() && pillar_from_audience(&target_groups).is_none() {
        pillars.push(Pillar::Prevention.code().to_string());
        notes.push("pillar prevention: neither the kind nor the audience tells one".into());
    }

    let input = ActivityInput {
        title,
        original_lang,
        description,
        kind: kind.code().to_string(),
        pillars,
        target_groups: target_groups.iter().map(|t| t.code().to_string()).collect(),
        organizations: roles,
        locations,
        dates: DatesInput { start: first.to_string(), end: Some(last.to_string()), tz: None, all_day: None },
        status: Some(status.code().to_string()),
        budget,
        iati_identifier: Some(a.identifier.clone()),
        dac_sectors,
        ..ActivityInput::default()
    };
    let owned =
        Owned { description: true, locations: true, status: true, budget: true, dac_sectors: true, ..Owned::default() };
    let mut record = Record { at: at.clone(), key: Key::Iati(a.identifier.clone()), input, orgs, owned, notes };
    if let Err(why) = own_extension(&a.extensions, &mut record) {
        return refuse("jointcal:activity", why);
    }
    Item::Record(Box::new(record))
}

/// A file jointcal wrote: its extension elements say what IATI cannot, and the file
/// owns every field (but the places when they were withheld).
fn own_extension(ext: &[Extension], r: &mut Record) -> Result<(), String> {
    let Some(top) = ext.iter().find(|e| e.name == "activity") else { return Ok(()) };
    // An identifier that jointcal made for the export ({lead}-{id}): the activity had
    // none, and is found again by its id.
    if let Some(id) = top.attr("id").and_then(|i| i.parse::<ActivityId>().ok()) {
        if r.input.iati_identifier.as_deref().is_some_and(|i| i.ends_with(&format!("-{id}"))) {
            r.key = Key::Id(id);
            r.input.iati_identifier = None;
        }
    }
    let input = &mut r.input;
    let text = |k: &str| top.attr(k).map(str::to_string);
    if let Some(k) = text("kind") {
        input.kind = k;
    }
    input.status = text("status").or(input.status.take());
    input.visibility = text("visibility");
    input.sensitive = top.attr("sensitive").map(|s| s == "true");
    input.external_ref = text("ref");
    input.delivery_mode = text("delivery-mode");
    input.expected_participants = match top.attr("expected-participants") {
        None => None,
        Some(n) => Some(n.parse::<i64>().map_err(|_| format!("expected-participants '{n}' is not a number"))?),
    };
    if let Some(l) = top.attr("original-lang").filter(|l| input.title.contains_key(*l)) {
        input.original_lang = Some(l.to_string());
    }
    if top.attr("no-description") == Some("true") {
        input.description.clear();
    }
    if let Some(b) = ext.iter().find(|e| e.name == "budget") {
        if let (Some(amount), Some(currency)) = (b.attr("amount"), b.attr("currency")) {
            input.budget = Some(MoneyInput { amount: amount.to_string(), currency: currency.to_string() });
        }
    }
    let codes = |name: &str| {
        ext.iter().filter(|e| e.name == name).filter_map(|e| e.attr("code").map(str::to_string)).collect::<Vec<_>>()
    };
    input.pillars = codes("pillar");
    input.target_groups = codes("target-group");
    input.exploitation_focus = codes("exploitation");
    if let Some(d) = ext.iter().find(|e| e.name == "dates") {
        input.dates = DatesInput {
            start: d.attr("start").unwrap_or_default().to_string(),
            end: d.attr("end").map(str::to_string),
            tz: d.attr("tz").map(str::to_string),
            all_day: None,
        };
    }
    input.recurrence = ext.iter().find(|e| e.name == "recurrence").map(|e| e.text.clone());
    input.status_note = ext.iter().find(|e| e.name == "status-note").map(|e| e.text.clone());
    input.links = ext
        .iter()
        .filter(|e| e.name == "link")
        .filter_map(|e| e.attr("url").map(|u| Link { url: u.to_string(), title: e.attr("title").map(str::to_string) }))
        .collect();
    input.contact = ext.iter().find(|e| e.name == "contact").map(|e| Contact {
        role: e.attr("role").map(str::to_string),
        name: e.attr("name").map(str::to_string),
        email: e.attr("email").map(str::to_string),
        phone: e.attr("phone").map(str::to_string),
    });
    let org_ext: Vec<&Extension> = ext.iter().filter(|e| e.name == "org").collect();
    if !org_ext.is_empty() {
        r.orgs.clear();
        input.organizations.clear();
        for e in org_ext {
            let name = e.attr("name").or(e.attr("acronym")).or(e.attr("ref")).ok_or("an org without a name")?;
            let kind = e.attr("kind").and_then(|k| OrgKind::from_code(k).ok()).unwrap_or(OrgKind::Other);
            let m = OrgMention {
                iati_id: e.attr("ref").map(str::to_string),
                name: name.to_string(),
                acronym: e.attr("acronym").map(str::to_string),
                kind,
            };
            let n = match r.orgs.iter().position(|x| *x == m) {
                Some(n) => n,
                None => {
                    r.orgs.push(m);
                    r.orgs.len() - 1
                }
            };
            input.organizations.push(OrgRefInput {
                org: Record::org_placeholder(n),
                role: e.attr("role").unwrap_or("lead").to_string(),
            });
        }
    }
    // Withheld places are at region level: they make a new activity's places, but a
    // re-import keeps the exact ones stored.
    let withheld = top.attr("places-withheld") == Some("true");
    {
        let mut locations: Vec<Location> = Vec::new();
        for e in ext.iter().filter(|e| e.name == "location" || e.name == "area-ref") {
            if e.name == "area-ref" {
                if let (Some(l), Some(scheme), Some(code)) = (locations.last_mut(), e.attr("scheme"), e.attr("code")) {
                    l.refs.push(AreaRef { scheme: scheme.to_string(), code: code.to_string() });
                }
                continue;
            }
            let num = |k: &str| -> Result<Option<f64>, String> {
                e.attr(k).map(|v| v.parse::<f64>().map_err(|_| format!("{k} '{v}' is not a number"))).transpose()
            };
            locations.push(Location {
                country: e.attr("country").map(str::to_string),
                subdivision: e.attr("subdivision").map(str::to_string),
                place: e.attr("place").map(str::to_string),
                lat: num("lat")?,
                lon: num("lon")?,
                online: e.attr("online") == Some("true"),
                refs: Vec::new(),
            });
        }
        input.locations = locations;
    }
    r.owned = Owned {
        kind: true,
        pillars: true,
        target_groups: true,
        delivery_mode: true,
        description: true,
        locations: !withheld,
        status: true,
        budget: true,
        expected_participants: true,
        dac_sectors: true,
        rest: true,
    };
    r.notes.retain(|n| !n.starts_with("kind ") && !n.starts_with("target groups guessed") && !n.starts_with("pillar "));
    Ok(())
}

fn mention(org: &Org, group_country: &str) -> Option<OrgMention> {
    let iati_id = org.reference.as_deref().and_then(org_ref).filter(|r| parse_iati_org_id(r).is_ok());
    let name = pick_narrative(&org.names, "en").map(one_line).filter(|n| !n.is_empty());
    let name = match (name, &iati_id) {
        (Some(n), _) => cut(n, 300).0,
        (None, Some(id)) => id.clone(),
        (None, None) => return None,
    };
    let acronym = acronym_of(&name);
    let kind = org_kind(org.org_type.as_deref(), &name, group_country, iati_id.as_deref());
    Some(OrgMention { iati_id, name, acronym, kind })
}

fn same_org(a: &OrgMention, b: &OrgMention) -> bool {
    match (&a.iati_id, &b.iati_id) {
        (Some(x), Some(y)) => x == y,
        _ => jointcal_domain::text::fold(&a.name) == jointcal_domain::text::fold(&b.name),
    }
}

/// The total of the budget periods in the first currency named: for each period the
/// revised budget if there is one, else the original.
fn budget(a: &Activity, notes: &mut Vec<String>) -> Option<MoneyInput> {
    let currency = a.budgets.iter().find_map(|b| b.currency.clone()).or_else(|| a.default_currency.clone())?;
    let mut periods: BTreeMap<(Option<NaiveDate>, Option<NaiveDate>), (bool, f64)> = BTreeMap::new();
    let mut other_currency = false;
    for b in &a.budgets {
        let cur = b.currency.as_deref().or(a.default_currency.as_deref());
        if cur != Some(currency.as_str()) {
            other_currency = true;
            continue;
        }
        if b.value < 0.0 || !b.value.is_finite() {
            notes.push(format!("a budget of {} left out", b.value));
            continue;
        }
        let revised = b.kind.as_deref() == Some("2");
        let e = periods.entry((b.start, b.end)).or_insert((revised, 0.0));
        if revised && !e.0 {
            *e = (true, b.value);
        } else if revised == e.0 {
            e.1 += b.value;
        }
    }
    if other_currency {
        notes.push(format!("budgets in other currencies than {currency} left out of the total"));
    }
    if periods.is_empty() {
        return None;
    }
    let total: f64 = periods.values().map(|(_, v)| v).sum();
    if total > 999_999_999_999_999.0 {
        notes.push(format!("a budget total of {total} is too large to keep"));
        return None;
    }
    let amount = format!("{total:.2}");
    let amount = amount.strip_suffix(".00").unwrap_or(&amount).to_string();
    Some(MoneyInput { amount, currency })
}
