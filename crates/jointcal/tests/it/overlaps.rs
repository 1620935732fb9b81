//! Kept overlap flags: found when an activity is saved, kept current on edits and
//! deletes, resolved by coordinators (audited), shown only to those concerned.

use crate::on_both_databases;
use crate::storage::{group, input, org};
use crate::support::TestDb;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::{Actor, EntityKind};
use jointcal_domain::ids::UserId;
use jointcal_domain::overlap::FlagResolution;
use jointcal_domain::vocab::MemberRole;
use serde_json::json;

on_both_databases!(
    flags_follow_the_activities_and_their_resolution,
    a_save_sees_what_another_server_changed_since_its_index_was_built,
);

fn training(title: &str, lead: &str, start: &str, end: &str, place: &str) -> jointcal_domain::activity::ActivityInput {
    input(json!({
        "title": {"en": title},
        "kind": "training",
        "target_groups": ["border_guards"],
        "organizations": [{"org": lead, "role": "lead"}],
        "locations": [{"subdivision": "KZ-31", "place": place}],
        "dates": {"start": start, "end": end},
        "visibility": "group"
    }))
}

async fn flags_follow_the_activities_and_their_resolution(t: &TestDb) {
    let s = t.services();
    let g = group(&s, "grp").await;
    let iom = org(&s, "IOM").await;
    org(&s, "INL").await;
    let unodc = org(&s, "UNODC").await;
    let sys = Viewer::SYSTEM;
    let a = s
        .create_activity(
            &sys,
            &Actor::Cli,
            &g,
            &training("Border guard training at Merke", "IOM", "2007-09-03", "2007-09-07", "Merke"),
        )
        .await
        .unwrap();
    assert!(s.flags_of_activity(&sys, &g, a.activity.id).await.unwrap().is_empty(), "alone: nothing");
    let b = s
        .create_activity(
            &sys,
            &Actor::Cli,
            &g,
            &training("Training for border guards in Merke", "INL", "2007-09-12", "2007-09-14", "Merke"),
        )
        .await
        .unwrap();
    // Saving the second finds the first.
    let flags = s.flags_of_activity(&sys, &g, b.activity.id).await.unwrap();
    assert_eq!(flags.len(), 1);
    let f = &flags[0].flag;
    assert_eq!(f.resolution, FlagResolution::Open);
    assert!(f.score > 0.9, "{f:?}");
    let mut pair = [a.activity.id, b.activity.id];
    pair.sort();
    assert_eq!([f.a, f.b], pair);

    // Who sees it: coordinators; an editor of IOM (concerned); not an editor of UNODC.
    let coordinator = Viewer {
        user: Some(UserId(uuid::Uuid::from_u128(1))),
        org: None,
        role: Some(MemberRole::Coordinator),
        admin: false,
    };
    let iom_editor = Viewer {
        user: Some(UserId(uuid::Uuid::from_u128(2))),
        org: Some(iom),
        role: Some(MemberRole::Editor),
        admin: false,
    };
    let unodc_editor = Viewer {
        user: Some(UserId(uuid::Uuid::from_u128(3))),
        org: Some(unodc),
        role: Some(MemberRole::Editor),
        admin: false,
    };
    assert_eq!(s.list_flags(&coordinator, &g, Some(FlagResolution::Open)).await.unwrap().len(), 1);
    assert_eq!(s.list_flags(&iom_editor, &g, None).await.unwrap().len(), 1);
    assert!(s.list_flags(&unodc_editor, &g, None).await.unwrap().is_empty());
    assert!(s.list_flags(&Viewer::ANONYMOUS, &g, None).await.is_err(), "not for outsiders");

    // A coordinator dismisses it, with a note: audited; editors may not.
    assert!(s.resolve_flag(&iom_editor, &Actor::Cli, &g, f.id, FlagResolution::Dismissed, None).await.is_err());
    let r = s
        .resolve_flag(&coordinator, &Actor::Cli, &g, f.id, FlagResolution::Dismissed, Some("different trainees"))
        .await
        .unwrap();
    assert_eq!((r.flag.resolution, r.flag.note.as_deref()), (FlagResolution::Dismissed, Some("different trainees")));
    let trail = s.db.audit_for_entity(EntityKind::OverlapFlag, f.id).await.unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].after.as_ref().unwrap()["resolution"], "dismissed");
    assert!(s.list_flags(&coordinator, &g, Some(FlagResolution::Open)).await.unwrap().is_empty());

    // A new title (not place, time, audience or kind): still dismissed.
    let v = b.activity.version;
    let b2 = s
        .update_activity(
            &sys,
            &Actor::Cli,
            &g,
            b.activity.id,
            v,
            &training("Border guards: identifying victims", "INL", "2007-09-12", "2007-09-14", "Merke"),
        )
        .await
        .unwrap();
    let kept = s.list_flags(&coordinator, &g, None).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].flag.resolution, FlagResolution::Dismissed);
    // New dates: the pair opens again, the note kept.
    let b3 = s
        .update_activity(
            &sys,
            &Actor::Cli,
            &g,
            b.activity.id,
            b2.activity.version,
            &training("Border guards: identifying victims", "INL", "2007-09-10", "2007-09-12", "Merke"),
        )
        .await
        .unwrap();
    let reopened = s.list_flags(&coordinator, &g, Some(FlagResolution::Open)).await.unwrap();
    assert_eq!(reopened.len(), 1, "moved in time: open again");
    assert_eq!(reopened[0].flag.note.as_deref(), Some("different trainees"));
    // Moved far away in time: the open flag goes.
    let b4 = s
        .update_activity(
            &sys,
            &Actor::Cli,
            &g,
            b.activity.id,
            b3.activity.version,
            &training("Border guards: identifying victims", "INL", "2008-06-10", "2008-06-12", "Merke"),
        )
        .await
        .unwrap();
    assert!(s.list_flags(&coordinator, &g, None).await.unwrap().is_empty());
    // Back, then deleted: no flag names a deleted activity.
    s.update_activity(
        &sys,
        &Actor::Cli,
        &g,
        b.activity.id,
        b4.activity.version,
        &training("Border guards again", "INL", "2007-09-10", "2007-09-12", "Merke"),
    )
    .await
    .unwrap();
    assert_eq!(s.list_flags(&coordinator, &g, None).await.unwrap().len(), 1);
    s.delete_activity(&sys, &Actor::Cli, &g, a.activity.id, a.activity.version).await.unwrap();
    assert!(s.list_flags(&coordinator, &g, None).await.unwrap().is_empty());
}

/// The API on the demo: the list for coordinators and for those concerned, a
/// coordinator's resolution, and the overlaps in the answer to a save.
#[tokio::test]
async fn the_overlaps_api_on_the_demo() {
    use reqwest::StatusCode;
    use serde_json::Value;
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let mut tok = std::collections::HashMap::new();
    for who in ["coordinator", "iom", "guest"] {
        let u = s.user_by_email(&format!("{who}@demo.example.org")).await.unwrap();
        let (_, secret) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, u.id, "test", None).await.unwrap();
        tok.insert(who, secret);
    }
    let base = crate::support::spawn_app(s).await;
    let c = reqwest::Client::new();
    let url = format!("{base}/api/v1/groups/kz-tip/overlaps");

    let r = c.get(&url).bearer_auth(&tok["coordinator"]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let flags: Vec<Value> = r.json().await.unwrap();
    let top = &flags[0];
    assert!(top["a"]["title"].as_str().unwrap().contains("Merke"), "{top}");
    assert!(top["b"]["title"].as_str().unwrap().contains("Merke"), "{top}");
    assert_eq!(top["resolution"], "open");
    // Kept flags are weighed with the whole group's statistics, as the command line's:
    // the HIV testing and the legal counselling for the same labour migrants in
    // Shymkent (cable, para 9) are offered as joint work.
    assert!(flags.iter().any(|f| f["kind"] == "complementary"), "{flags:?}");
    let codes: Vec<&str> = top["reasons"].as_array().unwrap().iter().filter_map(|r| r["code"].as_str()).collect();
    assert!(codes.contains(&"same_target_group") && codes.contains(&"same_place"), "{codes:?}");
    assert_eq!(c.get(&url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r = c.get(format!("{url}?resolution=maybe")).bearer_auth(&tok["coordinator"]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("not a resolution"));
    // The guest (a viewer of an organization in no flag) sees none; IOM sees its own.
    let guest: Vec<Value> = c.get(&url).bearer_auth(&tok["guest"]).send().await.unwrap().json().await.unwrap();
    assert!(guest.iter().all(|f| f["id"] != top["id"]), "{guest:?}");

    // Resolving: coordinators only, checked input, then gone from the open list.
    let resolve = format!("{url}/{}/resolution", top["id"].as_str().unwrap());
    let body = serde_json::json!({"resolution": "dismissed", "note": "two different groups of trainees"});
    assert_eq!(
        c.post(&resolve).bearer_auth(&tok["iom"]).json(&body).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let bad = serde_json::json!({"resolution": "ignored"});
    assert_eq!(
        c.post(&resolve).bearer_auth(&tok["coordinator"]).json(&bad).send().await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = c.post(&resolve).bearer_auth(&tok["coordinator"]).json(&body).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let done: Value = r.json().await.unwrap();
    assert_eq!(
        (done["resolution"].as_str(), done["note"].as_str()),
        (Some("dismissed"), Some("two different groups of trainees"))
    );
    let open: Vec<Value> = c.get(&url).bearer_auth(&tok["coordinator"]).send().await.unwrap().json().await.unwrap();
    assert!(open.iter().all(|f| f["id"] != top["id"]));
    let dismissed: Vec<Value> = c
        .get(format!("{url}?resolution=dismissed"))
        .bearer_auth(&tok["coordinator"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dismissed.len(), 1);
    let r = c
        .post(format!("{url}/not-an-id/resolution"))
        .bearer_auth(&tok["coordinator"])
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // IOM plans a third Merke training: the answer names the overlaps at once.
    let new = serde_json::json!({
        "title": {"en": "Border guard training on victim identification, Merke"},
        "kind": "training",
        "target_groups": ["border_guards"],
        "organizations": [{"org": "IOM", "role": "lead"}],
        "locations": [{"country": "KZ", "subdivision": "KZ-31", "place": "Merke railway station"}],
        "dates": {"start": "2007-09-24", "end": "2007-09-26"},
        "visibility": "group"
    });
    let r = c
        .post(format!("{base}/api/v1/groups/kz-tip/activities"))
        .bearer_auth(&tok["iom"])
        .json(&new)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let saved: Value = r.json().await.unwrap();
    let overlaps = saved["overlaps"].as_array().expect("overlaps in the answer");
    assert!(!overlaps.is_empty(), "{saved}");
    assert!(
        overlaps.iter().any(|f| f["a"]["title"].as_str().unwrap_or("").contains("Merke")
            && f["b"]["title"].as_str().unwrap_or("").contains("Merke")),
        "{overlaps:?}"
    );
    // Its page names them too, with the reasons in words.
    let page = c
        .get(format!("{base}/groups/kz-tip/activities/{}?lang=en", saved["id"].as_str().unwrap()))
        .bearer_auth(&tok["iom"])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<h2>Overlaps</h2>") && page.contains("same target group (Border guards)"), "{page}");
}

/// Two servers on one database: each keeps its own index of the group between saves,
/// and a save on one weighs what the other changed since that index was built (an
/// activity moved away, one added, one deleted), not the index's old picture.
async fn a_save_sees_what_another_server_changed_since_its_index_was_built(t: &TestDb) {
    use jointcal::services::Services;
    use jointcal_domain::clock::FixedClock;
    use jointcal_domain::ids::SequentialIds;
    use std::sync::Arc;
    let clock = Arc::new(FixedClock::new(crate::support::t0()));
    let one = Services::new(t.db.clone(), clock.clone(), Arc::new(SequentialIds::default()));
    let two = Services::new(t.db.clone(), clock.clone(), Arc::new(SequentialIds::starting_at(1 << 40)));
    let g = group(&one, "grp").await;
    for o in ["IOM", "INL", "UNODC"] {
        org(&one, o).await;
    }
    let (sys, cli) = (Viewer::SYSTEM, Actor::Cli);
    let merke = |lead: &str| training("Border guard training at Merke", lead, "2007-09-03", "2007-09-07", "Merke");
    let x = one.create_activity(&sys, &cli, &g, &merke("IOM")).await.unwrap();
    // An hour later server one builds its index: x is in it as it is now.
    clock.advance(chrono::Duration::hours(1));
    one.refresh_overlaps(&g).await.unwrap();
    clock.advance(chrono::Duration::hours(1));
    // On server two: x moves a year away; y, the same training by INL, comes in.
    let later = training("Border guard training at Merke", "IOM", "2008-09-01", "2008-09-05", "Merke");
    two.update_activity(&sys, &cli, &g, x.activity.id, x.activity.version, &later).await.unwrap();
    let y = two.create_activity(&sys, &cli, &g, &merke("INL")).await.unwrap();
    // On server one: z, the same training by UNODC, is flagged with y and not with x.
    let z = one.create_activity(&sys, &cli, &g, &merke("UNODC")).await.unwrap();
    let others = |flags: Vec<jointcal::services::FlagView>, me| -> Vec<_> {
        flags.iter().map(|f| if f.flag.a == me { f.flag.b } else { f.flag.a }).collect()
    };
    let flagged = others(one.flags_of_activity(&sys, &g, z.activity.id).await.unwrap(), z.activity.id);
    assert_eq!(flagged, vec![y.activity.id], "z with y (new on server two), not x (moved away there)");
    // y deleted on server two; z saved again on server one: no flag with y.
    two.delete_activity(&sys, &cli, &g, y.activity.id, y.activity.version).await.unwrap();
    clock.advance(chrono::Duration::minutes(1));
    let retitled = training("Border guards at Merke", "UNODC", "2007-09-03", "2007-09-07", "Merke");
    one.update_activity(&sys, &cli, &g, z.activity.id, z.activity.version, &retitled).await.unwrap();
    assert!(one.flags_of_activity(&sys, &g, z.activity.id).await.unwrap().is_empty());
}
