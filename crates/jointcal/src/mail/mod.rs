//! Mail: the mailer (SMTP, or none), how a message is made, and the settings.
//!
//! Messages are made once when they are queued (`services::mail`) and kept as bytes in
//! the outbox; the delivery job hands them to the mailer, retrying temporary failures
//! with backoff. The mailer is passed in like the clock, so tests use their own.

mod mailer;
mod message;
mod settings;

pub use mailer::{Mailer, MemoryMailer, NoMailer, SendError, SmtpMailer};
pub use message::{header_text, make_message, Attachment, Made, MessageError, MessageParts};
pub use settings::{MailSettings, MailSettingsError};
