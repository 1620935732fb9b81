//! A record with what the comparison needs computed once, and how rare each of
//! its features is in the collection.

use super::record::Record;
use super::text::{normalize, token_id, token_ids, trigrams, words, Rarity, TextVector};
use std::collections::HashMap;

/// How rare each feature is in a collection: `ln((N + 1) / df)` by namespace ("r"
/// region, "p" place, "t" target group, "k" kind, "s" pillar or sector, "o" organization), each title
/// trigram and each description word. Built once for a collection ([`Stats::of`]) and shared, so that one
/// record checked against a few neighbours is weighed as in the whole collection.
#[derive(Debug, Default)]
pub struct Stats {
    pub(crate) docs: usize,
    /// By [`feature_id`] of namespace and value.
    pub(crate) df: HashMap<u64, u32>,
    pub(crate) text: Rarity,
    /// The rarity of description words.
    pub(crate) words: Rarity,
}

impl Stats {
    /// The statistics of a collection of records.
    pub fn of(records: &[Record]) -> Stats {
        let prepared: Vec<Prepared> = records.iter().cloned().map(prepare).collect();
        Stats::of_prepared(&prepared)
    }

    /// How many records the statistics were taken from.
    pub fn len(&self) -> usize {
        self.docs
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    pub(crate) fn of_prepared(records: &[Prepared]) -> Stats {
        let mut stats = Stats { docs: records.len(), ..Stats::default() };
        for p in records {
            let r = &p.record;
            let mut seen: std::collections::HashSet<(&'static str, &str)> = std::collections::HashSet::new();
            for x in &r.regions {
                seen.insert(("r", x));
            }
            for x in &p.places {
                seen.insert(("p", x));
            }
            for x in &r.target_groups {
                seen.insert(("t", x));
            }
            if let Some(k) = &r.kind {
                seen.insert(("k", k));
            }
            for x in &r.pillars {
                seen.insert(("s", x));
            }
            for x in r.leads.iter().chain(&r.others) {
                seen.insert(("o", x));
            }
            for (ns, v) in seen {
                *stats.df.entry(feature_id(ns, v)).or_insert(0) += 1;
            }
        }
        stats.text = Rarity::new(records.iter().map(|p| p.grams.as_slice()));
        stats.words = Rarity::new(records.iter().map(|p| p.words.as_slice()));
        stats
    }

    pub(crate) fn weight(&self, ns: &'static str, value: &str) -> f64 {
        let df = self.df.get(&feature_id(ns, value)).copied().unwrap_or(1).max(1);
        ((self.docs as f64 + 1.0) / f64::from(df)).ln().max(0.0)
    }
}

/// The id of a feature: a namespace ("r", "p", "o", …) and a value.
pub(crate) fn feature_id(ns: &str, value: &str) -> u64 {
    token_id(ns) ^ token_id(value).rotate_left(17)
}

/// A record with what the comparison needs computed once.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) record: Record,
    /// Place names normalized, sorted.
    pub(crate) places: Vec<String>,
    /// The names as given, by their normalized form (for the reasons).
    pub(crate) place_names: HashMap<String, String>,
    pub(crate) title: TextVector,
    pub(crate) grams: Vec<u64>,
    /// The descriptions' words, weighted by rarity.
    pub(crate) description: TextVector,
    pub(crate) words: Vec<u64>,
}

pub(crate) fn prepare(mut r: Record) -> Prepared {
    // Whoever the lead's money comes from or goes to is named by the record.
    let payees: Vec<String> = r.money.iter().map(|m| m.org.clone()).collect();
    r.others.extend(payees);
    r.others.retain(|o| !r.leads.contains(o));
    for list in [&mut r.leads, &mut r.others, &mut r.regions, &mut r.target_groups, &mut r.pillars] {
        list.sort();
        list.dedup();
    }
    let place_names: HashMap<String, String> =
        r.places.iter().map(|p| (normalize(p), p.clone())).filter(|(n, _)| !n.is_empty()).collect();
    let mut places: Vec<String> = place_names.keys().cloned().collect();
    places.sort();
    let all_titles = r.titles.iter().map(|t| normalize(t)).collect::<Vec<_>>().join(" ");
    let grams = token_ids(&trigrams(&all_titles));
    let words = token_ids(&words(r.descriptions.iter().map(String::as_str)));
    Prepared {
        record: r,
        places,
        place_names,
        title: TextVector::default(),
        grams,
        description: TextVector::default(),
        words,
    }
}
