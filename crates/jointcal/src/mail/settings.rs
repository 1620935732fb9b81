//! How mail leaves: the SMTP server's URL, the account, the sender.
//!
//! `smtp_url` says the server and the encryption, as `lettre` reads it:
//! - `smtps://HOST[:465]` — TLS from the first byte;
//! - `smtp://HOST[:587]?tls=required` — STARTTLS, refusing a server that lacks it;
//! - `smtp://HOST[:25]?tls=opportunistic` — STARTTLS when offered;
//! - `smtp://HOST:PORT` — no encryption (a relay on the same machine or a test sink).
//!
//! The account name is `smtp_user` (or the URL's user part); the password comes from
//! `JOINTCAL_SMTP_PASSWORD` or the file named by `smtp_password_file` (or the URL).
//! No password is ever shown: `describe` and `Debug` leave it out.

use crate::mail::mailer::SmtpMailer;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum MailSettingsError {
    #[error("'{0}' is not a mail server URL: {1}; e.g. smtps://mail.example.org or smtp://mail.example.org:587?tls=required")]
    Url(String, String),
    #[error("'{0}' is not a sender address: {1}; e.g. Joint Activity Calendar <calendar@example.org>")]
    From(String, String),
}

#[derive(Clone)]
pub struct MailSettings {
    url: String,
    user: Option<String>,
    password: Option<String>,
    pub from: Mailbox,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("url", &jointcal_db::redact_url(&self.url))
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl MailSettings {
    /// Checks the URL and the sender; the connection is tried only when mail is sent.
    pub fn new(
        url: &str,
        user: Option<String>,
        password: Option<String>,
        from: &str,
    ) -> Result<MailSettings, MailSettingsError> {
        let from: Mailbox = from.parse().map_err(|e| MailSettingsError::From(from.to_string(), format!("{e}")))?;
        let s = MailSettings { url: url.to_string(), user, password, from };
        s.transport()?;
        Ok(s)
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailSettingsError> {
        let shown = jointcal_db::redact_url(&self.url);
        let lower = self.url.to_ascii_lowercase();
        if !(lower.starts_with("smtp://") || lower.starts_with("smtps://")) {
            return Err(MailSettingsError::Url(shown, "it must start with smtp:// or smtps://".into()));
        }
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::from_url(&self.url)
            .map_err(|e| MailSettingsError::Url(shown.clone(), e.to_string()))?
            .timeout(Some(Duration::from_secs(60)));
        if let Some(password) = &self.password {
            let Some(user) = &self.user else {
                return Err(MailSettingsError::Url(shown, "a password is set but no smtp_user".into()));
            };
            b = b.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(b.build())
    }

    /// The mailer these settings describe.
    pub fn mailer(&self) -> Result<SmtpMailer, MailSettingsError> {
        Ok(SmtpMailer::new(self.transport()?, self.describe()))
    }

    /// The server and sender, without the password.
    pub fn describe(&self) -> String {
        let user = self.user.as_ref().map(|u| format!(" as {u}")).unwrap_or_default();
        format!("{}{user}, from {}", jointcal_db::redact_url(&self.url), self.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_senders_are_checked_and_passwords_never_shown() {
        let s = MailSettings::new(
            "smtp://mail.example.org:587?tls=required",
            Some("cal@example.org".into()),
            Some("hunter2".into()),
            "Joint Activity Calendar <calendar@example.org>",
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!s.describe().contains("hunter2"));
        let s = MailSettings::new("smtps://u:hunter2@mail.example.org", None, None, "c@example.org").unwrap();
        assert!(!format!("{s:?} {}", s.describe()).contains("hunter2"));
        let e = MailSettings::new("http://mail.example.org", None, None, "c@example.org").unwrap_err();
        assert!(e.to_string().contains("smtp://"), "{e}");
        let e = MailSettings::new("smtp://mail.example.org", None, None, "not an address").unwrap_err();
        assert!(matches!(e, MailSettingsError::From(..)), "{e}");
        let e = MailSettings::new("smtp://mail.example.org", None, Some("p".into()), "c@example.org").unwrap_err();
        assert!(e.to_string().contains("smtp_user"), "{e}");
    }
}
