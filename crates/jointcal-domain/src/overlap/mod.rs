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
mod score;

pub use index::{Index, Settings};
pub use score::{Flag, FlagKind, Reason};

/// What the detector knows of one activity. Codes and keys are plain strings, so
/// that any source can fill them (region codes, vocabulary codes, organization ids).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// The caller's key of the record (e.g. an activity id).
    pub key: String,
    /// Lead (or reporting) organizations: two records with one in common are never
    /// flagged.
    pub leads: Vec<String>,
    /// Other organizations named: funders, implementers, partners.
    pub others: Vec<String>,
    /// First and last day, as days since 1970-01-01 (`last >= first`).
    pub first_day: i64,
    pub last_day: i64,
    /// Region codes (ISO 3166-2).
    pub regions: Vec<String>,
    /// Place names (any script; compared folded and transliterated).
    pub places: Vec<String>,
    pub target_groups: Vec<String>,
    pub kind: Option<String>,
    pub pillars: Vec<String>,
    /// Titles in every language the record has.
    pub titles: Vec<String>,
}

#[cfg(test)]
mod tests;
