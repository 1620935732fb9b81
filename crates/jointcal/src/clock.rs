//! The real clock and id source, and the demo's shifted clock.

use chrono::{DateTime, Utc};
use jointcal_domain::clock::Clock;
use jointcal_domain::ids::IdSource;
use uuid::Uuid;

/// The system clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that runs at normal speed from a chosen starting instant: the demo
/// lives in August 2007, when the cable's group had just started.
#[derive(Debug)]
pub struct ShiftedClock {
    offset: chrono::Duration,
}

impl ShiftedClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        ShiftedClock { offset: start - Utc::now() }
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// Random UUIDv7s with the time part from the caller's clock.
#[derive(Debug, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_uuid(&self, at_millis: u64) -> Uuid {
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, at_millis / 1000, ((at_millis % 1000) * 1_000_000) as u32);
        Uuid::new_v7(ts)
    }
}
