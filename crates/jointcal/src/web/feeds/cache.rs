//! Feeds made, kept in memory while nothing they show changed.

use crate::services::FeedState;
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_domain::ids::GroupId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// At most this many feeds are kept made (the least recently used go first)…
const KEPT_FEEDS: usize = 64;
/// …and at most this many bytes of them (a feed of 10,000 activities is ~8 MB).
const KEPT_BYTES: usize = 256 << 20;

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
        self.put_within(key, feed, KEPT_FEEDS, KEPT_BYTES);
    }

    /// Keeps `feed`, then drops the least recently used others while more than
    /// `count` feeds or `bytes` bytes (bodies and their gzip) are kept.
    fn put_within(&self, key: String, feed: Arc<MadeFeed>, count: usize, bytes: usize) {
        let mut kept = self.made.lock().unwrap_or_else(|p| p.into_inner());
        kept.insert(key.clone(), feed);
        let size = |f: &MadeFeed| f.body.len() + f.gzip.get().map_or(0, |g| g.len());
        loop {
            let total: usize = kept.values().map(|f| size(f)).sum();
            if kept.len() <= 1 || (kept.len() <= count && total <= bytes) {
                break;
            }
            let oldest = kept
                .iter()
                .filter(|(k, _)| **k != key)
                .min_by_key(|(_, f)| *f.used.lock().unwrap_or_else(|p| p.into_inner()))
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => kept.remove(&k),
                None => break,
            };
        }
    }

    /// Forgets every feed of a group (a test or a tool may call it; feeds notice
    /// changes by themselves).
    pub fn forget(&self, group: GroupId) {
        let prefix = format!("{group}|");
        self.made.lock().unwrap_or_else(|p| p.into_inner()).retain(|k, _| !k.starts_with(&prefix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(bytes: usize) -> Arc<MadeFeed> {
        Arc::new(MadeFeed {
            state: FeedState::default(),
            day: NaiveDate::default(),
            body: Arc::new(vec![b'x'; bytes]),
            gzip: OnceLock::new(),
            etag: String::new(),
            last_modified: DateTime::<Utc>::default(),
            private: false,
            used: Mutex::new(Instant::now()),
        })
    }

    #[test]
    fn the_least_recently_used_go_past_the_count_or_the_bytes() {
        let c = FeedCache::default();
        c.put_within("a".into(), feed(400), 3, 1000);
        c.put_within("b".into(), feed(400), 3, 1000);
        assert!(c.get("a").is_some(), "a is used now, b is the oldest");
        c.put_within("c".into(), feed(400), 3, 1000);
        assert!(c.get("b").is_none() && c.get("a").is_some() && c.get("c").is_some(), "over 1000 bytes: b goes");
        c.put_within("d".into(), feed(10), 3, 1000);
        c.put_within("e".into(), feed(10), 3, 1000);
        assert_eq!(c.made.lock().unwrap().len(), 3, "at most 3");
        c.put_within("huge".into(), feed(5000), 3, 1000);
        assert!(c.get("huge").is_some(), "one feed larger than the limit is still kept alone");
        assert_eq!(c.made.lock().unwrap().len(), 1);
    }
}
