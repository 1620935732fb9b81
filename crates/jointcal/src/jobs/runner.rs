//! The job runner: every tick, for each job that is due, take its lease, run it,
//! record the outcome, let the lease go. A failing job is logged and recorded and
//! runs again at its next due time; the runner itself keeps going.

use crate::jobs::bulletins::Bulletins;
use crate::jobs::housekeeping::Housekeeping;
use crate::jobs::job::{Job, JobContext, JobReport};
use crate::jobs::mail_delivery::MailDelivery;
use crate::jobs::meeting_mail::MeetingMail;
use crate::jobs::schedule::Schedule;
use crate::Services;
use anyhow::{anyhow, bail, Context};
use chrono::{DateTime, Utc};
use jointcal_db::{JobRunOutcome, JobRunRecord};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tracing::Instrument;

/// What one attempt at a job came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunOutcome {
    /// Not due: its current due time has been run already (here or elsewhere).
    NotDue,
    /// Another runner holds the job's lease.
    Busy,
    /// It ran: its report, or the error it failed with.
    Ran(Result<JobReport, String>),
}

struct Registered {
    job: Arc<dyn Job>,
    name: String,
    schedule: Schedule,
}

pub struct JobRunner {
    services: Services,
    holder: String,
    jobs: Vec<Registered>,
    tick: Duration,
    lease_ttl: chrono::Duration,
    grace: Duration,
}

/// What `jointcal jobs list` shows of one job.
#[derive(Debug, Clone)]
pub struct JobStatus {
    pub name: String,
    pub schedule: Schedule,
    pub next_due: Option<chrono::DateTime<chrono::Utc>>,
    pub last: Option<jointcal_db::JobRunRecord>,
}

impl JobRunner {
    /// A runner with no jobs, a random holder id, a 30 s tick, 5 min leases and
    /// 30 s for a running job to finish at shutdown.
    pub fn new(services: Services) -> Self {
        JobRunner {
            services,
            holder: format!("jointcal-{}-{:08x}", std::process::id(), rand::random::<u32>()),
            jobs: Vec::new(),
            tick: Duration::from_secs(30),
            lease_ttl: chrono::Duration::minutes(5),
            grace: Duration::from_secs(30),
        }
    }

    /// A runner with the jobs every server runs.
    pub fn standard(services: Services) -> anyhow::Result<Self> {
        JobRunner::new(services)
            .with_job(Housekeeping::default())?
            .with_job(MailDelivery)?
            .with_job(Bulletins)?
            .with_job(MeetingMail)
    }

    /// How often the runner looks for due jobs (at least 1 ms).
    pub fn with_tick(mut self, tick: Duration) -> Self {
        self.tick = tick.max(Duration::from_millis(1));
        self
    }

    /// How long a lease lasts unless renewed (at least 1 s); a running job renews it
    /// every third of that.
    pub fn with_lease_ttl(mut self, ttl: chrono::Duration) -> Self {
        self.lease_ttl = ttl.max(chrono::Duration::seconds(1));
        self
    }

    /// How long `run_until` waits for a running job once shutdown is asked for.
    pub fn with_grace(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    pub fn with_holder(mut self, holder: impl Into<String>) -> Self {
        self.holder = holder.into();
        self
    }

    pub fn with_job(mut self, job: impl Job) -> anyhow::Result<Self> {
        self.register(Arc::new(job))?;
        Ok(self)
    }

    /// Adds a job; refuses a bad schedule or a name already taken.
    pub fn register(&mut self, job: Arc<dyn Job>) -> anyhow::Result<()> {
        let name = job.name().to_string();
        let schedule = job.schedule();
        schedule.validate().with_context(|| format!("job {name}"))?;
        if name.is_empty() || self.jobs.iter().any(|j| j.name == name) {
            bail!("job name '{name}' is empty or taken");
        }
        self.jobs.push(Registered { job, name, schedule });
        Ok(())
    }

    /// The id under which this runner takes leases.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    pub fn job_names(&self) -> Vec<&str> {
        self.jobs.iter().map(|j| j.name.as_str()).collect()
    }

    /// Each job with its schedule, its next due time and what its last run did.
    pub async fn status(&self) -> anyhow::Result<Vec<JobStatus>> {
        let now = self.services.now();
        let mut out = Vec::with_capacity(self.jobs.len());
        for reg in &self.jobs {
            out.push(JobStatus {
                name: reg.name.clone(),
                schedule: reg.schedule,
                next_due: reg.schedule.next_after(now).ok(),
                last: self.services.db.job_run(&reg.name).await?,
            });
        }
        Ok(out)
    }

    /// One pass over the jobs: runs each one that is due. Errors of the database
    /// are logged and returned; they never stop the other jobs.
    pub async fn tick(&self) -> Vec<(String, anyhow::Result<RunOutcome>)> {
        let mut out = Vec::with_capacity(self.jobs.len());
        for reg in &self.jobs {
            let o = self.tick_job(reg).instrument(self.span(&reg.name)).await;
            out.push((reg.name.clone(), o));
        }
        out
    }

    /// Runs job `name` now, whether due or not (for the command line). Its due time
    /// stays as it was. Fails if the job is unknown, runs elsewhere, or fails.
    pub async fn run_once(&self, name: &str) -> anyhow::Result<JobReport> {
        let reg = self.jobs.iter().find(|j| j.name == name).ok_or_else(|| anyhow!("no job is named '{name}'"))?;
        match self.attempt(reg, None).instrument(self.span(name)).await? {
            RunOutcome::Ran(Ok(report)) => Ok(report),
            RunOutcome::Ran(Err(e)) => Err(anyhow!("job {name} failed: {e}")),
            RunOutcome::Busy | RunOutcome::NotDue => {
                let by = self.services.db.lease(name).await?.map(|(h, _)| h).unwrap_or_default();
                Err(anyhow!("job {name} is running on {by} now; try again later"))
            }
        }
    }

    /// Ticks until `shutdown` completes. A job running then gets the grace period to
    /// finish; after it, the job is stopped and its lease let go.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) {
        let span = tracing::info_span!("jobs", holder = %self.holder);
        async move {
            tracing::info!(jobs = ?self.job_names(), tick_ms = self.tick.as_millis(), "job runner started");
            tokio::pin!(shutdown);
            let mut interval = tokio::time::interval(self.tick);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            'ticks: loop {
                tokio::select! {
                    biased;
                    () = &mut shutdown => break 'ticks,
                    _ = interval.tick() => {}
                }
                for reg in &self.jobs {
                    let mut work = Box::pin(self.tick_job(reg).instrument(self.span(&reg.name)));
                    tokio::select! {
                        biased;
                        _ = &mut work => {}
                        () = &mut shutdown => {
                            tracing::info!(job = %reg.name, "shutting down: waiting for the running job");
                            if tokio::time::timeout(self.grace, &mut work).await.is_err() {
                                tracing::warn!(job = %reg.name, "the job did not finish in time: stopped");
                                // Dropping the attempt stops the job; free its lease for the next tick anywhere.
                                drop(work);
                                if let Err(e) = self.services.db.release_lease(&reg.name, &self.holder).await {
                                    tracing::warn!(job = %reg.name, error = %e, "cannot release the lease");
                                }
                            }
                            break 'ticks;
                        }
                    }
                }
            }
            tracing::info!("job runner stopped");
        }
        .instrument(span)
        .await
    }

    fn span(&self, name: &str) -> tracing::Span {
        tracing::info_span!("job", job = %name, holder = %self.holder)
    }

    async fn tick_job(&self, reg: &Registered) -> anyhow::Result<RunOutcome> {
        let result = async {
            let due = reg.schedule.due_at_or_before(self.services.now())?;
            if ran_for(self.services.db.job_run(&reg.name).await?.as_ref(), due) {
                return Ok(RunOutcome::NotDue);
            }
            self.attempt(reg, Some(due)).await
        }
        .await;
        match &result {
            Ok(RunOutcome::Busy) => tracing::debug!("due, but running elsewhere"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %format!("{e:#}"), "cannot run the job"),
        }
        result
    }

    /// Takes the lease, runs the job unless `due_at` was run meanwhile, records the
    /// outcome and lets the lease go.
    async fn attempt(&self, reg: &Registered, due_at: Option<DateTime<Utc>>) -> anyhow::Result<RunOutcome> {
        let db = &self.services.db;
        if !db.try_acquire_lease(&reg.name, &self.holder, self.services.now(), self.lease_ttl).await? {
            return Ok(RunOutcome::Busy);
        }
        // With the lease held, look again: another runner may have just finished this due time.
        if let Some(due) = due_at {
            match db.job_run(&reg.name).await {
                Ok(rec) if !ran_for(rec.as_ref(), due) => {}
                other => {
                    db.release_lease(&reg.name, &self.holder).await?;
                    return other.map(|_| RunOutcome::NotDue).map_err(Into::into);
                }
            }
        }
        let started_at = self.services.now();
        tracing::info!(due_at = ?due_at, "job started");
        let result = self.execute(reg, due_at).await;
        let finished_at = self.services.now();
        match &result {
            Ok(report) => tracing::info!(%report, "job done"),
            Err(e) => tracing::error!(error = %e, "job failed; it runs again at its next due time"),
        }
        let outcome = JobRunOutcome {
            name: reg.name.clone(),
            holder: self.holder.clone(),
            due_at,
            started_at,
            finished_at,
            result: result.as_ref().map(ToString::to_string).map_err(Clone::clone),
        };
        let recorded = db.record_job_run(&outcome).await;
        let released = db.release_lease(&reg.name, &self.holder).await;
        recorded.context("recording the run")?;
        released.context("releasing the lease")?;
        Ok(RunOutcome::Ran(result))
    }

    /// Runs the job in a task of its own (so a panic is a failure, not a crash) while
    /// renewing its lease; stops it if the lease is lost.
    async fn execute(&self, reg: &Registered, due_at: Option<DateTime<Utc>>) -> Result<JobReport, String> {
        let ctx = JobContext { services: self.services.clone(), holder: self.holder.clone(), due_at };
        let job = Arc::clone(&reg.job);
        let mut task = AbortOnDrop(tokio::spawn(
            async move { job.run(&ctx).await.map_err(|e| format!("{e:#}")) }.instrument(tracing::Span::current()),
        ));
        tokio::select! {
            joined = &mut task.0 => match joined {
                Ok(result) => result,
                Err(e) if e.is_panic() => Err("the job panicked".to_string()),
                Err(_) => Err("the job was cancelled".to_string()),
            },
            lost = self.keep_lease(&reg.name) => Err(lost),
        }
    }

    /// Renews the lease every third of its lifetime; returns when it is lost.
    async fn keep_lease(&self, name: &str) -> String {
        let every = (self.lease_ttl / 3).to_std().unwrap_or(Duration::from_secs(1));
        loop {
            tokio::time::sleep(every).await;
            match self.services.db.renew_lease(name, &self.holder, self.services.now(), self.lease_ttl).await {
                Ok(true) => {}
                Ok(false) => return "the lease was lost to another runner: stopped".to_string(),
                Err(e) => tracing::warn!(error = %e, "cannot renew the lease; trying again"),
            }
        }
    }
}

/// Whether the record shows a run for due time `due` (or a later one).
fn ran_for(rec: Option<&JobRunRecord>, due: DateTime<Utc>) -> bool {
    rec.and_then(|r| r.last_due_at).is_some_and(|last| last >= due)
}

/// A task that is stopped when its handle is dropped.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
