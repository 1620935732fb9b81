//! `jointcal mail …`: the bulletin's distribution list, the delivery log, delivering
//! the outbox by hand, and a test message to check the mail settings.

use super::open;
use crate::config::Config;
use crate::services::{Delivered, Services};
use anyhow::{anyhow, Context};
use clap::Subcommand;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum MailCmd {
    /// Who gets a group's bulletin: members and the distribution list, with who unsubscribed.
    Recipients {
        #[arg(long)]
        group: String,
    },
    /// Put an address on a group's distribution list (people outside the group who
    /// should get the bulletin). Someone who unsubscribed stays unsubscribed.
    Add {
        #[arg(long)]
        group: String,
        email: String,
        /// The person's name, shown in the To: header.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Take an address off a group's distribution list.
    Remove {
        #[arg(long)]
        group: String,
        email: String,
    },
    /// The delivery log of a group's bulletins: each recipient, status, attempts, last error.
    Log {
        #[arg(long)]
        group: String,
        /// One edition, YYYY-MM (default: all).
        #[arg(long)]
        month: Option<String>,
    },
    /// Hand the messages that are due to the mail server now (a running server does
    /// this every half minute).
    Deliver,
    /// Send a test message to check the mail settings; prints what the server answered.
    Test {
        /// Where to send it.
        #[arg(long)]
        to: String,
    },
}

/// Delivers what is due, for at most `limit`.
pub async fn deliver_for(s: &Services, limit: Duration) -> anyhow::Result<Delivered> {
    let holder = format!("cli-{}", std::process::id());
    tokio::time::timeout(limit, s.deliver_due_mail(&holder))
        .await
        .map_err(|_| {
            anyhow!(
                "the mail server did not take the messages within {} s; a running server goes on trying",
                limit.as_secs()
            )
        })?
        .context("delivering mail")
}

pub async fn run(cfg: &Config, cmd: MailCmd) -> anyhow::Result<()> {
    let s = open::services(cfg).await?;
    match cmd {
        MailCmd::Recipients { group } => {
            let group = s.group_by_slug(&group).await?;
            for r in s.bulletin_recipients(&Viewer::SYSTEM, &group).await? {
                let mut why = Vec::new();
                if r.member {
                    why.push("member");
                }
                if r.on_list {
                    why.push("distribution list");
                }
                let status = match r.unsubscribed_at {
                    Some(at) => format!("unsubscribed {}", at.format("%Y-%m-%d")),
                    None => "receives".into(),
                };
                println!("{:<40} {:<28} {:<30} {status}", r.email, r.name, why.join(", "));
            }
        }
        MailCmd::Add { group, email, name } => {
            let group = s.group_by_slug(&group).await?;
            s.set_on_distribution_list(&Viewer::SYSTEM, &Actor::Cli, &group, &email, &name, true).await?;
            println!("{email} is on the distribution list of {}", group.fields.slug);
        }
        MailCmd::Remove { group, email } => {
            let group = s.group_by_slug(&group).await?;
            s.set_on_distribution_list(&Viewer::SYSTEM, &Actor::Cli, &group, &email, "", false).await?;
            println!("{email} is off the distribution list of {}", group.fields.slug);
        }
        MailCmd::Log { group, month } => {
            let group = s.group_by_slug(&group).await?;
            let log = s.mail_log(group.id, crate::bulletin::send::MAIL_KIND, month.as_deref()).await?;
            if log.is_empty() {
                println!("no bulletin was sent{}", month.map(|m| format!(" for {m}")).unwrap_or_default());
            }
            for m in log {
                let when = match (&m.sent_at, m.status.as_str()) {
                    (Some(at), _) => format!("sent {}", at.format("%Y-%m-%d %H:%M UTC")),
                    (None, "queued") if m.attempts > 0 => {
                        format!("retrying at {}", m.next_attempt_at.format("%Y-%m-%d %H:%M UTC"))
                    }
                    (None, "queued") => "queued".into(),
                    (None, _) => "failed".into(),
                };
                let error = m.last_error.map(|e| format!(" — {e}")).unwrap_or_default();
                println!("{} {:<40} {:<32} attempts {}{error}", m.reference, m.recipient, when, m.attempts);
            }
        }
        MailCmd::Deliver => {
            if s.mail_from().is_none() {
                return Err(anyhow!("no mail server is configured: set smtp_url and mail_from"));
            }
            let d = deliver_for(&s, Duration::from_secs(300)).await?;
            println!("delivered {}; retrying later {}; failed {}", d.sent, d.retrying, d.failed);
        }
        MailCmd::Test { to } => {
            let m = tokio::time::timeout(Duration::from_secs(120), s.send_test_mail(&to))
                .await
                .map_err(|_| anyhow!("the mail server did not answer within 120 s"))??;
            match m.status.as_str() {
                "sent" => println!("the mail server took the message for {}", m.recipient),
                status => {
                    let what = if status == "failed" { "given up" } else { "will retry" };
                    return Err(anyhow!("the message was not sent ({what}): {}", m.last_error.unwrap_or_default()));
                }
            }
        }
    }
    Ok(())
}
