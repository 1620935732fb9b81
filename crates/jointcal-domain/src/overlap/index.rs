//! Candidates without comparing all pairs. Each record is filed under its blocking
//! keys (what it names — a target group, its kind, an organization, a title word —
//! alone and joined with each place and region it names) in time buckets; a record
//! looks for partners in the blocks of its own keys near its own days, counts for
//! each record met how many blocks they share (a small block counts more than a
//! large one) and scores only the few it shares most with. So the work per record
//! stays about the same whether the collection holds ten thousand activities or a
//! million: blocks that everyone shares are not read, and at most
//! [`Settings::max_candidates`] pairs per record are weighed.
//!
//! Time buckets come in levels: level L has buckets of `window × 4^L` days, and a
//! record goes to the lowest level where it covers at most four buckets (a day's
//! training to level 0, a five-year programme to a higher one). A record looks for
//! partners at every level over its own days widened by the window, so two records
//! at most `window` days apart always meet in some bucket.

use super::prepared::{prepare, Prepared, Stats};
use super::record::Record;
use super::score::{score_of, score_pair, Evidence, Flag, Reason};
use super::text::IdMap;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// How the detector decides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Records further apart than this many days are never flagged.
    pub window_days: i64,
    /// Flags below this score are not kept (0–1).
    pub threshold: f64,
    /// A block that holds more than this many records per time bucket is not used to
    /// find candidates: what that many records share says little.
    pub max_block: usize,
    /// At most this many candidates of a record are weighed: those it shares the
    /// most (and the smallest) blocks with.
    pub max_candidates: usize,
    /// At most this many flags of a record are kept, its strongest: a pair stays
    /// when it is among the strongest of either of its records.
    pub max_flags_per_record: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { window_days: 30, threshold: 0.5, max_block: 64, max_candidates: 12, max_flags_per_record: 10 }
    }
}

const MAX_LEVEL: u32 = 8;

/// How many levels apart two records may be filed and still be compared: one
/// effort planned twice lasts about as long in both plans, so a day's training
/// (level 0, up to about four windows long) is compared with a project of a year
/// (level 1) but not with a programme of several years (level 2 and up).
const LEVELS_APART: u32 = 1;

/// The levels a record filed at `level` looks for partners at, as bits.
fn levels_near(level: u32) -> u16 {
    (level.saturating_sub(LEVELS_APART)..=(level + LEVELS_APART).min(MAX_LEVEL)).fold(0, |m, l| m | (1 << l))
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

/// The shortest and longest record (in days, first to last day counted) that a
/// record from `first_day` to `last_day` may be compared with: those filed at most
/// [`LEVELS_APART`] levels from it. A caller that reads a saved activity's
/// neighbours from storage need not read any other (a five-year programme's
/// neighbours are not every one-day event of five years).
pub fn comparable_lengths(first_day: i64, last_day: i64, window_days: i64) -> (i64, i64) {
    let level = level_of(first_day, last_day.max(first_day), window_days);
    let low = level.saturating_sub(LEVELS_APART);
    let high = level + LEVELS_APART;
    // At level L a record covers at most four buckets of `width(L)` days; above
    // level 0 it did not fit in four of the level below, so it is longer than three.
    let shortest = if low == 0 { 1 } else { 3 * width(window_days, low - 1) + 1 };
    let longest = if high >= MAX_LEVEL { i64::MAX } else { 4 * width(window_days, high) + 1 };
    (shortest, longest)
}

/// A time slot (a level and one of its buckets) in the upper half of an entry,
/// ordered by level, then bucket; the record's number is the lower half.
fn slot(level: u32, bucket: i64) -> u64 {
    const HALF: i64 = 1 << 27;
    ((u64::from(level) << 28) | (bucket.clamp(-HALF, HALF - 1) + HALF) as u64) << 32
}

/// Where a blocking key's records are in [`Blocks::entries`].
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    from: u32,
    to: u32,
    /// The levels it has records at, as bits.
    levels: u16,
    /// More records than `max_block` per bucket on average over the collection's
    /// days: not used at all (its records are not even looked for).
    dense: bool,
}

/// The records filed under each blocking key, by time slot.
#[derive(Default)]
struct Blocks {
    blocks: IdMap<u64, Block>,
    /// `slot | record`, sorted within each key's part.
    entries: Vec<u64>,
    /// Every [`STRIDE`]th entry: searched first, so that finding a time in a long
    /// block reads a few cache lines instead of one per step.
    dir: Vec<u64>,
}

const STRIDE: usize = 32;

impl Blocks {
    fn new(records: &[Prepared], s: &Settings) -> Blocks {
        let window = s.window_days;
        let filed = |p: &Prepared| {
            let (first, last) = (p.record.first_day, p.record.last_day.max(p.record.first_day));
            let level = level_of(first, last, window);
            let bw = width(window, level);
            (level, first.div_euclid(bw), last.div_euclid(bw))
        };
        // Counted first, then filled: one array for all blocks.
        let mut blocks: IdMap<u64, Block> = IdMap::default();
        for p in records {
            let (level, b0, b1) = filed(p);
            for k in &p.keys {
                let b = blocks.entry(*k).or_default();
                b.to += (b1 - b0 + 1) as u32;
                b.levels |= 1 << level;
            }
        }
        let days =
            records.iter().map(|p| p.record.first_day).fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let buckets = (days.1.saturating_sub(days.0).max(0) / window.max(1) + 1) as usize;
        let mut order: Vec<u64> = blocks.keys().copied().collect();
        order.sort_unstable();
        let mut next = 0u32;
        for k in &order {
            if let Some(b) = blocks.get_mut(k) {
                let n = b.to;
                b.dense = n as usize > s.max_block.saturating_mul(buckets);
                (b.from, b.to) = (next, next);
                next += n;
            }
        }
        let mut entries = vec![0u64; next as usize];
        for (i, p) in records.iter().enumerate() {
            let (level, b0, b1) = filed(p);
            for k in &p.keys {
                if let Some(b) = blocks.get_mut(k) {
                    for bucket in b0..=b1 {
                        entries[b.to as usize] = slot(level, bucket) | i as u64;
                        b.to += 1;
                    }
                }
            }
        }
        // Each key's part sorted by slot, in parallel: the parts are disjoint.
        let mut parts: Vec<&mut [u64]> = Vec::with_capacity(order.len());
        let mut rest: &mut [u64] = &mut entries;
        for k in &order {
            let n = blocks.get(k).map_or(0, |b| (b.to - b.from) as usize);
            let (part, tail) = rest.split_at_mut(n);
            parts.push(part);
            rest = tail;
        }
        parts.par_iter_mut().for_each(|p| p.sort_unstable());
        let dir = entries.iter().step_by(STRIDE).copied().collect();
        Blocks { blocks, entries, dir }
    }

    /// The first position in `from..to` (one block, sorted) whose entry is not
    /// below `target`.
    fn seek(&self, from: usize, to: usize, target: u64) -> usize {
        let first = from.div_ceil(STRIDE);
        let samples = &self.dir[first..to.div_ceil(STRIDE).max(first)];
        let k = samples.partition_point(|&x| x < target);
        let start = if k == 0 { from } else { (first + k - 1) * STRIDE + 1 };
        let end = if k < samples.len() { (first + k) * STRIDE } else { to };
        start + self.entries[start..end].iter().take_while(|&&x| x < target).count()
    }

    /// Calls `visit(record, weight, n)` for every record filed under the `n`th of
    /// `keys` within `[first, last]` at the levels `levels` (bits), except in blocks
    /// larger than `max_block` per bucket. The weight is larger for a smaller block.
    fn visit(
        &self,
        keys: &[u64],
        (first, last): (i64, i64),
        levels: u16,
        s: &Settings,
        mut visit: impl FnMut(u32, f32, u32),
    ) {
        for (n, key) in keys.iter().enumerate() {
            let Some(b) = self.blocks.get(key) else { continue };
            if b.dense {
                continue;
            }
            let list = &self.entries[b.from as usize..b.to as usize];
            for level in (0..=MAX_LEVEL).filter(|l| b.levels & levels & (1 << l) != 0) {
                let bw = width(s.window_days, level);
                let (b0, b1) = (first.div_euclid(bw), last.div_euclid(bw));
                let lo = self.seek(b.from as usize, b.to as usize, slot(level, b0)) - b.from as usize;
                let end = slot(level, b1 + 1);
                let limit = s.max_block * (b1 - b0 + 1) as usize;
                if list.get(lo + limit).is_some_and(|&x| x < end) {
                    continue;
                }
                let size = list[lo..].iter().take(limit + 1).take_while(|&&x| x < end).count();
                if size == 0 {
                    continue;
                }
                let weight = (1.0 + s.max_block as f32 / size as f32).ln();
                for &x in &list[lo..lo + size] {
                    visit(x as u32, weight, n as u32);
                }
            }
        }
    }
}

/// How much a record shares with each other record met, for one record at a time:
/// a value per record of the collection (reused from record to record).
struct Tally {
    shared: Vec<f32>,
    /// The last key that counted for the record (a record filed in several buckets
    /// of one block counts once for it).
    key: Vec<u32>,
    met: Vec<u32>,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally { shared: vec![0.0; n], key: vec![UNSEEN; n], met: Vec::new() }
    }
}

/// How many times `max_candidates` a record checked alone ([`Index::flags_for`])
/// weighs.
const ONE_RECORD_CANDIDATES: usize = 4;

/// A record's lead organizations as one number: its lead's id, or [`MANY_LEADS`].
fn lead_set(ids: &[u64]) -> u64 {
    match ids {
        [one] if *one != MANY_LEADS => *one,
        _ => MANY_LEADS,
    }
}

const MANY_LEADS: u64 = u64::MAX;
/// In a tally: a record not met yet, and one met that is not a candidate.
const UNSEEN: u32 = u32::MAX;
const SKIP: u32 = u32::MAX - 1;

/// The records of a collection, blocked for finding candidates.
pub struct Index {
    settings: Settings,
    records: Vec<Prepared>,
    /// Each record's days and lead organizations, side by side: read for every
    /// record met, so kept small and together.
    spans: Vec<(i64, i64)>,
    leads: Vec<u64>,
    stats: Arc<Stats>,
    blocks: Blocks,
}

impl Index {
    /// The records, weighed by their own statistics.
    pub fn new(records: Vec<Record>, settings: Settings) -> Index {
        let records: Vec<Prepared> = records.into_par_iter().map(prepare).collect();
        let stats = Arc::new(Stats::of_prepared(&records));
        Index::build(records, settings, stats)
    }

    /// The records, weighed by the statistics of a larger collection they are part
    /// of (e.g. the neighbours of a saved activity, weighed as in the whole group).
    pub fn with_stats(records: Vec<Record>, settings: Settings, stats: Arc<Stats>) -> Index {
        Index::build(records.into_par_iter().map(prepare).collect(), settings, stats)
    }

    fn build(mut records: Vec<Prepared>, settings: Settings, stats: Arc<Stats>) -> Index {
        // In the order of their days: the records one record meets are then near it
        // in every per-record array, which keeps a million of them fast (and the
        // result does not depend on the order they were given in).
        records.par_sort_unstable_by(|a, b| {
            (a.record.first_day, &a.record.key, a.record.last_day).cmp(&(
                b.record.first_day,
                &b.record.key,
                b.record.last_day,
            ))
        });
        let w = settings.window_days;
        records.par_iter_mut().for_each(|p| {
            p.weigh_texts(&stats);
            p.crowd = stats.crowd(p.record.first_day, p.record.last_day, w, 1);
        });
        let blocks = Blocks::new(&records, &settings);
        let spans = records.iter().map(|p| (p.record.first_day, p.record.last_day.max(p.record.first_day))).collect();
        let leads = records.iter().map(|p| lead_set(&p.lead_ids)).collect();
        Index { settings, records, spans, leads, stats, blocks }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Whether record `j` may be paired with `p` at all: within the window, and no
    /// lead organization in common.
    fn may_pair(&self, p: &Prepared, j: usize) -> bool {
        let (first, last) = self.spans[j];
        let apart = p.record.first_day.max(first) - p.record.last_day.max(p.record.first_day).min(last);
        if apart > self.settings.window_days {
            return false;
        }
        let l = self.leads[j];
        if l == MANY_LEADS || p.lead_ids.len() > 1 {
            !p.same_lead(&self.records[j])
        } else {
            p.lead_ids.first().is_none_or(|&x| x != l)
        }
    }

    /// Of the records met (each with how much it shares with `p`), the `m` with
    /// most in common (ties: the lower number), sorted by number.
    fn choose(&self, mut c: Vec<(f32, u32)>, m: usize) -> Vec<u32> {
        let most = |x: &(f32, u32), y: &(f32, u32)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
        if c.len() > m {
            c.select_nth_unstable_by(m, most);
            c.truncate(m);
        }
        // A new vector: collected in place, it would keep the whole list's memory.
        let mut out: Vec<u32> = Vec::with_capacity(c.len());
        out.extend(c.iter().map(|x| x.1));
        out.sort_unstable();
        out
    }

    /// The candidates of record `i` of the collection.
    fn candidates_of(&self, i: usize, t: &mut Tally) -> Vec<u32> {
        let p = &self.records[i];
        let w = self.settings.window_days;
        let (first, last) = (p.record.first_day - w, p.record.last_day.max(p.record.first_day) + w);
        t.key[i] = SKIP;
        t.met.push(i as u32);
        let levels = levels_near(level_of(p.record.first_day, p.record.last_day.max(p.record.first_day), w));
        self.blocks.visit(&p.keys, (first, last), levels, &self.settings, |j, weight, key| {
            let j = j as usize;
            let seen = t.key[j];
            if seen == key || seen == SKIP {
                return;
            }
            if seen == UNSEEN {
                t.met.push(j as u32);
                if !self.may_pair(p, j) {
                    t.key[j] = SKIP;
                    return;
                }
            }
            t.key[j] = key;
            t.shared[j] += weight;
        });
        let mut met: Vec<(f32, u32)> = Vec::with_capacity(t.met.len());
        for &j in &t.met {
            let j = j as usize;
            if t.key[j] != SKIP {
                met.push((t.shared[j], j as u32));
            }
            t.shared[j] = 0.0;
            t.key[j] = UNSEEN;
        }
        t.met.clear();
        self.choose(met, self.settings.max_candidates)
    }

    /// Every flag of the collection at or above the threshold, highest first; a pair
    /// that is neither record's best match with the other's lead organization is
    /// weaker (see [`prefer_the_best`]); each record keeps at most
    /// `max_flags_per_record` flags (a pair stays when either record keeps it).
    pub fn flags(&self) -> Vec<Flag> {
        let n = self.records.len();
        // One tally per worker thread, made once: a tally per rayon job would be
        // made thousands of times (8 MB each at a million records).
        let tallies: Vec<Mutex<Tally>> =
            (0..rayon::current_num_threads().max(1)).map(|_| Mutex::new(Tally::new(n))).collect();
        let chosen: Vec<Vec<u32>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let k = rayon::current_thread_index().unwrap_or(0) % tallies.len();
                let mut t = tallies[k].lock().unwrap_or_else(|e| e.into_inner());
                self.candidates_of(i, &mut t)
            })
            .collect();
        drop(tallies);
        let (window, threshold) = (self.settings.window_days, self.settings.threshold);
        // Each pair once: from its lower record, or from the higher one when the
        // lower did not choose it.
        let flags: Vec<(u32, u32, Flag)> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let chosen = &chosen;
                chosen[i]
                    .iter()
                    .filter(move |&&j| j as usize > i || chosen[j as usize].binary_search(&(i as u32)).is_err())
                    .filter_map(move |&j| {
                        let f = score_pair(&self.records[i], &self.records[j as usize], window, threshold)?;
                        Some((i as u32, j, f))
                    })
            })
            .collect();
        let mut flags: Vec<(u32, u32, Flag)> =
            prefer_the_best(flags, &self.records).into_iter().filter(|f| f.2.score >= threshold).collect();
        flags.sort_by(|x, y| y.2.score.total_cmp(&x.2.score).then_with(|| (&x.2.a, &x.2.b).cmp(&(&y.2.a, &y.2.b))));
        let cap = self.settings.max_flags_per_record;
        let mut kept = vec![0usize; n];
        flags
            .into_iter()
            .filter_map(|(i, j, f)| {
                let keep = kept[i as usize] < cap || kept[j as usize] < cap;
                kept[i as usize] += 1;
                kept[j as usize] += 1;
                keep.then_some(f)
            })
            .collect()
    }

    /// The flags of one record (new or changed) against the collection, highest
    /// first; a record of the collection with the same key is not compared with it.
    /// Scores are those of the pair alone: the preference for the best match per
    /// organization, which needs every record's other pairs, is left to [`Index::flags`].
    pub fn flags_for(&self, record: Record) -> Vec<Flag> {
        self.flags_for_changed(record, Vec::new(), &HashSet::new())
    }

    /// The flags of one record against the collection as it is now, when this index
    /// was built earlier and kept (a server keeps one per group between saves):
    /// `changed` holds the current version of every record added or changed since
    /// (the record itself may be among them), `gone` the keys of those removed. The
    /// collection's records with those keys are not compared; the changed ones are,
    /// weighed by this index's statistics. The same as [`Index::flags_for`] on an
    /// index built now, while the changes are few enough that the statistics still
    /// hold (the caller builds a new index when they are not).
    pub fn flags_for_changed(&self, record: Record, changed: Vec<Record>, gone: &HashSet<String>) -> Vec<Flag> {
        let mut p = prepare(record);
        p.weigh_texts(&self.stats);
        let mut skip: HashSet<&str> = changed.iter().map(|r| r.key.as_str()).collect();
        skip.extend(gone.iter().map(String::as_str));
        skip.insert(p.record.key.as_str());
        let (met, replaces) = self.met_by(&p, &skip);
        p.crowd =
            self.stats.crowd(p.record.first_day, p.record.last_day, self.settings.window_days, usize::from(replaces));
        let mut flags = self.score_chosen(&p, met);
        let changed: Vec<Prepared> = changed.into_iter().filter(|r| r.key != p.record.key).map(prepare).collect();
        if !changed.is_empty() {
            let recent = Index::build(changed, self.settings, self.stats.clone());
            let (met, _) = recent.met_by(&p, &HashSet::new());
            flags.extend(recent.score_chosen(&p, met));
        }
        sorted(flags)
    }

    /// The records of the collection that `p` meets in its blocks and may be paired
    /// with, each with how much they share, leaving out those whose keys are in
    /// `skip` or equal to `p`'s; and whether one had `p`'s key (the record `p`
    /// replaces, counted in the statistics).
    fn met_by(&self, p: &Prepared, skip: &HashSet<&str>) -> (Vec<(f32, u32)>, bool) {
        let w = self.settings.window_days;
        let (first, last) = (p.record.first_day - w, p.record.last_day.max(p.record.first_day) + w);
        let mut met: IdMap<u32, (f32, u32)> = IdMap::default();
        let levels = levels_near(level_of(p.record.first_day, p.record.last_day.max(p.record.first_day), w));
        self.blocks.visit(&p.keys, (first, last), levels, &self.settings, |j, weight, key| {
            let e = met.entry(j).or_insert((0.0, u32::MAX));
            if e.1 != key {
                e.0 += weight;
                e.1 = key;
            }
        });
        let key = |j: u32| self.records[j as usize].record.key.as_str();
        let replaces = met.keys().any(|&j| key(j) == p.record.key);
        let met = met
            .into_iter()
            .filter(|&(j, _)| key(j) != p.record.key && !skip.contains(key(j)) && self.may_pair(p, j as usize))
            .map(|(j, (s, _))| (s, j))
            .collect();
        (met, replaces)
    }

    /// The pairs of `p` with the records it shares most with (of those `met`).
    fn score_chosen(&self, p: &Prepared, met: Vec<(f32, u32)>) -> Vec<Flag> {
        // One record alone can afford more candidates: so that it also finds the
        // pairs `flags` finds from the other record's side.
        self.choose(met, self.settings.max_candidates * ONE_RECORD_CANDIDATES)
            .into_iter()
            .filter_map(|j| {
                score_pair(p, &self.records[j as usize], self.settings.window_days, self.settings.threshold)
            })
            .collect()
    }

    /// The statistics the records are weighed by.
    pub fn stats(&self) -> &Arc<Stats> {
        &self.stats
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
fn prefer_the_best(flags: Vec<(u32, u32, Flag)>, records: &[Prepared]) -> Vec<(u32, u32, Flag)> {
    let leads = |i: u32| -> &[u64] { &records[i as usize].lead_ids };
    let mut best: HashMap<(u32, &[u64]), f64> = HashMap::new();
    for (i, j, f) in &flags {
        for (me, other) in [(*i, *j), (*j, *i)] {
            let e = best.entry((me, leads(other))).or_insert(f64::MIN);
            *e = e.max(f.score);
        }
    }
    flags
        .into_iter()
        .map(|(i, j, mut f)| {
            let is_best = [(i, j), (j, i)]
                .iter()
                .any(|&(me, other)| best.get(&(me, leads(other))).is_some_and(|&s| f.score >= s));
            if !is_best {
                f.reasons.push(Evidence { reason: Reason::BetterMatchExists, weight: NOT_THE_BEST });
                f.score = score_of(&f.reasons);
            }
            (i, j, f)
        })
        .collect()
}
