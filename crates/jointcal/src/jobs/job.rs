//! What a job is: its name, schedule and run, what it gets and what it reports.

use crate::jobs::schedule::Schedule;
use crate::Services;
use chrono::{DateTime, Utc};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The future a job's run returns.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<JobReport>> + Send + 'a>>;

/// A background job. `run` is `async fn run(&self, ctx) -> anyhow::Result<JobReport>`
/// spelled with a boxed future, so that the runner can hold jobs of different types.
pub trait Job: Send + Sync + 'static {
    /// A stable name: the lease and the run record are kept under it.
    fn name(&self) -> &str;
    fn schedule(&self) -> Schedule;
    fn run<'a>(&'a self, ctx: &'a JobContext) -> JobFuture<'a>;
}

/// What a job gets to work with.
#[derive(Clone)]
pub struct JobContext {
    pub services: Services,
    /// The runner that runs the job (for logs).
    pub holder: String,
    /// The due time this run is for; `None` when it was asked for by hand.
    pub due_at: Option<DateTime<Utc>>,
}

/// What a run did, as counts by name (e.g. `expired_sessions=3`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobReport {
    pub counts: Vec<(String, u64)>,
}

impl JobReport {
    pub fn with(mut self, what: &str, n: u64) -> Self {
        self.counts.push((what.to_string(), n));
        self
    }

    pub fn get(&self, what: &str) -> Option<u64> {
        self.counts.iter().find(|(k, _)| k == what).map(|(_, n)| *n)
    }
}

impl fmt::Display for JobReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.counts.is_empty() {
            return f.write_str("done");
        }
        for (i, (k, n)) in self.counts.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}={n}")?;
        }
        Ok(())
    }
}
