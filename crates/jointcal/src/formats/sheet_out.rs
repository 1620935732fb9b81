//! Activities as an HXL-tagged 3W sheet (CSV): a row of headers, a row of HXL tags
//! (the same that `formats::hxl_in` reads, so a sheet goes back in), then one row per
//! activity. Several organizations of one role, target groups and pillars are joined
//! with `|`; the first place with a region gives the region columns and every place
//! name is listed. Every text cell that a spreadsheet would run as a formula is
//! neutralized (`formats::neutralized`).

use crate::formats::text::neutralized;
use crate::services::ActivityView;
use jointcal_domain::geo::subdivision;
use jointcal_domain::ids::OrgId;
use jointcal_domain::org::Organization;
use jointcal_domain::schedule::Span;
use jointcal_domain::vocab::{OrgRole, Vocabulary};
use std::collections::HashMap;
use std::io::Write;

/// (header, HXL tag) of each column, in order.
pub const COLUMNS: [(&str, &str); 19] = [
    ("ID", "#activity+code"),
    ("Title", "#activity+name"),
    ("Description", "#description"),
    ("Lead", "#org+prog+name"),
    ("Funder", "#org+funder+name"),
    ("Implementer", "#org+impl+name"),
    ("Partner", "#org+partner+name"),
    ("Pillar", "#sector+code"),
    ("Activity type", "#activity+type+code"),
    ("Target groups", "#beneficiary+code"),
    ("Delivery mode", "#modality+code"),
    ("Country", "#country+code"),
    ("Region code", "#adm1+code"),
    ("Region", "#adm1+name"),
    ("Location", "#loc+name"),
    ("Start", "#date+start"),
    ("End", "#date+end"),
    ("Status", "#status+code"),
    ("Targeted", "#targeted+ind"),
];

/// The key a row is written under: the activity's ref, else its IATI identifier,
/// else its id.
fn row_id(v: &ActivityView) -> String {
    let f = &v.activity.fields;
    f.external_ref.clone().or_else(|| f.iati_identifier.clone()).unwrap_or_else(|| v.activity.id.to_string())
}

/// The sheet's rows, one per activity, in the order of [`COLUMNS`]; `lang` picks the
/// title and description version. Cells are neutralized.
pub fn rows<'a>(
    activities: &'a [ActivityView],
    orgs: &'a HashMap<OrgId, Organization>,
    lang: &'a str,
) -> impl Iterator<Item = [String; 19]> + 'a {
    activities.iter().map(move |v| {
        let f = &v.activity.fields;
        let name = |id: &OrgId| orgs.get(id).map_or_else(|| id.to_string(), |o| o.fields.acronym.clone());
        let by_role = |role: OrgRole| {
            f.organizations.iter().filter(|o| o.role == role).map(|o| name(&o.org)).collect::<Vec<_>>().join("|")
        };
        let pick = |t: &jointcal_domain::text::LocalizedText| {
            t.versions
                .iter()
                .find(|(l, _)| l.as_str() == lang)
                .or_else(|| t.versions.iter().find(|(l, _)| **l == t.original))
                .map(|(_, s)| s.clone())
                .unwrap_or_default()
        };
        let region = f.locations.iter().find_map(|l| l.subdivision.as_deref());
        let country = f.locations.iter().find_map(|l| l.country.clone()).unwrap_or_default();
        let places: Vec<String> = f
            .locations
            .iter()
            .filter_map(|l| if l.online { Some("online".to_string()) } else { l.place.clone() })
            .collect();
        let (first, last) = match f.schedule.span {
            Span::AllDay { first, last } => (first.to_string(), last.to_string()),
            Span::Timed { start, end } => (start.date().to_string(), end.date().to_string()),
        };
        [
            row_id(v),
            pick(&f.title),
            f.description.as_ref().map(pick).unwrap_or_default(),
            by_role(OrgRole::Lead),
            by_role(OrgRole::Funder),
            by_role(OrgRole::Implementer),
            by_role(OrgRole::Partner),
            f.pillars.iter().map(|p| p.code()).collect::<Vec<_>>().join("|"),
            f.kind.code().to_string(),
            f.target_groups.iter().map(|t| t.code()).collect::<Vec<_>>().join("|"),
            f.delivery_mode.map(|d| d.code().to_string()).unwrap_or_default(),
            country,
            region.unwrap_or_default().to_string(),
            region.and_then(subdivision).map(|s| s.name.to_string()).unwrap_or_default(),
            places.join("; "),
            first,
            last,
            f.status.code().to_string(),
            f.expected_participants.map(|n| n.to_string()).unwrap_or_default(),
        ]
        .map(|c| neutralized(&c).into_owned())
    })
}

/// Writes the sheet as CSV.
pub fn write<W: Write>(
    w: W,
    activities: &[ActivityView],
    orgs: &HashMap<OrgId, Organization>,
    lang: &str,
) -> Result<W, csv::Error> {
    let mut out = csv::WriterBuilder::new().from_writer(w);
    out.write_record(COLUMNS.iter().map(|c| c.0))?;
    out.write_record(COLUMNS.iter().map(|c| c.1))?;
    for row in rows(activities, orgs, lang) {
        out.write_record(&row)?;
    }
    out.flush()?;
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
