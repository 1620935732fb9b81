//! A record with what the comparison needs computed once, and how rare each of
//! its features is in the collection.

use super::record::Record;
use super::text::{normalize, token_id, token_ids, trigram_ids, words, IdMap, Rarity, TextVector};

/// How rare each feature is in a collection: `ln((N + 1) / df)` by namespace ("r"
/// region, "p" place, "t" target group, "k" kind, "s" pillar or sector, "o" organization), each title
/// trigram and each description word. Built once for a collection ([`Stats::of`]) and shared, so that one
/// record checked against a few neighbours is weighed as in the whole collection.
#[derive(Debug, Default)]
pub struct Stats {
    pub(crate) docs: usize,
    /// By [`feature_id`] of namespace and value.
    pub(crate) df: IdMap<u64, u32>,
    pub(crate) text: Rarity,
    /// The rarity of description words.
    pub(crate) words: Rarity,
    /// Every record's first day, sorted: how busy each time is.
    pub(crate) starts: Vec<i64>,
}

impl Prepared {
    /// Weighs the texts and the features by `stats` and lets go of what only that
    /// needed.
    pub(crate) fn weigh_texts(&mut self, stats: &Stats) {
        self.title = TextVector::new(&self.grams, &stats.text);
        self.description = TextVector::new(&self.words, &stats.words);
        self.grams = Vec::new();
        self.words = Vec::new();
        self.keys = blocking_keys(self, stats);
        self.title_words = Vec::new();
        for f in &mut self.features {
            f.1 = stats.weight_of(f.0) as f32;
        }
    }

    /// The features of a part of the record with their rarity (see
    /// [`Stats::weight_of`]), in the order of its list.
    pub(crate) fn part(&self, part: Part) -> &[(u64, f32)] {
        let r = &self.record;
        let lens = [
            r.regions.len(),
            self.places.len(),
            r.target_groups.len(),
            r.pillars.len(),
            r.others.len(),
            usize::from(r.kind.is_some()),
        ];
        let start: usize = lens[..part as usize].iter().sum();
        self.features.get(start..start + lens[part as usize]).unwrap_or(&[])
    }

    /// Whether the two have a lead organization in common.
    pub(crate) fn same_lead(&self, other: &Prepared) -> bool {
        self.lead_ids.iter().any(|l| other.lead_ids.binary_search(l).is_ok())
    }
}

impl Stats {
    /// The statistics of a collection of records.
    pub fn of(records: &[Record]) -> Stats {
        use rayon::prelude::*;
        let prepared: Vec<Prepared> = records.par_iter().cloned().map(prepare).collect();
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
        use rayon::prelude::*;
        type Counts = (IdMap<u64, u32>, IdMap<u64, u32>, IdMap<u64, u32>);
        fn add(into: &mut IdMap<u64, u32>, from: IdMap<u64, u32>) {
            for (k, n) in from {
                *into.entry(k).or_insert(0) += n;
            }
        }
        let (df, grams, words) = records
            .par_iter()
            .fold(Counts::default, |(mut df, mut grams, mut words), p| {
                for f in features_of(p) {
                    *df.entry(f).or_insert(0) += 1;
                }
                for g in &p.grams {
                    *grams.entry(*g).or_insert(0) += 1;
                }
                for w in &p.words {
                    *words.entry(*w).or_insert(0) += 1;
                }
                (df, grams, words)
            })
            .reduce(Counts::default, |(mut a, mut b, mut c), (x, y, z)| {
                add(&mut a, x);
                add(&mut b, y);
                add(&mut c, z);
                (a, b, c)
            });
        let mut starts: Vec<i64> = records.iter().map(|p| p.record.first_day).collect();
        starts.par_sort_unstable();
        Stats {
            docs: records.len(),
            starts,
            df,
            text: Rarity::of_counts(records.len(), grams),
            words: Rarity::of_counts(records.len(), words),
        }
    }

    /// How many records of the collection start within `window` days of
    /// `[first, last]`, per `2 × window + 1` days (so that a long record is not
    /// counted as crowded for its length); `others` is subtracted from the count
    /// (the record itself, when it is one of the collection).
    pub(crate) fn crowd(&self, first: i64, last: i64, window: i64, others: usize) -> f32 {
        let (lo, hi) = (first - window, last.max(first) + window);
        let n = self.starts.partition_point(|&s| s <= hi) - self.starts.partition_point(|&s| s < lo);
        n.saturating_sub(others) as f32 * (2 * window + 1) as f32 / (hi - lo + 1) as f32
    }

    /// How rare a feature is: `ln((N + 1) / df)`.
    pub(crate) fn weight_of(&self, id: u64) -> f64 {
        let df = self.df.get(&id).copied().unwrap_or(1).max(1);
        ((self.docs as f64 + 1.0) / f64::from(df)).ln().max(0.0)
    }
}

/// The distinct features of a record whose rarity is counted, as ids.
fn features_of(p: &Prepared) -> Vec<u64> {
    let mut f: Vec<u64> = p.features.iter().map(|x| x.0).chain(p.lead_ids.iter().copied()).collect();
    f.extend(&p.title_words);
    f.sort_unstable();
    f.dedup();
    f
}

/// The id of a feature: a namespace ("r", "p", "o", …) and a value.
pub(crate) fn feature_id(ns: &str, value: &str) -> u64 {
    token_id(ns) ^ token_id(value).rotate_left(17)
}

/// Two feature ids as one: a blocking key that needs both.
pub(crate) fn joined(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// How many of a record's title words are blocking keys: its rarest.
const TITLE_WORDS: usize = 4;

/// The blocking keys of a record: what it names that says what it is — each target
/// group, its kind, each organization, each title word of four letters or more —
/// alone, and joined with each place and region it names ("a training in Merke",
/// "border guards in KZ-31"). Alone, such a key is shared by too many records to be
/// used in a large collection; joined with a place, it is what two records of one
/// effort share.
fn blocking_keys(p: &Prepared, stats: &Stats) -> Vec<u64> {
    let ids = |part: Part| p.part(part).iter().map(|x| x.0);
    let mut what: Vec<u64> = ids(Part::Target).chain(ids(Part::Kind)).chain(ids(Part::Other)).collect();
    what.extend(&p.lead_ids);
    // The rarest title words only: what two titles of one effort share is more
    // often their rare words than their common ones, and fewer keys are fewer
    // blocks to read.
    let mut words: Vec<(u32, u64)> =
        p.title_words.iter().map(|&w| (stats.df.get(&w).copied().unwrap_or(0), w)).collect();
    words.sort_unstable();
    what.extend(words.iter().take(TITLE_WORDS).map(|x| x.1));
    what.sort_unstable();
    what.dedup();
    let wheres: Vec<u64> = ids(Part::Region).chain(ids(Part::Place)).collect();
    let mut keys = what.clone();
    for w in &wheres {
        keys.extend(what.iter().map(|&x| joined(*w, x)));
    }
    keys.sort_unstable();
    keys.dedup();
    keys.shrink_to_fit();
    keys
}

/// The parts of a record whose features are weighed by rarity, in the order of
/// [`Prepared::features`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Region,
    Place,
    Target,
    Pillar,
    Other,
    Kind,
}

/// A record with what the comparison needs computed once.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) record: Record,
    /// The lead organizations' ids, sorted: a cheap test of a lead in common.
    pub(crate) lead_ids: Vec<u64>,
    /// Its blocking keys (see `blocking_keys`), once weighed.
    pub(crate) keys: Vec<u64>,
    /// Its title words of four letters or more, as feature ids (dropped once
    /// weighed).
    pub(crate) title_words: Vec<u64>,
    /// How many other records of the collection are near it in time: those that
    /// start within the window of its days, per window of its length.
    pub(crate) crowd: f32,
    /// Its regions, places, target groups, pillars, other organizations (each in
    /// its list's order) and kind as feature ids, each with its rarity by the
    /// collection's statistics once weighed: one array read for a pair, numbers
    /// compared instead of strings, rarity looked up once.
    pub(crate) features: Vec<(u64, f32)>,
    /// Place names normalized, sorted.
    pub(crate) places: Vec<String>,
    /// The names as given, in the order of `places` (for the reasons).
    pub(crate) place_names: Vec<String>,
    pub(crate) title: TextVector,
    /// The titles' trigram ids (dropped once `title` is made).
    pub(crate) grams: Vec<u64>,
    /// The descriptions' words, weighted by rarity.
    pub(crate) description: TextVector,
    /// The descriptions' word ids (dropped once `description` is made).
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
    let mut named: Vec<(String, String)> =
        r.places.iter().map(|p| (normalize(p), p.clone())).filter(|(n, _)| !n.is_empty()).collect();
    named.sort();
    named.dedup_by(|x, y| x.0 == y.0);
    let (places, place_names): (Vec<String>, Vec<String>) = named.into_iter().unzip();
    let all_titles = r.titles.iter().map(|t| normalize(t)).collect::<Vec<_>>().join(" ");
    let grams = trigram_ids(&all_titles);
    let words = token_ids(&words(r.descriptions.iter().map(String::as_str)));
    // The texts are read only here: a group's index keeps a record per activity,
    // so it does not keep its titles and descriptions too.
    r.descriptions = Vec::new();
    r.titles = Vec::new();
    let mut title_words: Vec<u64> =
        all_titles.split(' ').filter(|w| w.chars().count() >= 4).map(|w| feature_id("w", w)).collect();
    title_words.sort_unstable();
    title_words.dedup();
    let mut lead_ids: Vec<u64> = r.leads.iter().map(|l| feature_id("o", l)).collect();
    lead_ids.sort_unstable();
    let features: Vec<(u64, f32)> = r
        .regions
        .iter()
        .map(|x| feature_id("r", x))
        .chain(places.iter().map(|x| feature_id("p", x)))
        .chain(r.target_groups.iter().map(|x| feature_id("t", x)))
        .chain(r.pillars.iter().map(|x| feature_id("s", x)))
        .chain(r.others.iter().map(|x| feature_id("o", x)))
        .chain(r.kind.iter().map(|x| feature_id("k", x)))
        .map(|id| (id, 0.0))
        .collect();
    Prepared {
        record: r,
        lead_ids,
        keys: Vec::new(),
        title_words,
        crowd: 0.0,
        features,
        places,
        place_names,
        title: TextVector::default(),
        grams,
        description: TextVector::default(),
        words,
    }
}
