//! `jointcal user …`: accounts, from the instance admin's terminal.

use super::open;
use crate::config::Config;
use crate::services::NewUser;
use anyhow::{anyhow, bail};
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use std::io::BufRead;

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

/// A new password: the first line of standard input, or asked twice at the terminal.
/// Never a command-line argument (it would show in the process list and history).
fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let p = line.trim_end_matches(['\n', '\r']).to_string();
        if p.is_empty() {
            bail!("no password on standard input");
        }
        return Ok(p);
    }
    let p = rpassword::prompt_password("New password: ")
        .map_err(|e| anyhow!("cannot read the password from the terminal ({e}); use --password-stdin"))?;
    let again = rpassword::prompt_password("Repeat it: ")?;
    if p != again {
        bail!("the two passwords differ; nothing was changed");
    }
    Ok(p)
}

pub async fn run(cfg: &Config, cmd: UserCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    let (v, a) = (Viewer::SYSTEM, Actor::Cli);
    match cmd {
        UserCmd::Add { email, name, org, admin, password_stdin } => {
            let password = read_password(password_stdin)?;
            let u = s.create_user(&v, &a, &NewUser { email, display_name: name, password, org, admin }).await?;
            println!("created account {} ({})", u.email, u.id);
        }
        UserCmd::ResetPassword { email, password_stdin, keep_tokens } => {
            let u = s.user_by_email(&email).await?;
            let password = read_password(password_stdin)?;
            s.set_password(&v, &a, u.id, &password, !keep_tokens).await?;
            println!(
                "new password set for {}; every session{} of the account has ended",
                u.email,
                if keep_tokens { "" } else { " and API token" }
            );
        }
        UserCmd::List => {
            let acronyms = s.acronyms().await?;
            for u in s.list_users().await? {
                let org = u.org.and_then(|o| acronyms.get(&o)).map_or("-", String::as_str);
                let flags =
                    [u.is_admin.then_some("admin"), u.totp_enabled.then_some("2fa"), u.disabled_at.map(|_| "disabled")]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(",");
                println!("{:<36} {:<10} {:<12} {}", u.email, org, flags, u.display_name);
            }
        }
        UserCmd::Totp(TotpCmd::Enable { email }) => {
            let u = s.user_by_email(&email).await?;
            let (secret, uri) = s.enable_totp(&v, &a, u.id).await?;
            println!("two-factor sign-in is on for {}.\nAdd this to the authenticator app:\n  secret: {secret}\n  link:   {uri}", u.email);
        }
        UserCmd::Totp(TotpCmd::Disable { email }) => {
            let u = s.user_by_email(&email).await?;
            s.disable_totp(&v, &a, u.id).await?;
            println!("two-factor sign-in is off for {}", u.email);
        }
    }
    Ok(())
}
