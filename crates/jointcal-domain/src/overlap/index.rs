//! Candidates without comparing all pairs: records are blocked by what they share
//! (a region, a place, a target group, an organization, a title word) within time
//! buckets, and only records that meet in a block are scored.
//!
//! Time buckets come in levels: level L has buckets of `window × 4^L` days, and a
//! record goes to the lowest level where it covers at most four buckets (a day's
//! training to level 0, a five-year programme to a higher one). A record looks for
//! partners at every level over its own days widened by the window, so two records
//! at most `window` days apart always meet in some bucket. A block shared by more
//! than `max_block` records (a region every activity names) is not used to find
//! candidates: what everyone shares says nothing, and pairs that meet only there
//! would be compared by the thousand.

use super::prepared::{feature_id, prepare, Prepared, Stats};
use super::record::Record;
use super::score::{score_of, score_pair, Evidence, Flag, Reason};
use super::text::{normalize, TextVector};
use std::collections::HashMap;
use std::sync::Arc;

/// How the detector decides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Records further apart than this many days are never flagged.
    pub window_days: i64,
    /// Flags below this score are not kept (0–1).
    pub threshold: f64,
    /// Blocks larger than this are not used to find candidates.
    pub max_block: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { window_days: 30, threshold: 0.5, max_block: 500 }
    }
}

const MAX_LEVEL: u32 = 8;

/// The blocking features of a record, as ids.
fn features(p: &Prepared) -> Vec<u64> {
    let r = &p.record;
    let mut f: Vec<u64> = Vec::new();
    f.extend(r.regions.iter().map(|x| feature_id("r", x)));
    f.extend(p.places.iter().map(|x| feature_id("p", x)));
    f.extend(r.target_groups.iter().map(|x| feature_id("t", x)));
    f.extend(r.leads.iter().chain(&r.others).map(|x| feature_id("o", x)));
    for t in &r.titles {
        for w in t.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4) {
            f.push(feature_id("w", &normalize(w)));
        }
    }
    f.sort_unstable();
    f.dedup();
    f
}

fn width(window: i64, level: u32) -> i64 {
    window.max(1) * 4i64.pow(level)
}

/// The level a record is filed at: the lowest where it covers at most four buckets.
fn level_of(first: i64, last: i64, window: i64) -> u32 {
    (0..MAX_LEVEL)
        .find(|&l| last.div_euclid(width(window, l)) - first.div_euclid(width(window, l)) < 4)
        .unwrap_or(MAX_LEVEL)
}

/// The records of a collection, blocked for finding candidates.
pub struct Index {
    settings: Settings,
    records: Vec<Prepared>,
    stats: Arc<Stats>,
    blocks: HashMap<(u32, i64, u64), Vec<u32>>,
}

impl Index {
    /// The records, weighed by their own statistics.
    pub fn new(records: Vec<Record>, settings: Settings) -> Index {
        let records: Vec<Prepared> = records.into_iter().map(prepare).collect();
        let stats = Arc::new(Stats::of_prepared(&records));
        Index::build(records, settings, stats)
    }

    /// The records, weighed by the statistics of a larger collection they are part
    /// of (e.g. the neighbours of a saved activity, weighed as in the whole group).
    pub fn with_stats(records: Vec<Record>, settings: Settings, stats: Arc<Stats>) -> Index {
        Index::build(records.into_iter().map(prepare).collect(), settings, stats)
    }

    fn build(mut records: Vec<Prepared>, settings: Settings, stats: Arc<Stats>) -> Index {
        for p in &mut records {
            p.title = TextVector::new(&p.grams, &stats.text);
            p.description = TextVector::new(&p.words, &stats.words);
        }
        let mut blocks: HashMap<(u32, i64, u64), Vec<u32>> = HashMap::new();
        let w = settings.window_days;
        for (i, p) in records.iter().enumerate() {
            let (first, last) = (p.record.first_day, p.record.last_day.max(p.record.first_day));
            let level = level_of(first, last, w);
            let bw = width(w, level);
            for f in features(p) {
                for bucket in first.div_euclid(bw)..=last.div_euclid(bw) {
                    blocks.entry((level, bucket, f)).or_default().push(i as u32);
                }
            }
        }
        Index { settings, records, stats, blocks }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records that share a usable block with `p` in time.
    /// The records that share a usable block with `p` in time, sorted, each once.
    fn candidates(&self, p: &Prepared) -> Vec<usize> {
        let w = self.settings.window_days;
        let (first, last) = (p.record.first_day - w, p.record.last_day.max(p.record.first_day) + w);
        let mut out: Vec<usize> = Vec::new();
        let feats = features(p);
        for level in 0..=MAX_LEVEL {
            let bw = width(w, level);
            for bucket in first.div_euclid(bw)..=last.div_euclid(bw) {
                for f in &feats {
                    if let Some(list) = self.blocks.get(&(level, bucket, *f)) {
                        if list.len() <= self.settings.max_block {
                            out.extend(list.iter().map(|&i| i as usize));
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every flag of the collection at or above the threshold, highest first; a pair
    /// that is neither record's best match with the other's lead organization is
    /// weaker (see [`prefer_the_best`]).
    pub fn flags(&self) -> Vec<Flag> {
        let threshold = self.settings.threshold;
        let mut flags = Vec::new();
        for (i, p) in self.records.iter().enumerate() {
            for j in self.candidates(p).into_iter().filter(|&j| j > i) {
                if let Some(f) = score_pair(p, &self.records[j], &self.stats, self.settings.window_days, threshold) {
                    flags.push(f);
                }
            }
        }
        let flags = prefer_the_best(flags, &self.records).into_iter().filter(|f| f.score >= threshold).collect();
        sorted(flags)
    }

    /// The flags of one record (new or changed) against the collection, highest
    /// first; a record of the collection with the same key is not compared with it.
    /// Scores are those of the pair alone: the preference for the best match per
    /// organization, which needs every record's other pairs, is left to [`Index::flags`].
    pub fn flags_for(&self, record: Record) -> Vec<Flag> {
        let mut p = prepare(record);
        p.title = TextVector::new(&p.grams, &self.stats.text);
        p.description = TextVector::new(&p.words, &self.stats.words);
        let flags = self
            .candidates(&p)
            .into_iter()
            .filter(|&j| self.records[j].record.key != p.record.key)
            .filter_map(|j| {
                score_pair(&p, &self.records[j], &self.stats, self.settings.window_days, self.settings.threshold)
            })
            .collect();
        sorted(flags)
    }
}

fn sorted(mut flags: Vec<Flag>) -> Vec<Flag> {
    flags.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
    flags
}

/// What a pair loses when it is not, from either side, the best match of its record
/// with the other side's lead organization (log-odds).
pub const NOT_THE_BEST: f64 = -1.5;

/// Prefers, for each record and each lead organization of the other side, its best
/// pair: a pair that is the best from neither side is kept, weaker by
/// [`NOT_THE_BEST`], with a reason that says so — a funder's one programme often
/// funds several activities of one implementer, so the others may be real too.
fn prefer_the_best(flags: Vec<Flag>, records: &[Prepared]) -> Vec<Flag> {
    let leads: HashMap<&str, String> =
        records.iter().map(|p| (p.record.key.as_str(), p.record.leads.join("+"))).collect();
    let mut best: HashMap<(&str, &str), f64> = HashMap::new();
    for f in &flags {
        for (me, other) in [(&f.a, &f.b), (&f.b, &f.a)] {
            let org = leads.get(other.as_str()).map(String::as_str).unwrap_or("");
            let e = best.entry((me.as_str(), org)).or_insert(f64::MIN);
            *e = e.max(f.score);
        }
    }
    let is_best = |f: &Flag| {
        [(&f.a, &f.b), (&f.b, &f.a)].iter().any(|(me, other)| {
            let org = leads.get(other.as_str()).map(String::as_str).unwrap_or("");
            best.get(&(me.as_str(), org)).is_some_and(|&s| f.score >= s)
        })
    };
    let keep: Vec<bool> = flags.iter().map(is_best).collect();
    flags
        .into_iter()
        .zip(keep)
        .map(|(mut f, best)| {
            if !best {
                f.reasons.push(Evidence { reason: Reason::BetterMatchExists, weight: NOT_THE_BEST });
                f.score = score_of(&f.reasons);
            }
            f
        })
        .collect()
}
