//! The batch service: every input validated and checked, all stored or none, one
//! audit event.

use crate::authz::{activity, world, World};
use crate::on_both_databases;
use crate::support::TestDb;
use jointcal::services::{ItemProblem, ServiceError};
use jointcal::Services;
use jointcal_domain::access::{Denied, Viewer};
use jointcal_domain::audit::{Actor, AuditAction};

on_both_databases!(
    a_batch_with_an_activity_of_another_organization_is_refused_whole,
    an_invalid_input_is_reported_by_its_index,
    a_good_batch_stores_all_with_one_audit_event,
);

async fn editor(s: &Services, w: &World) -> (Viewer, Actor) {
    let p = w.principals.iter().find(|p| p.0 == "editor").and_then(|p| p.1.clone()).unwrap();
    (s.viewer_for(Some(&p), &w.g1).await.unwrap(), p.actor())
}

async fn batch_events(s: &Services, w: &World) -> usize {
    let events = s.db.audit_for_group(w.g1.id, None, 1000).await.unwrap();
    events.iter().filter(|e| e.entity_type == jointcal_domain::audit::EntityKind::ActivityBatch).count()
}

async fn a_batch_with_an_activity_of_another_organization_is_refused_whole(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let (v, a) = editor(&s, &w).await;
    // The editor works for INL; the second activity is led by IOM.
    let inputs =
        [activity("ours", "INL", "group"), activity("theirs", "IOM", "group"), activity("ours too", "INL", "group")];
    let Err(ServiceError::Batch(b)) = s.create_activities_batch(&v, &a, &w.g1, &inputs).await else {
        panic!("the batch should be refused");
    };
    assert_eq!(b.items.len(), 1, "{b}");
    assert_eq!(b.items[0].index, 1);
    assert_eq!(b.items[0].problem, ItemProblem::Denied(Denied::NotYourOrganization));
    assert!(b.only_denied());
    assert_eq!(s.count_activities(&Viewer::SYSTEM, &w.g1).await.unwrap(), 0, "nothing is stored");
    assert_eq!(batch_events(&s, &w).await, 0);
    // A viewer may write nothing, and someone signed out is asked to sign in first.
    let viewer = w.principals.iter().find(|p| p.0 == "viewer").and_then(|p| p.1.clone()).unwrap();
    let vv = s.viewer_for(Some(&viewer), &w.g1).await.unwrap();
    let Err(ServiceError::Batch(b)) = s.create_activities_batch(&vv, &a, &w.g1, &inputs[..1]).await else {
        panic!("a viewer's batch should be refused");
    };
    assert_eq!(b.items[0].problem, ItemProblem::Denied(Denied::ReadOnly));
    let anonymous = s.viewer_for(None, &w.g1).await.unwrap();
    assert!(matches!(
        s.create_activities_batch(&anonymous, &Actor::System, &w.g1, &inputs[..1]).await,
        Err(ServiceError::Denied(Denied::SignInRequired))
    ));
}

async fn an_invalid_input_is_reported_by_its_index(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let (v, a) = editor(&s, &w).await;
    let mut bad_dates = activity("backwards", "INL", "group");
    bad_dates.dates.end = Some("2007-09-01".into());
    let mut bad_kind = activity("odd kind", "INL", "group");
    bad_kind.kind = "party".into();
    let inputs = [activity("fine", "INL", "group"), bad_dates, activity("fine too", "INL", "group"), bad_kind];
    let Err(ServiceError::Batch(b)) = s.create_activities_batch(&v, &a, &w.g1, &inputs).await else {
        panic!("the batch should be refused");
    };
    // Every invalid input is reported, not only the first.
    let indexes: Vec<usize> = b.items.iter().map(|i| i.index).collect();
    assert_eq!(indexes, [1, 3], "{b}");
    let ItemProblem::Invalid(errors) = &b.items[0].problem else { panic!("{b}") };
    assert!(errors.fields.iter().any(|f| f.field.starts_with("dates")), "{errors:?}");
    let fields = b.field_errors();
    assert!(fields.fields.iter().any(|f| f.field.starts_with("[1].dates")), "{fields:?}");
    assert!(fields.fields.iter().any(|f| f.field == "[3].kind"), "{fields:?}");
    assert!(b.to_string().contains("activity 3: kind"), "{b}");
    assert!(!b.only_denied());
    assert_eq!(s.count_activities(&Viewer::SYSTEM, &w.g1).await.unwrap(), 0);
    assert!(matches!(
        s.create_activities_batch(&v, &a, &w.g1, &[]).await,
        Err(ServiceError::Invalid(e)) if e.fields[0].field == "activities"
    ));
}

async fn a_good_batch_stores_all_with_one_audit_event(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let (v, a) = editor(&s, &w).await;
    let inputs: Vec<_> = (0..25).map(|i| activity(&format!("training {i}"), "INL", "group")).collect();
    let before = s.db.audit_for_group(w.g1.id, None, 1000).await.unwrap().len();
    let out = s.create_activities_batch(&v, &a, &w.g1, &inputs).await.unwrap();
    assert_eq!(out.ids.len(), 25);
    assert_eq!(s.count_activities(&Viewer::SYSTEM, &w.g1).await.unwrap(), 25);
    let events = s.db.audit_for_group(w.g1.id, None, 1000).await.unwrap();
    assert_eq!(events.len(), before + 1, "exactly one audit event for the batch");
    let ev = events.iter().find(|e| e.entity_type == jointcal_domain::audit::EntityKind::ActivityBatch).unwrap();
    assert_eq!(ev.id, out.audit_id);
    assert_eq!(ev.action, AuditAction::Create);
    assert_eq!(ev.actor, a, "the audit names who wrote");
    let after = ev.after.as_ref().unwrap();
    assert_eq!(after["activities"], 25);
    assert_eq!(after["ids"].as_array().unwrap().len(), 25);
    let stored = s.get_activity(&v, &w.g1, out.ids[7]).await.unwrap();
    assert_eq!(stored.activity.fields.title.get("en"), "training 7");
}
