//! The monthly bulletin: every five minutes, for each group whose edition is due (from
//! its bulletin day at 08:00 in its time zone until the end of that month; see
//! `jointcal_domain::bulletin::edition_due`) and not yet sent, send it. The edition's
//! unique key makes this once per group and month across restarts and servers; the
//! job's lease keeps two servers from making the same edition at the same time.
//! Nothing is sent while no mail server is configured.

use crate::bulletin::send::{send_edition, SendError};
use crate::jobs::job::{Job, JobContext, JobFuture, JobReport};
use crate::jobs::schedule::Schedule;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::bulletin::edition_due;

pub struct Bulletins;

impl Bulletins {
    pub const NAME: &'static str = "bulletins";
}

impl Job for Bulletins {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn schedule(&self) -> Schedule {
        Schedule::Every(std::time::Duration::from_secs(300))
    }

    fn run<'a>(&'a self, ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            let s = &ctx.services;
            let mut report = (0u64, 0u64, 0u64);
            if s.mail_from().is_none() {
                return Ok(JobReport::default().with("sent", 0).with("no_mail_server", 1));
            }
            let actor = Actor::Job { name: Self::NAME.into() };
            for group in s.list_groups().await? {
                let local = s.calendar_now().with_timezone(&group.fields.timezone).naive_local();
                let Some(month) = edition_due(local, group.fields.bulletin_day) else { continue };
                if s.editions(&group).await?.iter().any(|e| e.month == month) {
                    continue;
                }
                match send_edition(s, &Viewer::SYSTEM, &actor, &group, month).await {
                    Ok(sent) => {
                        report.0 += 1;
                        tracing::info!(group = %group.fields.slug, month = %month.format("%Y-%m"), recipients = sent.queued, "bulletin queued");
                    }
                    Err(SendError::NoRecipients) => report.1 += 1,
                    Err(SendError::Service(crate::services::ServiceError::Conflict(m))) => {
                        // Sent by another server meanwhile, if the edition is there now;
                        // any other conflict is a failure to report.
                        if !s.editions(&group).await?.iter().any(|e| e.month == month) {
                            return Err(anyhow::anyhow!("cannot send the bulletin of {}: {m}", group.fields.slug));
                        }
                        report.2 += 1;
                    }
                    Err(e) => {
                        tracing::error!(group = %group.fields.slug, error = %e, "cannot send the bulletin");
                        return Err(e.into());
                    }
                }
            }
            if report.0 > 0 {
                // Deliver now rather than at the delivery job's next turn.
                s.deliver_due_mail(&ctx.holder).await?;
            }
            Ok(JobReport::default()
                .with("sent", report.0)
                .with("no_recipients", report.1)
                .with("sent_elsewhere", report.2))
        })
    }
}
