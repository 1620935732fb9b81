//! `jointcal dev bench-overlaps`: overlap detection at scale, on synthetic activities
//! held in memory (see bench/README.md, "Overlaps at scale").
//!
//! The records come from [`crate::generate::synthetic_population`] (not timed):
//! background activities, look-alikes and planted duplicates whose pairs are known.
//! Timed together as "detect": `Index::new` over all records and `Index::flags`.
//! Then: recall of the planted pairs among the flags, precision against them (a lower
//! bound: a background pair can look alike for real), peak memory (VmHWM, which
//! includes the generated records), and the check of one activity on save:
//! `Index::flags_for` of a record already in the index with its title changed a
//! little, as an edit would, timed one by one (median and p99).

use crate::generate::{synthetic_population, typo, Change, PlantedPair};
use jointcal_domain::overlap::{Flag, FlagKind, Index, Record, Settings};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// What to measure.
#[derive(Debug, Clone)]
pub struct Options {
    pub activities: usize,
    pub years: u32,
    pub seed: u64,
    /// Planted duplicates per background activity.
    pub duplicates: f64,
    /// Single activities checked as if saved.
    pub saves: usize,
    /// Where to write the records and the planted pairs as JSON lines.
    pub records_out: Option<PathBuf>,
    pub truth_out: Option<PathBuf>,
    pub json: bool,
    /// The detector's settings.
    pub settings: Settings,
}

/// How the flags compare with the planted pairs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Quality {
    pub planted: usize,
    /// Planted pairs among the flags (at or above the threshold).
    pub found: usize,
    pub recall: f64,
    /// Found / flags: a lower bound of precision, as background pairs may be alike.
    pub precision: f64,
    /// The same among the flags of kind duplicate only.
    pub found_duplicate_kind: usize,
    pub precision_duplicate_kind: f64,
    /// Recall by how the duplicate's title was changed.
    pub recall_by_change: BTreeMap<String, f64>,
}

/// The numbers of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub activities: usize,
    pub years: u32,
    pub seed: u64,
    pub duplicates_fraction: f64,
    pub threshold: f64,
    pub generate_seconds: f64,
    /// `Index::new` + `Index::flags`.
    pub detect_seconds: f64,
    pub index_seconds: f64,
    pub flags_seconds: f64,
    pub us_per_activity: f64,
    pub flags: usize,
    pub duplicate_flags: usize,
    pub complementary_flags: usize,
    #[serde(flatten)]
    pub quality: Quality,
    /// Resident memory after generating the records, before detecting (VmRSS).
    pub rss_before_mb: f64,
    /// Peak resident memory of the whole run so far (VmHWM), records included.
    pub peak_rss_mb: f64,
    pub save_checks: usize,
    pub save_median_ms: f64,
    pub save_p99_ms: f64,
    pub save_max_ms: f64,
    /// Flags per save check, on average.
    pub save_flags_mean: f64,
}

/// A line of `/proc/self/status` in MB (e.g. "VmHWM"); 0 where there is none.
pub fn proc_status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Recall and precision of `flags` against the planted pairs.
pub fn quality(flags: &[Flag], truth: &[PlantedPair]) -> Quality {
    let planted: HashSet<(String, String)> = truth.iter().map(|p| pair(&p.a, &p.b)).collect();
    let flagged: HashSet<(String, String)> = flags.iter().map(|f| pair(&f.a, &f.b)).collect();
    let found = planted.intersection(&flagged).count();
    let dup: Vec<&Flag> = flags.iter().filter(|f| f.kind == FlagKind::Duplicate).collect();
    let found_duplicate_kind = dup.iter().filter(|f| planted.contains(&pair(&f.a, &f.b))).count();
    let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
    let mut by_change: BTreeMap<Change, (usize, usize)> = BTreeMap::new();
    for p in truth {
        let e = by_change.entry(p.change).or_default();
        e.1 += 1;
        e.0 += usize::from(flagged.contains(&pair(&p.a, &p.b)));
    }
    Quality {
        planted: planted.len(),
        found,
        recall: ratio(found, planted.len()),
        precision: ratio(found, flagged.len()),
        found_duplicate_kind,
        precision_duplicate_kind: ratio(found_duplicate_kind, dup.len()),
        recall_by_change: by_change.into_iter().map(|(c, (f, n))| (c.code().to_string(), ratio(f, n))).collect(),
    }
}

/// The value at quantile `q` (nearest rank) of sorted values.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn write_jsonl(
    records: &[Record],
    truth: &[PlantedPair],
    records_out: &PathBuf,
    truth_out: &PathBuf,
) -> anyhow::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(records_out)?);
    for r in records {
        serde_json::to_writer(&mut w, r)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(truth_out)?);
    for p in truth {
        serde_json::to_writer(&mut w, &serde_json::json!({"a": p.a, "b": p.b, "tag": null}))?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// Generates, measures and returns the numbers (with progress on stderr).
pub fn measure(o: &Options) -> anyhow::Result<Report> {
    let t = Instant::now();
    let (records, truth) = synthetic_population(o.activities, o.years, o.seed, o.duplicates);
    let generate_seconds = t.elapsed().as_secs_f64();
    eprintln!(
        "bench-overlaps: {} records generated in {generate_seconds:.1} s (RSS {:.0} MB); detecting…",
        records.len(),
        proc_status_mb("VmRSS")
    );
    if let (Some(r), Some(t)) = (&o.records_out, &o.truth_out) {
        write_jsonl(&records, &truth, r, t)?;
    }
    // The activities to check on save: copies of records of the collection, each with
    // a title changed a little (an edit), so that each is compared with all but itself.
    let mut rng = StdRng::seed_from_u64(o.seed ^ 0x5a7e);
    let saves: Vec<Record> = if records.is_empty() {
        Vec::new()
    } else {
        (0..o.saves)
            .map(|_| {
                let mut r = records[rng.random_range(0..records.len())].clone();
                if let Some(t) = r.titles.first_mut() {
                    *t = typo(&mut rng, t);
                }
                r
            })
            .collect()
    };
    let settings = o.settings;
    let rss_before_mb = proc_status_mb("VmRSS");

    let t = Instant::now();
    let index = Index::new(records, settings);
    let index_seconds = t.elapsed().as_secs_f64();
    eprintln!(
        "bench-overlaps: index built in {index_seconds:.1} s (RSS {:.0} MB, peak {:.0} MB); flags…",
        proc_status_mb("VmRSS"),
        proc_status_mb("VmHWM")
    );
    let flags = index.flags();
    let detect_seconds = t.elapsed().as_secs_f64();
    let peak_rss_mb = proc_status_mb("VmHWM");

    let mut times = Vec::with_capacity(saves.len());
    let mut save_flags = 0;
    for r in saves {
        let t = Instant::now();
        let f = index.flags_for(r);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        save_flags += f.len();
    }
    times.sort_by(f64::total_cmp);

    let duplicate_flags = flags.iter().filter(|f| f.kind == FlagKind::Duplicate).count();
    Ok(Report {
        activities: o.activities,
        years: o.years,
        seed: o.seed,
        duplicates_fraction: o.duplicates,
        threshold: settings.threshold,
        generate_seconds,
        detect_seconds,
        index_seconds,
        flags_seconds: detect_seconds - index_seconds,
        us_per_activity: detect_seconds * 1e6 / o.activities.max(1) as f64,
        flags: flags.len(),
        duplicate_flags,
        complementary_flags: flags.len() - duplicate_flags,
        quality: quality(&flags, &truth),
        rss_before_mb,
        peak_rss_mb: peak_rss_mb.max(proc_status_mb("VmHWM")),
        save_checks: times.len(),
        save_median_ms: quantile(&times, 0.5),
        save_p99_ms: quantile(&times, 0.99),
        save_max_ms: times.last().copied().unwrap_or(0.0),
        save_flags_mean: if times.is_empty() { 0.0 } else { save_flags as f64 / times.len() as f64 },
    })
}

/// `jointcal dev bench-overlaps`: measures and prints.
pub fn run(o: &Options) -> anyhow::Result<()> {
    let r = measure(o)?;
    if o.json {
        println!("{}", serde_json::to_string(&r)?);
        return Ok(());
    }
    let q = &r.quality;
    println!(
        "overlaps: {} activities over {} years (seed {}), {} planted duplicate pairs; threshold {}",
        r.activities, r.years, r.seed, q.planted, r.threshold
    );
    println!("generate: {:.2} s (not timed below)", r.generate_seconds);
    println!(
        "detect: {:.2} s (index {:.2} s + flags {:.2} s), {:.1} µs per activity",
        r.detect_seconds, r.index_seconds, r.flags_seconds, r.us_per_activity
    );
    println!("flags: {} ({} duplicate, {} complementary)", r.flags, r.duplicate_flags, r.complementary_flags);
    println!(
        "planted duplicates: recall {:.3} ({}/{}); precision ≥ {:.3} of all flags, {:.3} of duplicate flags",
        q.recall, q.found, q.planted, q.precision, q.precision_duplicate_kind
    );
    let by: Vec<String> = q.recall_by_change.iter().map(|(c, v)| format!("{c} {v:.3}")).collect();
    println!("recall by title change: {}", by.join(", "));
    println!(
        "memory: RSS {:.0} MB before detecting, peak {:.0} MB (VmHWM, generated records included)",
        r.rss_before_mb, r.peak_rss_mb
    );
    println!(
        "on save ({} checks against {}): median {:.3} ms, p99 {:.3} ms, max {:.3} ms; {:.2} flags per check",
        r.save_checks, r.activities, r.save_median_ms, r.save_p99_ms, r.save_max_ms, r.save_flags_mean
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn planted_duplicates_have_other_leads_and_are_mostly_found() {
        let (records, truth) = synthetic_population(2_000, 2, 7, 0.02);
        assert_eq!(records.len(), 2_000);
        assert!(truth.len() >= 20, "about 2% planted: {}", truth.len());
        let by_key: HashMap<&str, &Record> = records.iter().map(|r| (r.key.as_str(), r)).collect();
        for p in &truth {
            let (a, b) = (by_key[p.a.as_str()], by_key[p.b.as_str()]);
            assert!(!a.leads.is_empty() && !b.leads.is_empty());
            assert!(a.leads.iter().all(|l| !b.leads.contains(l)), "{} and {} share a lead", p.a, p.b);
            assert_eq!(a.kind, b.kind);
            assert_eq!(a.regions, b.regions);
            assert!((a.first_day - b.first_day).abs() <= 7);
        }
        let changes: HashSet<Change> = truth.iter().map(|p| p.change).collect();
        assert!(changes.len() >= 3, "several kinds of title change: {changes:?}");
        let index = Index::new(records, Settings::default());
        let q = quality(&index.flags(), &truth);
        assert!(q.recall > 0.5, "recall {} ({}/{})", q.recall, q.found, q.planted);
        assert!(q.precision > 0.0);
    }

    #[test]
    fn same_seed_same_records() {
        let (a, ta) = synthetic_population(300, 10, 3, 0.05);
        let (b, tb) = synthetic_population(300, 10, 3, 0.05);
        assert_eq!(a, b);
        assert_eq!(ta, tb);
        assert!(a.iter().any(|r| !r.places.is_empty()) && a.iter().any(|r| r.places.is_empty()));
    }

    #[test]
    fn quantiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=200).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.5), 100.0);
        assert_eq!(quantile(&v, 0.99), 198.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }
}
