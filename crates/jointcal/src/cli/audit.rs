//! `jointcal audit`: the audit log, newest first.

use super::open;
use crate::config::Config;
use anyhow::{anyhow, bail};
use clap::Args;
use jointcal_domain::access::Viewer;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The group's slug.
    #[arg(long)]
    pub group: String,
    /// Only this activity's history (its id).
    #[arg(long)]
    pub activity: Option<String>,
    /// At most this many events (newest first).
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
}

pub async fn run(cfg: &Config, args: AuditArgs) -> anyhow::Result<()> {
    let AuditArgs { group, activity, limit } = args;
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(&group).await?;
    if !(1..=10_000).contains(&limit) {
        bail!("--limit must be from 1 to 10000");
    }
    let events = match activity {
        Some(id) => {
            let id = id.parse().map_err(|_| anyhow!("'{id}' is not an activity id"))?;
            let mut v = s.activity_history(&Viewer::SYSTEM, &group, id).await?;
            v.reverse();
            v.truncate(usize::try_from(limit).unwrap_or(50));
            v
        }
        None => s.group_history(&Viewer::SYSTEM, &group, None, limit).await?,
    };
    for e in events {
        let who = s.actor_label(&e.actor).await;
        println!(
            "{} {:<6} {:<12} {} by {who}",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            e.action.as_str(),
            e.entity_type,
            e.entity_id
        );
    }
    Ok(())
}
