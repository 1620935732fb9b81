//! What the detector knows of one activity.

use serde::{Deserialize, Serialize};

/// What the detector knows of one activity. Codes and keys are plain strings, so
/// that any source can fill them (region codes, vocabulary codes, organization ids).
/// Its JSON form (one object per line) is what `bench/splink` reads, so that Splink
/// and the detector are given the same records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    /// The caller's key of the record (e.g. an activity id).
    pub key: String,
    /// Lead (or reporting) organizations: two records with one in common are never
    /// flagged.
    pub leads: Vec<String>,
    /// Other organizations named: funders, implementers, partners.
    pub others: Vec<String>,
    /// First and last day, as days since 1970-01-01 (`last >= first`).
    pub first_day: i64,
    pub last_day: i64,
    /// Region codes (ISO 3166-2).
    pub regions: Vec<String>,
    /// Place names (any script; compared folded and transliterated).
    pub places: Vec<String>,
    pub target_groups: Vec<String>,
    pub kind: Option<String>,
    pub pillars: Vec<String>,
    /// Titles in every language the record has.
    pub titles: Vec<String>,
    /// Descriptions in every language the record has.
    pub descriptions: Vec<String>,
    /// Money the lead sends to or receives from another organization (IATI
    /// transactions, 3W funding columns).
    pub money: Vec<Money>,
}

/// Which way money flows, seen from the record's lead organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Disbursed or committed to `org`.
    Out,
    /// Received from `org`.
    In,
}

/// One movement of money between the record's lead and another organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub flow: Flow,
    /// The other organization's key.
    pub org: String,
    pub amount: f64,
    pub currency: String,
    /// Days since 1970-01-01.
    pub day: i64,
}

impl Record {
    /// What the detector knows of an activity: its key is the activity's id, its
    /// days are those of the series in the activity's own zone.
    pub fn of_activity(a: &crate::activity::Activity) -> Record {
        use crate::vocab::{OrgRole, Vocabulary};
        let f = &a.fields;
        let tz = f.schedule.tz;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let first = f.schedule.start_utc.with_timezone(&tz).date_naive();
        // The end is exclusive: the last day is the one of the last second.
        let last = (f.schedule.end_utc - chrono::Duration::seconds(1)).with_timezone(&tz).date_naive().max(first);
        Record {
            key: a.id.to_string(),
            leads: f.organizations.iter().filter(|o| o.role == OrgRole::Lead).map(|o| o.org.to_string()).collect(),
            others: f.organizations.iter().filter(|o| o.role != OrgRole::Lead).map(|o| o.org.to_string()).collect(),
            first_day: (first - epoch).num_days(),
            last_day: (last - epoch).num_days(),
            regions: f.locations.iter().filter_map(|l| l.subdivision.clone()).collect(),
            places: f.locations.iter().filter_map(|l| l.place.clone()).collect(),
            target_groups: f.target_groups.iter().map(|t| t.code().to_string()).collect(),
            kind: Some(f.kind.code().to_string()),
            pillars: f.pillars.iter().map(|p| p.code().to_string()).collect(),
            titles: f.title.all_text().map(str::to_string).collect(),
            descriptions: f.description.iter().flat_map(|d| d.all_text()).map(str::to_string).collect(),
            money: Vec::new(),
        }
    }
}
