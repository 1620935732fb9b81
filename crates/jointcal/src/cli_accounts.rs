//! `jointcal user|member|token …`: accounts from the instance admin's terminal.

use crate::cli::{open_db, services, MemberCmd, TokenCmd, TotpCmd, UserCmd};
use crate::clock::SystemClock;
use crate::services::{NewUser, Services};
use anyhow::{anyhow, bail};
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::ids::TokenId;
use jointcal_domain::vocab::{MemberRole, Vocabulary};
use std::io::BufRead;
use std::sync::Arc;

async fn open(url: &str) -> anyhow::Result<Services> {
    Ok(services(open_db(url).await?, Arc::new(SystemClock)))
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

pub async fn user_cmd(url: &str, cmd: UserCmd) -> anyhow::Result<()> {
    let s = open(url).await?;
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
            let orgs = s.list_orgs().await?;
            for u in s.list_users().await? {
                let org = u
                    .org
                    .and_then(|o| orgs.iter().find(|x| x.id == o))
                    .map(|o| o.fields.acronym.as_str())
                    .unwrap_or("-");
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

pub async fn member_cmd(url: &str, cmd: MemberCmd) -> anyhow::Result<()> {
    let s = open(url).await?;
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

pub async fn token_cmd(url: &str, cmd: TokenCmd) -> anyhow::Result<()> {
    let s = open(url).await?;
    let (v, a) = (Viewer::SYSTEM, Actor::Cli);
    match cmd {
        TokenCmd::Create { email, name, expires_in_days } => {
            let u = s.user_by_email(&email).await?;
            if expires_in_days.is_some_and(|d| !(1..=3650).contains(&d)) {
                bail!("--expires-in-days must be from 1 to 3650");
            }
            let expires = expires_in_days.map(|d| s.now() + chrono::Duration::days(d));
            let (t, secret) = s.create_token(&v, &a, u.id, &name, expires).await?;
            println!("token {} for {} created; it is shown only now:\n{secret}", t.id, u.email);
        }
        TokenCmd::Revoke { id } => {
            let id: TokenId =
                id.parse().map_err(|_| anyhow!("'{id}' is not a token id (see `jointcal token list`)"))?;
            s.revoke_token(&v, &a, id).await?;
            println!("token {id} is revoked");
        }
        TokenCmd::List { email } => {
            let u = s.user_by_email(&email).await?;
            let now = s.now();
            for t in s.tokens_of(u.id).await? {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else if t.is_live(now) {
                    "live"
                } else {
                    "expired"
                };
                println!("{} {:<8} {}", t.id, state, t.name);
            }
        }
    }
    Ok(())
}
