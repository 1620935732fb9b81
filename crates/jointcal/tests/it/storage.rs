//! The storage contract, run on SQLite and PostgreSQL alike.

use crate::on_both_databases;
use crate::support::TestDb;
use chrono::{Duration, TimeZone, Utc};
use jointcal::services::{ActivityFilter, ServiceError};
use jointcal::Services;
use jointcal_db::{Backend, Db, DbError};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::ActivityInput;
use jointcal_domain::audit::{Actor, AuditAction};
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::ids::OrgId;
use jointcal_domain::org::OrgInput;
use jointcal_domain::vocab::{MemberRole, Pillar, Status, TargetGroup};
use serde_json::json;

on_both_databases!(
    groups_and_organizations,
    every_activity_write_changes_the_feed_state,
    activity_lifecycle_is_audited,
    stale_versions_change_nothing,
    calendar_window_and_filters,
    visibility_scopes,
    cursor_pages_cover_everything_once,
    external_ids_are_unique_per_group,
    audit_log_is_append_only,
    recurring_series_are_found_by_any_occurrence,
    every_write_is_audited,
    a_second_server_never_lists_a_stale_activity,
);

#[test]
fn migrations_have_the_same_versions_on_both_databases() {
    let s: Vec<i64> = Db::migration_versions(Backend::Sqlite).into_iter().map(|m| m.0).collect();
    let p: Vec<i64> = Db::migration_versions(Backend::Postgres).into_iter().map(|m| m.0).collect();
    assert!(!s.is_empty());
    assert_eq!(s, p);
}

pub async fn group(s: &Services, slug: &str) -> Group {
    let input = GroupInput {
        slug: slug.into(),
        name: format!("Group {slug}"),
        country: "KZ".into(),
        timezone: "Asia/Almaty".into(),
        ..Default::default()
    };
    s.create_group(&Viewer::SYSTEM, &Actor::Cli, &input).await.expect("create group").group
}

pub async fn org(s: &Services, acronym: &str) -> OrgId {
    let input = OrgInput {
        name: format!("{acronym} organization"),
        acronym: acronym.into(),
        kind: "un_agency".into(),
        iati_org_id: None,
    };
    s.create_org(&Viewer::SYSTEM, &Actor::Cli, &input).await.expect("create org").id
}

pub fn input(v: serde_json::Value) -> ActivityInput {
    serde_json::from_value(v).expect("activity input")
}

/// A one-line activity: title, lead, first and last day.
pub fn simple(title: &str, lead: &str, start: &str, end: &str) -> ActivityInput {
    input(json!({
        "title": {"en": title},
        "kind": "conference",
        "organizations": [{"org": lead, "role": "lead"}],
        "locations": [{"subdivision": "KZ-71"}],
        "dates": {"start": start, "end": end},
        "visibility": "public"
    }))
}

async fn groups_and_organizations(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "kz-tip").await;
    assert_eq!(s.group_by_slug("kz-tip").await.unwrap().id, g.id);
    let again = GroupInput {
        slug: "kz-tip".into(),
        name: "Other".into(),
        country: "KZ".into(),
        timezone: "Asia/Almaty".into(),
        ..Default::default()
    };
    let e = s.create_group(&Viewer::SYSTEM, &Actor::Cli, &again).await.unwrap_err();
    assert!(matches!(&e, ServiceError::Conflict(m) if m.contains("slug")), "{e}");
    org(&s, "IOM").await;
    let dup = OrgInput { name: "x".into(), acronym: "iom".into(), kind: "ngo".into(), iati_org_id: None };
    let e = s.create_org(&Viewer::SYSTEM, &Actor::Cli, &dup).await.unwrap_err();
    assert!(matches!(&e, ServiceError::Conflict(m) if m.contains("acronym")), "{e}");
    assert_eq!(s.db.find_org("Iom").await.unwrap().fields.acronym, "IOM");
    assert!(matches!(s.group_by_slug("nope").await, Err(ServiceError::NotFound(_))));
    // Rejected writes left nothing behind.
    assert_eq!(s.list_groups().await.unwrap().len(), 1);
    assert_eq!(s.list_orgs().await.unwrap().len(), 1);
}

async fn activity_lifecycle_is_audited(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    org(&s, "INL").await;
    let a = s
        .create_activity(
            &Viewer::SYSTEM,
            &Actor::Cli,
            &g,
            &simple("Border training", "INL", "2007-09-03", "2007-09-07"),
        )
        .await
        .unwrap();
    assert_eq!((a.version, a.sequence), (1, 0));
    let got = s.get_activity(&Viewer::SYSTEM, &g, a.id).await.unwrap().activity;
    assert_eq!(got.fields, a.fields);
    assert_eq!(got.fingerprint, a.fingerprint);

    let mut changed = simple("Border training (moved)", "INL", "2007-09-10", "2007-09-14");
    changed.status = Some("confirmed".into());
    let b = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 1, &changed).await.unwrap();
    assert_eq!((b.version, b.sequence), (2, 1));
    assert_ne!(b.fingerprint, a.fingerprint, "dates moved: the fingerprint follows");
    assert_eq!(s.get_activity(&Viewer::SYSTEM, &g, a.id).await.unwrap().activity.fields.status, Status::Confirmed);
    // Saving the same thing again is not a change.
    let same = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 2, &changed).await.unwrap();
    assert_eq!(same.version, 2);

    s.delete_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 2).await.unwrap();
    assert!(matches!(s.get_activity(&Viewer::SYSTEM, &g, a.id).await, Err(ServiceError::NotFound(_))));
    assert!(s.list_activities(&Viewer::SYSTEM, &g, &ActivityFilter::default()).await.unwrap().is_empty());
    let stored = s.db.activity(a.id).await.unwrap();
    assert!(stored.deleted_at.is_some(), "soft delete keeps the row");

    let trail = s.db.audit_for_entity(jointcal_domain::audit::EntityKind::Activity, a.id.0).await.unwrap();
    let actions: Vec<_> = trail.iter().map(|e| e.action).collect();
    assert_eq!(actions, [AuditAction::Create, AuditAction::Update, AuditAction::Delete]);
    assert!(trail[0].before.is_none());
    assert_eq!(trail[0].after.as_ref().unwrap()["title"]["en"], "Border training");
    assert_eq!(trail[1].before.as_ref().unwrap()["dates"]["start"], "2007-09-03");
    assert_eq!(trail[1].after.as_ref().unwrap()["dates"]["start"], "2007-09-10");
    assert!(trail[2].after.is_none());
    assert!(trail.iter().all(|e| e.actor == Actor::Cli && e.group_id == Some(g.id)));
    let page1 = s.db.audit_for_group(g.id, None, 2).await.unwrap();
    let last = page1.last().unwrap();
    let page2 = s.db.audit_for_group(g.id, Some((last.at, last.id)), 10).await.unwrap();
    assert_eq!(page1.len() + page2.len(), 4, "group create + three activity events, no event lost between pages");
}

async fn stale_versions_change_nothing(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    org(&s, "INL").await;
    let a = s
        .create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &simple("One", "INL", "2007-09-03", "2007-09-03"))
        .await
        .unwrap();
    s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 1, &simple("Two", "INL", "2007-09-03", "2007-09-03"))
        .await
        .unwrap();
    let e = s
        .update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 1, &simple("Three", "INL", "2007-09-03", "2007-09-03"))
        .await
        .unwrap_err();
    assert!(matches!(e, ServiceError::VersionConflict { current: 2, .. }), "{e}");
    let e = s.delete_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 1).await.unwrap_err();
    assert!(matches!(e, ServiceError::VersionConflict { current: 2, .. }), "{e}");
    // The storage layer refuses a stale write on its own too (two writers that both read version 2).
    let mut stale = s.db.activity(a.id).await.unwrap();
    stale.version = 3;
    let ev = s.db.audit_for_entity(jointcal_domain::audit::EntityKind::Activity, a.id.0).await.unwrap().remove(0);
    assert!(matches!(s.db.update_activity(&stale, 1, &ev).await, Err(DbError::VersionConflict { current: 2 })));
    let now = s.get_activity(&Viewer::SYSTEM, &g, a.id).await.unwrap().activity;
    assert_eq!(now.fields.title.get("en"), "Two");
    assert_eq!(
        s.db.audit_for_entity(jointcal_domain::audit::EntityKind::Activity, a.id.0).await.unwrap().len(),
        2,
        "no audit for refused writes"
    );
    // Invalid input changes nothing either.
    let mut bad = simple("Four", "INL", "2007-09-03", "2007-09-01");
    bad.kind = "party".into();
    let e = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 2, &bad).await.unwrap_err();
    let ServiceError::Invalid(v) = e else { panic!("expected invalid input") };
    let fields: Vec<_> = v.fields.iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"kind") && fields.contains(&"dates.end"), "{fields:?}");
    assert_eq!(s.db.activity(a.id).await.unwrap().version, 2);
}

async fn calendar_window_and_filters(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    org(&s, "INL").await;
    org(&s, "UNDP").await;
    let v = Viewer::SYSTEM;
    let c = Actor::Cli;
    let merke = input(json!({
        "title": {"ru": "Пограничная служба: тренинг в Мерке", "en": "Border Guard training at Merke"},
        "original_lang": "ru",
        "kind": "training",
        "target_groups": ["border_guards"],
        "organizations": [{"org": "UNDP", "role": "lead"}, {"org": "INL", "role": "funder"}],
        "locations": [{"subdivision": "KZ-ZHA", "place": "Merke"}],
        "dates": {"start": "2007-09-17", "end": "2007-09-21"},
        "status": "planned"
    }));
    let m = s.create_activity(&v, &c, &g, &merke).await.unwrap();
    let programme =
        s.create_activity(&v, &c, &g, &simple("Year-long programme", "INL", "2007-01-01", "2008-12-31")).await.unwrap();
    let august =
        s.create_activity(&v, &c, &g, &simple("August conference", "INL", "2007-08-30", "2007-08-31")).await.unwrap();
    let spill = s
        .create_activity(&v, &c, &g, &simple("Spills into September", "INL", "2007-08-28", "2007-09-02"))
        .await
        .unwrap();
    let tz = g.fields.timezone;
    let sep =
        |d: u32| jointcal_domain::schedule::day_start_utc(tz, chrono::NaiveDate::from_ymd_opt(2007, 9, d).unwrap());
    let oct1 = jointcal_domain::schedule::day_start_utc(tz, chrono::NaiveDate::from_ymd_opt(2007, 10, 1).unwrap());
    let month = ActivityFilter { from: Some(sep(1)), to: Some(oct1), ..Default::default() };
    let ids = |l: Vec<jointcal::services::ActivityView>| l.into_iter().map(|a| a.activity.id).collect::<Vec<_>>();
    let got = ids(s.list_activities(&v, &g, &month).await.unwrap());
    assert_eq!(got, vec![programme.id, spill.id, m.id], "ordered by start; August-only activity left out");
    assert!(!got.contains(&august.id));
    // Filters, each alone.
    let by = |f: ActivityFilter| {
        let s = s.clone();
        let g = g.clone();
        async move { ids(s.list_activities(&Viewer::SYSTEM, &g, &f).await.unwrap()) }
    };
    let undp = s.db.find_org("UNDP").await.unwrap().id;
    let inl = s.db.find_org("INL").await.unwrap().id;
    assert_eq!(by(ActivityFilter { org: Some(undp), ..month.clone() }).await, vec![m.id]);
    assert_eq!(by(ActivityFilter { org: Some(inl), ..month.clone() }).await.len(), 3, "a funder counts as involved");
    assert_eq!(by(ActivityFilter { target_group: Some(TargetGroup::BorderGuards), ..month.clone() }).await, vec![m.id]);
    assert_eq!(by(ActivityFilter { region: Some("KZ-31".into()), ..month.clone() }).await, vec![m.id]);
    assert_eq!(by(ActivityFilter { pillar: Some(Pillar::Prosecution), ..month.clone() }).await, vec![m.id]);
    assert_eq!(
        by(ActivityFilter { kind: Some(jointcal_domain::vocab::ActivityKind::Training), ..month.clone() }).await,
        vec![m.id]
    );
    assert_eq!(by(ActivityFilter { status: Some(Status::Planned), ..month.clone() }).await.len(), 3);
    // By duration class (2^(k-1) < days <= 2^k): the two-year programme is class 10,
    // the six-day spill class 3; with a window and without one.
    assert_eq!(by(ActivityFilter { span_classes: Some((9, 20)), ..month.clone() }).await, vec![programme.id]);
    assert_eq!(by(ActivityFilter { span_classes: Some((0, 8)), ..month.clone() }).await, vec![spill.id, m.id]);
    assert_eq!(by(ActivityFilter { span_classes: Some((9, 20)), ..Default::default() }).await, vec![programme.id]);
    assert!(by(ActivityFilter { span_classes: Some((5, 4)), ..month.clone() }).await.is_empty(), "an empty range");
    // Text search folds case in any script, on both databases.
    assert_eq!(by(ActivityFilter { q: Some("пограничн".into()), ..Default::default() }).await, vec![m.id]);
    assert_eq!(by(ActivityFilter { q: Some("ПОГРАНИЧН".into()), ..Default::default() }).await, vec![m.id]);
    assert_eq!(by(ActivityFilter { q: Some("merke".into()), ..Default::default() }).await, vec![m.id]);
    assert!(
        by(ActivityFilter { q: Some("%".into()), ..Default::default() }).await.is_empty(),
        "LIKE wildcards are literal"
    );
    assert!(by(ActivityFilter { q: Some("'; DROP TABLE activities; --".into()), ..Default::default() })
        .await
        .is_empty());
    assert_eq!(by(ActivityFilter::default()).await.len(), 4);
    // A window of one day inside the programme finds the programme only.
    let day = ActivityFilter { from: Some(sep(10)), to: Some(sep(11)), ..Default::default() };
    assert_eq!(by(day).await, vec![programme.id]);
    // The month's scan is bounded and matches the count.
    let stats = s.db.month_scan_stats(g.id, sep(1), oct1).await.unwrap();
    assert_eq!(stats.returned, 3);
    assert!(stats.examined >= stats.returned);
    assert!(stats.examined <= 2 * stats.returned, "the scan stays within twice the rows returned: {stats:?}");
    assert!(!stats.plan.is_empty());
}

async fn visibility_scopes(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    let inl = org(&s, "INL").await;
    let iom = org(&s, "IOM").await;
    let mk = |title: &str, lead: &str, vis: &str, sensitive: bool| {
        let mut i = simple(title, lead, "2007-09-03", "2007-09-04");
        i.visibility = Some(vis.into());
        i.sensitive = Some(sensitive);
        i.locations[0].place = Some("Safe house, street 5".into());
        i
    };
    for (title, lead, vis, sens) in [
        ("public", "INL", "public", false),
        ("group", "INL", "group", false),
        ("coord-inl", "INL", "coordinators", false),
        ("coord-iom", "IOM", "coordinators", false),
        ("shelter", "IOM", "public", true),
    ] {
        s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &mk(title, lead, vis, sens)).await.unwrap();
    }
    let titles = |v: Viewer| {
        let s = s.clone();
        let g = g.clone();
        async move {
            let mut t: Vec<String> = s
                .list_activities(&v, &g, &ActivityFilter::default())
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.activity.fields.title.get("en").to_string())
                .collect();
            t.sort();
            t
        }
    };
    let user = Some(jointcal_domain::ids::UserId(uuid::Uuid::from_u128(7)));
    assert_eq!(titles(Viewer::ANONYMOUS).await, ["public", "shelter"]);
    let inl_editor = Viewer { user, org: Some(inl), role: Some(MemberRole::Editor), admin: false };
    assert_eq!(titles(inl_editor.clone()).await, ["coord-inl", "group", "public", "shelter"]);
    let coordinator = Viewer { user, org: Some(inl), role: Some(MemberRole::Coordinator), admin: false };
    assert_eq!(titles(coordinator.clone()).await.len(), 5);
    // The sensitive place: region only for others, exact for coordinators and the lead.
    let shelter_for = |v: Viewer| {
        let s = s.clone();
        let g = g.clone();
        async move {
            s.list_activities(&v, &g, &ActivityFilter { q: Some("shelter".into()), ..Default::default() })
                .await
                .unwrap()
                .remove(0)
        }
    };
    let anon = shelter_for(Viewer::ANONYMOUS).await;
    assert_eq!(anon.activity.fields.locations[0].place, None);
    assert_eq!(anon.activity.fields.locations[0].subdivision.as_deref(), Some("KZ-71"));
    assert!(!anon.exact_place);
    assert_eq!(shelter_for(inl_editor.clone()).await.activity.fields.locations[0].place, None);
    let iom_editor = Viewer { user, org: Some(iom), role: Some(MemberRole::Editor), admin: false };
    assert_eq!(
        shelter_for(iom_editor.clone()).await.activity.fields.locations[0].place.as_deref(),
        Some("Safe house, street 5")
    );
    assert!(shelter_for(coordinator.clone()).await.exact_place);
    // Nor can the place be found by searching for it.
    let found_by_place = |v: Viewer| {
        let s = s.clone();
        let g = g.clone();
        async move {
            s.list_activities(&v, &g, &ActivityFilter { q: Some("safe house".into()), ..Default::default() })
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.activity.fields.title.get("en").to_string())
                .collect::<Vec<_>>()
        }
    };
    assert!(!found_by_place(Viewer::ANONYMOUS).await.contains(&"shelter".to_string()));
    assert!(!found_by_place(inl_editor.clone()).await.contains(&"shelter".to_string()));
    assert!(found_by_place(iom_editor.clone()).await.contains(&"shelter".to_string()));
    assert!(found_by_place(coordinator).await.contains(&"shelter".to_string()));
    // Places of activities that are not sensitive are found by anyone who sees them.
    assert!(found_by_place(Viewer::ANONYMOUS).await.contains(&"public".to_string()));
}

async fn cursor_pages_cover_everything_once(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    org(&s, "INL").await;
    for i in 0..7 {
        // Two activities share each start day, so the id breaks ties.
        let d = format!("2007-10-{:02}", 1 + i / 2);
        s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &simple(&format!("a{i}"), "INL", &d, &d)).await.unwrap();
    }
    let all = s.list_activities(&Viewer::SYSTEM, &g, &ActivityFilter::default()).await.unwrap();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = s
            .list_activities(&Viewer::SYSTEM, &g, &ActivityFilter { limit: Some(3), after, ..Default::default() })
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        let last = &page.last().unwrap().activity;
        after = Some(jointcal_db::Cursor { start_utc: last.fields.schedule.start_utc.timestamp(), id: last.id.0 });
        seen.extend(page.into_iter().map(|a| a.activity.id));
    }
    assert_eq!(seen, all.into_iter().map(|a| a.activity.id).collect::<Vec<_>>());
    assert_eq!(seen.len(), 7);
}

async fn external_ids_are_unique_per_group(t: &TestDb) {
    let s = t.services();
    let g1 = group(&s, "g1").await;
    let g2 = group(&s, "g2").await;
    org(&s, "INL").await;
    let mut a = simple("x", "INL", "2007-09-03", "2007-09-03");
    a.external_ref = Some("KZ24-06".into());
    a.iati_identifier = Some("US-GOV-1-123".into());
    s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g1, &a).await.unwrap();
    let e = s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g1, &a).await.unwrap_err();
    assert!(matches!(&e, ServiceError::Conflict(m) if m.contains("already exists")), "{e}");
    s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g2, &a).await.expect("the same ids in another group");
    assert_eq!(s.db.activity_by_ref(g1.id, "KZ24-06").await.unwrap().group_id, g1.id);
    assert_eq!(s.list_activities(&Viewer::SYSTEM, &g1, &ActivityFilter::default()).await.unwrap().len(), 1);
}

async fn audit_log_is_append_only(t: &TestDb) {
    let s = t.services();
    group(&s, "grp").await;
    let before = s.db.count_audit().await.unwrap();
    assert_eq!(before, 1);
    let update = "UPDATE audit_events SET action = 'delete'";
    let delete = "DELETE FROM audit_events";
    match &s.db {
        Db::Sqlite { pool, .. } => {
            assert!(sqlx::query(update).execute(pool).await.is_err());
            assert!(sqlx::query(delete).execute(pool).await.is_err());
        }
        Db::Postgres { pool, .. } => {
            assert!(sqlx::query(update).execute(pool).await.is_err());
            assert!(sqlx::query(delete).execute(pool).await.is_err());
        }
    }
    assert_eq!(s.db.count_audit().await.unwrap(), 1);
}

async fn recurring_series_are_found_by_any_occurrence(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    org(&s, "INL").await;
    let call = input(json!({
        "title": {"en": "Monthly NGO call"},
        "kind": "coordination_meeting",
        "organizations": [{"org": "INL", "role": "lead"}],
        "locations": [{"online": true}],
        "dates": {"start": "2007-09-12T15:00", "end": "2007-09-12T16:30"},
        "recurrence": "FREQ=MONTHLY;COUNT=7"
    }));
    let a = s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &call).await.unwrap();
    let from = Utc.with_ymd_and_hms(2008, 2, 1, 0, 0, 0).unwrap();
    let f = ActivityFilter { from: Some(from), to: Some(from + Duration::days(29)), ..Default::default() };
    let found = s.list_activities(&Viewer::SYSTEM, &g, &f).await.unwrap();
    assert_eq!(found.len(), 1);
    let occ = found[0].activity.fields.schedule.occurrences_between(from, from + Duration::days(29));
    assert_eq!(occ.len(), 1);
    assert_eq!(occ[0].0, Utc.with_ymd_and_hms(2008, 2, 12, 9, 0, 0).unwrap(), "15:00 in Almaty (UTC+6)");
    let after = Utc.with_ymd_and_hms(2008, 4, 1, 0, 0, 0).unwrap();
    let none = ActivityFilter { from: Some(after), to: Some(after + Duration::days(30)), ..Default::default() };
    assert!(s.list_activities(&Viewer::SYSTEM, &g, &none).await.unwrap().is_empty(), "the series ended in March");
    assert_eq!(a.fields.schedule.rrule.as_deref(), Some("FREQ=MONTHLY;COUNT=7"));
}

async fn every_write_is_audited(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    let org_id = org(&s, "INL").await;
    let cli = Actor::Cli;
    let last = |kind: &'static str, id: uuid::Uuid| {
        let s = s.clone();
        async move {
            s.db.audit_for_entity(jointcal_domain::audit::EntityKind::parse(kind).unwrap(), id)
                .await
                .unwrap()
                .pop()
                .expect("an audit event")
        }
    };
    // Group: created, then changed.
    assert_eq!(last("group", g.id.0).await.action, AuditAction::Create);
    let mut settings = g.fields.to_input();
    settings.name = "Renamed group".into();
    s.update_group(&Viewer::SYSTEM, &cli, &g, jointcal::services::IfMatch::Unchecked, &settings).await.unwrap();
    let ev = last("group", g.id.0).await;
    assert_eq!(ev.action, AuditAction::Update);
    assert_eq!(ev.before.unwrap()["name"], "Group grp");
    assert_eq!(ev.after.unwrap()["name"], "Renamed group");
    // Organization: created, then changed.
    assert_eq!(last("organization", org_id.0).await.action, AuditAction::Create);
    let input =
        OrgInput { name: "INL office".into(), acronym: "INL".into(), kind: "embassy".into(), iati_org_id: None };
    s.update_org(&Viewer::SYSTEM, &cli, &org_id.to_string(), &input).await.unwrap();
    let ev = last("organization", org_id.0).await;
    assert_eq!((ev.action, ev.after.unwrap()["kind"].as_str().unwrap()), (AuditAction::Update, "embassy"));
    // A person: created, joined, role changed, left; two-factor on and off.
    let new = jointcal::services::NewUser {
        email: "focal@example.org".into(),
        display_name: "INL focal point".into(),
        password: "a long enough passphrase".into(),
        org: Some("INL".into()),
        admin: false,
    };
    let u = s.create_user(&Viewer::SYSTEM, &cli, &new).await.unwrap();
    assert!(!serde_json::to_string(&last("user", u.id.0).await).unwrap().contains("argon2"));
    s.set_member(&Viewer::SYSTEM, &cli, &g, u.id, MemberRole::Editor).await.unwrap();
    assert_eq!(last("membership", u.id.0).await.action, AuditAction::Create);
    s.set_member(&Viewer::SYSTEM, &cli, &g, u.id, MemberRole::Coordinator).await.unwrap();
    let ev = last("membership", u.id.0).await;
    assert_eq!(
        (ev.before.unwrap()["role"].as_str(), ev.after.unwrap()["role"].as_str()),
        (Some("editor"), Some("coordinator"))
    );
    // The group's only coordinator cannot leave, and nothing is recorded.
    let e = s.remove_member(&Viewer::SYSTEM, &cli, &g, u.id).await.unwrap_err();
    assert!(matches!(e, jointcal::ServiceError::Conflict(ref m) if m.contains("last coordinator")), "{e}");
    assert_eq!(last("membership", u.id.0).await.action, AuditAction::Update);
    let other = jointcal::services::NewUser { email: "second@example.org".into(), ..new.clone() };
    let other = s.create_user(&Viewer::SYSTEM, &cli, &other).await.unwrap();
    s.set_member(&Viewer::SYSTEM, &cli, &g, other.id, MemberRole::Coordinator).await.unwrap();
    s.remove_member(&Viewer::SYSTEM, &cli, &g, u.id).await.unwrap();
    assert_eq!(last("membership", u.id.0).await.action, AuditAction::Delete);
    s.enable_totp(&Viewer::SYSTEM, &cli, u.id).await.unwrap();
    assert_eq!(last("user", u.id.0).await.after.unwrap()["totp_enabled"], true);
    s.disable_totp(&Viewer::SYSTEM, &cli, u.id).await.unwrap();
    assert_eq!(last("user", u.id.0).await.after.unwrap()["totp_enabled"], false);
    let trail = s.db.audit_for_entity(jointcal_domain::audit::EntityKind::User, u.id.0).await.unwrap();
    assert!(!serde_json::to_string(&trail).unwrap().contains("secret"), "no TOTP secret in the audit log");
    // The group's log holds its own events, newest first, readable by coordinators only.
    let log = s.group_history(&Viewer::SYSTEM, &g, None, 100).await.unwrap();
    assert!(log.windows(2).all(|w| (w[0].at, w[0].id) >= (w[1].at, w[1].id)));
    assert!(log.iter().all(|e| e.group_id == Some(g.id)));
    let member = Viewer { user: Some(u.id), org: Some(org_id), role: Some(MemberRole::Editor), admin: false };
    assert!(matches!(s.group_history(&member, &g, None, 10).await, Err(ServiceError::Denied(_))));
}

/// Lists keep decoded activities in memory by id and version: a change made by
/// another server on the same database (another `Db`, another memory) shows at the
/// next list, and a deletion removes the activity, on both databases.
async fn a_second_server_never_lists_a_stale_activity(t: &TestDb) {
    let one = t.services();
    let two = Services::new(
        Db::connect(&t.url).await.unwrap(),
        std::sync::Arc::new(jointcal_domain::clock::FixedClock::new(crate::support::t0())),
        std::sync::Arc::new(jointcal::clock::RandomIds),
    );
    let g = group(&one, "grp").await;
    org(&one, "INL").await;
    let a = one
        .create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &simple("First title", "INL", "2007-09-03", "2007-09-07"))
        .await
        .unwrap();
    let titles = |s: Services| {
        let g = g.clone();
        async move {
            let list = s.list_activities(&Viewer::SYSTEM, &g, &ActivityFilter::default()).await.unwrap();
            list.iter().map(|v| v.activity.fields.title.get("en").to_string()).collect::<Vec<_>>()
        }
    };
    assert_eq!(titles(one.clone()).await, ["First title"]);
    assert_eq!(titles(two.clone()).await, ["First title"]);
    two.update_activity(
        &Viewer::SYSTEM,
        &Actor::Cli,
        &g,
        a.id,
        1,
        &simple("Second title", "INL", "2007-09-03", "2007-09-07"),
    )
    .await
    .unwrap();
    assert_eq!(titles(one.clone()).await, ["Second title"], "the other server's change shows");
    let listed = one.list_activities(&Viewer::SYSTEM, &g, &ActivityFilter::default()).await.unwrap();
    assert_eq!(listed[0].activity.version, 2);
    two.delete_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, 2).await.unwrap();
    assert!(titles(one.clone()).await.is_empty(), "a deleted activity is gone from the other server's list");
}

/// The state feeds compare rises with every write of an activity (create, edit, delete:
/// a trigger counts them), even when the clock stands still, and only for its group.
async fn every_activity_write_changes_the_feed_state(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "fs").await;
    let other = group(&s, "other").await;
    org(&s, "IOM").await;
    let first = s.feed_state(&g).await.unwrap();
    let a = s
        .create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &simple("One", "IOM", "2007-09-03", "2007-09-04"))
        .await
        .unwrap();
    let created = s.feed_state(&g).await.unwrap();
    assert_ne!(created, first);
    let unchecked = jointcal::services::IfMatch::Unchecked;
    s.update_activity(
        &Viewer::SYSTEM,
        &Actor::Cli,
        &g,
        a.activity.id,
        unchecked.clone(),
        &simple("Two", "IOM", "2007-09-03", "2007-09-04"),
    )
    .await
    .unwrap();
    let edited = s.feed_state(&g).await.unwrap();
    assert_ne!(edited, created, "the test clock stands still: the count tells");
    let before_other = s.feed_state(&other).await.unwrap();
    s.delete_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.activity.id, unchecked).await.unwrap();
    assert_ne!(s.feed_state(&g).await.unwrap(), edited);
    assert_eq!(s.feed_state(&other).await.unwrap(), before_other, "another group's state stays");
}
