//! The outbox: queuing messages, delivering the due ones with retries and backoff,
//! and the delivery log.
//!
//! A message is claimed by one server for a while (so several servers can deliver from
//! one outbox), handed to the mailer, then marked sent, due again later (a temporary
//! failure: the server unreachable, 4xx), or failed (5xx, a bad address, or
//! [`MAX_ATTEMPTS`] temporary failures). A server that dies between the mail server's
//! "accepted" and the mark may send that one message again when the claim runs out:
//! delivery is at least once, made as rare as a crash at that instant.

use crate::mail::SendError;
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use chrono::Duration;
use jointcal_db::{MailRecord, OutboxMail};
use lettre::address::{Address, Envelope};
use lettre::message::Mailbox;
use uuid::Uuid;

/// Temporary failures after which a message is given up (over about a day).
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a server may take to hand one batch to the mail server.
const CLAIM_MINUTES: i64 = 10;
const BATCH: i64 = 20;

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: u64,
    pub retrying: u64,
    pub failed: u64,
}

/// The wait before attempt `n + 1` after `n` temporary failures: 1 min, 5 min,
/// 15 min, 1 h, 2 h, 4 h, 8 h.
fn backoff(failures: i32) -> Duration {
    match failures {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(15),
        n => Duration::hours(1 << (n - 4).min(3)),
    }
}

impl Services {
    /// Where links in messages point (the configured public address).
    pub fn public_url(&self) -> &str {
        &self.outgoing.public_url
    }

    /// The sender of messages, or `None` when no mail server is configured.
    pub fn mail_from(&self) -> Option<&Mailbox> {
        self.outgoing.from.as_ref().filter(|_| self.outgoing.mailer.configured())
    }

    /// The mailer as `jointcal` shows it.
    pub fn mailer_shown(&self) -> String {
        self.outgoing.mailer.describe()
    }

    /// Queues messages; each (kind, reference, recipient) once. Returns how many were new.
    pub async fn queue_mail(&self, mails: &[OutboxMail]) -> Result<u64, ServiceError> {
        self.db.queue_mails(mails).await.or_service("mail")
    }

    /// Hands every due message to the mailer, batch by batch, as `holder`. Nothing is
    /// claimed while no mail server is configured.
    pub async fn deliver_due_mail(&self, holder: &str) -> Result<Delivered, ServiceError> {
        let mut done = Delivered::default();
        if !self.outgoing.mailer.configured() {
            return Ok(done);
        }
        loop {
            let now = self.now();
            let batch = self
                .db
                .claim_due_mail(holder, now, now + Duration::minutes(CLAIM_MINUTES), BATCH)
                .await
                .or_service("mail")?;
            if batch.is_empty() {
                return Ok(done);
            }
            for m in batch {
                let result = match envelope(&m.sender, &m.recipient) {
                    Ok(env) => self.outgoing.mailer.send(&env, &m.message).await,
                    Err(e) => Err(SendError::Permanent(e)),
                };
                let now = self.now();
                let failures = m.attempts + 1;
                let outcome = match &result {
                    Ok(()) => {
                        done.sent += 1;
                        tracing::info!(mail = %m.id, attempt = failures, "mail sent");
                        Ok(())
                    }
                    Err(SendError::Temporary(e)) if failures < MAX_ATTEMPTS => {
                        done.retrying += 1;
                        let next = now + backoff(failures);
                        tracing::warn!(mail = %m.id, attempt = failures, error = %e, %next, "mail not sent; will retry");
                        Err((e.as_str(), Some(next)))
                    }
                    Err(SendError::NotConfigured) => {
                        // The mailer changed under us: leave it queued for the next pass.
                        Err(("no mail server is configured", Some(now + backoff(1))))
                    }
                    Err(SendError::Temporary(e) | SendError::Permanent(e)) => {
                        done.failed += 1;
                        tracing::error!(mail = %m.id, attempt = failures, error = %e, "mail given up");
                        Err((e.as_str(), None))
                    }
                };
                self.db.record_mail_attempt(m.id, holder, now, outcome).await.or_service("mail")?;
            }
        }
    }

    /// The host of the public address (for Message-IDs and List-Ids).
    pub fn mail_host(&self) -> &str {
        host_of(self.public_url())
    }

    /// Makes a plain-text message to one person and queues it. `None` when no mail
    /// server is configured (nothing queued); a bad address is refused by name.
    /// Returns the message's id and its recipient as the outbox keeps it.
    pub async fn queue_plain_mail(&self, m: &PlainMail<'_>) -> Result<Option<(Uuid, String)>, ServiceError> {
        let Some(from) = self.mail_from().cloned() else { return Ok(None) };
        let now = self.now();
        let id = self.new_uuid();
        let made = crate::mail::make_message(&crate::mail::MessageParts {
            from: &from,
            to_name: m.to_name,
            to: m.to,
            subject: m.subject,
            text: m.text,
            html: None,
            attachments: &[],
            calendar: None,
            headers: vec![("Auto-Submitted", "auto-generated".into())],
            date: now,
            message_id: format!("{id}@{}", self.mail_host()),
        })
        .map_err(|e| {
            let mut errors = jointcal_domain::ValidationErrors::default();
            errors.add(
                "to",
                jointcal_domain::Problem::new("not_an_email", e.to_string()).with("value", m.to.to_string()),
            );
            ServiceError::from(errors)
        })?;
        let mail = OutboxMail {
            id,
            kind: m.kind.into(),
            reference: m.reference.clone().unwrap_or_else(|| id.to_string()),
            group_id: m.group.map(|g| g.0),
            recipient: made.recipient.clone(),
            sender: made.sender,
            subject: crate::mail::header_text(m.subject),
            message: made.bytes,
            created_at: now,
        };
        self.queue_mail(&[mail]).await?;
        Ok(Some((id, made.recipient)))
    }

    /// Queues a test message to `to` and hands it to the mail server at once; returns
    /// how its delivery went (sent, retrying with the server's answer, or failed).
    pub async fn send_test_mail(&self, to: &str) -> Result<MailRecord, ServiceError> {
        let no_mail = || ServiceError::Conflict("no mail server is configured: set smtp_url and mail_from".into());
        let text = format!(
            "This is a test message from jointcal at {}.\nIf you read it, mail works: {}\n",
            self.public_url(),
            self.mailer_shown()
        );
        let test = PlainMail {
            kind: "test",
            reference: None,
            group: None,
            to_name: "",
            to,
            subject: "jointcal: test message",
            text: &text,
        };
        let (id, recipient) = self.queue_plain_mail(&test).await?.ok_or_else(no_mail)?;
        self.deliver_due_mail(&format!("test-{id}")).await?;
        let log = self.db.mail_to(&recipient, "test").await.or_service("mail")?;
        log.into_iter().find(|m| m.id == id).ok_or_else(|| ServiceError::NotFound("test message".into()))
    }

    /// Every message of `kind` to `recipient`, newest first.
    pub async fn mail_to(&self, recipient: &str, kind: &str) -> Result<Vec<MailRecord>, ServiceError> {
        self.db.mail_to(recipient, kind).await.or_service("mail")
    }

    /// The delivery log of a group's messages of `kind` (one reference, or all).
    pub async fn mail_log(
        &self,
        group: jointcal_domain::ids::GroupId,
        kind: &str,
        reference: Option<&str>,
    ) -> Result<Vec<MailRecord>, ServiceError> {
        self.db.mail_log(group, kind, reference).await.or_service("mail")
    }
}

/// A plain-text message to one person (see [`Services::queue_plain_mail`]).
#[derive(Debug, Clone)]
pub struct PlainMail<'a> {
    /// The outbox kind, e.g. `invitation`.
    pub kind: &'a str,
    /// With kind and recipient, what makes it once; `None`: the message's own id.
    pub reference: Option<String>,
    pub group: Option<jointcal_domain::ids::GroupId>,
    pub to_name: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
}

/// The host of a public address: `https://cal.example.org:8443/x` → `cal.example.org`.
pub fn host_of(public_url: &str) -> &str {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
    let host = rest.split(['/', ':']).next().unwrap_or(rest);
    if host.is_empty() {
        "localhost"
    } else {
        host
    }
}

fn envelope(sender: &str, recipient: &str) -> Result<Envelope, String> {
    let from: Address = sender.parse().map_err(|e| format!("sender '{sender}': {e}"))?;
    let to: Address = recipient.parse().map_err(|e| format!("recipient '{recipient}': {e}"))?;
    Envelope::new(Some(from), vec![to]).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_public_addresses() {
        assert_eq!(host_of("https://cal.example.org"), "cal.example.org");
        assert_eq!(host_of("http://127.0.0.1:8080/base"), "127.0.0.1");
        assert_eq!(host_of(""), "localhost");
    }

    #[test]
    fn backoff_grows_to_eight_hours() {
        let waits: Vec<i64> = (1..MAX_ATTEMPTS).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(waits, vec![1, 5, 15, 60, 120, 240, 480]);
    }
}
