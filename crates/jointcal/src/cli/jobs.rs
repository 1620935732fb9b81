//! `jointcal jobs …`: the background jobs that `serve` runs, seen and started by hand.

use super::open;
use crate::config::Config;
use crate::jobs::JobRunner;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum JobsCmd {
    /// List the jobs: schedule, next due time, and how the last run went.
    List,
    /// Run one job now, whether due or not (its schedule is left as it was). Refused
    /// while a server is running it.
    Run {
        /// The job's name, as `jobs list` shows it (e.g. housekeeping).
        name: String,
    },
}

pub async fn run(cfg: &Config, cmd: JobsCmd) -> anyhow::Result<()> {
    let runner = JobRunner::standard(open::services(cfg).await?)?;
    match cmd {
        JobsCmd::List => {
            for j in runner.status().await? {
                let next = j.next_due.map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string());
                let last = match &j.last {
                    None => "never ran".to_string(),
                    Some(r) => {
                        let outcome = match &r.last_error {
                            None => format!("ok ({})", r.last_report.as_deref().unwrap_or("")),
                            Some(e) => format!("failed: {e}"),
                        };
                        format!(
                            "last {} on {}: {outcome}; {} runs, {} failed",
                            r.last_finished_at.format("%Y-%m-%d %H:%M UTC"),
                            r.last_holder,
                            r.runs,
                            r.failures
                        )
                    }
                };
                println!("{:<14} {:<28} next {next}  {last}", j.name, j.schedule);
            }
        }
        JobsCmd::Run { name } => {
            let report = runner.run_once(&name).await?;
            println!("{name}: done ({report})");
        }
    }
    Ok(())
}
