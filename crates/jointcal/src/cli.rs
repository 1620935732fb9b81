//! The command line.

use crate::clock::{RandomIds, ShiftedClock, SystemClock};
use crate::services::{ActivityFilter, Services};
use anyhow::{anyhow, bail, Context};
use chrono::{Duration, NaiveDate};
use clap::{Args, Parser, Subcommand};
use jointcal_db::Db;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::clock::Clock;
use jointcal_domain::group::GroupInput;
use jointcal_domain::org::OrgInput;
use jointcal_domain::schedule::day_start_utc;
use std::net::SocketAddr;
use std::sync::Arc;

/// jointcal: the Joint Activity Calendar for donor coordination.
///
/// Organizations that work on one problem in one country keep their planned
/// trainings, campaigns, studies and conferences in one shared calendar.
#[derive(Debug, Parser)]
#[command(name = "jointcal", version, propagate_version = true)]
pub struct Cli {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "JOINTCAL_DATABASE", default_value = "sqlite://jointcal.db")]
    pub database: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Create or upgrade the database tables, then exit.
    Migrate,
    /// Load the demo group of the 2007 Kazakhstan donor meeting (if not loaded yet).
    Demo,
    /// Coordination groups.
    #[command(subcommand)]
    Group(GroupCmd),
    /// Organizations (shared by all groups).
    #[command(subcommand)]
    Org(OrgCmd),
    /// Activities of a group.
    #[command(subcommand)]
    Activity(ActivityCmd),
    /// People who sign in.
    #[command(subcommand)]
    User(UserCmd),
    /// Who belongs to a group, and in which role.
    #[command(subcommand)]
    Member(MemberCmd),
    /// API tokens for scripts (each acts with its owner's rights).
    #[command(subcommand)]
    Token(TokenCmd),
    /// Read the audit log: who changed what, when.
    Audit {
        /// The group's slug.
        #[arg(long)]
        group: String,
        /// Only this activity's history (its id).
        #[arg(long)]
        activity: Option<String>,
        /// At most this many events (newest first).
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Tools for developers: synthetic data and benchmarks.
    #[command(subcommand, hide = true)]
    Dev(DevCmd),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "JOINTCAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Load the demo group when the database has none, and run the clock from
    /// 15 August 2007 so that the demo opens on its own period.
    #[arg(long)]
    pub demo: bool,
    /// The URL people use to reach this server; with https:// cookies are marked Secure.
    #[arg(long, env = "JOINTCAL_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
    /// Request bodies larger than this many bytes are refused (413).
    #[arg(long, env = "JOINTCAL_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Behind a reverse proxy: count failed sign-ins by the client address the proxy
    /// puts last in X-Forwarded-For (only when every request comes through the proxy).
    #[arg(long, env = "JOINTCAL_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Create an account. The password is asked for (twice), or read from standard input.
    Add {
        #[arg(long)]
        email: String,
        /// The name shown to others, e.g. "IOM focal point".
        #[arg(long)]
        name: String,
        /// The person's organization (acronym, id or IATI identifier).
        #[arg(long)]
        org: Option<String>,
        /// Make the person an instance admin (manages groups and organizations).
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input instead of asking.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password; every session of the account ends.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
        /// Keep the person's API tokens working (by default a reset revokes them, as
        /// after a compromise).
        #[arg(long)]
        keep_tokens: bool,
    },
    /// List accounts.
    List,
    /// Two-factor sign-in with an authenticator app (TOTP).
    #[command(subcommand)]
    Totp(TotpCmd),
}

#[derive(Debug, Subcommand)]
pub enum TotpCmd {
    /// Turn it on; prints the secret and the otpauth:// link for the app.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Turn it off.
    Disable {
        #[arg(long)]
        email: String,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Create a token; it is shown once.
    Create {
        /// Whose rights the token carries.
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "monthly report script".
        #[arg(long)]
        name: String,
        /// Days until it stops working (default: no expiry).
        #[arg(long)]
        expires_in_days: Option<i64>,
    },
    /// Revoke a token by its id; it stops working at once.
    Revoke {
        #[arg(long)]
        id: String,
    },
    /// List a person's tokens (never their secrets).
    List {
        #[arg(long)]
        email: String,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum ActivityCmd {
    /// List a group's activities (a quick look from the terminal).
    List {
        /// The group's slug.
        #[arg(long)]
        group: String,
        /// First day, YYYY-MM-DD, in the group's time zone.
        #[arg(long)]
        from: Option<String>,
        /// Last day (inclusive), YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCmd {
    /// Generate a group of synthetic activities over ten years.
    Generate {
        #[arg(long)]
        activities: usize,
        #[arg(long, default_value = "synthetic")]
        group: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure the month query on a generated group (see bench/README.md).
    BenchCalendar {
        #[arg(long, default_value = "synthetic")]
        group: String,
        /// Timed repetitions per month.
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
}

/// Connects and migrates; every command but `serve --help` needs this.
pub async fn open_db(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await?;
    db.migrate().await.map_err(|e| anyhow!("{e}"))?;
    Ok(db)
}

pub(crate) fn services(db: Db, clock: Arc<dyn Clock>) -> Services {
    Services::new(db, clock, Arc::new(RandomIds))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database, args).await,
        Command::Migrate => {
            open_db(&cli.database).await?;
            println!("database {} is up to date", jointcal_db::redact_url(&cli.database));
            Ok(())
        }
        Command::Demo => {
            let s = services(open_db(&cli.database).await?, Arc::new(SystemClock));
            let o = crate::demo::load_demo(&s).await?;
            if o.created {
                println!(
                    "loaded demo group '{}': {} organizations, {} activities",
                    o.slug, o.organizations, o.activities
                );
                print_demo_accounts();
            } else {
                println!("demo group '{}' is already there; nothing changed", o.slug);
            }
            Ok(())
        }
        Command::Group(cmd) => group_cmd(&cli.database, cmd).await,
        Command::Org(cmd) => org_cmd(&cli.database, cmd).await,
        Command::Activity(ActivityCmd::List { group, from, to, json }) => {
            activity_list(&cli.database, &group, from, to, json).await
        }
        Command::Dev(cmd) => crate::generate::dev_cmd(&cli.database, cmd).await,
        Command::Audit { group, activity, limit } => audit(&cli.database, &group, activity, limit).await,
        Command::User(cmd) => crate::cli_accounts::user_cmd(&cli.database, cmd).await,
        Command::Member(cmd) => crate::cli_accounts::member_cmd(&cli.database, cmd).await,
        Command::Token(cmd) => crate::cli_accounts::token_cmd(&cli.database, cmd).await,
    }
}

async fn serve(url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let addr: SocketAddr = args
        .bind
        .parse()
        .map_err(|_| anyhow!("'{}' is not an address to listen on; use HOST:PORT, e.g. 127.0.0.1:8080", args.bind))?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow!("cannot listen on {addr}: the port is in use by another program; choose another with --bind")
        } else {
            anyhow!("cannot listen on {addr}: {e}")
        }
    })?;
    let db = open_db(url).await?;
    // The demo's calendar opens in 2007, but only on a database that holds nothing
    // but the demo; sessions, tokens, codes and the audit log keep real time.
    let groups = services(db.clone(), Arc::new(SystemClock)).list_groups().await?;
    let demo_only = groups.iter().all(|g| g.fields.slug == crate::demo::DEMO_SLUG);
    if args.demo && !demo_only {
        eprintln!("warning: the database holds other groups than the demo: the calendar opens on today's date");
    }
    let mut s = services(db, Arc::new(SystemClock));
    if args.demo && demo_only {
        s = s.with_calendar_clock(Arc::new(ShiftedClock::starting_at(crate::demo::demo_start())));
    }
    if args.demo && groups.is_empty() {
        let o = crate::demo::load_demo(&s).await?;
        print_demo_accounts();
        tracing::info!(group = %o.slug, activities = o.activities, "loaded the demo group");
    }
    let shown = listener.local_addr().unwrap_or(addr);
    println!("jointcal is serving http://{shown}/ (database {})", jointcal_db::redact_url(url));
    crate::web::serve(
        listener,
        s,
        crate::web::WebConfig {
            public_url: args.public_url,
            max_body_bytes: args.max_body_bytes,
            trust_forwarded_for: args.trust_forwarded_for,
        },
    )
    .await
}

async fn group_cmd(url: &str, cmd: GroupCmd) -> anyhow::Result<()> {
    let s = services(open_db(url).await?, Arc::new(SystemClock));
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

async fn org_cmd(url: &str, cmd: OrgCmd) -> anyhow::Result<()> {
    let s = services(open_db(url).await?, Arc::new(SystemClock));
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
                    jointcal_domain::vocab::Vocabulary::code(o.fields.kind),
                    o.fields.iati_org_id.as_deref().unwrap_or("-"),
                    o.fields.name
                );
            }
        }
    }
    Ok(())
}

fn parse_day(flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .with_context(|| format!("--{flag} '{s}' is not a date; use YYYY-MM-DD"))?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&d)) {
        bail!("--{flag} {d} is out of range; use a year from 1900 to 2200");
    }
    Ok(d)
}

async fn activity_list(
    url: &str,
    slug: &str,
    from: Option<String>,
    to: Option<String>,
    json: bool,
) -> anyhow::Result<()> {
    let s = services(open_db(url).await?, Arc::new(SystemClock));
    let group = s.group_by_slug(slug).await?;
    let tz = group.fields.timezone;
    let from_d = from.as_deref().map(|d| parse_day("from", d)).transpose()?;
    let to_d = to.as_deref().map(|d| parse_day("to", d)).transpose()?;
    if let (Some(f), Some(t)) = (from_d, to_d) {
        if t < f {
            bail!("--to {t} is before --from {f}");
        }
    }
    let filter = ActivityFilter {
        from: from_d.map(|d| day_start_utc(tz, d)),
        to: to_d.map(|d| day_start_utc(tz, d + Duration::days(1))),
        ..Default::default()
    };
    let list = s.list_activities(&Viewer::SYSTEM, &group, &filter).await?;
    if json {
        let v: Vec<_> = list.iter().map(|a| a.to_json()).collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let orgs = s.list_orgs().await?;
    let acronym = |id| orgs.iter().find(|o| o.id == id).map(|o| o.fields.acronym.as_str()).unwrap_or("?");
    for v in &list {
        let f = &v.activity.fields;
        let d = f.schedule.output();
        let when = if d.start == d.end { d.start.clone() } else { format!("{} – {}", d.start, d.end) };
        let leads: Vec<&str> = f.lead_orgs().map(acronym).collect();
        let place = f.locations.first().map(|l| l.label()).unwrap_or_default();
        println!(
            "{:<25} {:<10} {:<20} {} [{}]",
            when,
            leads.join("+"),
            jointcal_domain::vocab::Vocabulary::code(f.kind),
            f.title.get("en"),
            place
        );
    }
    println!("{} activities", list.len());
    Ok(())
}

async fn audit(url: &str, slug: &str, activity: Option<String>, limit: i64) -> anyhow::Result<()> {
    let s = services(open_db(url).await?, Arc::new(SystemClock));
    let group = s.group_by_slug(slug).await?;
    if !(1..=10_000).contains(&limit) {
        bail!("--limit must be from 1 to 10000");
    }
    let events = match activity {
        Some(id) => {
            let id = id.parse().map_err(|_| anyhow!("'{id}' is not an activity id"))?;
            let mut v = s.activity_history(&Viewer::SYSTEM, &group, id).await?;
            v.reverse();
            v.truncate(usize::try_from(limit).unwrap_or(50));
            v
        }
        None => s.group_history(&Viewer::SYSTEM, &group, None, limit).await?,
    };
    for e in events {
        let who = match &e.actor {
            jointcal_domain::audit::Actor::User { id } | jointcal_domain::audit::Actor::Token { user: id, .. } => {
                s.db.user(*id).await.map(|u| u.user.email).unwrap_or_else(|_| id.to_string())
            }
            other => other.kind().to_string(),
        };
        println!(
            "{} {:<6} {:<12} {} by {who}",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            e.action.as_str(),
            e.entity_type,
            e.entity_id
        );
    }
    Ok(())
}

fn print_demo_accounts() {
    println!("demo accounts (password {}):", crate::demo::DEMO_PASSWORD);
    for (email, name, org, role) in crate::demo::DEMO_ACCOUNTS {
        println!("  {email:<30} {:<12} {org:<5} {name}", jointcal_domain::vocab::Vocabulary::code(role));
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
