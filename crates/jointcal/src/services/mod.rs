//! Services: every interface (CLI, pages, API, imports, jobs) changes and reads data
//! through these. A service owns its rules: it validates the input, checks the access
//! rules and the caller's precondition, writes the change and its audit event in one
//! transaction, and returns the view the caller shows. Interfaces never reach the
//! database themselves.
//!
//! `core` holds the services object, `error` what they refuse with; each other
//! module holds the services of one subject. They import each other by path, never
//! through this module.

mod accounts;
mod activities;
mod batch;
mod bulletins;
mod core;
mod coverage;
mod error;
mod feeds;
mod groups;
mod imports;
mod invitations;
mod kept_index;
mod mail;
mod meetings;
mod overlaps;
mod password_reset;
mod setup;

pub use self::core::{IfMatch, Services};
pub use accounts::{LoginError, MemberView, NewSession, NewUser, Principal, Via};
pub use activities::{validate_with, ActivityFilter, ActivityPage, ActivityView, OrgIndex};
pub use batch::{BatchOutcome, MAX_BATCH};
pub use bulletins::{BulletinRecipient, Edition, NewEdition};
pub use error::{BatchErrors, BatchItemError, ItemProblem, ServiceError};
pub use feeds::FeedState;
pub use groups::GroupView;
pub use imports::{
    ImportOptions, ImportReport, Importer, OnError, Outcome, ReportLine, CHUNK, MAX_LISTED, UPLOAD_HOURS,
};
pub use invitations::{Invitation, Invited, INVITATION_DAYS};
pub use mail::{host_of, Delivered, PlainMail, MAX_ATTEMPTS};
pub use meetings::{
    AttendanceInput, AttendanceLine, MeetingUpdate, MeetingView, ScheduleInput, SeriesInput, MAX_SERIES,
};
pub use overlaps::{FlagView, Overlaps};
pub use password_reset::RESET_MINUTES;
pub use setup::FirstRun;
