//! `jointcal token …`: API tokens for scripts.

use super::open;
use crate::config::Config;
use anyhow::{anyhow, bail};
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::ids::TokenId;

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

pub async fn run(cfg: &Config, cmd: TokenCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
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
