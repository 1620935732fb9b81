//! `jointcal bulletin`: a month's Joint Activity Calendar bulletin as its members
//! will read it, in Markdown or plain text; `--record` archives it as sent (sending
//! it by mail comes later).

use super::open;
use crate::bulletin::{bulletin, text, Flavour, READER};
use crate::config::Config;
use crate::i18n::Lang;
use crate::web::lang::Tr;
use anyhow::{anyhow, Context};
use chrono::{Datelike, NaiveDate};
use clap::{Args, ValueEnum};
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Markdown (headings, bold titles).
    Md,
    /// Plain text (underlined headings), as a mail's text part.
    Txt,
}

#[derive(Debug, Args)]
pub struct BulletinArgs {
    /// The group's slug.
    #[arg(long)]
    group: String,
    /// The month, YYYY-MM (default: next month in the group's time zone).
    #[arg(long)]
    month: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// Language: en, ru or kk (default: the group's first language).
    #[arg(long)]
    lang: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Record this edition as sent (you sent it yourself): the next month's bulletin
    /// then says what is new, changed or cancelled since. Once per month.
    #[arg(long)]
    record: bool,
}

pub async fn run(cfg: &Config, a: BulletinArgs) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    let group = s.group_by_slug(&a.group).await?;
    let lang = match a.lang.as_deref() {
        Some(l) => Lang::from_tag(l).ok_or_else(|| anyhow!("--lang '{l}' is not one of en, ru, kk"))?,
        None => group.fields.languages.first().and_then(|l| Lang::from_tag(l.as_str())).unwrap_or_default(),
    };
    let month = match a.month.as_deref() {
        Some(m) => NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .ok()
            .and_then(|d| jointcal_domain::schedule::check_day(d).ok())
            .ok_or_else(|| anyhow!("--month '{m}' is not a month; use YYYY-MM, e.g. 2007-09"))?,
        None => {
            let today = s.now().with_timezone(&group.fields.timezone).date_naive();
            today.with_day0(0).and_then(|d| d.checked_add_months(chrono::Months::new(1))).unwrap_or(today)
        }
    };
    let t = Tr::new(lang);
    let b = bulletin(&s, &READER, &group, month, &t).await?;
    let flavour = match a.format {
        Format::Md => Flavour::Markdown,
        Format::Txt => Flavour::Plain,
    };
    let out = text(&t, &b, flavour);
    if a.record {
        s.record_edition(&Viewer::SYSTEM, &Actor::Cli, &group, month, &b.snapshot, &out).await?;
        eprintln!("recorded the edition of {} as sent", month.format("%Y-%m"));
    }
    match a.out {
        Some(path) => std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{out}"),
    }
    Ok(())
}
