//! IATI activities as the overlap detector's records — never reading a link field
//! (`provider-activity-id`, `receiver-activity-id`, `participating-org/@activity-id`,
//! `related-activity`, `other-identifier`): the evaluation takes its answers from
//! them.

use jointcal_domain::overlap::{text::normalize, Flow, Money, Record};
use jointcal_iati::{Activity, Org, TransactionKind};
use std::collections::HashMap;

/// Days since 1970-01-01.
fn day(d: chrono::NaiveDate) -> i64 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days()
}

/// An IATI organisation identifier as one key per organization, by the rules of the
/// identifier standard only: upper case, no spaces; a bare DAC channel code (`41122`)
/// is `XM-DAC-41122`; leading zeros of a registration number do not count
/// (`GB-COH-02394229` = `GB-COH-2394229`); a doubled prefix is read once. Anything
/// that is not an identifier (`No Identifier`, `;`) is `None`, and the name is used.
pub fn org_ref(reference: &str) -> Option<String> {
    let r: String = reference.split_whitespace().collect::<Vec<_>>().join("").to_uppercase();
    if r.is_empty() {
        return None;
    }
    if r.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("XM-DAC-{r}"));
    }
    let parts: Vec<&str> = r.split('-').collect();
    let agency_like = parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_alphabetic())
        && !parts[1].is_empty();
    if !agency_like {
        return None;
    }
    // A prefix written twice: GB-CHC-GB-CHC-1081769.
    let prefix = format!("{}-{}-", parts[0], parts[1]);
    let mut rest = &r[prefix.len()..];
    if let Some(again) = rest.strip_prefix(&prefix) {
        rest = again;
    }
    let rest = if rest.chars().all(|c| c.is_ascii_digit()) {
        let t = rest.trim_start_matches('0');
        if t.is_empty() {
            "0"
        } else {
            t
        }
    } else {
        rest
    };
    Some(format!("{prefix}{rest}"))
}

/// What the files say of each organization: identifiers by normalized name, so
/// that an organization named without its identifier in one place is still known.
#[derive(Default)]
pub struct Orgs {
    by_name: HashMap<String, String>,
}

fn names(o: &Org) -> impl Iterator<Item = String> + '_ {
    o.names.iter().map(|n| normalize(&n.text)).filter(|n| !n.is_empty())
}

impl Orgs {
    /// Learns every identifier–name pair of the activities.
    pub fn learn(activities: &[Activity]) -> Orgs {
        let mut by_name: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let all = activities.iter().flat_map(|a| {
            a.reporting_org
                .iter()
                .chain(a.participating_orgs.iter().map(|p| &p.org))
                .chain(a.transactions.iter().flat_map(|t| t.provider.iter().chain(t.receiver.iter())))
        });
        for o in all {
            if let Some(r) = o.reference.as_deref().and_then(org_ref) {
                for n in names(o) {
                    *by_name.entry(n).or_default().entry(r.clone()).or_insert(0) += 1;
                }
            }
        }
        // A name used with several identifiers keeps the most frequent one.
        let by_name = by_name
            .into_iter()
            .filter_map(|(n, refs)| {
                refs.into_iter().max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0))).map(|(r, _)| (n, r))
            })
            .collect();
        Orgs { by_name }
    }

    /// The key of an organization: its identifier, else the identifier its name is
    /// known by, else `name:` and the name.
    pub fn key(&self, o: &Org) -> Option<String> {
        if let Some(r) = o.reference.as_deref().and_then(org_ref) {
            return Some(r);
        }
        let mut ns = names(o);
        let first = ns.next()?;
        std::iter::once(first.clone())
            .chain(ns)
            .find_map(|n| self.by_name.get(&n).cloned())
            .or(Some(format!("name:{first}")))
    }
}

/// The record of an activity, or `None` when it has no date at all. An activity
/// with a start and no end is taken to last a year; with an end only, a year up to it.
pub fn record(a: &Activity, orgs: &Orgs) -> Option<Record> {
    let start = a.start().map(|(d, _)| d);
    let end = a.end().map(|(d, _)| d);
    let (first, last) = match (start, end) {
        (Some(s), Some(e)) => (day(s), day(e).max(day(s))),
        (Some(s), None) => (day(s), day(s) + 365),
        (None, Some(e)) => (day(e) - 365, day(e)),
        (None, None) => return None,
    };
    let lead =
        a.reporting_org.as_ref().and_then(|o| orgs.key(o)).unwrap_or_else(|| format!("activity:{}", a.identifier));
    let mut others: Vec<String> = a.participating_orgs.iter().filter_map(|p| orgs.key(&p.org)).collect();
    others.retain(|o| *o != lead);
    // Countries and administrative areas; not the recipient regions ("developing
    // countries, unspecified", "Africa"): they contain countries, and the detector
    // would take them for other places.
    let mut regions: Vec<String> = a.recipient_countries.iter().map(|c| c.code.clone()).collect();
    regions.extend(a.locations.iter().flat_map(|l| l.admin.iter()).map(|c| format!("admin:{}", c.code)));
    let places = a.locations.iter().flat_map(|l| l.name.iter()).map(|n| n.text.clone()).collect();
    // DAC purpose codes (vocabularies 1 and 2), and others with their vocabulary.
    let pillars = a
        .sectors
        .iter()
        .map(|s| {
            if s.vocabulary == "1" || s.vocabulary == "2" {
                s.code.clone()
            } else {
                format!("{}:{}", s.vocabulary, s.code)
            }
        })
        .collect();
    let currency = a.default_currency.clone().unwrap_or_default();
    let money = a
        .transactions
        .iter()
        .filter_map(|t| {
            let (flow, other) = match t.kind {
                TransactionKind::Disbursement | TransactionKind::OutgoingCommitment | TransactionKind::Expenditure => {
                    (Flow::Out, t.receiver.as_ref()?)
                }
                TransactionKind::IncomingFunds | TransactionKind::IncomingCommitment => {
                    (Flow::In, t.provider.as_ref()?)
                }
                _ => return None,
            };
            Some(Money {
                flow,
                org: orgs.key(other)?,
                amount: t.value?,
                currency: t.currency.clone().unwrap_or_else(|| currency.clone()),
                day: day(t.date?),
            })
        })
        .filter(|m| m.org != lead)
        .collect();
    Some(Record {
        key: a.identifier.clone(),
        leads: vec![lead],
        others,
        first_day: first,
        last_day: last,
        regions,
        places,
        target_groups: Vec::new(),
        kind: None,
        pillars,
        titles: a.titles.iter().map(|n| n.text.clone()).collect(),
        descriptions: a.descriptions.iter().flat_map(|d| d.narratives.iter()).map(|n| n.text.clone()).collect(),
        money,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_identifiers_are_one_key_per_organization() {
        assert_eq!(org_ref("41122").as_deref(), Some("XM-DAC-41122"));
        assert_eq!(org_ref("xm-dac-41122").as_deref(), Some("XM-DAC-41122"));
        assert_eq!(org_ref("GB-COH-02394229"), org_ref("GB-COH-2394229"));
        assert_eq!(org_ref("GB-CHC-GB-CHC-1081769").as_deref(), Some("GB-CHC-1081769"));
        assert_eq!(org_ref(" IOM  XM-DAC-47066"), None, "not an identifier: the name decides");
        for junk in ["No Identifier", ";", "Excluded", "Not available", ""] {
            assert_eq!(org_ref(junk), None, "{junk}");
        }
    }
}
