//! `jointcal overlaps`: where two organizations may plan the same effort, or could
//! work together, in a group's calendar.

use super::open;
use crate::config::Config;
use anyhow::bail;
use clap::Args;
use jointcal_domain::access::Viewer;
use jointcal_domain::overlap::{Reason, Settings};
use std::collections::HashMap;

#[derive(Debug, Args)]
pub struct OverlapsArgs {
    /// The group's slug.
    #[arg(long)]
    group: String,
    /// First day of the window, YYYY-MM-DD (default: the whole calendar).
    #[arg(long)]
    from: Option<String>,
    /// Last day of the window (inclusive), YYYY-MM-DD.
    #[arg(long)]
    to: Option<String>,
    /// The lowest score shown, 0–1.
    #[arg(long, default_value_t = 0.5)]
    threshold: f64,
    /// Activities further apart than this many days are never flagged.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=3650))]
    window_days: i64,
    /// Print JSON (every flag with its score and its reasons) instead of text.
    #[arg(long)]
    json: bool,
    /// Find the group's flags again from its whole calendar and keep them (what the
    /// overlaps page and the API show; resolutions stay as the rules say), then exit.
    #[arg(long, conflicts_with_all = ["from", "to", "json"])]
    refresh: bool,
}

pub async fn run(cfg: &Config, a: OverlapsArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&a.threshold) {
        bail!("--threshold {} is not between 0 and 1", a.threshold);
    }
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(&a.group).await?;
    if a.refresh {
        let n = s.refresh_overlaps(&group).await?;
        println!("group '{}' keeps {n} overlap flags", group.fields.slug);
        return Ok(());
    }
    let filter = super::activity::window(group.fields.timezone, a.from.as_deref(), a.to.as_deref())?;
    let settings = Settings { threshold: a.threshold, window_days: a.window_days, ..Settings::default() };
    let found = s.find_overlaps(&Viewer::SYSTEM, &group, &filter, settings).await?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&found.flags)?);
        return Ok(());
    }
    let acronyms: HashMap<String, String> =
        s.acronyms().await?.into_iter().map(|(id, acronym)| (id.to_string(), acronym)).collect();
    let org = |id: &str| acronyms.get(id).cloned().unwrap_or_else(|| id.to_string());
    let line = |id: &str| {
        found.activities.get(id).map_or_else(
            || id.to_string(),
            |v| {
                let f = &v.activity.fields;
                let leads: Vec<String> = f.lead_orgs().map(|o| org(&o.to_string())).collect();
                let d = f.schedule.output();
                format!("{} {} – {}: {}", leads.join("+"), d.start, d.end, f.title.get("en"))
            },
        )
    };
    for f in &found.flags {
        println!("{:.2} {}", f.score, f.kind.code());
        println!("  {}", line(&f.a));
        println!("  {}", line(&f.b));
        let reasons: Vec<String> = f.reasons.iter().filter(|e| e.weight > 0.0).map(|e| said(&e.reason, &org)).collect();
        println!("  because: {}", reasons.join("; "));
    }
    println!("{} flags", found.flags.len());
    Ok(())
}

/// A reason in English, for the terminal (the pages say it in the reader's language).
fn said(r: &Reason, org: &dyn Fn(&str) -> String) -> String {
    let region = |c: &String| jointcal_domain::geo::subdivision(c).map_or(c.clone(), |s| format!("{} ({c})", s.name));
    match r {
        Reason::SameTime { days } => format!("at the same time ({days} days)"),
        Reason::DaysApart { days } => format!("{days} days apart"),
        Reason::SamePlace { place } => format!("same place ({place})"),
        Reason::SameRegion { regions } => {
            format!("same region ({})", regions.iter().map(region).collect::<Vec<_>>().join(", "))
        }
        Reason::OtherRegions => "other regions".into(),
        Reason::SameTargetGroup { target_groups } => format!("same target group ({})", target_groups.join(", ")),
        Reason::OtherTargetGroups => "other target groups".into(),
        Reason::SameKind { kind } => format!("same kind ({kind})"),
        Reason::SamePillar { pillars } => format!("same pillar ({})", pillars.join(", ")),
        Reason::SimilarTitles { similarity } => format!("similar titles ({similarity:.2})"),
        Reason::SimilarDescriptions { similarity } => format!("similar descriptions ({similarity:.2})"),
        Reason::MoneyAgrees { amount, currency, days } => {
            format!("one pays the other {amount:.0} {currency}, received {days} days apart")
        }
        Reason::NamesTheOther { org: o } => format!("one names the other's lead, {}", org(o)),
        Reason::SharedOrganization { org: o } => format!("both name {}", org(o)),
    }
}
