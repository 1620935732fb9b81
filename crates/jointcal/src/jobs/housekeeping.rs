//! Daily housekeeping: forget expired sessions, import uploads never confirmed (a day
//! old) and failed sign-ins that no longer
//! count. Nothing here is an audited change.

use crate::jobs::job::{Job, JobContext, JobFuture, JobReport};
use crate::jobs::schedule::Schedule;
use anyhow::Context;
use chrono::Duration;
use jointcal_domain::account::LOGIN_WINDOW_MINUTES;

pub struct Housekeeping {
    schedule: Schedule,
}

impl Housekeeping {
    pub const NAME: &'static str = "housekeeping";

    pub fn new(schedule: Schedule) -> Self {
        Housekeeping { schedule }
    }
}

impl Default for Housekeeping {
    /// Daily at 03:17 UTC, a quiet hour away from the full hour.
    fn default() -> Self {
        Housekeeping::new(Schedule::DailyAt { hour: 3, minute: 17, tz: chrono_tz::UTC })
    }
}

impl Job for Housekeeping {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn schedule(&self) -> Schedule {
        self.schedule
    }

    fn run<'a>(&'a self, ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            let db = &ctx.services.db;
            let now = ctx.services.now();
            let sessions = db.delete_expired_sessions(now).await.context("deleting expired sessions")?;
            let cutoff = now - Duration::minutes(LOGIN_WINDOW_MINUTES);
            let logins = db.delete_failed_logins_before(cutoff).await.context("deleting old failed sign-ins")?;
            let uploads = db
                .delete_uploads_before(now - Duration::days(1))
                .await
                .context("deleting import uploads not confirmed")?;
            Ok(JobReport::default()
                .with("expired_sessions", sessions)
                .with("failed_logins", logins)
                .with("import_uploads", uploads))
        })
    }
}
