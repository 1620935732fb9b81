//! The authorization matrix: every role × every action × own organization / other
//! organization / other group / anonymous. The expected result of each cell is
//! written once, in `MATRIX`, and asserted for each interface that exists (the
//! service layer now; the API and the pages run the same table).

use crate::on_both_databases;
use crate::storage::{group, org};
use crate::support::TestDb;
use jointcal::services::{ActivityFilter, NewUser, Principal, ServiceError, Via};
use jointcal::Services;
use jointcal_domain::access::{Denied, Viewer};
use jointcal_domain::activity::ActivityInput;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::vocab::MemberRole;
use serde_json::json;

/// Rows: action and target. Columns: anonymous, outsider (coordinator of the other
/// group only), viewer, editor, coordinator, admin. The viewer and the editor work
/// for INL; the coordinator for UNDP; targets are led by INL ("own") or IOM ("other").
/// `ok` allowed · `404` answered as if it did not exist · `403` refused · `401` sign in first.
pub const MATRIX: &str = "
read    own           404 404 ok  ok  ok  ok
read    other         404 404 ok  ok  ok  ok
read    own_coord     404 404 ok  ok  ok  ok
read    other_coord   404 404 404 404 ok  ok
read    public        ok  ok  ok  ok  ok  ok
read    other_group   404 ok  404 404 404 ok
list    own_coord     404 404 ok  ok  ok  ok
list    other_coord   404 404 404 404 ok  ok
update  own           401 404 403 ok  ok  ok
update  other         401 404 403 403 ok  ok
update  own_coord     401 404 403 ok  ok  ok
update  other_coord   401 404 404 404 ok  ok
update  public        401 403 403 403 ok  ok
update  other_group   401 ok  404 404 404 ok
delete  own           401 404 403 ok  ok  ok
delete  other         401 404 403 403 ok  ok
delete  public        401 403 403 403 ok  ok
delete  other_group   401 ok  404 404 404 ok
create  own           401 403 403 ok  ok  ok
create  other         401 403 403 403 ok  ok
create  other_group   401 ok  403 403 403 ok
audit   group         401 403 403 403 ok  ok
history own           401 404 403 403 ok  ok
history other_coord   401 404 404 404 ok  ok
members group         401 403 403 403 ok  ok
roster  group         401 403 ok  ok  ok  ok
settings group        401 403 403 403 ok  ok
newgroup group        401 403 403 403 403 ok
neworg  group         401 403 403 403 403 ok
editorg group         401 403 403 403 403 ok
unmember group        401 403 403 403 ok  ok
readgrp group         ok  ok  ok  ok  ok  ok
readorg group         ok  ok  ok  ok  ok  ok
mtg_read    meeting    404 404 ok  ok  ok  ok
mtg_read    published  ok  ok  ok  ok  ok  ok
mtg_sched   group      401 403 403 403 ok  ok
mtg_edit    meeting    401 404 403 403 ok  ok
mtg_answer  meeting    401 404 ok  ok  ok  ok
mtg_minutes draft      404 404 404 404 ok  ok
mtg_minutes circulated 404 404 404 ok  ok  ok
mtg_minutes approved   404 404 ok  ok  ok  ok
mtg_action  own        401 404 403 ok  ok  ok
mtg_action  other      401 404 403 403 ok  ok
";

pub const SUBJECTS: [&str; 6] = ["anonymous", "outsider", "viewer", "editor", "coordinator", "admin"];

/// One cell of the matrix.
#[derive(Debug, Clone)]
pub struct Cell {
    pub action: String,
    pub target: String,
    pub subject: &'static str,
    pub expected: String,
}

pub fn cells() -> Vec<Cell> {
    let mut out = Vec::new();
    for line in MATRIX.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 2 + SUBJECTS.len(), "malformed matrix row: {line}");
        for (i, subject) in SUBJECTS.iter().enumerate() {
            out.push(Cell { action: f[0].into(), target: f[1].into(), subject, expected: f[2 + i].into() });
        }
    }
    out
}

/// The two groups, the people and the organizations of the matrix.
pub struct World {
    pub g1: Group,
    pub g2: Group,
    pub principals: Vec<(&'static str, Option<Principal>)>,
}

pub const PASSWORD: &str = "correct horse battery staple";

pub async fn world(s: &Services) -> World {
    let g1 = group(s, "g-one").await;
    let g2 = group(s, "g-two").await;
    for o in ["INL", "IOM", "UNDP"] {
        org(s, o).await;
    }
    let mut principals = vec![("anonymous", None)];
    for (name, org, admin, memberships) in [
        ("outsider", "INL", false, vec![(&g2, MemberRole::Coordinator)]),
        ("viewer", "INL", false, vec![(&g1, MemberRole::Viewer)]),
        ("editor", "INL", false, vec![(&g1, MemberRole::Editor)]),
        ("coordinator", "UNDP", false, vec![(&g1, MemberRole::Coordinator)]),
        ("admin", "UNDP", true, vec![]),
    ] {
        let new = NewUser {
            email: format!("{name}@example.org"),
            display_name: name.into(),
            password: PASSWORD.into(),
            org: Some(org.into()),
            admin,
        };
        let u = s.create_user(&Viewer::SYSTEM, &Actor::Cli, &new).await.unwrap();
        for (g, role) in memberships {
            s.set_member(&Viewer::SYSTEM, &Actor::Cli, g, u.id, role).await.unwrap();
        }
        principals.push((name, Some(Principal { user: u, via: Via::Session { csrf: "t".into() } })));
    }
    World { g1, g2, principals }
}

pub fn activity(title: &str, lead: &str, visibility: &str) -> ActivityInput {
    serde_json::from_value(json!({
        "title": {"en": title},
        "kind": "training",
        "target_groups": ["border_guards"],
        "organizations": [{"org": lead, "role": "lead"}],
        "locations": [{"subdivision": "KZ-31", "place": "Merke"}],
        "dates": {"start": "2007-09-03", "end": "2007-09-07"},
        "visibility": visibility
    }))
    .unwrap()
}

/// A meeting of the first group for a meeting row of the matrix: unpublished
/// (`meeting`), published and public (`published`), with minutes at a status
/// (`draft`, `circulated`, `approved`), or with an action item owned by INL (`own`)
/// or IOM (`other`). Returns the meeting and the action item with its version.
pub async fn meeting_target(s: &Services, w: &World, target: &str) -> (ActivityId, Option<(uuid::Uuid, i64)>) {
    use jointcal::services::{IfMatch, MeetingUpdate, ScheduleInput};
    use jointcal_domain::meeting::{ActionInput, AgendaItemInput, MinutesInput};
    use jointcal_domain::vocab::MinutesStatus;
    let (v, a) = (Viewer::SYSTEM, Actor::Cli);
    let schedule = |start: &str, visibility: &str| ScheduleInput {
        start: Some(start.into()),
        host: Some("INL".into()),
        visibility: Some(visibility.into()),
        ..Default::default()
    };
    let vis = if target == "published" { "public" } else { "group" };
    let m = s.schedule_meeting(&v, &a, &w.g1, &schedule("2007-10-02T10:00", vis)).await.unwrap().remove(0);
    let id = m.meeting.id;
    let agenda = vec![AgendaItemInput { title: "Calendar".into(), ..Default::default() }];
    let m = s
        .update_meeting(
            &v,
            &a,
            &w.g1,
            id,
            IfMatch::Unchecked,
            &MeetingUpdate { agenda: Some(agenda), ..Default::default() },
        )
        .await
        .unwrap();
    let item = m.meeting.agenda[0].id.clone();
    let minutes =
        MinutesInput { summary: "Met.".into(), items: [(item, "Discussed.".into())].into(), decisions: vec![] };
    let mut change =
        MeetingUpdate { minutes: Some(minutes), published: Some(target == "published"), ..Default::default() };
    if matches!(target, "circulated" | "approved") {
        change.minutes_status = Some(MinutesStatus::Circulated);
    }
    s.update_meeting(&v, &a, &w.g1, id, IfMatch::Unchecked, &change).await.unwrap();
    if target == "approved" {
        let later = s.schedule_meeting(&v, &a, &w.g1, &schedule("2008-01-08T10:00", "group")).await.unwrap().remove(0);
        let approve = MeetingUpdate {
            minutes_status: Some(MinutesStatus::Approved),
            approved_in: Some(later.meeting.id),
            ..Default::default()
        };
        s.update_meeting(&v, &a, &w.g1, id, IfMatch::Unchecked, &approve).await.unwrap();
    }
    let action = match target {
        "own" | "other" => {
            let input = ActionInput {
                what: Some("Share the figures".into()),
                owner_org: Some(if target == "own" { "INL" } else { "IOM" }.into()),
                due: Some("2007-10-30".into()),
                ..Default::default()
            };
            let x = s.create_action(&v, &a, &w.g1, id, &input).await.unwrap();
            Some((x.id, x.version))
        }
        _ => None,
    };
    (id, action)
}

/// The group, lead and visibility of a target.
pub fn target_spec<'a>(w: &'a World, target: &str) -> (&'a Group, &'static str, &'static str) {
    match target {
        "own" => (&w.g1, "INL", "group"),
        "other" => (&w.g1, "IOM", "group"),
        "own_coord" => (&w.g1, "INL", "coordinators"),
        "other_coord" => (&w.g1, "IOM", "coordinators"),
        "public" => (&w.g1, "IOM", "public"),
        "other_group" | "group" => (if target == "group" { &w.g1 } else { &w.g2 }, "INL", "group"),
        "meeting" | "published" | "draft" | "circulated" | "approved" => (&w.g1, "INL", "group"),
        t => panic!("unknown target {t}"),
    }
}

fn outcome<T>(r: Result<T, ServiceError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(ServiceError::NotFound(_)) => "404".into(),
        Err(ServiceError::Denied(Denied::SignInRequired)) => "401".into(),
        Err(ServiceError::Denied(_)) => "403".into(),
        Err(e) => format!("unexpected error: {e}"),
    }
}

/// Runs one cell through the services; returns the outcome and checks that an
/// allowed write left an audit event naming the subject.
async fn run_service_cell(s: &Services, w: &World, c: &Cell) -> String {
    let principal = w.principals.iter().find(|p| p.0 == c.subject).and_then(|p| p.1.clone());
    let (g, lead, vis) = target_spec(w, &c.target);
    let viewer = s.viewer_for(principal.as_ref(), g).await.unwrap();
    let actor = principal.as_ref().map_or(Actor::System, Principal::actor);
    let fresh = |title: &str| {
        let s = s.clone();
        let g = g.clone();
        let input = activity(title, lead, vis);
        async move { s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &g, &input).await.unwrap() }
    };
    let audited = |id: ActivityId, before: usize| {
        let s = s.clone();
        let expected = actor.clone();
        async move {
            let trail = s.db.audit_for_entity(jointcal_domain::audit::EntityKind::Activity, id.0).await.unwrap();
            assert_eq!(trail.len(), before + 1, "one audit event per write");
            assert_eq!(trail.last().unwrap().actor, expected, "the audit names who wrote");
        }
    };
    match c.action.as_str() {
        "read" => {
            let a = fresh("read me").await;
            outcome(s.get_activity(&viewer, g, a.id).await)
        }
        "list" => {
            let a = fresh("list me").await;
            let found = s.list_activities(&viewer, g, &ActivityFilter::default()).await.unwrap();
            if found.iter().any(|v| v.activity.id == a.id) {
                "ok".into()
            } else {
                "404".into()
            }
        }
        "update" => {
            let a = fresh("update me").await;
            let mut input = activity("updated", lead, vis);
            input.status = Some("confirmed".into());
            let r = outcome(s.update_activity(&viewer, &actor, g, a.id, a.version, &input).await);
            if r == "ok" {
                audited(a.id, 1).await;
            } else {
                assert_eq!(s.db.activity(a.id).await.unwrap().version, 1, "a refused update changes nothing");
            }
            r
        }
        "delete" => {
            let a = fresh("delete me").await;
            let r = outcome(s.delete_activity(&viewer, &actor, g, a.id, a.version).await);
            if r == "ok" {
                audited(a.id, 1).await;
            } else {
                assert!(s.db.activity(a.id).await.unwrap().deleted_at.is_none(), "a refused delete changes nothing");
            }
            r
        }
        "create" => {
            let lead = if c.target == "other" { "IOM" } else { "INL" };
            let r = s.create_activity(&viewer, &actor, g, &activity("new", lead, "group")).await;
            if let Ok(a) = &r {
                audited(a.id, 0).await;
            }
            outcome(r)
        }
        "audit" => outcome(s.group_history(&viewer, g, None, 10).await),
        "unmember" => {
            let target = w.principals.iter().find(|p| p.0 == "viewer").and_then(|p| p.1.clone()).unwrap().user.id;
            let r = outcome(s.remove_member(&viewer, &actor, g, target).await);
            if r == "ok" {
                // Back in the group for the cells that follow.
                s.set_member(&Viewer::SYSTEM, &Actor::Cli, g, target, MemberRole::Viewer).await.unwrap();
            }
            r
        }
        "readgrp" => outcome(s.group_by_slug(&g.fields.slug).await),
        "readorg" => outcome(s.db.find_org("IOM").await.map_err(|e| ServiceError::from_db(e, "organization"))),
        "history" => {
            let a = fresh("history").await;
            outcome(s.activity_history(&viewer, g, a.id).await)
        }
        "roster" => outcome(s.members(&viewer, g).await),
        "settings" => outcome(
            s.update_group(&viewer, &actor, g, jointcal::services::IfMatch::Unchecked, &g.fields.to_input()).await,
        ),
        "newgroup" => {
            let input = jointcal_domain::group::GroupInput {
                slug: format!("new-{}", c.subject),
                name: "New".into(),
                country: "KZ".into(),
                timezone: "Asia/Almaty".into(),
                ..Default::default()
            };
            outcome(s.create_group(&viewer, &actor, &input).await)
        }
        "neworg" => {
            let input = jointcal_domain::org::OrgInput {
                name: "New".into(),
                acronym: format!("NEW-{}", c.subject),
                kind: "ngo".into(),
                iati_org_id: None,
            };
            outcome(s.create_org(&viewer, &actor, &input).await)
        }
        "editorg" => {
            let o = s.db.find_org("IOM").await.unwrap();
            let input = jointcal_domain::org::OrgInput {
                name: o.fields.name.clone(),
                acronym: o.fields.acronym.clone(),
                kind: "intergovernmental".into(),
                iati_org_id: None,
            };
            outcome(s.update_org(&viewer, &actor, &o.id.to_string(), &input).await)
        }
        "members" => {
            let target = w.principals.iter().find(|p| p.0 == "viewer").and_then(|p| p.1.clone()).unwrap().user.id;
            outcome(s.set_member(&viewer, &actor, g, target, MemberRole::Viewer).await)
        }
        "mtg_read" => {
            let (m, _) = meeting_target(s, w, &c.target).await;
            outcome(s.meeting(&viewer, g, m).await)
        }
        "mtg_sched" => {
            let input = jointcal::services::ScheduleInput {
                start: Some("2007-11-06T10:00".into()),
                host: Some("INL".into()),
                ..Default::default()
            };
            outcome(s.schedule_meeting(&viewer, &actor, g, &input).await)
        }
        "mtg_edit" => {
            let (m, _) = meeting_target(s, w, &c.target).await;
            let change = jointcal::services::MeetingUpdate { published: Some(true), ..Default::default() };
            let version = s.meeting(&Viewer::SYSTEM, g, m).await.unwrap().meeting.version;
            let r = outcome(s.update_meeting(&viewer, &actor, g, m, version, &change).await);
            let after = s.meeting(&Viewer::SYSTEM, g, m).await.unwrap().meeting;
            assert_eq!(after.published, r == "ok", "a refused change changes nothing");
            r
        }
        "mtg_answer" => {
            let (m, _) = meeting_target(s, w, &c.target).await;
            let r = s
                .answer_invitation(
                    &viewer,
                    &actor,
                    g,
                    m,
                    jointcal::services::IfMatch::Missing,
                    jointcal_domain::vocab::AttendanceResponse::Attending,
                )
                .await;
            outcome(r)
        }
        "mtg_minutes" => {
            let (m, _) = meeting_target(s, w, &c.target).await;
            match s.meeting(&viewer, g, m).await {
                Ok(v) if v.minutes_visible => "ok".into(),
                Ok(_) => "404".into(),
                Err(e) => outcome::<()>(Err(e)),
            }
        }
        "mtg_action" => {
            let (_, action) = meeting_target(s, w, &c.target).await;
            let (id, version) = action.unwrap();
            let input = jointcal_domain::meeting::ActionInput { status: Some("done".into()), ..Default::default() };
            let r = outcome(s.update_action(&viewer, &actor, g, id, version, &input).await);
            let after = s.db.action(id).await.unwrap();
            assert_eq!(
                after.status == jointcal_domain::vocab::ActionStatus::Done,
                r == "ok",
                "a refused change changes nothing"
            );
            r
        }
        a => panic!("unknown action {a}"),
    }
}

on_both_databases!(authorization_matrix_on_the_services);

async fn authorization_matrix_on_the_services(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let mut wrong = Vec::new();
    let all = cells();
    assert_eq!(all.len(), 43 * 6);
    for c in &all {
        let got = run_service_cell(&s, &w, c).await;
        if got != c.expected {
            wrong.push(format!(
                "{:<8} {:<12} {:<12} expected {:<4} got {got}",
                c.action, c.target, c.subject, c.expected
            ));
        }
    }
    assert!(wrong.is_empty(), "cells that differ from the matrix:\n{}", wrong.join("\n"));
}
