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
    #[arg(long, required_unless_present = "evaluate")]
    group: Option<String>,
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
    /// Measure the detector on IATI activity files instead of a group: the pairs one
    /// activity links to another of a different publisher (provider/receiver
    /// activity ids) are the known answers, and the detector never reads those links.
    /// Prints precision, recall and F1 at --threshold, recall@100, precision@k, the
    /// same without the pairs of one organization family, a fit half / report half
    /// split, and the 20 highest flags no link names.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["group", "from", "to", "refresh"])]
    evaluate: Vec<std::path::PathBuf>,
    /// With --evaluate: write the records and known pairs as JSON lines to this
    /// folder (records.jsonl, truth.jsonl, and the fit and report halves), for
    /// bench/splink/splink_pairs.py.
    #[arg(long, value_name = "DIR", requires = "evaluate")]
    records_out: Option<std::path::PathBuf>,
}

pub async fn run(cfg: &Config, a: OverlapsArgs) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&a.threshold) {
        bail!("--threshold {} is not between 0 and 1", a.threshold);
    }
    if !a.evaluate.is_empty() {
        return evaluate(&a);
    }
    let Some(slug) = a.group.as_deref() else { bail!("--group is required (or --evaluate FILE…)") };
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(slug).await?;
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

fn evaluate(a: &OverlapsArgs) -> anyhow::Result<()> {
    use crate::evaluate::metrics::Scores;
    let out = crate::evaluate::Outputs { dir: a.records_out.as_deref() };
    let e = crate::evaluate::evaluate(&a.evaluate, a.threshold, a.window_days, out)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&e)?);
        return Ok(());
    }
    println!(
        "{} files, {} activities ({} without dates or unreadable), {} known pairs ({} of one organization family); detector in {:.2} s",
        e.files, e.activities, e.skipped, e.all.truth, e.all.truth - e.all.truth_untagged, e.seconds
    );
    let row = |name: &str, m: &Scores| {
        println!(
            "{name:<8} pairs {:>6}  at {:.2}: flagged {:>5}  P {:.3} R {:.3} F1 {:.3}  recall@100 {:.3} ({}/{})  P@k {:.3}  recall@100 w/o family {:.3} ({}/{})",
            m.pairs_scored, m.threshold, m.flagged, m.precision, m.recall, m.f1, m.recall_at_100, m.found_at_100,
            m.truth, m.precision_at_k, m.recall_at_100_untagged, m.found_at_100_untagged, m.truth_untagged
        )
    };
    row("all", &e.all);
    println!("threshold fitted on the fit half: {:.2}", e.fitted_threshold);
    row("fit", &e.fit);
    row("report", &e.report);
    println!("the 20 highest flags that no link names:");
    for (i, u) in e.top_unlinked.iter().enumerate() {
        println!("{:>2}. {:.3} {} | {}", i + 1, u.score, u.a_lead, u.a_title);
        println!("          {} | {}", u.b_lead, u.b_title);
    }
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
        Reason::BetterMatchExists => "a closer match with the same organization exists".into(),
        Reason::BusyTime { activities, days } => {
            format!("a busy time ({activities} other activities within {days} days)")
        }
        Reason::FundsFlow { from, to } => format!("both record funds from {} to {}", org(from), org(to)),
    }
}
