//! Mail delivery: every half minute, hand the due messages of the outbox to the mail
//! server (retries of temporary failures come due by their backoff).

use crate::jobs::job::{Job, JobContext, JobFuture, JobReport};
use crate::jobs::schedule::Schedule;

pub struct MailDelivery;

impl MailDelivery {
    pub const NAME: &'static str = "mail";
}

impl Job for MailDelivery {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn schedule(&self) -> Schedule {
        Schedule::Every(std::time::Duration::from_secs(30))
    }

    fn run<'a>(&'a self, ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            let d = ctx.services.deliver_due_mail(&ctx.holder).await?;
            Ok(JobReport::default().with("sent", d.sent).with("retrying", d.retrying).with("failed", d.failed))
        })
    }
}
