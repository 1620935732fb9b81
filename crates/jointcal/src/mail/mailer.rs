//! Who hands messages to the mail system: SMTP through `lettre`, nothing (no mail
//! server configured), or memory (tests).

use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

/// Why a message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Try again later: the server is unreachable, busy, or answered 4xx.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Do not try again: the server refused the message or address (5xx).
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// No mail server is configured.
    #[error("no mail server is configured (set smtp_url)")]
    NotConfigured,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Hands one message (its envelope and RFC 5322 bytes) to the mail system.
pub trait Mailer: Send + Sync + 'static {
    fn send<'a>(&'a self, envelope: &'a Envelope, message: &'a [u8]) -> SendFuture<'a>;
    /// Whether messages can go anywhere (else they wait in the outbox).
    fn configured(&self) -> bool {
        true
    }
    /// What it is, for logs and `jointcal config show` (never a password).
    fn describe(&self) -> String;
}

/// No mail server: messages wait in the outbox until one is configured.
pub struct NoMailer;

impl Mailer for NoMailer {
    fn send<'a>(&'a self, _: &'a Envelope, _: &'a [u8]) -> SendFuture<'a> {
        Box::pin(async { Err(SendError::NotConfigured) })
    }
    fn configured(&self) -> bool {
        false
    }
    fn describe(&self) -> String {
        "none".into()
    }
}

/// SMTP: plain, STARTTLS or TLS as the URL says (see `MailSettings`).
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    shown: String,
}

impl SmtpMailer {
    pub fn new(transport: AsyncSmtpTransport<Tokio1Executor>, shown: String) -> Self {
        SmtpMailer { transport, shown }
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, envelope: &'a Envelope, message: &'a [u8]) -> SendFuture<'a> {
        Box::pin(async move {
            match self.transport.send_raw(envelope, message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(smtp_error(&e))),
                Err(e) => Err(SendError::Temporary(smtp_error(&e))),
            }
        })
    }
    fn describe(&self) -> String {
        self.shown.clone()
    }
}

/// The error and its causes on one line (lettre's own message is short).
fn smtp_error(e: &lettre::transport::smtp::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

/// Keeps messages in memory (tests), optionally failing the next ones.
#[derive(Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<(Envelope, Vec<u8>)>>,
    failures: Mutex<Vec<SendError>>,
}

impl MemoryMailer {
    /// Every message accepted so far.
    pub fn sent(&self) -> Vec<(Envelope, Vec<u8>)> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
    /// The next sends fail with these errors, in order.
    pub fn fail_next(&self, errors: Vec<SendError>) {
        if let Ok(mut f) = self.failures.lock() {
            f.extend(errors);
        }
    }
}

impl Mailer for MemoryMailer {
    fn send<'a>(&'a self, envelope: &'a Envelope, message: &'a [u8]) -> SendFuture<'a> {
        Box::pin(async move {
            let failure = self.failures.lock().ok().and_then(|mut f| (!f.is_empty()).then(|| f.remove(0)));
            if let Some(e) = failure {
                return Err(e);
            }
            if let Ok(mut s) = self.sent.lock() {
                s.push((envelope.clone(), message.to_vec()));
            }
            Ok(())
        })
    }
    fn describe(&self) -> String {
        "memory".into()
    }
}
