//! The JSON API over HTTP: the authorization matrix, optimistic concurrency, every
//! kind of bad input, errors, CSRF, and the OpenAPI document.

use crate::authz::{activity, cells, target_spec, world, World, PASSWORD};
use crate::on_both_databases;
use crate::support::{spawn_app, TestDb};
use jointcal::Services;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use reqwest::header::{CONTENT_TYPE, COOKIE, ETAG, IF_MATCH};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;

on_both_databases!(
    authorization_matrix_over_http,
    fifty_parallel_updates_one_wins,
    bad_input_changes_nothing,
    crud_round_trip_and_preconditions,
);

fn http() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// API tokens of the matrix's people (anonymous has none).
async fn tokens(s: &Services, w: &World) -> HashMap<&'static str, String> {
    let mut out = HashMap::new();
    for (name, p) in &w.principals {
        if let Some(p) = p {
            let (_, secret) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, p.user.id, "test", None).await.unwrap();
            out.insert(*name, secret);
        }
    }
    out
}

fn status_class(s: StatusCode) -> String {
    if s.is_success() {
        "ok".into()
    } else {
        s.as_u16().to_string()
    }
}

async fn authorization_matrix_over_http(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let toks = tokens(&s, &w).await;
    let base = spawn_app(s.clone()).await;
    let c = http();
    let viewer_id = w.principals.iter().find(|p| p.0 == "viewer").and_then(|p| p.1.clone()).unwrap().user.id;
    let mut wrong = Vec::new();
    for cell in cells() {
        let (g, lead, vis) = target_spec(&w, &cell.target);
        let slug = &g.fields.slug;
        let fresh = s.create_activity(&Viewer::SYSTEM, &Actor::Cli, g, &activity("target", lead, vis)).await.unwrap();
        let url = format!("{base}/api/v1/groups/{slug}/activities/{}", fresh.id);
        let req = match cell.action.as_str() {
            "read" => c.get(&url),
            "list" => c.get(format!("{base}/api/v1/groups/{slug}/activities?limit=500")),
            "update" => c
                .put(&url)
                .header(IF_MATCH, "\"1\"")
                .json(&activity("updated", lead, vis)),
            "delete" => c.delete(&url).header(IF_MATCH, "\"1\""),
            "create" => {
                let lead = if cell.target == "other" { "IOM" } else { "INL" };
                c.post(format!("{base}/api/v1/groups/{slug}/activities"))
                    .json(&activity("new", lead, "group"))
            }
            "audit" => c.get(format!("{base}/api/v1/groups/{slug}/audit")),
            "members" => c
                .put(format!("{base}/api/v1/groups/{slug}/members/{viewer_id}"))
                .json(&json!({"role": "viewer"})),
            "history" => c.get(format!("{url}/audit")),
            "roster" => c.get(format!("{base}/api/v1/groups/{slug}/members")),
            "settings" => {
                let now = s.group_by_slug(slug).await.unwrap();
                c.put(format!("{base}/api/v1/groups/{slug}"))
                    .header(IF_MATCH, format!("\"{}\"", now.version))
                    .json(&now.fields.to_input())
            }
            "newgroup" => c.post(format!("{base}/api/v1/groups")).json(
                &json!({"slug": format!("new-{}", cell.subject), "name": "New", "country": "KZ", "timezone": "Asia/Almaty"}),
            ),
            "neworg" => c
                .post(format!("{base}/api/v1/organizations"))
                .json(&json!({"name": "New", "acronym": format!("NEW-{}", cell.subject), "kind": "ngo"})),
            "unmember" => c.delete(format!("{base}/api/v1/groups/{slug}/members/{viewer_id}")),
            "readgrp" => c.get(format!("{base}/api/v1/groups/{slug}")),
            "readorg" => c.get(format!("{base}/api/v1/organizations/IOM")),
            "editorg" => c
                .put(format!("{base}/api/v1/organizations/IOM"))
                .json(&json!({"name": "IOM organization", "acronym": "IOM", "kind": "intergovernmental"})),
            a if a.starts_with("mtg_") => {
                let (m, action) = crate::authz::meeting_target(&s, &w, &cell.target).await;
                let murl = format!("{base}/api/v1/groups/{slug}/meetings/{}", m.0);
                match a {
                    "mtg_read" => c.get(&murl),
                    "mtg_sched" => c
                        .post(format!("{base}/api/v1/groups/{slug}/meetings"))
                        .json(&json!({"start": "2007-11-06T10:00", "host": "INL"})),
                    "mtg_edit" => c.patch(&murl).header(IF_MATCH, "*").json(&json!({"published": true})),
                    "mtg_answer" => c.put(format!("{murl}/attendance/me")).json(&json!({"response": "attending"})),
                    "mtg_minutes" => c.get(format!("{murl}/minutes")),
                    "mtg_action" => {
                        let (id, version) = action.unwrap();
                        c.patch(format!("{base}/api/v1/groups/{slug}/meetings/actions/{id}"))
                            .header(IF_MATCH, format!("\"{version}\""))
                            .json(&json!({"status": "done"}))
                    }
                    a => panic!("unknown action {a}"),
                }
            }
            a => panic!("unknown action {a}"),
        };
        let req = match toks.get(cell.subject) {
            Some(tok) => req.bearer_auth(tok),
            None => req,
        };
        let r = req.send().await.unwrap();
        let status = r.status();
        if cell.action == "unmember" && status.is_success() {
            s.set_member(&Viewer::SYSTEM, &Actor::Cli, g, viewer_id, jointcal_domain::vocab::MemberRole::Viewer)
                .await
                .unwrap();
        }
        let got = if cell.action == "list" {
            let body: Value = r.json().await.unwrap();
            let ids: Vec<&str> = body["items"].as_array().unwrap().iter().filter_map(|a| a["id"].as_str()).collect();
            if ids.contains(&fresh.id.to_string().as_str()) {
                "ok".to_string()
            } else {
                "404".to_string()
            }
        } else {
            let got = status_class(status);
            if !status.is_success() {
                let body: Value = r.json().await.unwrap();
                assert!(body["error"]["code"].is_string() && body["error"]["message"].is_string(), "{body}");
            }
            got
        };
        if got != cell.expected {
            wrong.push(format!(
                "{:<8} {:<12} {:<12} expected {:<4} got {got}",
                cell.action, cell.target, cell.subject, cell.expected
            ));
        }
    }
    assert!(wrong.is_empty(), "cells that differ from the matrix over HTTP:\n{}", wrong.join("\n"));
}

async fn fifty_parallel_updates_one_wins(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let toks = tokens(&s, &w).await;
    let a =
        s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &w.g1, &activity("contested", "INL", "group")).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let url = format!("{base}/api/v1/groups/g-one/activities/{}", a.id);
    let c = http();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (c, url, tok) = (c.clone(), url.clone(), toks["editor"].clone());
        tasks.push(tokio::spawn(async move {
            let mut body = activity(&format!("edit {i}"), "INL", "group");
            body.status = Some("confirmed".into());
            c.put(url).bearer_auth(tok).header(IF_MATCH, "\"1\"").json(&body).send().await.unwrap().status()
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    let won = codes.iter().filter(|c| **c == StatusCode::OK).count();
    let lost = codes.iter().filter(|c| **c == StatusCode::PRECONDITION_FAILED).count();
    assert_eq!((won, lost), (1, 49), "{codes:?}");
    let now = s.db.activity(a.id).await.unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(
        s.db.audit_for_entity(jointcal_domain::audit::EntityKind::Activity, a.id.0).await.unwrap().len(),
        2,
        "one create, one update"
    );
}

async fn crud_round_trip_and_preconditions(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let toks = tokens(&s, &w).await;
    let base = spawn_app(s.clone()).await;
    let c = http();
    let tok = &toks["editor"];
    let r = c
        .post(format!("{base}/api/v1/groups/g-one/activities"))
        .bearer_auth(tok)
        .json(&activity("Merke", "INL", "group"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.headers()[ETAG], "\"1\"");
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["title"]["en"], "Merke");
    assert_eq!(created["locations"][0]["subdivision"], "KZ-31");
    let url = format!("{base}{loc}");
    let got = c.get(&url).bearer_auth(tok).send().await.unwrap();
    assert_eq!(got.headers()[ETAG], "\"1\"");
    let mut doc: Value = got.json().await.unwrap();
    // GET → edit → PUT works with the read-only fields removed.
    for k in ["id", "group_id", "version", "sequence", "fingerprint", "created_at", "updated_at", "exact_place"] {
        doc.as_object_mut().unwrap().remove(k);
    }
    doc["status"] = json!("confirmed");
    let r = c.put(&url).bearer_auth(tok).json(&doc).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "precondition_required");
    let r = c.put(&url).bearer_auth(tok).header(IF_MATCH, "\"1\"").json(&doc).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[ETAG], "\"2\"");
    let r = c.put(&url).bearer_auth(tok).header(IF_MATCH, "\"1\"").json(&doc).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    assert!(r.json::<Value>().await.unwrap()["error"]["message"].as_str().unwrap().contains("version 2"));
    assert_eq!(c.delete(&url).bearer_auth(tok).send().await.unwrap().status(), StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(
        c.delete(&url).bearer_auth(tok).header(IF_MATCH, "\"1\"").send().await.unwrap().status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        c.delete(&url).bearer_auth(tok).header(IF_MATCH, "\"2\"").send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(c.get(&url).bearer_auth(tok).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // The history, for a coordinator.
    let hist: Value =
        c.get(format!("{url}/audit")).bearer_auth(&toks["coordinator"]).send().await.unwrap().json().await.unwrap();
    let actions: Vec<&str> = hist.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "update", "delete"]);
    assert_eq!(hist[0]["actor"]["type"], "token");

    // Cursor pages through the list.
    for i in 0..5 {
        c.post(format!("{base}/api/v1/groups/g-one/activities"))
            .bearer_auth(tok)
            .json(&activity(&format!("p{i}"), "INL", "group"))
            .send()
            .await
            .unwrap();
    }
    let mut seen = 0;
    let mut next = format!("{base}/api/v1/groups/g-one/activities?limit=2");
    loop {
        let page: Value = c.get(&next).bearer_auth(tok).send().await.unwrap().json().await.unwrap();
        seen += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(cur) => next = format!("{base}/api/v1/groups/g-one/activities?limit=2&cursor={cur}"),
            None => break,
        }
    }
    assert_eq!(seen, 5);
    // Filters.
    let found: Value = c.get(format!("{base}/api/v1/groups/g-one/activities?target_group=border_guards&region=KZ-ZHA&from=2007-09-01&to=2007-09-30&org=INL&kind=training&status=planned&q=P3")).bearer_auth(tok).send().await.unwrap().json().await.unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");

    let pillar: Value = c
        .get(format!("{base}/api/v1/groups/g-one/activities?pillar=prosecution&q=p1"))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pillar["items"].as_array().unwrap().len(), 1, "{pillar}");
    let none: Value = c
        .get(format!("{base}/api/v1/groups/g-one/activities?pillar=protection&q=p1"))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(none["items"].as_array().unwrap().is_empty());

    // A ref taken in the group: 409, and nothing is stored.
    let mut with_ref = activity("with ref", "INL", "group");
    with_ref.external_ref = Some("KZ24-06".into());
    let first =
        c.post(format!("{base}/api/v1/groups/g-one/activities")).bearer_auth(tok).json(&with_ref).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let again =
        c.post(format!("{base}/api/v1/groups/g-one/activities")).bearer_auth(tok).json(&with_ref).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let e: Value = again.json().await.unwrap();
    assert_eq!(e["error"]["code"], "conflict");
    assert!(e["error"]["message"].as_str().unwrap().contains("ref already exists"), "{e}");

    // A sensitive place: exact for the lead organization, region only (and no
    // fingerprint) for the other organizations' people.
    let mut shelter = activity("Shelter", "IOM", "group");
    shelter.kind = "shelter_services".into();
    shelter.target_groups = vec!["victims".into()];
    shelter.locations[0].place = Some("Safe house, street 5".into());
    let r = c
        .post(format!("{base}/api/v1/groups/g-one/activities"))
        .bearer_auth(&toks["coordinator"])
        .json(&shelter)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let shelter_url = format!("{base}{}", r.headers()["location"].to_str().unwrap());
    let seen_by_editor: Value = c.get(&shelter_url).bearer_auth(tok).send().await.unwrap().json().await.unwrap();
    assert_eq!(seen_by_editor["exact_place"], false);
    assert!(seen_by_editor["locations"][0].get("place").is_none(), "{seen_by_editor}");
    assert_eq!(seen_by_editor["locations"][0]["subdivision"], "KZ-31");
    assert!(seen_by_editor.get("fingerprint").is_none());
    let seen_by_coordinator: Value =
        c.get(&shelter_url).bearer_auth(&toks["coordinator"]).send().await.unwrap().json().await.unwrap();
    assert_eq!(seen_by_coordinator["exact_place"], true);
    assert_eq!(seen_by_coordinator["locations"][0]["place"], "Safe house, street 5");

    // With the session cookie, writes need the CSRF token.
    let r = c
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": "editor@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let me: Value = r.json().await.unwrap();
    let csrf = me["csrf_token"].as_str().unwrap().to_string();
    let post = |with: Option<&str>| {
        let mut req = c.post(format!("{base}/api/v1/groups/g-one/activities")).header(COOKIE, &cookie).json(&activity(
            "by cookie",
            "INL",
            "group",
        ));
        if let Some(v) = with {
            req = req.header("x-csrf-token", v);
        }
        req.send()
    };
    assert_eq!(post(None).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(post(Some("forged")).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(post(Some(&csrf)).await.unwrap().status(), StatusCode::CREATED);
    // The login limit answers 429 with Retry-After on the API too.
    for _ in 0..5 {
        c.post(format!("{base}/api/v1/session"))
            .json(&json!({"email": "viewer@example.org", "password": "wrong wrong wrong"}))
            .send()
            .await
            .unwrap();
    }
    let r = c
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": "viewer@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
}

async fn bad_input_changes_nothing(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let toks = tokens(&s, &w).await;
    let a =
        s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &w.g1, &activity("original", "INL", "group")).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let c = http();
    let tok = &toks["coordinator"];
    let post_url = format!("{base}/api/v1/groups/g-one/activities");
    let put_url = format!("{base}/api/v1/groups/g-one/activities/{}", a.id);
    let good = serde_json::to_value(activity("new", "INL", "group")).unwrap();
    let with = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b.to_string()
    };
    let deep = format!("{{\"title\": {}1{}}}", "[".repeat(5000), "]".repeat(5000));
    let huge = format!("{{\"title\": {{\"en\": \"{}\"}}}}", "x".repeat(2 * 1024 * 1024));
    // (what, body bytes, content type, expected status, field named in the error)
    let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        ("malformed JSON", b"{\"title\": ".to_vec(), "application/json", 400, ""),
        ("wrong type", with("kind", json!(5)).into_bytes(), "application/json", 422, "kind"),
        ("unknown field", with("colour", json!("red")).into_bytes(), "application/json", 422, "colour"),
        (
            "unknown code",
            with("target_groups", json!(["aliens"])).into_bytes(),
            "application/json",
            422,
            "target_groups[0]",
        ),
        (
            "unknown region",
            with("locations", json!([{"subdivision": "KZ-99"}])).into_bytes(),
            "application/json",
            422,
            "locations[0].subdivision",
        ),
        (
            "end before start",
            with("dates", json!({"start": "2007-09-07", "end": "2007-09-03"})).into_bytes(),
            "application/json",
            422,
            "dates.end",
        ),
        ("long title", with("title", json!({"en": "x".repeat(10_000)})).into_bytes(), "application/json", 422, "title"),
        (
            "year 99999",
            with("dates", json!({"start": "99999-01-01"})).into_bytes(),
            "application/json",
            422,
            "dates.start",
        ),
        ("deep nesting", deep.into_bytes(), "application/json", 422, "title"),
        (
            "deep nesting at the top",
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
            "application/json",
            422,
            "body",
        ),
        ("over the limit", huge.into_bytes(), "application/json", 413, ""),
        ("invalid UTF-8", b"{\"title\": {\"en\": \"\xff\xfe\"}}".to_vec(), "application/json", 400, ""),
        ("lone surrogate", br#"{"title": {"en": "\ud800"}, "kind": "training"}"#.to_vec(), "application/json", 400, ""),
        ("wrong content type", good.to_string().into_bytes(), "text/plain", 415, ""),
        ("no content type", good.to_string().into_bytes(), "", 415, ""),
        ("array body", b"[1, 2]".to_vec(), "application/json", 422, "body"),
        ("struct as array", with("contact", json!([null, null])).into_bytes(), "application/json", 422, "contact"),
        ("control characters", with("title", json!({"en": "a\u{0}b"})).into_bytes(), "application/json", 422, "title"),
    ];
    let before = s.db.count_audit().await.unwrap();
    for (what, body, ctype, status, field) in &cases {
        for (method, url) in [("POST", &post_url), ("PUT", &put_url)] {
            let mut req =
                if method == "POST" { c.post(url.as_str()) } else { c.put(url.as_str()).header(IF_MATCH, "\"1\"") };
            req = req.bearer_auth(tok).body(body.clone());
            if !ctype.is_empty() {
                req = req.header(CONTENT_TYPE, *ctype);
            }
            let r = req.send().await.unwrap();
            assert_eq!(r.status().as_u16(), *status, "{what} ({method})");
            let e: Value = r.json().await.unwrap_or_else(|_| panic!("{what}: the error is JSON"));
            let msg = e["error"]["message"].as_str().unwrap_or_default();
            assert!(!msg.is_empty(), "{what}: {e}");
            if !field.is_empty() {
                let fields: Vec<&str> =
                    e["error"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
                assert!(fields.contains(field), "{what} ({method}): {field} not in {fields:?}: {e}");
            }
        }
    }
    // Query parameters.
    for (q, field) in [
        ("limit=-1", "limit"),
        ("limit=1000000000", "limit"),
        ("limit=abc", "limit"),
        ("from=2007-02-30", "from"),
        ("kind=party", "kind"),
        ("region=XX-1", "region"),
        ("cursor=zzz", "cursor"),
        ("from=2007-09-10&to=2007-09-01", "to"),
    ] {
        let r = c.get(format!("{post_url}?{q}")).bearer_auth(tok).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["fields"][0]["field"], field, "{q}: {e}");
    }
    // An SQL-looking string is only text.
    let sqlish = "'; DROP TABLE activities; --";
    let r = c.get(format!("{post_url}?q={}", urlencode(sqlish))).bearer_auth(tok).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c
        .post(&post_url)
        .bearer_auth(tok)
        .body(with("title", json!({"en": sqlish})))
        .header(CONTENT_TYPE, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<Value>().await.unwrap()["title"]["en"], sqlish);
    // Nothing that was refused changed anything; the server still serves.
    let now = s.db.activity(a.id).await.unwrap();
    assert_eq!((now.version, now.fields.title.get("en")), (1, "original"));
    assert_eq!(s.db.count_audit().await.unwrap(), before + 1, "only the SQL-looking title was stored");
    assert_eq!(c.get(format!("{base}/healthz")).send().await.unwrap().status(), StatusCode::OK);
    // Unknown endpoints and ids.
    let r = c.get(format!("{base}/api/v1/nothing")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "not_found");
    assert_eq!(
        c.get(format!("{post_url}/not-a-uuid")).bearer_auth(tok).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn internal_errors_show_only_a_request_id() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    world(&s).await;
    let base = spawn_app(s.clone()).await;
    s.db.close().await;
    let r = http().get(format!("{base}/api/v1/groups")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "internal");
    assert_eq!(e["error"]["request_id"], id.as_str());
    let text = e.to_string();
    assert!(!text.contains("pool") && !text.contains("sqlx") && !text.contains("closed"), "{text}");
    assert_eq!(http().get(format!("{base}/readyz")).send().await.unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(http().get(format!("{base}/healthz")).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn openapi_document() {
    let doc = serde_json::to_value(jointcal::web::api::openapi()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/groups/{slug}/activities",
        "/api/v1/groups/{slug}/activities/{id}",
        "/api/v1/groups/{slug}/audit",
        "/api/v1/groups/{slug}/members/{user_id}",
        "/api/v1/organizations",
        "/api/v1/me/tokens",
        "/api/v1/session",
        "/healthz",
        "/readyz",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("bearer") && schemes.contains_key("session"));
    let put = &doc["paths"]["/api/v1/groups/{slug}/activities/{id}"]["put"]["responses"];
    for code in ["200", "400", "401", "403", "404", "409", "412", "413", "415", "422", "428"] {
        assert!(put.get(code).is_some(), "PUT activity does not document {code}");
    }
    assert_eq!(doc["components"]["schemas"]["TargetGroup"]["enum"].as_array().unwrap().len(), 29);
    // The document is served as generated.
    let t = TestDb::sqlite().await;
    let base = spawn_app(t.services()).await;
    let served: Value = http().get(format!("{base}/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(served, doc);
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn the_body_limit_is_configurable() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    let w = world(&s).await;
    let toks = tokens(&s, &w).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cfg = jointcal::web::WebConfig { max_body_bytes: 2048, ..Default::default() };
    tokio::spawn(async move { jointcal::web::serve(listener, s, cfg).await });
    let mut big = activity("big", "INL", "group");
    big.description.insert("en".into(), "x".repeat(4000));
    let r = http()
        .post(format!("{base}/api/v1/groups/g-one/activities"))
        .bearer_auth(&toks["editor"])
        .json(&big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "payload_too_large");
    let small = activity("small", "INL", "group");
    let r = http()
        .post(format!("{base}/api/v1/groups/g-one/activities"))
        .bearer_auth(&toks["editor"])
        .json(&small)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}
