//! Activities already read and decoded, by id and version.
//!
//! Reading an activity means parsing its stored document and checking it again
//! (`ActivityFields::from_stored`): for the 500 rows of a month that is most of the
//! page's time. A list therefore asks the database only for the ids and versions
//! in its window (one query, answered from the calendar index), takes the decoded
//! activities of those versions from here, and reads only the others.
//!
//! Every change of an activity raises its version in the same statement (update,
//! delete), so an entry can never be stale: a changed activity simply has another
//! key, and old keys age out. That holds with several servers on one database too:
//! each asks the database for the versions on every list. The cache is bounded by a
//! number of entries; it holds nothing that the reader may not see, because every
//! access rule is applied after the list (`ActivityView`) as before.

use jointcal_domain::activity::Activity;
use quick_cache::sync::Cache;
use std::sync::Arc;
use uuid::Uuid;

/// Decoded activities by (id, version).
#[derive(Debug)]
pub struct ActivityCache {
    entries: Cache<(Uuid, i64), Arc<Activity>>,
}

impl ActivityCache {
    /// At most `capacity` activities (about 2 KB each once decoded).
    pub fn new(capacity: usize) -> Self {
        ActivityCache { entries: Cache::new(capacity.max(1)) }
    }

    pub fn get(&self, id: Uuid, version: i64) -> Option<Arc<Activity>> {
        self.entries.get(&(id, version))
    }

    pub fn insert(&self, a: Arc<Activity>) {
        self.entries.insert((a.id.0, a.version), a);
    }
}

/// Activities kept by default: a few busy months of a large group, or all of a small one.
pub const DEFAULT_CAPACITY: usize = 20_000;
