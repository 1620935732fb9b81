//! Background jobs: what runs on a schedule (housekeeping, mail delivery, the monthly
//! bulletin, meeting invitations and reminders; backups later) and the runner that starts them.
//!
//! Several servers may share one database. Each job runs once per due time across
//! all of them: a server takes the job's lease in the database before it runs the
//! job, and records the due time it ran for before it lets the lease go.
//!
//! A job is due when the latest due time of its schedule has not been run. So a
//! job that never ran runs at the first tick, and after downtime the missed due
//! times are caught up with one run, not one each. A server that dies mid-run
//! leaves the due time unrun: another server runs it once the lease expires.

mod bulletins;
mod housekeeping;
mod job;
mod mail_delivery;
mod meeting_mail;
mod runner;
mod schedule;

pub use bulletins::Bulletins;
pub use housekeeping::Housekeeping;
pub use job::{Job, JobContext, JobFuture, JobReport};
pub use mail_delivery::MailDelivery;
pub use meeting_mail::MeetingMail;
pub use runner::{JobRunner, JobStatus, RunOutcome};
pub use schedule::{Schedule, ScheduleError};
