//! `jointcal demo`: the demo group of the 2007 cable.

use super::open;
use crate::config::Config;
use crate::demo::{load_demo, DEMO_ACCOUNTS, DEMO_PASSWORD};
use jointcal_domain::vocab::Vocabulary;

pub async fn run(cfg: &Config) -> anyhow::Result<()> {
    // Loaded in real time: only a server's calendar opens in 2007 (`serve --demo`).
    let s = open::services(cfg).await?;
    let o = load_demo(&s).await?;
    if o.created {
        println!("loaded demo group '{}': {} organizations, {} activities", o.slug, o.organizations, o.activities);
        print_demo_accounts();
    } else {
        println!("demo group '{}' is already there; nothing changed", o.slug);
    }
    Ok(())
}

pub fn print_demo_accounts() {
    println!("demo accounts (password {DEMO_PASSWORD}):");
    for (email, name, org, role) in DEMO_ACCOUNTS {
        println!("  {email:<30} {:<12} {org:<5} {name}", role.code());
    }
}
