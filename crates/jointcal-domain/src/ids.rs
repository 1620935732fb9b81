//! Identifiers: UUIDv7 newtypes, and the injected source that makes them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(GroupId, OrgId, ActivityId, UserId, TokenId, AuditId, FlagId, BatchId);

/// Where new identifiers come from. Production uses random UUIDv7 (time-ordered);
/// tests use [`SequentialIds`] so that output is reproducible.
pub trait IdSource: Send + Sync {
    /// A new UUIDv7 whose time part is `at_millis` (milliseconds since the epoch).
    fn new_uuid(&self, at_millis: u64) -> Uuid;
}

/// Deterministic UUIDv7s: the time part from the caller, the rest a counter.
#[derive(Debug, Default)]
pub struct SequentialIds(AtomicU64);

impl SequentialIds {
    /// Counting from `n` (two sources that must not meet, e.g. two servers in a test).
    pub fn starting_at(n: u64) -> Self {
        SequentialIds(AtomicU64::new(n))
    }
}

impl IdSource for SequentialIds {
    fn new_uuid(&self, at_millis: u64) -> Uuid {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        let mut bytes = [0u8; 16];
        bytes[0..6].copy_from_slice(&at_millis.to_be_bytes()[2..8]);
        bytes[8..16].copy_from_slice(&n.to_be_bytes());
        uuid::Builder::from_unix_timestamp_millis(at_millis, &bytes[6..16].try_into().unwrap_or([0; 10])).into_uuid()
    }
}
