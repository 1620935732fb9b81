//! Activities as an IATI 2.03 activity file that validates against the official
//! schema and uses only official codes; what IATI cannot say goes in extension
//! elements of our own namespace, so that export → import loses nothing.
//!
//! - `iati-identifier`: the activity's own; without one, `{lead's IATI id}-{id}` (or
//!   `XM-JOINTCAL-{id}` when the lead has none) — the extension keeps our id.
//! - `reporting-org`: the first lead; `participating-org`: every organization with
//!   its IATI role (lead 2, funder 1, implementer and partner 4) and type.
//! - `activity-status`: planned and confirmed 1, ongoing 2, completed 3, cancelled 5,
//!   postponed 6; `activity-date`: planned start and end (1, 3), actual start (2) once
//!   under way, actual end (4) once completed; the local days in the group's zone.
//! - Places: each country as `recipient-country` (shares split evenly), each place as a
//!   `location` (name, the country as an A4 administrative code, `point`). The places of
//!   sensitive activities are written at region level, whoever exports: an IATI file
//!   is for publishing.
//! - `sector`: the DAC codes (vocabulary 1 for 5 digits, 2 for 3); `budget`: the budget
//!   over the activity's days (original, indicative); `contact-info` the contact.
//! - `jointcal:activity` (namespace [`NAMESPACE`]): our id, kind, status, visibility,
//!   sensitivity, ref, delivery mode, participants, the exact dates with zone and
//!   recurrence, pillars, target groups, exploitation forms, organizations with our
//!   roles, places (unless withheld), links and the status note.
//!
//! Written by hand over `quick_xml::escape`: the element order of the schema is fixed
//! and a writer API would add nothing but allocations.

use crate::services::ActivityView;
use chrono::{DateTime, SecondsFormat, Utc};
use jointcal_domain::activity::Activity;
use jointcal_domain::group::Group;
use jointcal_domain::ids::OrgId;
use jointcal_domain::org::Organization;
use jointcal_domain::schedule::Span;
use jointcal_domain::vocab::{OrgKind, Status, Vocabulary};
use quick_xml::escape::escape;
use std::collections::HashMap;
use std::io::{self, Write};

/// The namespace of jointcal's extension elements (a URN: it names, it is not fetched).
pub const NAMESPACE: &str = "urn:jointcal:iati-extension:1";

/// IATI OrganisationType of an organization's kind.
pub fn iati_org_type(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::UnAgency | OrgKind::Intergovernmental => "40",
        OrgKind::DonorGovernment | OrgKind::Embassy | OrgKind::CentralGovernment | OrgKind::LawEnforcement => "10",
        OrgKind::LocalGovernment => "11",
        OrgKind::InternationalNgo => "21",
        OrgKind::Ngo => "22",
        OrgKind::Foundation => "60",
        OrgKind::Academic => "80",
        OrgKind::Private => "70",
        OrgKind::Other => "90",
    }
}

/// IATI ActivityStatus of a status.
pub fn iati_status(s: Status) -> &'static str {
    match s {
        Status::Planned | Status::Confirmed => "1",
        Status::Ongoing => "2",
        Status::Completed => "3",
        Status::Cancelled => "5",
        Status::Postponed => "6",
    }
}

/// The identifier an activity is exported under.
pub fn identifier_of(a: &Activity, orgs: &HashMap<OrgId, Organization>) -> String {
    if let Some(i) = &a.fields.iati_identifier {
        return i.clone();
    }
    let prefix = a
        .fields
        .lead_orgs()
        .find_map(|o| orgs.get(&o).and_then(|o| o.fields.iati_org_id.clone()))
        .unwrap_or_else(|| "XM-JOINTCAL".to_string());
    format!("{prefix}-{}", a.id)
}

struct Out<W: Write> {
    w: W,
}

impl<W: Write> Out<W> {
    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    fn text(&mut self, s: &str) -> io::Result<()> {
        self.raw(&escape(s))
    }

    /// `<name a="v" …/>` with the attributes whose value is present.
    fn empty(&mut self, indent: &str, name: &str, attrs: &[(&str, Option<&str>)]) -> io::Result<()> {
        self.raw(indent)?;
        self.raw("<")?;
        self.raw(name)?;
        self.attrs(attrs)?;
        self.raw("/>\n")
    }

    fn open(&mut self, indent: &str, name: &str, attrs: &[(&str, Option<&str>)]) -> io::Result<()> {
        self.raw(indent)?;
        self.raw("<")?;
        self.raw(name)?;
        self.attrs(attrs)?;
        self.raw(">\n")
    }

    fn close(&mut self, indent: &str, name: &str) -> io::Result<()> {
        self.raw(indent)?;
        self.raw("</")?;
        self.raw(name)?;
        self.raw(">\n")
    }

    fn attrs(&mut self, attrs: &[(&str, Option<&str>)]) -> io::Result<()> {
        for (k, v) in attrs {
            if let Some(v) = v {
                self.raw(" ")?;
                self.raw(k)?;
                self.raw("=\"")?;
                self.text(v)?;
                self.raw("\"")?;
            }
        }
        Ok(())
    }

    /// `<name …>text</name>` on one line.
    fn leaf(&mut self, indent: &str, name: &str, attrs: &[(&str, Option<&str>)], text: &str) -> io::Result<()> {
        self.raw(indent)?;
        self.raw("<")?;
        self.raw(name)?;
        self.attrs(attrs)?;
        self.raw(">")?;
        self.text(text)?;
        self.raw("</")?;
        self.raw(name)?;
        self.raw(">\n")
    }

    fn narratives<'a>(&mut self, indent: &str, texts: impl Iterator<Item = (&'a str, &'a str)>) -> io::Result<()> {
        for (lang, text) in texts {
            self.leaf(indent, "narrative", &[("xml:lang", Some(lang))], text)?;
        }
        Ok(())
    }
}

/// Writes `activities` of `group` as one IATI activity file.
pub fn write<W: Write>(
    w: W,
    group: &Group,
    activities: &[ActivityView],
    orgs: &HashMap<OrgId, Organization>,
    generated: DateTime<Utc>,
) -> io::Result<W> {
    let mut o = Out { w };
    o.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    let when = generated.to_rfc3339_opts(SecondsFormat::Secs, true);
    o.open(
        "",
        "iati-activities",
        &[("version", Some("2.03")), ("generated-datetime", Some(&when)), ("xmlns:jointcal", Some(NAMESPACE))],
    )?;
    for a in activities {
        activity(&mut o, group, a, orgs)?;
    }
    o.close("", "iati-activities")?;
    Ok(o.w)
}

fn activity<W: Write>(
    o: &mut Out<W>,
    group: &Group,
    v: &ActivityView,
    orgs: &HashMap<OrgId, Organization>,
) -> io::Result<()> {
    let a = &v.activity;
    let f = &a.fields;
    let i1 = "  ";
    let i2 = "    ";
    let i3 = "      ";
    let updated = a.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let lang = f.title.original.as_str().to_string();
    let currency = f.budget.as_ref().map(|b| b.currency.clone());
    o.open(
        i1,
        "iati-activity",
        &[
            ("last-updated-datetime", Some(&updated)),
            ("xml:lang", Some(&lang)),
            ("default-currency", currency.as_deref()),
        ],
    )?;
    o.leaf(i2, "iati-identifier", &[], &identifier_of(a, orgs))?;

    let org_attrs = |id: OrgId| -> (Option<String>, &'static str, String) {
        match orgs.get(&id) {
            Some(org) => (org.fields.iati_org_id.clone(), iati_org_type(org.fields.kind), org.fields.name.clone()),
            None => (None, "90", id.to_string()),
        }
    };
    let lead = f.lead_orgs().next();
    let (lead_ref, lead_type, lead_name) = match lead {
        Some(l) => org_attrs(l),
        None => (None, "90", group.fields.name.clone()),
    };
    let lead_ref = lead_ref.unwrap_or_else(|| {
        lead.and_then(|l| orgs.get(&l))
            .map_or("XM-JOINTCAL".into(), |org| format!("XM-JOINTCAL-{}", org.fields.acronym))
    });
    o.open(i2, "reporting-org", &[("ref", Some(&lead_ref)), ("type", Some(lead_type))])?;
    o.narratives(i3, std::iter::once(("en", lead_name.as_str())))?;
    o.close(i2, "reporting-org")?;

    o.open(i2, "title", &[])?;
    o.narratives(i3, f.title.versions.iter().map(|(l, t)| (l.as_str(), t.as_str())))?;
    o.close(i2, "title")?;
    o.open(i2, "description", &[("type", Some("1"))])?;
    match &f.description {
        Some(d) => o.narratives(i3, d.versions.iter().map(|(l, t)| (l.as_str(), t.as_str())))?,
        // The schema wants a description; the title says what the activity is.
        None => o.narratives(i3, f.title.versions.iter().map(|(l, t)| (l.as_str(), t.as_str())))?,
    }
    o.close(i2, "description")?;

    for ao in &f.organizations {
        let (r, t, name) = org_attrs(ao.org);
        let role = ao.role.iati_role().to_string();
        o.open(i2, "participating-org", &[("ref", r.as_deref()), ("role", Some(&role)), ("type", Some(t))])?;
        o.narratives(i3, std::iter::once(("en", name.as_str())))?;
        o.close(i2, "participating-org")?;
    }
    o.empty(i2, "activity-status", &[("code", Some(iati_status(f.status)))])?;
    let (first, last) = match f.schedule.span {
        Span::AllDay { first, last } => (first, last),
        Span::Timed { start, end } => (start.date(), end.date()),
    };
    // A series ends on the day of its last occurrence's end.
    let last = match f.schedule.rrule {
        Some(_) => {
            (f.schedule.end_utc - chrono::Duration::seconds(1)).with_timezone(&f.schedule.tz).date_naive().max(last)
        }
        None => last,
    };
    let (first, last) = (first.to_string(), last.to_string());
    o.empty(i2, "activity-date", &[("iso-date", Some(&first)), ("type", Some("1"))])?;
    if matches!(f.status, Status::Ongoing | Status::Completed) {
        o.empty(i2, "activity-date", &[("iso-date", Some(&first)), ("type", Some("2"))])?;
    }
    o.empty(i2, "activity-date", &[("iso-date", Some(&last)), ("type", Some("3"))])?;
    if f.status == Status::Completed {
        o.empty(i2, "activity-date", &[("iso-date", Some(&last)), ("type", Some("4"))])?;
    }
    if let Some(c) = &f.contact {
        o.open(i2, "contact-info", &[("type", Some("1"))])?;
        if let Some(n) = &c.name {
            o.open(i3, "person-name", &[])?;
            o.narratives("        ", std::iter::once(("en", n.as_str())))?;
            o.close(i3, "person-name")?;
        }
        if let Some(r) = &c.role {
            o.open(i3, "job-title", &[])?;
            o.narratives("        ", std::iter::once(("en", r.as_str())))?;
            o.close(i3, "job-title")?;
        }
        if let Some(p) = &c.phone {
            o.leaf(i3, "telephone", &[], p)?;
        }
        if let Some(m) = &c.email {
            o.leaf(i3, "email", &[], m)?;
        }
        o.close(i2, "contact-info")?;
    }

    let withheld = f.sensitive;
    let places: Vec<_> = f.locations.iter().map(|l| if withheld { l.redacted() } else { l.clone() }).collect();
    let mut countries: Vec<&str> = places.iter().filter_map(|l| l.country.as_deref()).collect();
    countries.sort_unstable();
    countries.dedup();
    let share = if countries.len() > 1 { Some(format!("{:.2}", 100.0 / countries.len() as f64)) } else { None };
    for c in &countries {
        o.empty(i2, "recipient-country", &[("code", Some(c)), ("percentage", share.as_deref())])?;
    }
    for l in places.iter().filter(|l| l.place.is_some() || l.subdivision.is_some() || l.lat.is_some()) {
        o.open(i2, "location", &[])?;
        o.open(i3, "name", &[])?;
        o.narratives("        ", std::iter::once(("en", l.label().as_str())))?;
        o.close(i3, "name")?;
        if let Some(c) = &l.country {
            o.empty(i3, "administrative", &[("vocabulary", Some("A4")), ("level", Some("0")), ("code", Some(c))])?;
        }
        if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
            o.open(i3, "point", &[("srsName", Some("http://www.opengis.net/def/crs/EPSG/0/4326"))])?;
            o.leaf("        ", "pos", &[], &format!("{lat} {lon}"))?;
            o.close(i3, "point")?;
        }
        o.close(i2, "location")?;
    }
    let share = if f.dac_sectors.len() > 1 { Some(format!("{:.2}", 100.0 / f.dac_sectors.len() as f64)) } else { None };
    for s in &f.dac_sectors {
        let vocab = if s.len() == 5 { "1" } else { "2" };
        o.empty(i2, "sector", &[("vocabulary", Some(vocab)), ("code", Some(s)), ("percentage", share.as_deref())])?;
    }
    if let Some(b) = &f.budget {
        o.open(i2, "budget", &[("type", Some("1")), ("status", Some("1"))])?;
        o.empty(i3, "period-start", &[("iso-date", Some(&first))])?;
        o.empty(i3, "period-end", &[("iso-date", Some(&last))])?;
        o.leaf(i3, "value", &[("currency", Some(&b.currency)), ("value-date", Some(&first))], &b.amount)?;
        o.close(i2, "budget")?;
    }
    extension(o, v, orgs, withheld)?;
    o.close(i1, "iati-activity")
}

fn extension<W: Write>(
    o: &mut Out<W>,
    v: &ActivityView,
    orgs: &HashMap<OrgId, Organization>,
    withheld: bool,
) -> io::Result<()> {
    let a = &v.activity;
    let f = &a.fields;
    let i2 = "    ";
    let i3 = "      ";
    let id = a.id.to_string();
    let participants = f.expected_participants.map(|n| n.to_string());
    let withheld_attr = (withheld || !v.exact_place).then_some("true");
    o.open(
        i2,
        "jointcal:activity",
        &[
            ("id", Some(&id)),
            ("kind", Some(f.kind.code())),
            ("status", Some(f.status.code())),
            ("visibility", Some(f.visibility.code())),
            ("sensitive", Some(if f.sensitive { "true" } else { "false" })),
            ("ref", f.external_ref.as_deref()),
            ("delivery-mode", f.delivery_mode.map(|d| d.code())),
            ("expected-participants", participants.as_deref()),
            ("original-lang", Some(f.title.original.as_str())),
            ("places-withheld", withheld_attr),
            ("no-description", f.description.is_none().then_some("true")),
        ],
    )?;
    if let Some(b) = &f.budget {
        o.empty(i3, "jointcal:budget", &[("amount", Some(&b.amount)), ("currency", Some(&b.currency))])?;
    }
    let d = f.schedule.output();
    o.empty(i3, "jointcal:dates", &[("start", Some(&d.start)), ("end", Some(&d.end)), ("tz", Some(&d.tz))])?;
    if let Some(r) = &d.recurrence {
        o.leaf(i3, "jointcal:recurrence", &[], r)?;
    }
    for p in &f.pillars {
        o.empty(i3, "jointcal:pillar", &[("code", Some(p.code()))])?;
    }
    for t in &f.target_groups {
        o.empty(i3, "jointcal:target-group", &[("code", Some(t.code()))])?;
    }
    for e in &f.exploitation_focus {
        o.empty(i3, "jointcal:exploitation", &[("code", Some(e.code()))])?;
    }
    for ao in &f.organizations {
        let org = orgs.get(&ao.org);
        o.empty(
            i3,
            "jointcal:org",
            &[
                ("acronym", org.map(|x| x.fields.acronym.as_str())),
                ("ref", org.and_then(|x| x.fields.iati_org_id.as_deref())),
                ("name", org.map(|x| x.fields.name.as_str())),
                ("kind", org.map(|x| x.fields.kind.code())),
                ("role", Some(ao.role.code())),
            ],
        )?;
    }
    {
        // Withheld places are written at region level, as in the IATI part.
        for l in f.locations.iter().map(|l| if withheld_attr.is_some() { l.redacted() } else { l.clone() }) {
            let (lat, lon) = (l.lat.map(|x| x.to_string()), l.lon.map(|x| x.to_string()));
            o.empty(
                i3,
                "jointcal:location",
                &[
                    ("country", l.country.as_deref()),
                    ("subdivision", l.subdivision.as_deref()),
                    ("place", l.place.as_deref()),
                    ("lat", lat.as_deref()),
                    ("lon", lon.as_deref()),
                    ("online", l.online.then_some("true")),
                ],
            )?;
            for r in &l.refs {
                o.empty("        ", "jointcal:area-ref", &[("scheme", Some(&r.scheme)), ("code", Some(&r.code))])?;
            }
        }
    }
    for l in &f.links {
        o.empty(i3, "jointcal:link", &[("url", Some(&l.url)), ("title", l.title.as_deref())])?;
    }
    if let Some(n) = &f.status_note {
        o.leaf(i3, "jointcal:status-note", &[], n)?;
    }
    if let Some(c) = &f.contact {
        let attrs = [
            ("role", c.role.as_deref()),
            ("name", c.name.as_deref()),
            ("email", c.email.as_deref()),
            ("phone", c.phone.as_deref()),
        ];
        o.empty(i3, "jointcal:contact", &attrs)?;
    }
    o.close(i2, "jointcal:activity")
}
