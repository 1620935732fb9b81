//! `jointcal activity …`: a quick look at a group's calendar from the terminal.

use super::open;
use crate::config::Config;
use crate::services::ActivityFilter;
use anyhow::{bail, Context};
use chrono::{Duration, NaiveDate};
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::schedule::day_start_utc;
use jointcal_domain::vocab::Vocabulary;

#[derive(Debug, Subcommand)]
pub enum ActivityCmd {
    /// List a group's activities (a quick look from the terminal).
    List {
        /// The group's slug.
        #[arg(long)]
        group: String,
        /// First day, YYYY-MM-DD, in the group's time zone.
        #[arg(long)]
        from: Option<String>,
        /// Last day (inclusive), YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cfg: &Config, cmd: ActivityCmd) -> anyhow::Result<()> {
    match cmd {
        ActivityCmd::List { group, from, to, json } => list(cfg, &group, from, to, json).await,
    }
}

/// The list filter of `--from` and `--to` (days, inclusive, in the group's zone).
pub(super) fn window(tz: chrono_tz::Tz, from: Option<&str>, to: Option<&str>) -> anyhow::Result<ActivityFilter> {
    let from = from.map(|d| parse_day("from", d)).transpose()?;
    let to = to.map(|d| parse_day("to", d)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            bail!("--to {t} is before --from {f}");
        }
    }
    Ok(ActivityFilter {
        from: from.map(|d| day_start_utc(tz, d)),
        to: to.map(|d| day_start_utc(tz, d + Duration::days(1))),
        ..Default::default()
    })
}

fn parse_day(flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .with_context(|| format!("--{flag} '{s}' is not a date; use YYYY-MM-DD"))?;
    jointcal_domain::schedule::check_day(d).map_err(|m| anyhow::anyhow!("--{flag} {d}: {m}"))
}

async fn list(cfg: &Config, slug: &str, from: Option<String>, to: Option<String>, json: bool) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(slug).await?;
    let filter = window(group.fields.timezone, from.as_deref(), to.as_deref())?;
    let list = s.list_activities(&Viewer::SYSTEM, &group, &filter).await?;
    if json {
        let v: Vec<_> = list.iter().map(|a| a.to_json()).collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let acronyms = s.acronyms().await?;
    let acronym = |id| acronyms.get(&id).map_or("?", String::as_str);
    for v in &list {
        let f = &v.activity.fields;
        let d = f.schedule.output();
        let when = if d.start == d.end { d.start.clone() } else { format!("{} – {}", d.start, d.end) };
        let leads: Vec<&str> = f.lead_orgs().map(acronym).collect();
        let place = f.locations.first().map(|l| l.label()).unwrap_or_default();
        println!("{:<25} {:<10} {:<20} {} [{}]", when, leads.join("+"), f.kind.code(), f.title.get("en"), place);
    }
    println!("{} activities", list.len());
    Ok(())
}
