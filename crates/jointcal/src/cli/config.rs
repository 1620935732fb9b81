//! `jointcal config check`: the effective settings, secrets hidden;
//! `jointcal config example`: a commented configuration file.

use crate::config::Config;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print the settings in effect and where each comes from, then exit; a setting
    /// that cannot be used is reported in one sentence (exit status 1).
    ///
    /// Settings come from three places; a later one wins: the TOML file named by
    /// --config or JOINTCAL_CONFIG, then JOINTCAL_* environment variables, then flags.
    /// The file may hold: database (or database_file, a file that holds the URL, e.g.
    /// a container secret), bind, public_url, max_body_bytes, trust_forwarded_for,
    /// demo and log; for example
    ///
    ///     database_file = "/run/secrets/jointcal-db-url"
    ///     bind = "0.0.0.0:8080"
    ///     public_url = "https://calendar.example.org"
    ///     trust_forwarded_for = true
    ///
    /// The variables are JOINTCAL_DATABASE, JOINTCAL_DATABASE_FILE, JOINTCAL_BIND,
    /// JOINTCAL_PUBLIC_URL, JOINTCAL_MAX_BODY_BYTES, JOINTCAL_TRUST_FORWARDED_FOR,
    /// JOINTCAL_DEMO and JOINTCAL_LOG. Passwords in database URLs are never printed.
    Check,
    /// Print a configuration file with every setting, commented out at its default,
    /// and what each does; save it, change what you need, and pass it with --config.
    ///
    ///     jointcal config example > /etc/jointcal/jointcal.toml
    Example,
}

pub fn run(cfg: &Config, cmd: ConfigCmd) -> anyhow::Result<()> {
    match cmd {
        ConfigCmd::Check => {
            for line in cfg.describe() {
                println!("{line}");
            }
            println!("the settings are usable");
        }
        ConfigCmd::Example => print!("{}", crate::config::EXAMPLE),
    }
    Ok(())
}
