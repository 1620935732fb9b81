//! Overlap detection: which activities of different lead organizations may be the
//! same effort, or could be done jointly.
//!
//! The detector works on [`Record`]s — the parts of an activity that say what,
//! where, for whom, when and by whom — so that the calendar's activities and records
//! read from IATI files are judged by the same code. It never compares all pairs:
//! [`Index`] blocks records by what they share (region, place, target group,
//! organization, rare title words) within time buckets, and scores only those
//! candidates. Each signal is weighted by how rare it is in the collection (naming
//! an organization that takes part in thousands of activities says less than naming
//! one that takes part in three), and every flag carries its reasons, each with its
//! part of the score.

pub mod text;

mod index;
mod prepared;
mod record;
mod score;
mod stored;

pub use index::{comparable_lengths, Index, Settings};
pub use prepared::Stats;
pub use record::{Flow, Money, Record};
pub use score::{Evidence, Flag, FlagKind, Reason};
pub use stored::{upkeep, FlagChanges, FlagResolution, StoredFlag};

#[cfg(test)]
mod tests;
