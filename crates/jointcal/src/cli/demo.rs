//! `jointcal demo`: the demo group of the 2007 cable.

use super::open;
use crate::clock::ShiftedClock;
use crate::config::Config;
use crate::demo::{demo_start, load_demo, DEMO_ACCOUNTS, DEMO_PASSWORD};
use jointcal_domain::vocab::Vocabulary;
use std::sync::Arc;

pub async fn run(cfg: &Config) -> anyhow::Result<()> {
    let s = open::services_with_clock(open::database(cfg).await?, Arc::new(ShiftedClock::starting_at(demo_start())));
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
