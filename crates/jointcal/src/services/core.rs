//! The services object: storage, the injected clocks and id source, and what every
//! service shares (audit stamps, preconditions).

use crate::mail::{Mailer, NoMailer};
use crate::services::error::ServiceError;
use chrono::{DateTime, Utc};
use jointcal_db::Db;
use jointcal_domain::audit::{Actor, AuditBuilder, AuditEvent};
use jointcal_domain::clock::Clock;
use jointcal_domain::ids::{AuditId, GroupId, IdSource, TokenId};
use lettre::message::Mailbox;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// The version a caller says it changes (HTTP `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// The command line and jobs, which read and write in one go.
    Unchecked,
    /// A caller that must name a version and did not (428).
    Missing,
    /// Something that is not an ETag of ours (400).
    Malformed(String),
    Version(i64),
}

impl From<i64> for IfMatch {
    fn from(v: i64) -> Self {
        IfMatch::Version(v)
    }
}

impl IfMatch {
    /// The version to write against, checking the precondition after the caller's
    /// input was found valid. `current` is the stored version.
    pub(crate) fn expect(&self, what: &'static str, current: i64) -> Result<i64, ServiceError> {
        match self {
            IfMatch::Unchecked => Ok(current),
            IfMatch::Missing => Err(ServiceError::PreconditionRequired(what)),
            IfMatch::Malformed(t) => Err(ServiceError::BadPrecondition(t.clone())),
            IfMatch::Version(v) => Ok(*v),
        }
    }
}

/// How mail leaves and what links in it point to.
pub struct Outgoing {
    pub mailer: Arc<dyn Mailer>,
    pub from: Option<Mailbox>,
    pub public_url: String,
}

impl Outgoing {
    pub(crate) fn none() -> Self {
        Outgoing { mailer: Arc::new(NoMailer), from: None, public_url: crate::config::DEFAULT_PUBLIC_URL.into() }
    }
}

/// The application's services, with their injected clocks and id source.
#[derive(Clone)]
pub struct Services {
    /// The storage. Public for the storage-contract tests; interfaces (web, CLI)
    /// never use it (a test checks).
    pub db: Db,
    /// Real time: sessions, tokens, two-factor codes, sign-in limits, audit times.
    pub clock: Arc<dyn Clock>,
    /// The calendar's "today" (the demo shifts it to 2007; nothing else moves).
    calendar: Arc<dyn Clock>,
    pub ids: Arc<dyn IdSource>,
    /// When each API token's last use was recorded by this process, so that a token
    /// in use is written at most once a minute.
    pub(crate) token_uses: Arc<Mutex<HashMap<TokenId, DateTime<Utc>>>>,
    /// Each group's overlap index, kept between saves; see `services::overlaps`.
    pub(crate) overlap_indexes: Arc<Mutex<HashMap<GroupId, crate::services::kept_index::KeptIndex>>>,
    /// How mail leaves, who it is from, and the address links in it point to.
    pub(crate) outgoing: Arc<Outgoing>,
}

impl Services {
    pub fn new(db: Db, clock: Arc<dyn Clock>, ids: Arc<dyn IdSource>) -> Self {
        Services {
            db,
            calendar: clock.clone(),
            clock,
            ids,
            token_uses: Arc::default(),
            overlap_indexes: Arc::default(),
            outgoing: Arc::new(Outgoing::none()),
        }
    }

    /// The same services sending mail with `mailer` from `from`, with links to
    /// `public_url` (e.g. `https://cal.example.org`).
    pub fn with_mail(mut self, mailer: Arc<dyn Mailer>, from: Option<Mailbox>, public_url: &str) -> Self {
        self.outgoing = Arc::new(Outgoing { mailer, from, public_url: public_url.trim_end_matches('/').to_string() });
        self
    }

    /// The same services with another notion of the calendar's "today" (the demo).
    pub fn with_calendar_clock(mut self, calendar: Arc<dyn Clock>) -> Self {
        self.calendar = calendar;
        self
    }

    /// Real time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// "Now" as far as the calendar is concerned: which month opens, what is coming.
    pub fn calendar_now(&self) -> DateTime<Utc> {
        self.calendar.now()
    }

    pub(crate) fn new_uuid(&self) -> Uuid {
        self.ids.new_uuid(u64::try_from(self.now().timestamp_millis()).unwrap_or(0))
    }

    /// Finishes an audit event: by `actor`, now, with a fresh id.
    pub(crate) fn stamp(&self, actor: &Actor, b: AuditBuilder) -> AuditEvent {
        b.stamp(AuditId(self.new_uuid()), self.now(), actor)
    }

    /// Whether the database answers (readiness).
    pub async fn ready(&self) -> Result<(), ServiceError> {
        self.db.ping().await.map_err(ServiceError::Db)
    }
}
