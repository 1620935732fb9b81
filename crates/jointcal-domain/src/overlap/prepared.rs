//! A record with what the comparison needs computed once, and how rare each of
//! its features is in the collection.

use super::record::Record;
use super::text::{normalize, trigrams, Rarity, TextVector};
use std::collections::HashMap;

/// How rare each feature is: `ln((N + 1) / df)` by namespace ("r" region, "p" place,
/// "t" target group, "k" kind, "o" organization).
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) docs: usize,
    pub(crate) df: HashMap<(&'static str, String), usize>,
    pub(crate) text: Rarity,
}

impl Stats {
    pub(crate) fn weight(&self, ns: &'static str, value: &str) -> f64 {
        let df = self.df.get(&(ns, value.to_string())).copied().unwrap_or(1).max(1);
        ((self.docs as f64 + 1.0) / df as f64).ln().max(0.0)
    }
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
    pub(crate) grams: Vec<String>,
}

pub(crate) fn prepare(mut r: Record) -> Prepared {
    for list in [&mut r.leads, &mut r.others, &mut r.regions, &mut r.target_groups, &mut r.pillars] {
        list.sort();
        list.dedup();
    }
    let place_names: HashMap<String, String> =
        r.places.iter().map(|p| (normalize(p), p.clone())).filter(|(n, _)| !n.is_empty()).collect();
    let mut places: Vec<String> = place_names.keys().cloned().collect();
    places.sort();
    let all_titles = r.titles.iter().map(|t| normalize(t)).collect::<Vec<_>>().join(" ");
    let grams = trigrams(&all_titles);
    Prepared { record: r, places, place_names, title: TextVector::default(), grams }
}
