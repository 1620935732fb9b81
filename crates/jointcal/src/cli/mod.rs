//! The command line. Each command's module owns its arguments and its handler;
//! `open` is the one place where they get the database and the services. Modules
//! here depend on the rest of the crate, never the other way round.

mod activity;
mod audit;
mod bulletin;
mod config;
mod demo;
mod dev;
mod gaps;
mod group;
mod import;
mod jobs;
mod mail;
mod meeting;
mod member;
mod open;
mod org;
mod overlaps;
mod serve;
mod token;
mod user;

use crate::config::{Config, Overrides};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// jointcal: the Joint Activity Calendar for donor coordination.
///
/// Organizations that work on one problem in one country keep their planned
/// trainings, campaigns, studies and conferences in one shared calendar.
#[derive(Debug, Parser)]
#[command(name = "jointcal", version, propagate_version = true)]
pub struct Cli {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    /// Default sqlite://jointcal.db; or set JOINTCAL_DATABASE, or JOINTCAL_DATABASE_FILE
    /// to a file that holds the URL.
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,

    /// A TOML file of settings (see `jointcal config check --help`); or set JOINTCAL_CONFIG.
    /// Environment variables override the file, and flags override both.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(serve::ServeArgs),
    /// Create or upgrade the database tables, then exit.
    Migrate,
    /// Load the demo group of the 2007 Kazakhstan donor meeting (if not loaded yet).
    Demo,
    /// Coordination groups.
    #[command(subcommand)]
    Group(group::GroupCmd),
    /// Organizations (shared by all groups).
    #[command(subcommand)]
    Org(org::OrgCmd),
    /// Activities of a group.
    #[command(subcommand)]
    Activity(activity::ActivityCmd),
    /// People who sign in.
    #[command(subcommand)]
    User(user::UserCmd),
    /// Who belongs to a group, and in which role.
    #[command(subcommand)]
    Member(member::MemberCmd),
    /// API tokens for scripts (each acts with its owner's rights).
    #[command(subcommand)]
    Token(token::TokenCmd),
    /// Read the audit log: who changed what, when.
    Audit(audit::AuditArgs),
    /// Where two organizations may plan the same effort, or could work together.
    Overlaps(overlaps::OverlapsArgs),
    /// Coverage by pillar, region and target group, and where nobody works.
    Gaps(gaps::GapsArgs),
    /// Import activities from IATI activity files, HXL-tagged 3W sheets (CSV or Excel) or JSON.
    Import(import::ImportArgs),
    /// Export a group's activities as IATI 2.03 XML, HXL-tagged 3W CSV or Excel, or JSON.
    Export(import::ExportArgs),
    /// A month's bulletin as the members will read it (Markdown, text or HTML), or send it.
    Bulletin(bulletin::BulletinArgs),
    /// Coordination meetings: list, schedule, the agenda drafted from the calendar, minutes.
    #[command(subcommand)]
    Meeting(meeting::MeetingCmd),
    /// Mail: the bulletin's distribution list and delivery log, delivering, a test message.
    #[command(subcommand)]
    Mail(mail::MailCmd),
    /// Background jobs that the server runs (housekeeping, mail, bulletins, meeting invitations and reminders).
    #[command(subcommand)]
    Jobs(jobs::JobsCmd),
    /// The settings: configuration file, environment and flags.
    #[command(subcommand)]
    Config(config::ConfigCmd),
    /// Tools for developers: synthetic data and benchmarks.
    #[command(subcommand, hide = true)]
    Dev(dev::DevCmd),
}

impl Cli {
    /// Whether this is `jointcal config example`, which reads no settings.
    pub fn is_config_example(&self) -> bool {
        matches!(self.command, Command::Config(config::ConfigCmd::Example))
    }

    /// The settings from the file, the environment and the flags.
    pub fn settings(&self) -> Result<Config, crate::config::ConfigError> {
        let mut flags = match &self.command {
            Command::Serve(args) => args.overrides(),
            _ => Overrides::default(),
        };
        flags.config = self.config.clone();
        flags.database = self.database.clone();
        Config::load(&|k| std::env::var(k).ok(), &flags)
    }
}

/// Runs a parsed command line with its settings.
pub async fn run(cli: Cli, settings: Config) -> anyhow::Result<()> {
    let cfg = &settings;
    match cli.command {
        Command::Serve(_) => serve::run(cfg).await,
        Command::Migrate => {
            open::database(cfg).await?;
            println!("database {} is up to date", cfg.database_shown());
            Ok(())
        }
        Command::Demo => demo::run(cfg).await,
        Command::Group(cmd) => group::run(cfg, cmd).await,
        Command::Org(cmd) => org::run(cfg, cmd).await,
        Command::Activity(cmd) => activity::run(cfg, cmd).await,
        Command::User(cmd) => user::run(cfg, cmd).await,
        Command::Member(cmd) => member::run(cfg, cmd).await,
        Command::Token(cmd) => token::run(cfg, cmd).await,
        Command::Audit(args) => audit::run(cfg, args).await,
        Command::Overlaps(args) => overlaps::run(cfg, args).await,
        Command::Gaps(args) => gaps::run(cfg, args).await,
        Command::Import(args) => import::run_import(cfg, args).await,
        Command::Export(args) => import::run_export(cfg, args).await,
        Command::Bulletin(args) => bulletin::run(cfg, args).await,
        Command::Mail(cmd) => mail::run(cfg, cmd).await,
        Command::Meeting(cmd) => meeting::run(cfg, cmd).await,
        Command::Jobs(cmd) => jobs::run(cfg, cmd).await,
        Command::Config(cmd) => config::run(cfg, cmd),
        Command::Dev(cmd) => dev::run(cfg, cmd).await,
    }
}

/// Every command path (e.g. `["user", "totp", "enable"]`), for checking `--help`.
pub fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&<Cli as clap::CommandFactory>::command(), &[], &mut out);
    out
}
