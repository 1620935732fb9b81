//! The monthly bulletin: an edition recorded as sent keeps every activity as it was,
//! and the next month's bulletin says exactly what is new, changed, cancelled or
//! removed since, even after later changes; one edition per month.

use crate::on_both_databases;
use crate::storage::simple;
use crate::support::TestDb;
use chrono::NaiveDate;
use jointcal::bulletin::{bulletin, text, Flavour, READER};
use jointcal::services::{IfMatch, NewEdition, ServiceError};
use jointcal::web::lang::Tr;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::{Actor, EntityKind};

on_both_databases!(editions_say_what_changed_since_the_last,);

async fn editions_say_what_changed_since_the_last(t: &TestDb) {
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let tr = Tr::new(jointcal::i18n::Lang::En);
    let sep = NaiveDate::from_ymd_opt(2007, 9, 1).unwrap();
    let oct = NaiveDate::from_ymd_opt(2007, 10, 1).unwrap();

    let first = bulletin(&s, &READER, &g, sep, &tr).await.unwrap();
    assert!(first.since.is_none());
    let body = text(&tr, &first, Flavour::Markdown);
    assert!(body.contains("No edition of this bulletin was sent before"));
    s.record_edition(
        &Viewer::SYSTEM,
        &Actor::Cli,
        &g,
        &NewEdition { month: sep, snapshot: &first.snapshot, body: &body, mails: &[] },
    )
    .await
    .unwrap();
    let again = s
        .record_edition(
            &Viewer::SYSTEM,
            &Actor::Cli,
            &g,
            &NewEdition { month: sep, snapshot: &first.snapshot, body: &body, mails: &[] },
        )
        .await;
    assert!(matches!(again, Err(ServiceError::Conflict(ref m)) if m.contains("2007-09")), "{again:?}");

    // Changes after September's edition.
    let all = s.list_activities(&READER, &g, &Default::default()).await.unwrap();
    let find = |title: &str| {
        all.iter().find(|v| v.activity.fields.title.original_text().contains(title)).unwrap().activity.clone()
    };
    let sys = Viewer::SYSTEM;
    let labour = find("Labour Migration Program");
    let mut input = labour.fields.to_input();
    input.title = [("en".to_string(), "Labour Migration Program, second phase".to_string())].into();
    s.update_activity(&sys, &Actor::Cli, &g, labour.id, IfMatch::Unchecked, &input).await.unwrap();
    let nrm = find("national referral mechanism");
    let mut input = nrm.fields.to_input();
    input.status = Some("cancelled".into());
    input.status_note = Some("merged into the government's working group".into());
    s.update_activity(&sys, &Actor::Cli, &g, nrm.id, IfMatch::Unchecked, &input).await.unwrap();
    let hotline = find("hotline");
    s.delete_activity(&sys, &Actor::Cli, &g, hotline.id, IfMatch::Unchecked).await.unwrap();
    let added = s
        .create_activity(&sys, &Actor::Cli, &g, &simple("October round table", "IOM", "2007-10-10", "2007-10-10"))
        .await
        .unwrap();

    let second = bulletin(&s, &READER, &g, oct, &tr).await.unwrap();
    let (_, c, _) = second.since.as_ref().expect("compared with September's edition");
    assert_eq!(c.new, vec![added.activity.id]);
    assert_eq!(c.changed.iter().map(|x| x.0).collect::<Vec<_>>(), vec![labour.id]);
    assert_eq!(c.changed[0].1.title, "Labour Migration Program", "as September's edition showed it");
    assert_eq!(c.cancelled, vec![nrm.id]);
    assert_eq!(c.removed.iter().map(|x| x.id).collect::<Vec<_>>(), vec![hotline.id]);
    let body = text(&tr, &second, Flavour::Plain);
    for needle in [
        "Since the last edition",
        "New\n---",
        "October round table",
        "Changed\n-------",
        "second phase",
        "Cancelled\n---------",
        "Removed from the calendar",
        "National anti-trafficking hotline",
    ] {
        assert!(body.contains(needle), "{needle:?} in:\n{body}");
    }
    let trail = s.db.audit_for_group(g.id, None, 1000).await.unwrap();
    assert!(trail.iter().any(|e| e.entity_type == EntityKind::BulletinEdition), "the edition is audited");
}

/// The API gives a month's bulletin to members only, in the language and format
/// asked, and lists the editions sent.
#[tokio::test]
async fn the_bulletin_from_the_api() {
    use crate::sessions::{client, login, session_of};
    use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, COOKIE};
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = crate::support::spawn_app(s.clone()).await;
    let http = client();
    let url = format!("{base}/api/v1/groups/kz-tip/bulletins/2007-09");
    assert_eq!(http.get(&url).send().await.unwrap().status(), 401, "members only");
    let r = login(&http, &base, "guest@demo.example.org", jointcal::demo::DEMO_PASSWORD, None).await;
    let cookie = format!("jointcal_session={}", session_of(&r).unwrap());
    let r = http.get(&url).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[CONTENT_TYPE], "text/markdown; charset=utf-8");
    let md = r.text().await.unwrap();
    assert!(md.starts_with("# Joint Activity Calendar") && md.contains("Merke"), "{md}");
    let r = http
        .get(format!("{url}?format=txt"))
        .header(COOKIE, &cookie)
        .header(ACCEPT_LANGUAGE, "kk")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[CONTENT_TYPE], "text/plain; charset=utf-8");
    assert!(r.text().await.unwrap().starts_with("Іс-шаралардың бірлескен күнтізбесі"));
    let r = http.get(format!("{url}?format=pdf")).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[CONTENT_TYPE], "application/pdf");
    assert_eq!(r.headers()["content-disposition"], "inline; filename=\"kz-tip-2007-09.pdf\"");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 5_000, "{}", pdf.len());
    let bad = http.get(format!("{url}?format=docx")).header(COOKIE, &cookie).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let bad = http
        .get(format!("{base}/api/v1/groups/kz-tip/bulletins/2007-13"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("not_a_month"));

    let list = |cookie: String| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let r =
                http.get(format!("{base}/api/v1/groups/kz-tip/bulletins")).header(COOKIE, cookie).send().await.unwrap();
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    assert_eq!(list(cookie.clone()).await, serde_json::json!([]));
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let tr = Tr::new(jointcal::i18n::Lang::En);
    let sep = NaiveDate::from_ymd_opt(2007, 9, 1).unwrap();
    let b = bulletin(&s, &READER, &g, sep, &tr).await.unwrap();
    s.record_edition(
        &Viewer::SYSTEM,
        &Actor::Cli,
        &g,
        &NewEdition { month: sep, snapshot: &b.snapshot, body: &text(&tr, &b, Flavour::Markdown), mails: &[] },
    )
    .await
    .unwrap();
    let editions = list(cookie).await;
    assert_eq!(editions[0]["month"], "2007-09");
    assert_eq!(editions[0]["activities"].as_u64().unwrap() as usize, b.snapshot.activities.len());
}
