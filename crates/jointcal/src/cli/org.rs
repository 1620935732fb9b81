//! `jointcal org …`: organizations, shared by all groups.

use super::open;
use crate::config::Config;
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::org::OrgInput;
use jointcal_domain::vocab::Vocabulary;

#[derive(Debug, Subcommand)]
pub enum OrgCmd {
    /// Add an organization.
    Add {
        /// Short name, unique on the server, e.g. IOM.
        #[arg(long)]
        acronym: String,
        #[arg(long)]
        name: String,
        /// un_agency, intergovernmental, donor_government, embassy, central_government,
        /// local_government, law_enforcement, international_ngo, ngo, foundation,
        /// academic, private or other.
        #[arg(long)]
        kind: String,
        /// IATI organisation identifier, e.g. XM-DAC-47066.
        #[arg(long)]
        iati_org_id: Option<String>,
    },
    /// List organizations.
    List,
}

pub async fn run(cfg: &Config, cmd: OrgCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    match cmd {
        OrgCmd::Add { acronym, name, kind, iati_org_id } => {
            let o = s.create_org(&Viewer::SYSTEM, &Actor::Cli, &OrgInput { name, acronym, kind, iati_org_id }).await?;
            println!("created organization '{}' ({})", o.fields.acronym, o.id);
        }
        OrgCmd::List => {
            for o in s.list_orgs().await? {
                println!(
                    "{:<10} {:<18} {:<14} {}",
                    o.fields.acronym,
                    o.fields.kind.code(),
                    o.fields.iati_org_id.as_deref().unwrap_or("-"),
                    o.fields.name
                );
            }
        }
    }
    Ok(())
}
