//! `jointcal group …`: coordination groups.

use super::open;
use crate::config::Config;
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::GroupInput;

#[derive(Debug, Subcommand)]
pub enum GroupCmd {
    /// Create a group.
    Add {
        /// Short name used in URLs, e.g. kz-tip.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// ISO 3166-1 country code, e.g. KZ.
        #[arg(long)]
        country: String,
        /// IANA time zone, e.g. Asia/Almaty.
        #[arg(long)]
        timezone: String,
        #[arg(long)]
        theme: Option<String>,
        /// Day of the month (1–28) on which the bulletin goes out.
        #[arg(long)]
        bulletin_day: Option<u8>,
        /// Languages, comma-separated, e.g. en,ru.
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
    },
    /// List groups.
    List,
}

pub async fn run(cfg: &Config, cmd: GroupCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    match cmd {
        GroupCmd::Add { slug, name, country, timezone, theme, bulletin_day, languages } => {
            let input =
                GroupInput { slug, name, country, theme, timezone, bulletin_day, languages, ..Default::default() };
            let g = s.create_group(&Viewer::SYSTEM, &Actor::Cli, &input).await?;
            println!("created group '{}' ({})", g.fields.slug, g.id);
        }
        GroupCmd::List => {
            for g in s.list_groups().await? {
                println!(
                    "{:<20} {:<3} {:<16} {}",
                    g.fields.slug,
                    g.fields.country,
                    g.fields.timezone.name(),
                    g.fields.name
                );
            }
        }
    }
    Ok(())
}
