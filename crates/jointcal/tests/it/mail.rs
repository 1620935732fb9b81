//! Mail and the monthly bulletin sent by it: one message per recipient (members and
//! the distribution list, less the unsubscribed), each edition once per month whoever
//! sends (two job runners on one database, a restart), retries with backoff, and the
//! one-click unsubscribe over HTTP. The mailer here is in memory; scripts/mail-check
//! sends through a real SMTP server (aiosmtpd).

use crate::on_both_databases;
use crate::support::{spawn_app, t0, TestDb};
use chrono::{Duration, NaiveDate};
use jointcal::bulletin::send::{send_edition, SendError as BulletinSendError};
use jointcal::jobs::{Bulletins, JobRunner, MailDelivery, RunOutcome};
use jointcal::mail::{MemoryMailer, SendError};
use jointcal::services::ServiceError;
use jointcal::Services;
use jointcal_db::Db;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use jointcal_domain::clock::FixedClock;
use jointcal_domain::ids::SequentialIds;
use std::sync::Arc;

on_both_databases!(
    an_edition_goes_to_each_recipient_once,
    temporary_failures_are_retried_and_permanent_ones_given_up,
    two_runners_and_a_restart_send_each_month_once,
);

fn with_memory_mail(s: Services) -> (Services, Arc<MemoryMailer>) {
    let mailer = Arc::new(MemoryMailer::default());
    let from = "Joint Activity Calendar <calendar@example.org>".parse().unwrap();
    (s.with_mail(mailer.clone(), Some(from), "https://cal.example.org"), mailer)
}

fn sep() -> NaiveDate {
    NaiveDate::from_ymd_opt(2007, 9, 1).unwrap()
}

/// The addresses of the demo group's members.
async fn member_addresses(s: &Services) -> Vec<String> {
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let mut m: Vec<String> = s
        .members(&Viewer::SYSTEM, &g)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.user.disabled_at.is_none())
        .map(|m| m.user.email.to_lowercase())
        .collect();
    m.sort();
    m
}

async fn an_edition_goes_to_each_recipient_once(t: &TestDb) {
    let (s, mailer) = with_memory_mail(t.services());
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let sys = Viewer::SYSTEM;

    // No mail server: a clear refusal, nothing archived.
    let none = t.services();
    let r = send_edition(&none, &sys, &Actor::Cli, &g, sep()).await;
    assert!(matches!(r, Err(BulletinSendError::NoMail)), "{r:?}");
    assert!(s.editions(&g).await.unwrap().is_empty());

    // The distribution list: a bad address is refused by name; a good one added.
    let bad = s.set_on_distribution_list(&sys, &Actor::Cli, &g, "not an address", "", true).await;
    assert!(matches!(bad, Err(ServiceError::Invalid(ref e)) if format!("{e:?}").contains("not_an_email")), "{bad:?}");
    s.set_on_distribution_list(&sys, &Actor::Cli, &g, "Press@Example.org", "Press\r\nBcc: x@evil.example", true)
        .await
        .unwrap();
    // A member unsubscribes by their link.
    let members = member_addresses(&s).await;
    let everyone = s.bulletin_recipients(&sys, &g).await.unwrap();
    assert_eq!(everyone.len(), members.len() + 1, "{everyone:?}");
    let leaving = everyone.iter().find(|r| r.member).unwrap().clone();
    let (group_name, email) = s.unsubscribe(&leaving.token).await.unwrap();
    assert_eq!((group_name.as_str(), email.as_str()), (g.fields.name.as_str(), leaving.email.as_str()));
    assert!(matches!(s.unsubscribe(&"0".repeat(64)).await, Err(ServiceError::NotFound(_))));
    // A coordinator cannot undo a person's choice by listing them.
    s.set_on_distribution_list(&sys, &Actor::Cli, &g, &leaving.email, "", true).await.unwrap();

    let sent = send_edition(&s, &sys, &Actor::Cli, &g, sep()).await.unwrap();
    assert_eq!(sent.queued, members.len(), "every member but one, and the list's address");
    assert_eq!(sent.unsubscribed, 1);
    let again = send_edition(&s, &sys, &Actor::Cli, &g, sep()).await;
    assert!(matches!(again, Err(BulletinSendError::Service(ServiceError::Conflict(ref m))) if m.contains("2007-09")));

    let d = s.deliver_due_mail("test").await.unwrap();
    assert_eq!((d.sent, d.retrying, d.failed), (members.len() as u64, 0, 0));
    assert_eq!(s.deliver_due_mail("test").await.unwrap().sent, 0, "nothing twice");
    let got = mailer.sent();
    let mut to: Vec<String> = got.iter().map(|(e, _)| e.to()[0].to_string()).collect();
    to.sort();
    let mut want: Vec<String> = members.iter().filter(|m| **m != leaving.email).cloned().collect();
    want.push("press@example.org".into());
    want.sort();
    assert_eq!(to, want);
    for (env, bytes) in &got {
        let m = String::from_utf8_lossy(bytes);
        let headers = m.split("\r\n\r\n").next().unwrap();
        assert_eq!(env.from().unwrap().to_string(), "calendar@example.org");
        assert!(headers.contains("List-Unsubscribe: <https://cal.example.org/unsubscribe/"), "{headers}");
        assert!(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{headers}");
        assert!(headers.contains("List-Id: <kz-tip.bulletin.cal.example.org>"), "{headers}");
        assert!(headers.contains("Date: Wed, 15 Aug 2007 04:00:00"), "the clock passed in: {headers}");
        assert!(!headers.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{headers}");
        assert!(m.contains("multipart/alternative") && m.contains("text/plain") && m.contains("text/html"));
    }
    // The delivery log: every recipient sent, once.
    let log = s.mail_log(g.id, "bulletin", Some("2007-09")).await.unwrap();
    assert_eq!(log.len(), members.len());
    assert!(log.iter().all(|m| m.status == "sent" && m.attempts == 1 && m.sent_at == Some(t0())));
    assert_eq!(s.editions(&g).await.unwrap().len(), 1, "archived once");
}

async fn temporary_failures_are_retried_and_permanent_ones_given_up(t: &TestDb) {
    let clock = Arc::new(FixedClock::new(t0()));
    let (s, mailer) = with_memory_mail(Services::new(t.db.clone(), clock.clone(), Arc::new(SequentialIds::default())));
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let n = send_edition(&s, &Viewer::SYSTEM, &Actor::Cli, &g, sep()).await.unwrap().queued as u64;
    assert!(n >= 3, "{n}");
    mailer
        .fail_next(vec![SendError::Temporary("421 try later".into()), SendError::Permanent("550 no such user".into())]);
    let d = s.deliver_due_mail("a").await.unwrap();
    assert_eq!((d.sent, d.retrying, d.failed), (n - 2, 1, 1));
    let log = s.mail_log(g.id, "bulletin", None).await.unwrap();
    let retrying = log.iter().find(|m| m.status == "queued").unwrap();
    assert_eq!(retrying.last_error.as_deref(), Some("421 try later"));
    assert_eq!(retrying.next_attempt_at, t0() + Duration::minutes(1));
    let failed = log.iter().find(|m| m.status == "failed").unwrap();
    assert_eq!(failed.last_error.as_deref(), Some("550 no such user"));
    // Not due yet; then due, and this time the server takes it.
    assert_eq!(s.deliver_due_mail("a").await.unwrap(), Default::default());
    clock.advance(Duration::minutes(1));
    let d = s.deliver_due_mail("a").await.unwrap();
    assert_eq!((d.sent, d.retrying, d.failed), (1, 0, 0));
    assert_eq!(mailer.sent().len() as u64, n - 1);
    // A message that keeps failing is given up after MAX_ATTEMPTS.
    s.set_on_distribution_list(&Viewer::SYSTEM, &Actor::Cli, &g, "late@example.org", "", true).await.unwrap();
    let oct = NaiveDate::from_ymd_opt(2007, 10, 1).unwrap();
    send_edition(&s, &Viewer::SYSTEM, &Actor::Cli, &g, oct).await.unwrap();
    let mut outcomes = Vec::new();
    for _ in 0..jointcal::services::MAX_ATTEMPTS {
        mailer.fail_next((0..n + 1).map(|_| SendError::Temporary("451 greylisted".into())).collect());
        outcomes.push(s.deliver_due_mail("a").await.unwrap());
        mailer.fail_next(vec![]);
        clock.advance(Duration::hours(9));
    }
    let last = outcomes.last().unwrap();
    assert_eq!((last.sent, last.retrying, last.failed), (0, 0, n + 1), "{outcomes:?}");
    let log = s.mail_log(g.id, "bulletin", Some("2007-10")).await.unwrap();
    assert!(log.iter().all(|m| m.status == "failed" && m.attempts == jointcal::services::MAX_ATTEMPTS), "{log:?}");
}

/// Two servers on one database run the bulletin job at the same time, then one
/// restarts: the month's edition is made and mailed once.
async fn two_runners_and_a_restart_send_each_month_once(t: &TestDb) {
    let (s, mailer) = with_memory_mail(t.services());
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let members = member_addresses(&s).await.len();
    let other_db = Db::connect(&t.url).await.unwrap();
    let (s2, mailer2) = with_memory_mail(crate::support::second_server_on(other_db));
    let runner = |s: &Services, holder: &str| {
        JobRunner::new(s.clone()).with_holder(holder).with_job(Bulletins).unwrap().with_job(MailDelivery).unwrap()
    };
    let (a, b) = (runner(&s, "server-a"), runner(&s2, "server-b"));
    let (ra, rb) = tokio::join!(a.tick(), b.tick());
    for (name, r) in ra.iter().chain(rb.iter()) {
        // A job that ran and failed is Ok(Ran(Err)): name its error.
        assert!(matches!(r, Ok(RunOutcome::Ran(Ok(_)) | RunOutcome::Busy | RunOutcome::NotDue)), "{name}: {r:?}");
    }
    // The demo clock stands on 15 August 2007, 10:00 in Almaty; the bulletin day is the 1st.
    let editions = s.editions(&g).await.unwrap();
    assert_eq!(
        editions.iter().map(|e| e.month).collect::<Vec<_>>(),
        vec![NaiveDate::from_ymd_opt(2007, 8, 1).unwrap()],
        "{ra:?} {rb:?}"
    );
    assert_eq!(mailer.sent().len() + mailer2.sent().len(), members, "each member once, by one server or the other");
    // A restart (a new runner on the same database) and later ticks send nothing more.
    let restarted = runner(&s2, "server-b-restarted");
    restarted.tick().await;
    restarted.run_once(Bulletins::NAME).await.unwrap();
    assert_eq!(s.editions(&g).await.unwrap().len(), 1);
    assert_eq!(mailer.sent().len() + mailer2.sent().len(), members);
}

/// The unsubscribe link: the page asks, the form or a mail client's one-click POST
/// (RFC 8058, any body) unsubscribes; another site's form is refused; unknown links 404.
#[tokio::test]
async fn one_click_unsubscribe_over_http() {
    let t = TestDb::sqlite().await;
    let (s, _) = with_memory_mail(t.services());
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    s.set_on_distribution_list(&Viewer::SYSTEM, &Actor::Cli, &g, "press@example.org", "Press", true).await.unwrap();
    let r = s.bulletin_recipients(&Viewer::SYSTEM, &g).await.unwrap();
    let press = r.iter().find(|r| r.email == "press@example.org").unwrap().clone();
    let base = spawn_app(s.clone()).await;
    let http = reqwest::Client::new();
    let link = format!("{base}/unsubscribe/{}", press.token);

    let page = http.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("press@example.org") && body.contains("Unsubscribe"), "{body}");
    let refused = http.post(&link).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(s.bulletin_recipients(&Viewer::SYSTEM, &g).await.unwrap().iter().all(|r| r.unsubscribed_at.is_none()));

    let boundary = "xYzZY";
    let one_click = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--{boundary}--\r\n"
    );
    let r = http
        .post(&link)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(one_click)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("no longer receives"));
    let now = s.bulletin_recipients(&Viewer::SYSTEM, &g).await.unwrap();
    assert!(now.iter().find(|r| r.email == "press@example.org").unwrap().unsubscribed_at.is_some());
    // Again: still fine; the page says so.
    assert_eq!(http.post(&link).body("List-Unsubscribe=One-Click").send().await.unwrap().status(), 200);
    assert!(http.get(&link).send().await.unwrap().text().await.unwrap().contains("no longer receives"));
    for bad in ["nope", &"f".repeat(64)] {
        assert_eq!(http.get(format!("{base}/unsubscribe/{bad}")).send().await.unwrap().status(), 404);
        assert_eq!(http.post(format!("{base}/unsubscribe/{bad}")).send().await.unwrap().status(), 404);
    }
}

/// The bulletin's page: members preview any month; coordinators see who receives it,
/// keep the distribution list, send an edition by hand (once) and see its delivery.
#[tokio::test]
async fn the_bulletin_page() {
    use crate::sessions::client;
    use reqwest::header::COOKIE;
    let t = TestDb::sqlite().await;
    let (s, mailer) = with_memory_mail(t.services());
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();
    let sign_in = |email: &'static str| crate::sessions::demo_cookie(&http, &base, email);
    let coordinator = sign_in("coordinator@demo.example.org").await;
    let guest = sign_in("guest@demo.example.org").await;
    let page = format!("{base}/groups/kz-tip/bulletin?month=2007-09");
    let get = |cookie: Option<String>| {
        let (http, page) = (http.clone(), page.clone());
        async move {
            let mut req = http.get(&page);
            if let Some(c) = cookie {
                req = req.header(COOKIE, c);
            }
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let csrf = |html: &str| {
        let at = html.find("name=\"csrf\" value=\"").expect("a form") + "name=\"csrf\" value=\"".len();
        html[at..html[at..].find('"').unwrap() + at].to_string()
    };

    assert_eq!(get(None).await.0, 403, "not for the public");
    let (status, viewer_page) = get(Some(guest.clone())).await;
    assert_eq!(status, 200);
    assert!(viewer_page.contains("Monthly bulletin") && viewer_page.contains("September 2007"), "{viewer_page}");
    assert!(viewer_page.contains("Fraudulent document training for Border Guards"), "the preview");
    assert!(viewer_page.contains("?format=pdf"), "the PDF link");
    assert!(!viewer_page.contains("Send this edition now") && !viewer_page.contains("Who receives it"));

    let (status, html) = get(Some(coordinator.clone())).await;
    assert_eq!(status, 200);
    assert!(html.contains("Not sent yet") && html.contains("Send this edition now"), "{html}");
    assert!(html.contains("Who receives it") && html.contains("coordinator@demo.example.org"), "{html}");
    let token = csrf(&html);
    let post = |path: &'static str, cookie: String, form: Vec<(&'static str, String)>| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let r = http
                .post(format!("{base}/groups/kz-tip/bulletin/{path}"))
                .header(COOKIE, cookie)
                .form(&form)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let add = |email: &str| {
        vec![
            ("csrf", token.clone()),
            ("action", "add".to_string()),
            ("email", email.to_string()),
            ("name", "Press Office".to_string()),
            ("month", "2007-09".to_string()),
        ]
    };
    let (status, body) = post("recipients", coordinator.clone(), add("not an address")).await;
    assert_eq!(status, 422);
    assert!(body.contains("not an e-mail address"), "{body}");
    assert_eq!(post("recipients", coordinator.clone(), add("press@example.org")).await.0, 303);
    assert!(get(Some(coordinator.clone())).await.1.contains("press@example.org"));

    let send = vec![("csrf", token.clone()), ("month", "2007-09".to_string())];
    assert_eq!(post("send", guest.clone(), send.clone()).await.0, 403, "viewers do not send");
    assert_eq!(post("send", coordinator.clone(), send.clone()).await.0, 303);
    let (status, body) = post("send", coordinator.clone(), send).await;
    assert_eq!(status, 409);
    assert!(body.contains("already sent"), "{body}");
    // Delivery runs behind the page; wait for it.
    for _ in 0..100 {
        if s.mail_log(s.group_by_slug("kz-tip").await.unwrap().id, "bulletin", Some("2007-09"))
            .await
            .unwrap()
            .iter()
            .all(|m| m.status == "sent")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (_, html) = get(Some(coordinator)).await;
    assert!(html.contains("This edition was sent on") && !html.contains("Send this edition now"), "{html}");
    assert!(html.contains("Delivery") && html.contains("press@example.org") && html.contains("sent "), "{html}");
    assert!(mailer.sent().iter().any(|(e, _)| e.to()[0].to_string() == "press@example.org"));
}

/// The message bodies the memory mailer took for `to`, decoded enough to find links
/// (quoted-printable soft breaks joined).
fn bodies_to(mailer: &MemoryMailer, to: &str) -> Vec<String> {
    mailer
        .sent()
        .into_iter()
        .filter(|(e, _)| e.to()[0].to_string() == to)
        .map(|(_, m)| String::from_utf8_lossy(&m).replace("=\r\n", "").replace("=3D", "="))
        .collect()
}

async fn wait_for_mail(mailer: &MemoryMailer, to: &str, n: usize) -> Vec<String> {
    for _ in 0..100 {
        let got = bodies_to(mailer, to);
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    bodies_to(mailer, to)
}

/// Forgot the password: the same answer for known and unknown addresses, a link by
/// mail that works once, ends the other sessions and signs the person in; at most
/// three links an hour.
#[tokio::test]
async fn password_reset_by_mail() {
    use crate::sessions::{client, session_of};
    use reqwest::header::COOKIE;
    let t = TestDb::sqlite().await;
    let (s, mailer) = with_memory_mail(t.services());
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();
    let who = "coordinator@demo.example.org";
    let r = http
        .post(format!("{base}/login"))
        .form(&[("email", who), ("password", jointcal::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let old_session = format!("jointcal_session={}", session_of(&r).unwrap());
    let ask = |email: &'static str| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let r = http.post(format!("{base}/reset")).form(&[("email", email)]).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, known) = ask(who).await;
    let (_, unknown) = ask("nobody@example.org").await;
    assert_eq!(status, 200);
    assert!(known.contains("If an account has this address"), "{known}");
    assert_eq!(known, unknown, "the answer does not tell which addresses exist");
    let mail = wait_for_mail(&mailer, who, 1).await;
    assert_eq!(mail.len(), 1);
    assert!(bodies_to(&mailer, "nobody@example.org").is_empty());
    let at = mail[0].find("/reset/").expect("a link") + "/reset/".len();
    let token: String = mail[0][at..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(token.len(), 64, "{}", mail[0]);
    assert!(mail[0].contains("Subject: Your jointcal password"), "{}", mail[0]);

    let link = format!("{base}/reset/{token}");
    let page = http.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(who), "{page}");
    let set = |a: &'static str, b: &'static str| {
        let (http, link) = (http.clone(), link.clone());
        async move { http.post(&link).form(&[("password", a), ("password_again", b)]).send().await.unwrap() }
    };
    let r = set("a new long passphrase 2007", "another one").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("is not the same password"));
    let r = set("a new long passphrase 2007", "a new long passphrase 2007").await;
    assert_eq!(r.status(), 303, "signed in");
    assert!(session_of(&r).is_some());
    assert_eq!(set("a new long passphrase 2007", "a new long passphrase 2007").await.status(), 404, "once");
    // The session from before the reset is over.
    let r = http.get(format!("{base}/account")).header(COOKIE, &old_session).send().await.unwrap();
    assert_ne!(r.status(), 200, "the old session ended");
    let r = http
        .post(format!("{base}/login"))
        .form(&[("email", who), ("password", "a new long passphrase 2007")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Three links an hour at most.
    for _ in 0..4 {
        ask(who).await;
    }
    assert_eq!(wait_for_mail(&mailer, who, 3).await.len(), 3);
    assert_eq!(bodies_to(&mailer, who).len(), 3, "no fourth link within the hour");
}

/// An invitation from the members page reaches the new member by mail with the link
/// that sets their password.
#[tokio::test]
async fn invitations_are_mailed() {
    use crate::sessions::{client, session_of};
    use reqwest::header::COOKIE;
    let t = TestDb::sqlite().await;
    let (s, mailer) = with_memory_mail(t.services());
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();
    let r = http
        .post(format!("{base}/login"))
        .form(&[("email", "coordinator@demo.example.org"), ("password", jointcal::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = format!("jointcal_session={}", session_of(&r).unwrap());
    let page = http
        .get(format!("{base}/groups/kz-tip/members"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = page.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page[at..page[at..].find('"').unwrap() + at].to_string();
    let r = http
        .post(format!("{base}/groups/kz-tip/members"))
        .header(COOKIE, &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "aigerim@example.org"),
            ("display_name", "Aigerim Nurlanovna"),
            ("org", "UNDP"),
            ("role", "editor"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("An invitation was sent to them by e-mail"), "{body}");
    let mail = wait_for_mail(&mailer, "aigerim@example.org", 1).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].contains("/invite/"), "{}", mail[0]);
    let at = mail[0].find("/invite/").unwrap() + "/invite/".len();
    let token: String = mail[0][at..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(http.get(format!("{base}/invite/{token}")).send().await.unwrap().status(), 200, "the mailed link works");
}
