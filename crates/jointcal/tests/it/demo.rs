//! The demo group follows the cable.

use crate::on_both_databases;
use crate::support::TestDb;
use chrono::NaiveDate;
use jointcal::services::ActivityFilter;
use jointcal_domain::access::Viewer;
use jointcal_domain::schedule::Span;
use jointcal_domain::vocab::{ActivityKind, Pillar, TargetGroup, Visibility, Vocabulary};

on_both_databases!(demo_follows_the_cable);

fn days(a: &jointcal_domain::activity::Activity) -> (NaiveDate, NaiveDate) {
    match a.fields.schedule.span {
        Span::AllDay { first, last } => (first, last),
        Span::Timed { start, end } => (start.date(), end.date()),
    }
}

async fn demo_follows_the_cable(t: &TestDb) {
    let s = t.services();
    let o = jointcal::demo::load_demo(&s).await.unwrap();
    assert!(o.created);
    assert!(o.activities >= 25);
    // Loading twice changes nothing.
    let again = jointcal::demo::load_demo(&s).await.unwrap();
    assert!(!again.created);
    let g = s.group_by_slug("kz-tip").await.unwrap();
    assert_eq!(g.fields.timezone.name(), "Asia/Almaty");
    let all: Vec<_> = s
        .list_activities(&Viewer::SYSTEM, &g, &ActivityFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.activity)
        .collect();
    assert_eq!(all.len(), o.activities);
    let (start, end) = (NaiveDate::from_ymd_opt(2007, 4, 1).unwrap(), NaiveDate::from_ymd_opt(2008, 3, 31).unwrap());
    assert!(all.iter().all(|a| days(a).0 >= start && days(a).1 <= end), "April 2007 to March 2008");

    let orgs = s.list_orgs().await.unwrap();
    let acr: Vec<&str> = orgs.iter().map(|o| o.fields.acronym.as_str()).collect();
    for need in ["INL", "USAID", "IOM", "UNDP", "UNODC", "UNICEF", "OSCE", "EFCA", "TR-EMB", "PGO", "MVD"] {
        assert!(acr.contains(&need), "{need} missing from {acr:?}");
    }
    let lead = |a: &jointcal_domain::activity::Activity| {
        let id = a.fields.lead_orgs().next().unwrap();
        orgs.iter().find(|o| o.id == id).unwrap().fields.acronym.clone()
    };

    // Para 10: INL's and UNDP's Border Guard trainings at Merke, September 2007, two weeks apart.
    let merke: Vec<_> = all
        .iter()
        .filter(|a| {
            a.fields.target_groups.contains(&TargetGroup::BorderGuards) && a.fields.regions().any(|r| r == "KZ-31")
        })
        .collect();
    assert_eq!(merke.len(), 2);
    let mut leads: Vec<String> = merke.iter().map(|a| lead(a)).collect();
    leads.sort();
    assert_eq!(leads, ["INL", "UNDP"]);
    assert!(merke
        .iter()
        .all(|a| a.fields.kind == ActivityKind::Training && days(a).0.format("%Y-%m").to_string() == "2007-09"));
    assert_eq!((days(merke[1]).0 - days(merke[0]).0).num_days().abs(), 14);

    // Para 9: UNODC's HIV work and EFCA's migration work reach the same migrants, in different pillars.
    let unodc = all
        .iter()
        .find(|a| lead(a) == "UNODC" && a.fields.target_groups.contains(&TargetGroup::LabourMigrants))
        .unwrap();
    let efca = all
        .iter()
        .find(|a| {
            lead(a) == "EFCA"
                && a.fields.target_groups.contains(&TargetGroup::LabourMigrants)
                && a.fields.regions().any(|r| unodc.fields.regions().any(|u| u == r))
                && days(a).0 <= days(unodc).1
                && days(unodc).0 <= days(a).1
                && days(a).1 < NaiveDate::from_ymd_opt(2008, 1, 1).unwrap()
        })
        .expect("an EFCA migration activity at the same place and time as UNODC's");
    assert_ne!(efca.fields.pillars[0], unodc.fields.pillars[0]);

    // Para 8: IOM shelters are sensitive; the cable's first meeting is there.
    assert!(all.iter().filter(|a| a.fields.kind == ActivityKind::ShelterServices).all(|a| a.fields.sensitive));
    let meetings: Vec<_> = all
        .iter()
        .filter(|a| a.fields.kind == ActivityKind::CoordinationMeeting && a.fields.pillars[0] == Pillar::Partnership)
        .collect();
    assert!(meetings.iter().any(|m| days(m).0 == NaiveDate::from_ymd_opt(2007, 4, 24).unwrap()));
    assert!(meetings.len() >= 4, "quarterly meetings");
    assert!(all.iter().any(|a| a.fields.visibility == Visibility::Public));
    assert!(all.iter().any(|a| a.fields.title.original.as_str() == "ru"), "some activities were written in Russian");

    // Para 7: the Turkish TADOC training takes place in Turkey.
    assert!(
        all.iter()
            .any(|a| lead(a) == "TR-EMB" && a.fields.locations.iter().any(|l| l.country.as_deref() == Some("TR"))),
        "TADOC training in Turkey"
    );
    // Para 5: UNICEF's child-trafficking assessment, with results in July 2007.
    let unicef = all
        .iter()
        .find(|a| lead(a) == "UNICEF" && a.fields.kind == ActivityKind::AssessmentResearch)
        .expect("the UNICEF assessment");
    assert!(unicef.fields.target_groups.iter().any(|t| t.code().starts_with("children")));
    assert!(
        all.iter().any(|a| lead(a) == "UNICEF"
            && days(a).0.format("%Y-%m").to_string() == "2007-07"
            && a.fields.title.get("en").to_lowercase().contains("results")),
        "the results are presented in July 2007"
    );

    // The demo accounts sign in, and the coordinator sees the whole calendar.
    let members = s.members(&Viewer::SYSTEM, &g).await.unwrap();
    assert_eq!(members.len(), jointcal::demo::DEMO_ACCOUNTS.len());
    let session =
        s.login("coordinator@demo.example.org", jointcal::demo::DEMO_PASSWORD, None, "127.0.0.1", None).await.unwrap();
    let p = jointcal::services::Principal {
        user: session.user,
        via: jointcal::services::Via::Session { csrf: session.csrf },
    };
    let v = s.viewer_for(Some(&p), &g).await.unwrap();
    assert!(v.is_coordinator());
    assert_eq!(s.list_activities(&v, &g, &ActivityFilter::default()).await.unwrap().len(), o.activities);
    let guest = s.viewer_for(None, &g).await.unwrap();
    assert!(s.list_activities(&guest, &g, &ActivityFilter::default()).await.unwrap().len() < o.activities);
}

#[tokio::test]
async fn demo_activity_json_snapshot() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let a = s.db.activity_by_ref(g.id, "demo-36").await.unwrap();
    insta::assert_json_snapshot!("demo_merke_inl_training", a.to_json());
}
