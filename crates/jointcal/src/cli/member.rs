//! `jointcal member …`: who belongs to a group, and in which role.

use super::open;
use crate::config::Config;
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::vocab::{MemberRole, Vocabulary};

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Add a person to a group, or change their role.
    Set {
        #[arg(long)]
        group: String,
        #[arg(long)]
        email: String,
        /// coordinator, editor or viewer.
        #[arg(long)]
        role: String,
    },
    /// Remove a person from a group.
    Remove {
        #[arg(long)]
        group: String,
        #[arg(long)]
        email: String,
    },
    /// List a group's members.
    List {
        #[arg(long)]
        group: String,
    },
}

pub async fn run(cfg: &Config, cmd: MemberCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    let (v, a) = (Viewer::SYSTEM, Actor::Cli);
    match cmd {
        MemberCmd::Set { group, email, role } => {
            let g = s.group_by_slug(&group).await?;
            let u = s.user_by_email(&email).await?;
            let role = MemberRole::from_code(&role)?;
            s.set_member(&v, &a, &g, u.id, role).await?;
            println!("{} is now {} of '{}'", u.email, role.code(), g.fields.slug);
        }
        MemberCmd::Remove { group, email } => {
            let g = s.group_by_slug(&group).await?;
            let u = s.user_by_email(&email).await?;
            s.remove_member(&v, &a, &g, u.id).await?;
            println!("{} is no longer a member of '{}'", u.email, g.fields.slug);
        }
        MemberCmd::List { group } => {
            let g = s.group_by_slug(&group).await?;
            for m in s.members(&v, &g).await? {
                println!("{:<12} {:<36} {}", m.role.code(), m.user.email, m.user.display_name);
            }
        }
    }
    Ok(())
}
