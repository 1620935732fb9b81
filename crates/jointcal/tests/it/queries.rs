//! No page asks the database more often than it needs: the number of SQL
//! statements a page runs does not grow with the activities it shows (no N+1).
//! Counted from the database layer's event for each call on its pool (target
//! `jointcal_db::call`), which runs on the caller's task.

use crate::sessions::{client, login, session_of};
use crate::support::{spawn_app, TestDb};
use reqwest::header::COOKIE;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tracing::subscriber::Interest;
use tracing::{Metadata, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// Counts the database layer's call events.
struct Statements(Arc<AtomicUsize>);

impl<S: Subscriber> Layer<S> for Statements {
    // "Sometimes": the callsite's interest is shared by every thread's subscriber, and
    // the other tests run at the same time under none; asking at each event keeps this
    // thread's count right whatever was cached (with "always" it came out 0 in CI now
    // and then).
    fn register_callsite(&self, m: &'static Metadata<'static>) -> Interest {
        if m.target() == "jointcal_db::call" {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, m: &Metadata<'_>, _: Context<'_, S>) -> bool {
        m.target() == "jointcal_db::call"
    }

    fn on_event(&self, e: &tracing::Event<'_>, _: Context<'_, S>) {
        if e.metadata().target() == "jointcal_db::call" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

#[tokio::test]
async fn pages_run_a_fixed_number_of_statements() {
    let count = Arc::new(AtomicUsize::new(0));
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(Statements(count.clone())));
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();
    let r = login(&http, &base, "coordinator@demo.example.org", jointcal::demo::DEMO_PASSWORD, None).await;
    let cookie = format!("jointcal_session={}", session_of(&r).unwrap());
    let statements = |path: &'static str| {
        let (http, base, cookie, count) = (http.clone(), base.clone(), cookie.clone(), count.clone());
        async move {
            let before = count.load(Ordering::SeqCst);
            let r = http.get(format!("{base}{path}")).header(COOKIE, cookie).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let html = r.text().await.unwrap();
            (count.load(Ordering::SeqCst) - before, html)
        }
    };
    // Another test's subscriber coming or going can leave tracing's global level
    // filter off for a moment (an event then reaches no one): a count of nothing is
    // taken again, a few times.
    let seen = |path: &'static str| async move {
        let mut n = 0;
        for _ in 0..5 {
            n = statements(path).await.0;
            if n > 0 {
                break;
            }
        }
        n
    };
    let pages =
        ["/groups/kz-tip?month=2007-09", "/groups/kz-tip/timeline?from=2007-07&span=year", "/groups/kz-tip/orgs/IOM"];
    let mut first = Vec::new();
    // Activities not yet in memory (see jointcal_db's activity_cache) cost one more
    // statement for all of them together; the count is taken once they are.
    for p in pages {
        let (cold, _) = statements(p).await;
        let n = seen(p).await;
        assert!(n > 0, "the counter sees statements ({p})");
        eprintln!("{p}: {n} database calls ({cold} the first time)");
        assert!(n <= 12, "{p} runs {n} statements");
        assert!(cold <= n + 1, "{p}: {cold} statements the first time, {n} then");
        first.push(n);
    }
    // A hundred and fifty more activities in September 2007: the same number of statements.
    let group = s.group_by_slug("kz-tip").await.unwrap();
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(7);
    let orgs: Vec<String> = s.list_orgs().await.unwrap().into_iter().map(|o| o.fields.acronym).collect();
    let mut inputs = Vec::new();
    for i in 0..150 {
        let mut input = jointcal::generate::synthetic_input(&mut rng, i, &orgs, 10);
        input.dates = jointcal_domain::schedule::DatesInput {
            start: format!("2007-09-{:02}", 1 + i % 28),
            end: None,
            tz: None,
            all_day: None,
        };
        input.recurrence = None;
        input.visibility = Some("group".into());
        inputs.push(input);
    }
    s.create_activities_batch(
        &jointcal_domain::access::Viewer::SYSTEM,
        &jointcal_domain::audit::Actor::Cli,
        &group,
        &inputs,
    )
    .await
    .unwrap();
    let (_, html) = statements(pages[0]).await;
    assert!(html.matches("class=\"bar ").count() >= 4 * 4, "the grid is full now");
    // "+N more" on a full day leads to its week in the agenda.
    let more = html.split("class=\"more ").nth(1).expect("a full day says how many more");
    let href = more.split("href=\"").nth(1).and_then(|h| h.split('"').next()).unwrap();
    let anchor = href.strip_prefix('#').unwrap_or_else(|| panic!("a week of this month: {href}"));
    assert!(anchor.starts_with("week-2007-"), "{anchor}");
    assert!(html.contains(&format!("<tbody id=\"{anchor}\">")), "the agenda has the week {anchor}");
    for (p, before) in pages.iter().zip(&first) {
        let (cold, _) = statements(p).await;
        let n = seen(p).await;
        assert!(cold <= before + 1, "{p}: {cold} statements with 150 more activities the first time");
        assert_eq!(n, *before, "{p}: as many statements with 150 more activities");
    }
}
