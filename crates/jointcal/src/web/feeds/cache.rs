//! Feeds made, kept in memory while nothing they show changed.

use crate::services::FeedState;
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_domain::ids::GroupId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// At most this many feeds are kept made (the least recently used go first).
const KEPT_FEEDS: usize = 64;

/// A feed as made: its bytes, their gzip (made when first asked), validators.
pub struct MadeFeed {
    pub state: FeedState,
    pub day: NaiveDate,
    pub body: Arc<Vec<u8>>,
    pub gzip: OnceLock<Arc<Vec<u8>>>,
    pub etag: String,
    pub last_modified: DateTime<Utc>,
    pub private: bool,
    pub used: Mutex<std::time::Instant>,
}

/// A feed an address was answered with, and when.
type Answered = (Arc<MadeFeed>, Instant);

/// At most this many addresses are remembered as recently answered.
const RECENT_ADDRESSES: usize = 1024;

/// Feeds made, by group, reader, filter and language; and the feed each address
/// (path and query, requests without cookie or bearer token) was answered with
/// lately, so that a calendar application polling within the freshness window is
/// answered from memory alone.
#[derive(Clone, Default)]
pub struct FeedCache {
    made: Arc<Mutex<HashMap<String, Arc<MadeFeed>>>>,
    recent: Arc<Mutex<HashMap<String, Answered>>>,
}

impl FeedCache {
    /// The feed `address` was answered with less than `fresh_for` ago.
    pub fn recent(&self, address: &str, fresh_for: Duration) -> Option<Arc<MadeFeed>> {
        if fresh_for.is_zero() {
            return None;
        }
        let recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent.get(address).filter(|(_, at)| at.elapsed() < fresh_for).map(|(f, _)| f.clone())
    }

    /// Remembers what `address` was answered with now.
    pub fn answered(&self, address: String, feed: Arc<MadeFeed>) {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        if recent.len() >= RECENT_ADDRESSES {
            recent.clear();
        }
        recent.insert(address, (feed, Instant::now()));
    }

    /// Forgets every recent answer (a feed token was replaced: its old links must
    /// stop at once on this server).
    pub fn forget_recent(&self) {
        self.recent.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    pub fn get(&self, key: &str) -> Option<Arc<MadeFeed>> {
        let found = self.made.lock().unwrap_or_else(|p| p.into_inner()).get(key).cloned();
        if let Some(f) = &found {
            *f.used.lock().unwrap_or_else(|p| p.into_inner()) = std::time::Instant::now();
        }
        found
    }

    pub fn put(&self, key: String, feed: Arc<MadeFeed>) {
        let mut kept = self.made.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= KEPT_FEEDS && !kept.contains_key(&key) {
            let oldest = kept
                .iter()
                .min_by_key(|(_, f)| *f.used.lock().unwrap_or_else(|p| p.into_inner()))
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                kept.remove(&k);
            }
        }
        kept.insert(key, feed);
    }

    /// Forgets every feed of a group (a test or a tool may call it; feeds notice
    /// changes by themselves).
    pub fn forget(&self, group: GroupId) {
        let prefix = format!("{group}|");
        self.made.lock().unwrap_or_else(|p| p.into_inner()).retain(|k, _| !k.starts_with(&prefix));
    }
}
