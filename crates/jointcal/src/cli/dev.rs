//! `jointcal dev …` (hidden): synthetic data and the calendar benchmark.

use super::open;
use crate::config::Config;
use clap::Subcommand;

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
    },
    /// Measure the month query on a generated group (see bench/README.md).
    BenchCalendar {
        #[arg(long, default_value = "synthetic")]
        group: String,
        /// Timed repetitions per month.
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
}

pub async fn run(cfg: &Config, cmd: DevCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    match cmd {
        DevCmd::Generate { activities, years, group, seed } => {
            let t = std::time::Instant::now();
            let g = crate::generate::generate(&s, &group, activities, years, seed).await?;
            println!(
                "generated {activities} activities in group '{}' in {:.1} s",
                g.fields.slug,
                t.elapsed().as_secs_f64()
            );
        }
        DevCmd::BenchCalendar { group, runs } => crate::bench::bench_calendar(&s, &group, runs).await?,
    }
    Ok(())
}
