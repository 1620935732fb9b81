//! A streaming reader of IATI activity files.
//!
//! [IATI](https://iatistandard.org) activity files (`<iati-activities>`) are read activity by
//! activity from any [`std::io::BufRead`], so memory does not grow with the file. The crate
//! does no file or network access of its own.
//!
//! It reads IATI 2.03 and the 2.01/2.02 and 1.x forms real files still carry: 1.x codes
//! (`start-planned`, `Funding`, transaction type `D`), text written directly in an element
//! instead of a `<narrative>`, upper-case language codes, numbers with thousands separators,
//! dates with a time part. Each activity lists what was tolerated or guessed in
//! [`Activity::notices`].
//!
//! # Reading rules
//! - Only the parts of an activity listed in [`Activity`] are read; every other element
//!   (results, contact info, documents, planned disbursements, …) is skipped with all it
//!   holds, and so are unknown attributes such as d-portal's `dstore:*`.
//! - `xml:lang` is inherited as XML says: a narrative without one takes that of an
//!   enclosing element, in the end the activity's (its default language). Language codes
//!   are lower-cased.
//! - An element without `<narrative>` children has its own text read as a narrative
//!   (IATI 1.x). Narratives are trimmed; empty ones are skipped.
//! - Codes are read in both spellings; a code of the other major version than the file
//!   declares (`version` of `<iati-activities>`; 2.x if missing) is noted.
//! - A value that cannot be read is skipped (or the item, where the value is needed: a
//!   budget without a value, an activity date without a type or date) and noted with the
//!   text as written.
//! - An activity without `iati-identifier` is refused with an [`ActivityError`]; nothing
//!   else refuses an activity.
//!
//! The fields that name other activities (provider and receiver activity ids,
//! participating-org activity ids, related activities, other identifiers) are kept apart
//! in [`Activity::links`]; an overlap evaluation must never read them.
//!
//! ```no_run
//! use std::ops::ControlFlow;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let file = std::io::BufReader::new(std::fs::File::open("activities.xml")?);
//! let summary = jointcal_iati::read_activities(file, |result| {
//!     match result {
//!         Ok(activity) => println!("{} {:?}", activity.identifier, activity.start()),
//!         Err(refused) => eprintln!("{refused}"),
//!     }
//!     ControlFlow::Continue(())
//! })?;
//! println!("{} activities", summary.activities);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod codes;
mod error;
mod model;
mod notice;
mod reader;
mod values;

pub use error::{ActivityError, Position, ReadError};
pub use model::{
    pick_narrative, Activity, ActivityDate, AdminCode, Budget, CountryShare, DateKind, DateSource, Description,
    Extension, Links, Location, Narrative, Org, OrgRole, OtherIdentifier, Participant, RegionShare, RelatedActivity,
    Sector, Transaction, TransactionKind,
};
pub use notice::Notice;
pub use reader::{read_activities, read_all, FileSummary};
