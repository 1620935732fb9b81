//! `jointcal dev …` (hidden): synthetic data and the calendar benchmark.

use super::open;
use crate::config::Config;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DevCmd {
    /// Generate a group of synthetic activities over ten years.
    Generate {
        #[arg(long)]
        activities: usize,
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
        DevCmd::Generate { activities, group, seed } => {
            let t = std::time::Instant::now();
            let g = crate::generate::generate(&s, &group, activities, seed).await?;
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
