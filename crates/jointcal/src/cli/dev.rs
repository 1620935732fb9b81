//! `jointcal dev …` (hidden): synthetic data and the benchmarks.

use super::open;
use crate::config::Config;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum DevCmd {
    /// Generate a group of synthetic activities starting over some years from 2016.
    Generate {
        #[arg(long)]
        activities: usize,
        /// Over how many years the activities start (100,000 over 40 years puts about
        /// 500 in a month, long programmes included).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=80))]
        years: u32,
        #[arg(long, default_value = "synthetic")]
        group: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Plant a duplicate (the same effort entered by another lead organization)
        /// after this fraction of the activities, e.g. 0.02. Above 0 the activities are
        /// the overlap benchmark's population (100 organizations, places), the same as
        /// `dev bench-overlaps` draws from the same seed and years; 0 keeps the
        /// calendar benchmark's data.
        #[arg(long, default_value_t = 0.0, value_parser = fraction)]
        duplicates: f64,
    },
    /// Measure saves and the overlap check that follows each, on a generated group:
    /// `--runs` real saves of activities spread over its years, after building the
    /// group's kept index (see bench/README.md).
    BenchSave {
        #[arg(long, default_value = "synthetic")]
        group: String,
        #[arg(long, default_value_t = 100)]
        runs: usize,
    },
    /// Measure the month query on a generated group (see bench/README.md).
    BenchCalendar {
        #[arg(long, default_value = "synthetic")]
        group: String,
        /// Timed repetitions per month.
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
    /// Measure overlap detection on synthetic activities in memory, with planted
    /// duplicates: time, memory, recall, and the check of one activity on save (see
    /// bench/README.md). Needs no database.
    BenchOverlaps(BenchOverlapsArgs),
    /// Read an XML file with quick-xml and nothing else (every event, counting the
    /// `<iati-activity>` elements): the ceiling of an IATI import's speed (bench/imports.sh).
    BenchXml { file: std::path::PathBuf },
}

/// The arguments of `dev bench-overlaps`.
#[derive(Debug, clap::Args)]
pub struct BenchOverlapsArgs {
    #[arg(long)]
    activities: usize,
    /// Over how many years the activities start.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=80))]
    years: u32,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Plant a duplicate after this fraction of the activities.
    #[arg(long, default_value_t = 0.02, value_parser = fraction)]
    duplicates: f64,
    /// How many single activities to check as if saved (median and p99).
    #[arg(long, default_value_t = 200)]
    saves: usize,
    /// Write the records as JSON lines (for bench/splink).
    #[arg(long, requires = "truth_out")]
    records_out: Option<PathBuf>,
    /// Write the planted pairs as JSON lines {"a", "b", "tag"}.
    #[arg(long, requires = "records_out")]
    truth_out: Option<PathBuf>,
    /// Print one JSON object of the numbers instead of text.
    #[arg(long)]
    json: bool,
    /// Blocks larger than this per time bucket are not used to find candidates
    /// (default: the detector's).
    #[arg(long)]
    max_block: Option<usize>,
    /// Candidates weighed per activity (default: the detector's).
    #[arg(long)]
    max_candidates: Option<usize>,
}

impl BenchOverlapsArgs {
    /// What to measure, with the detector's settings where none is given.
    fn options(self) -> crate::bench_overlaps::Options {
        let d = jointcal_domain::overlap::Settings::default();
        crate::bench_overlaps::Options {
            activities: self.activities,
            years: self.years,
            seed: self.seed,
            duplicates: self.duplicates,
            saves: self.saves,
            records_out: self.records_out,
            truth_out: self.truth_out,
            json: self.json,
            settings: jointcal_domain::overlap::Settings {
                max_block: self.max_block.unwrap_or(d.max_block),
                max_candidates: self.max_candidates.unwrap_or(d.max_candidates),
                ..d
            },
        }
    }
}

fn fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if (0.0..=0.5).contains(&f) => Ok(f),
        _ => Err(format!("'{s}' is not a fraction from 0 to 0.5")),
    }
}

pub async fn run(cfg: &Config, cmd: DevCmd) -> anyhow::Result<()> {
    if let DevCmd::BenchOverlaps(args) = cmd {
        return crate::bench_overlaps::run(&args.options());
    }
    if let DevCmd::BenchXml { file } = cmd {
        return bare_xml_pass(&file);
    }
    let s = open::services(cfg).await?;
    match cmd {
        DevCmd::Generate { activities, years, group, seed, duplicates } => {
            let t = std::time::Instant::now();
            let (g, planted) = crate::generate::generate(&s, &group, activities, years, seed, duplicates).await?;
            let planted = if duplicates > 0.0 { format!(" ({planted} planted duplicates)") } else { String::new() };
            println!(
                "generated {activities} activities{planted} in group '{}' in {:.1} s",
                g.fields.slug,
                t.elapsed().as_secs_f64()
            );
        }
        DevCmd::BenchCalendar { group, runs } => crate::bench::bench_calendar(&s, &group, runs).await?,
        DevCmd::BenchSave { group, runs } => crate::bench::bench_save(&s, &group, runs).await?,
        DevCmd::BenchOverlaps(_) | DevCmd::BenchXml { .. } => {}
    }
    Ok(())
}

/// Every XML event of `file`, read into one reused buffer; prints bytes, activities,
/// seconds, MB/s and activities/s.
fn bare_xml_pass(file: &std::path::Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let t = std::time::Instant::now();
    let f = std::fs::File::open(file).with_context(|| format!("{}", file.display()))?;
    let bytes = f.metadata()?.len();
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(256 * 1024, f));
    let mut buf = Vec::with_capacity(64 * 1024);
    let (mut events, mut activities) = (0u64, 0u64);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).with_context(|| format!("{}", file.display()))? {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "iati-activity" => activities += 1,
            _ => {}
        }
        events += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "quick-xml: {mb:.1} MB, {activities} activities, {events} events in {secs:.2} s: {:.1} MB/s, {:.0} activities/s",
        mb / secs,
        activities as f64 / secs
    );
    Ok(())
}
