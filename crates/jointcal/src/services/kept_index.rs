//! A group's overlap index kept in memory between saves (what it holds; the services
//! that build and use it are in `overlaps`).

use chrono::{DateTime, Utc};
use jointcal_domain::ids::ActivityId;
use jointcal_domain::overlap::Index;
use std::collections::HashMap;
use std::sync::Arc;

/// An index of a group's activities and the version of each it holds.
pub(crate) struct Indexed {
    pub(crate) index: Index,
    pub(crate) versions: HashMap<ActivityId, i64>,
}

/// A group's overlap index, kept between saves (see `Services::refresh_flags_of`).
pub(crate) struct KeptIndex {
    /// None while it is built for the first time.
    pub(crate) index: Option<Arc<Indexed>>,
    /// Activities changed after this are read at each save.
    pub(crate) since: DateTime<Utc>,
    /// Being built (again) now.
    pub(crate) building: bool,
    pub(crate) used_at: DateTime<Utc>,
}
