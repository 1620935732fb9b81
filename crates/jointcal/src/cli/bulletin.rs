//! `jointcal bulletin`: a month's Joint Activity Calendar bulletin as its members
//! will read it, in Markdown, plain text or HTML; `--send` mails it to the group's
//! members and distribution list now, `--record` archives it as sent by hand.

use super::open;
use crate::bulletin::{bulletin, text, Flavour, READER};
use crate::config::Config;
use crate::i18n::Lang;
use crate::services::NewEdition;
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
    /// HTML as the mail's HTML part (inline styles, no images).
    Html,
    /// PDF (A4, fonts embedded), as attached to the mail; needs --out or a pipe.
    Pdf,
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
    #[arg(long, conflicts_with = "send")]
    record: bool,
    /// Send this edition by mail now to the group's members and distribution list
    /// (those who unsubscribed are left out), archive it, and wait up to a minute for
    /// the mail server to accept the messages. Once per month; needs smtp_url and
    /// mail_from. `serve` sends on the group's bulletin day by itself.
    #[arg(long)]
    send: bool,
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
        Format::Md => Some(Flavour::Markdown),
        Format::Txt => Some(Flavour::Plain),
        Format::Html | Format::Pdf => None,
    };
    if a.send {
        let sent = crate::bulletin::send::send_edition(&s, &Viewer::SYSTEM, &Actor::Cli, &group, month).await?;
        let m = month.format("%Y-%m");
        eprintln!("the edition of {m} is archived and queued for {} recipient(s)", sent.queued);
        if sent.unsubscribed > 0 {
            eprintln!("{} address(es) unsubscribed and were left out", sent.unsubscribed);
        }
        let d = super::mail::deliver_for(&s, std::time::Duration::from_secs(60)).await?;
        eprintln!("delivered {}; retrying later {}; failed {}", d.sent, d.retrying, d.failed);
        eprintln!("see each recipient's delivery: jointcal mail log --group {} --month {m}", group.fields.slug);
        return Ok(());
    }
    let out: Vec<u8> = match (a.format, flavour) {
        (_, Some(f)) => text(&t, &b, f).into_bytes(),
        (Format::Pdf, None) => {
            if a.out.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                return Err(anyhow!("a PDF is not for the terminal: add --out FILE (or pipe it)"));
            }
            crate::bulletin::pdf(&t, &b)?
        }
        (_, None) => crate::bulletin::html(&t, &b, "").into_bytes(),
    };
    if a.record {
        let md = text(&t, &b, Flavour::Markdown);
        let edition = NewEdition { month, snapshot: &b.snapshot, body: &md, mails: &[] };
        s.record_edition(&Viewer::SYSTEM, &Actor::Cli, &group, &edition).await?;
        eprintln!("recorded the edition of {} as sent", month.format("%Y-%m"));
    }
    match a.out {
        Some(path) => std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::Write::write_all(&mut std::io::stdout(), &out).context("cannot write to standard output")?,
    }
    Ok(())
}
