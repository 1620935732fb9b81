//! Feeds made, kept in memory while nothing they show changed.

use crate::services::FeedState;
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_domain::ids::GroupId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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

/// Feeds made, by group, reader, filter and language.
#[derive(Clone, Default)]
pub struct FeedCache(Arc<Mutex<HashMap<String, Arc<MadeFeed>>>>);

impl FeedCache {
    pub fn get(&self, key: &str) -> Option<Arc<MadeFeed>> {
        let found = self.0.lock().unwrap_or_else(|p| p.into_inner()).get(key).cloned();
        if let Some(f) = &found {
            *f.used.lock().unwrap_or_else(|p| p.into_inner()) = std::time::Instant::now();
        }
        found
    }

    pub fn put(&self, key: String, feed: Arc<MadeFeed>) {
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
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
        self.0.lock().unwrap_or_else(|p| p.into_inner()).retain(|k, _| !k.starts_with(&prefix));
    }
}
