//! Meeting mail: every five minutes, send the invitations of meetings that changed
//! since they were sent (the same UID with the raised SEQUENCE; CANCEL once
//! cancelled), and the reminders of action items due within three days, once per due
//! date (a conditional update and the outbox's unique key, whatever the number of
//! servers). Nothing is sent while no mail server is configured.

use crate::jobs::job::{Job, JobContext, JobFuture, JobReport};
use crate::jobs::schedule::Schedule;
use crate::meetings::mail::{resend_changed, send_reminders};

pub struct MeetingMail;

impl MeetingMail {
    pub const NAME: &'static str = "meetings";
}

impl Job for MeetingMail {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn schedule(&self) -> Schedule {
        Schedule::Every(std::time::Duration::from_secs(300))
    }

    fn run<'a>(&'a self, ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            let s = &ctx.services;
            let resent = resend_changed(s).await?;
            let reminded = send_reminders(s).await?;
            if resent + reminded > 0 {
                s.deliver_due_mail(&ctx.holder).await?;
            }
            Ok(JobReport::default().with("invitations_resent", resent as u64).with("reminders", reminded as u64))
        })
    }
}
