//! Background jobs: leases in the database (on SQLite and PostgreSQL), and runners
//! that share one database run each job once per due time.

use crate::on_both_databases;
use crate::support::{t0, TestDb};
use chrono::{DateTime, Duration, Utc};
use jointcal::jobs::{Housekeeping, Job, JobContext, JobFuture, JobReport, JobRunner, RunOutcome, Schedule};
use jointcal::services::NewUser;
use jointcal::Services;
use jointcal_db::{Db, JobRunOutcome};
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::clock::{Clock, FixedClock};
use jointcal_domain::ids::SequentialIds;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

on_both_databases!(
    two_holders_race_for_one_lease,
    an_expired_lease_is_taken_over,
    a_released_lease_is_free_at_once,
    twenty_concurrent_attempts_one_winner,
    runs_are_recorded,
    two_runners_run_each_due_time_once,
    two_looping_runners_run_each_due_time_once,
    a_failing_job_is_recorded_and_the_runner_goes_on,
    shutdown_lets_a_running_job_finish,
    shutdown_stops_a_stuck_job_within_the_grace,
    a_job_that_loses_its_lease_is_stopped,
    run_once_runs_now_unless_held_elsewhere,
    housekeeping_removes_expired_sessions_only,
);

const MIN: Duration = Duration::minutes(1);

/// A second connection to the same database, as a second server would have.
async fn second(t: &TestDb) -> Db {
    Db::connect(&t.url).await.expect("second connection")
}

async fn two_holders_race_for_one_lease(t: &TestDb) {
    let (a, b) = (t.db.clone(), second(t).await);
    let (ra, rb) = tokio::join!(a.try_acquire_lease("j", "A", t0(), MIN), b.try_acquire_lease("j", "B", t0(), MIN));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert!(ra ^ rb, "exactly one wins: A {ra}, B {rb}");
    let winner = if ra { "A" } else { "B" };
    let (holder, expires) = a.lease("j").await.unwrap().unwrap();
    assert_eq!((holder.as_str(), expires), (winner, t0() + MIN));
    // The holder extends its own lease; the other is still refused.
    assert!(a.try_acquire_lease("j", winner, t0() + MIN / 2, MIN).await.unwrap());
    let loser = if ra { "B" } else { "A" };
    assert!(!a.try_acquire_lease("j", loser, t0() + MIN, MIN).await.unwrap());
}

async fn an_expired_lease_is_taken_over(t: &TestDb) {
    let db = &t.db;
    assert!(db.try_acquire_lease("j", "A", t0(), MIN).await.unwrap());
    assert!(!db.try_acquire_lease("j", "B", t0() + Duration::seconds(59), MIN).await.unwrap());
    assert!(db.try_acquire_lease("j", "B", t0() + MIN, MIN).await.unwrap(), "expired at its end");
    assert!(!db.renew_lease("j", "A", t0() + MIN, MIN).await.unwrap(), "A lost it");
    assert!(!db.release_lease("j", "A").await.unwrap(), "A cannot release B's lease");
    assert!(db.renew_lease("j", "B", t0() + MIN, MIN * 5).await.unwrap());
    assert_eq!(db.lease("j").await.unwrap(), Some(("B".to_string(), t0() + MIN * 6)));
    // Other leases are independent.
    assert!(db.try_acquire_lease("k", "A", t0(), MIN).await.unwrap());
}

async fn a_released_lease_is_free_at_once(t: &TestDb) {
    let db = &t.db;
    assert!(db.try_acquire_lease("j", "A", t0(), Duration::hours(1)).await.unwrap());
    assert!(db.release_lease("j", "A").await.unwrap());
    assert_eq!(db.lease("j").await.unwrap(), None);
    assert!(db.try_acquire_lease("j", "B", t0(), Duration::hours(1)).await.unwrap());
}

async fn twenty_concurrent_attempts_one_winner(t: &TestDb) {
    let other = second(t).await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let db = if i % 2 == 0 { t.db.clone() } else { other.clone() };
            tokio::spawn(async move { db.try_acquire_lease("j", &format!("holder-{i}"), t0(), MIN).await })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        won += usize::from(task.await.unwrap().unwrap());
    }
    assert_eq!(won, 1);
}

async fn runs_are_recorded(t: &TestDb) {
    let db = &t.db;
    assert_eq!(db.job_run("j").await.unwrap(), None);
    let run = |due: Option<DateTime<Utc>>, at: DateTime<Utc>, result: Result<&str, &str>| JobRunOutcome {
        name: "j".into(),
        holder: "A".into(),
        due_at: due,
        started_at: at,
        finished_at: at + MIN,
        result: result.map(str::to_string).map_err(str::to_string),
    };
    db.record_job_run(&run(Some(t0()), t0(), Ok("n=1"))).await.unwrap();
    db.record_job_run(&run(Some(t0() + MIN * 60), t0() + MIN * 60, Err("boom"))).await.unwrap();
    let r = db.job_run("j").await.unwrap().unwrap();
    assert_eq!((r.runs, r.failures), (2, 1));
    assert_eq!(r.last_error.as_deref(), Some("boom"));
    assert_eq!(r.last_report.as_deref(), Some("n=1"), "the last good report is kept");
    assert_eq!(r.last_ok_at, Some(t0() + MIN));
    assert_eq!(r.last_due_at, Some(t0() + MIN * 60));
    // A run by hand leaves the due time.
    db.record_job_run(&run(None, t0() + MIN * 90, Ok("n=2"))).await.unwrap();
    let r = db.job_run("j").await.unwrap().unwrap();
    assert_eq!((r.runs, r.failures, r.last_error), (3, 1, None));
    assert_eq!(r.last_due_at, Some(t0() + MIN * 60));
    assert_eq!(r.last_report.as_deref(), Some("n=2"));
    assert_eq!(db.job_runs().await.unwrap().len(), 1);
}

/// A job that counts its runs, taking a while so that runners overlap.
struct Counting {
    runs: Arc<AtomicUsize>,
    schedule: Schedule,
    takes: std::time::Duration,
}

impl Counting {
    fn hourly(runs: &Arc<AtomicUsize>) -> Counting {
        Counting {
            runs: Arc::clone(runs),
            schedule: Schedule::Every(std::time::Duration::from_secs(3600)),
            takes: std::time::Duration::from_millis(20),
        }
    }
}

impl Job for Counting {
    fn name(&self) -> &str {
        "counting"
    }
    fn schedule(&self) -> Schedule {
        self.schedule
    }
    fn run<'a>(&'a self, _ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            self.runs.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(self.takes).await;
            Ok(JobReport::default().with("runs", 1))
        })
    }
}

/// A job that fails (or panics) every time.
struct Failing {
    panics: bool,
}

impl Job for Failing {
    fn name(&self) -> &str {
        if self.panics {
            "panicking"
        } else {
            "failing"
        }
    }
    fn schedule(&self) -> Schedule {
        Schedule::Every(std::time::Duration::from_secs(3600))
    }
    fn run<'a>(&'a self, _ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            if self.panics {
                panic!("a bug in a job");
            }
            anyhow::bail!("boom")
        })
    }
}

fn services(db: Db, clock: &Arc<FixedClock>) -> Services {
    Services::new(db, clock.clone(), Arc::new(SequentialIds::default()))
}

async fn two_runners_run_each_due_time_once(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let runs = Arc::new(AtomicUsize::new(0));
    let a = JobRunner::new(services(t.db.clone(), &clock)).with_job(Counting::hourly(&runs)).unwrap();
    let b = JobRunner::new(services(second(t).await, &clock)).with_job(Counting::hourly(&runs)).unwrap();
    assert_ne!(a.holder(), b.holder());
    // 12 ticks 20 minutes apart from 04:00 UTC: due times 04:00, 05:00, 06:00, 07:00.
    for step in 0..12 {
        if step > 0 {
            clock.advance(MIN * 20);
        }
        let (oa, ob) = tokio::join!(a.tick(), b.tick());
        let ran = [&oa[0].1, &ob[0].1].iter().filter(|o| matches!(o, Ok(RunOutcome::Ran(Ok(_))))).count();
        assert_eq!(ran, usize::from(step % 3 == 0), "step {step}: {oa:?} {ob:?}");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 4);
    let rec = t.db.job_run("counting").await.unwrap().unwrap();
    assert_eq!((rec.runs, rec.failures), (4, 0));
    assert_eq!(rec.last_due_at, Some(t0() + MIN * 180));
    assert_eq!(t.db.lease("counting").await.unwrap(), None, "released after each run");
}

/// Waits until the job's last recorded due time is `due`.
async fn ran_for(db: &Db, name: &str, due: DateTime<Utc>) {
    let waited = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while db.job_run(name).await.unwrap().and_then(|r| r.last_due_at) != Some(due) {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "{name} never ran for {due}");
}

async fn two_looping_runners_run_each_due_time_once(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let runs = Arc::new(AtomicUsize::new(0));
    let tick = std::time::Duration::from_millis(3);
    let a = JobRunner::new(services(t.db.clone(), &clock)).with_tick(tick).with_job(Counting::hourly(&runs)).unwrap();
    let b =
        JobRunner::new(services(second(t).await, &clock)).with_tick(tick).with_job(Counting::hourly(&runs)).unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let until = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let ta = tokio::spawn(a.run_until(until(stopped.clone())));
    let tb = tokio::spawn(b.run_until(until(stopped)));
    for hour in 0..5 {
        ran_for(&t.db, "counting", t0() + MIN * 60 * hour).await;
        // Let both runners tick a few more times on the same due time.
        tokio::time::sleep(tick * 10).await;
        clock.advance(MIN * 60);
    }
    ran_for(&t.db, "counting", t0() + MIN * 300).await;
    stop.send(true).unwrap();
    ta.await.unwrap();
    tb.await.unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 6);
}

async fn a_failing_job_is_recorded_and_the_runner_goes_on(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let runs = Arc::new(AtomicUsize::new(0));
    let r = JobRunner::new(services(t.db.clone(), &clock))
        .with_job(Failing { panics: false })
        .unwrap()
        .with_job(Failing { panics: true })
        .unwrap()
        .with_job(Counting::hourly(&runs))
        .unwrap();
    let out = r.tick().await;
    assert!(matches!(&out[0].1, Ok(RunOutcome::Ran(Err(e))) if e == "boom"), "{out:?}");
    assert!(matches!(&out[1].1, Ok(RunOutcome::Ran(Err(e))) if e.contains("panicked")), "{out:?}");
    assert!(matches!(&out[2].1, Ok(RunOutcome::Ran(Ok(_)))), "{out:?}");
    let rec = t.db.job_run("failing").await.unwrap().unwrap();
    assert_eq!((rec.runs, rec.failures, rec.last_error.as_deref()), (1, 1, Some("boom")));
    assert_eq!(rec.last_ok_at, None);
    assert_eq!(t.db.lease("panicking").await.unwrap(), None, "a panic lets the lease go");
    // Not retried before its next due time ...
    assert!(r.tick().await.iter().all(|(_, o)| matches!(o, Ok(RunOutcome::NotDue))));
    // ... and retried then.
    clock.advance(MIN * 60);
    let out = r.tick().await;
    assert!(out.iter().all(|(_, o)| matches!(o, Ok(RunOutcome::Ran(_)))), "{out:?}");
    assert_eq!(t.db.job_run("failing").await.unwrap().unwrap().failures, 2);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

/// A job that says when it started and then takes `takes`.
struct Slow {
    started: Arc<AtomicBool>,
    takes: std::time::Duration,
}

impl Job for Slow {
    fn name(&self) -> &str {
        "slow"
    }
    fn schedule(&self) -> Schedule {
        Schedule::Every(std::time::Duration::from_secs(3600))
    }
    fn run<'a>(&'a self, _ctx: &'a JobContext) -> JobFuture<'a> {
        Box::pin(async move {
            self.started.store(true, Ordering::SeqCst);
            tokio::time::sleep(self.takes).await;
            Ok(JobReport::default())
        })
    }
}

/// Starts a runner with a `Slow` job, asks it to stop once the job runs, and
/// returns how long it took to stop.
async fn stop_while_running(t: &TestDb, takes: u64, grace: u64) -> std::time::Duration {
    let clock = Arc::new(FixedClock::new(t0()));
    let started = Arc::new(AtomicBool::new(false));
    let slow = Slow { started: started.clone(), takes: std::time::Duration::from_millis(takes) };
    let r = JobRunner::new(services(t.db.clone(), &clock))
        .with_tick(std::time::Duration::from_millis(5))
        .with_grace(std::time::Duration::from_millis(grace))
        .with_job(slow)
        .unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(r.run_until(async move {
        let _ = rx.await;
    }));
    while !started.load(Ordering::SeqCst) {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let asked = std::time::Instant::now();
    tx.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), task).await.expect("stopped").unwrap();
    asked.elapsed()
}

async fn shutdown_lets_a_running_job_finish(t: &TestDb) {
    let took = stop_while_running(t, 300, 10_000).await;
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    let rec = t.db.job_run("slow").await.unwrap().expect("the run was recorded");
    assert_eq!((rec.runs, rec.failures), (1, 0));
    assert_eq!(t.db.lease("slow").await.unwrap(), None);
}

async fn shutdown_stops_a_stuck_job_within_the_grace(t: &TestDb) {
    let took = stop_while_running(t, 600_000, 100).await;
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    assert_eq!(t.db.job_run("slow").await.unwrap(), None, "an unfinished run is not recorded");
    assert_eq!(t.db.lease("slow").await.unwrap(), None, "its lease is let go");
}

async fn a_job_that_loses_its_lease_is_stopped(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let started = Arc::new(AtomicBool::new(false));
    let slow = Slow { started: started.clone(), takes: std::time::Duration::from_secs(600) };
    // Renewed every second; a second server takes the lease over once it has expired.
    let r = Arc::new(
        JobRunner::new(services(t.db.clone(), &clock)).with_lease_ttl(Duration::seconds(3)).with_job(slow).unwrap(),
    );
    let ticking = tokio::spawn({
        let r = Arc::clone(&r);
        async move { r.tick().await }
    });
    while !started.load(Ordering::SeqCst) {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    clock.advance(Duration::seconds(3));
    assert!(t.db.try_acquire_lease("slow", "elsewhere", clock.now(), Duration::hours(1)).await.unwrap());
    let out = tokio::time::timeout(std::time::Duration::from_secs(5), ticking).await.expect("stopped").unwrap();
    assert!(matches!(&out[0].1, Ok(RunOutcome::Ran(Err(e))) if e.contains("lease was lost")), "{out:?}");
    assert_eq!(
        t.db.lease("slow").await.unwrap().map(|l| l.0),
        Some("elsewhere".to_string()),
        "not released by the loser"
    );
}

async fn run_once_runs_now_unless_held_elsewhere(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let runs = Arc::new(AtomicUsize::new(0));
    let r = JobRunner::new(services(t.db.clone(), &clock)).with_job(Counting::hourly(&runs)).unwrap();
    assert!(r.tick().await.iter().all(|(_, o)| matches!(o, Ok(RunOutcome::Ran(Ok(_))))));
    // Not due, but asked for by hand: it runs, and the schedule stays.
    assert_eq!(r.run_once("counting").await.unwrap().get("runs"), Some(1));
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(t.db.job_run("counting").await.unwrap().unwrap().last_due_at, Some(t0()));
    assert!(r.run_once("nope").await.unwrap_err().to_string().contains("no job"));
    assert!(t.db.try_acquire_lease("counting", "elsewhere", t0(), MIN * 120).await.unwrap());
    let e = r.run_once("counting").await.unwrap_err().to_string();
    assert!(e.contains("running on elsewhere"), "{e}");
    assert!(matches!(r.tick().await[0].1, Ok(RunOutcome::NotDue)));
    clock.advance(MIN * 60);
    assert!(matches!(r.tick().await[0].1, Ok(RunOutcome::Busy)));
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

async fn housekeeping_removes_expired_sessions_only(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let s = services(t.db.clone(), &clock);
    let new = NewUser {
        email: "editor@example.org".into(),
        display_name: "Editor".into(),
        password: "correct horse battery staple".into(),
        ..NewUser::default()
    };
    let u = s.create_user(&Viewer::SYSTEM, &Actor::Cli, &new).await.unwrap();
    let db = &t.db;
    db.insert_session("expired", u.id, "c1", t0() - Duration::days(15), t0() - MIN).await.unwrap();
    db.insert_session("live", u.id, "c2", t0() - Duration::days(1), t0() + Duration::days(13)).await.unwrap();
    let (old, recent) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    db.record_failed_login(&["k".to_string()], &[old], t0() - MIN * 60).await.unwrap();
    db.record_failed_login(&["k".to_string()], &[recent], t0() - MIN).await.unwrap();
    let audited = db.count_audit().await.unwrap();

    let r = JobRunner::standard(s).unwrap();
    assert_eq!(r.job_names(), vec![Housekeeping::NAME, "mail", "bulletins", "meetings"]);
    let report = r.run_once(Housekeeping::NAME).await.unwrap();
    assert_eq!((report.get("expired_sessions"), report.get("failed_logins")), (Some(1), Some(1)));
    assert!(db.session("expired").await.unwrap().is_none());
    assert!(db.session("live").await.unwrap().is_some());
    assert_eq!(db.failed_logins("k").await.unwrap(), vec![t0() - MIN]);
    assert_eq!(db.count_audit().await.unwrap(), audited, "housekeeping is not an audited change");
    let rec = db.job_run(Housekeeping::NAME).await.unwrap().unwrap();
    assert_eq!(rec.last_report.as_deref(), Some("expired_sessions=1, failed_logins=1, import_uploads=0"));
}
