//! `jointcal gaps`: the coverage matrix of a group's calendar and the empty cells
//! that matter, in words, as CSV or as JSON (the same as the API's).

use super::open;
use crate::config::Config;
use crate::i18n::Lang;
use crate::web::api::coverage::{coverage_csv, coverage_out};
use crate::web::lang::Tr;
use crate::web::pages::gaps::{asked_period, gap_words, period_words};
use anyhow::anyhow;
use clap::{Args, ValueEnum};
use jointcal_domain::access::Viewer;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// The gaps in words, then the busiest cells.
    Text,
    /// One row per non-empty cell and per gap.
    Csv,
    /// Cells, per-region totals and gaps.
    Json,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    /// The group's slug.
    #[arg(long)]
    group: String,
    /// A calendar year (default: this year in the group's time zone).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Option<String>,
    /// First day, YYYY-MM-DD (alone: the year from that day).
    #[arg(long)]
    from: Option<String>,
    /// Last day, included, YYYY-MM-DD (alone: the year up to that day).
    #[arg(long)]
    to: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Language of the words: en, ru or kk.
    #[arg(long, default_value = "en")]
    lang: String,
}

pub async fn run(cfg: &Config, a: GapsArgs) -> anyhow::Result<()> {
    let lang = Lang::from_tag(&a.lang).ok_or_else(|| anyhow!("--lang '{}' is not one of en, ru, kk", a.lang))?;
    let t = Tr::new(lang);
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(&a.group).await?;
    let today = s.now().with_timezone(&group.fields.timezone).date_naive();
    let (from, to) = asked_period(a.year.as_deref(), a.from.as_deref(), a.to.as_deref(), today)
        .map_err(|(field, p)| anyhow!("--{field}: {}", p.message))?;
    let c = s.coverage(&Viewer::SYSTEM, &group, from, to).await?;
    match a.format {
        Format::Csv => print!("{}", coverage_csv(&c)?),
        Format::Json => println!("{}", serde_json::to_string_pretty(&coverage_out(&t, &c))?),
        Format::Text => {
            let words = period_words(&t, &c);
            println!("{}: {} activities {words}", group.fields.slug, c.activities);
            if c.gaps.is_empty() {
                println!("{}", t.t("gaps-none"));
            }
            for g in &c.gaps {
                println!("- {}", gap_words(&t, g, &words));
            }
        }
    }
    Ok(())
}
