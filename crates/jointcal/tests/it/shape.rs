//! The one way in (every state-changing route refuses a session without its CSRF
//! token), the one error mapping, and the defects found when the base was tried
//! from outside (D1–D8 of the shaping issue), each over the real interfaces.

use crate::authz::{activity, world, PASSWORD};
use crate::on_both_databases;
use crate::sessions::{client, login, session_of};
use crate::support::{spawn_app, spawn_app_with, t0, TestDb};
use chrono::{Duration, TimeZone, Utc};
use jointcal::services::IfMatch;
use jointcal::Services;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::{Actor, EntityKind};
use jointcal_domain::clock::FixedClock;
use jointcal_domain::ids::SequentialIds;
use reqwest::header::{CONTENT_TYPE, COOKIE, IF_MATCH};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;

on_both_databases!(
    every_state_changing_route_needs_its_csrf_token,
    a_token_acts_under_its_own_id,
    a_group_keeps_a_coordinator_and_its_settings,
    person_written_text_follows_one_rule,
    data_stored_under_older_rules_stays_readable,
    a_group_that_requires_two_factor_keeps_a_coordinator_who_has_it,
);

/// D7 with two-factor sign-in required: only coordinators who have it can act, so
/// the last of them can neither step down, leave, nor turn it off.
async fn a_group_that_requires_two_factor_keeps_a_coordinator_who_has_it(t: &TestDb) {
    use jointcal_domain::vocab::MemberRole;
    let s = t.services();
    let w = world(&s).await;
    let (v, cli) = (Viewer::SYSTEM, Actor::Cli);
    let coord = s.user_by_email("coordinator@example.org").await.unwrap();
    let second = s.user_by_email("editor@example.org").await.unwrap();
    s.enable_totp(&v, &cli, coord.id).await.unwrap();
    s.set_member(&v, &cli, &w.g1, second.id, MemberRole::Coordinator).await.unwrap();
    let mut input = w.g1.fields.to_input();
    input.require_totp_for_coordinators = Some(true);
    s.update_group(&v, &cli, &w.g1, IfMatch::Unchecked, &input).await.unwrap();
    let conflict = |r: Result<(), jointcal::ServiceError>| matches!(r, Err(jointcal::ServiceError::Conflict(_)));
    assert!(conflict(s.set_member(&v, &cli, &w.g1, coord.id, MemberRole::Editor).await), "step down");
    assert!(conflict(s.remove_member(&v, &cli, &w.g1, coord.id).await), "leave");
    assert!(conflict(s.disable_totp(&v, &cli, coord.id).await), "turn two-factor off");
    // Once the second coordinator has two-factor sign-in, the first may go.
    s.enable_totp(&v, &cli, second.id).await.unwrap();
    s.disable_totp(&v, &cli, coord.id).await.unwrap();
    s.remove_member(&v, &cli, &w.g1, coord.id).await.unwrap();
}

/// Runs one statement with one text value ($1) on the test database, as an older
/// version would have written.
async fn raw_sql(t: &TestDb, sql: &str, text: &str) {
    match &t.db {
        jointcal_db::Db::Sqlite { pool, .. } => sqlx::query(sql).bind(text).execute(pool).await.map(|_| ()),
        jointcal_db::Db::Postgres { pool, .. } => sqlx::query(sql).bind(text).execute(pool).await.map(|_| ()),
    }
    .unwrap();
}

/// Rules for input grow stricter; rows stored under older rules are still read
/// (and shown), never turned into errors that break a whole list.
async fn data_stored_under_older_rules_stays_readable(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let a = s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &w.g1, &activity("old", "INL", "group")).await.unwrap();
    let mut doc = serde_json::to_value(a.fields.to_input()).unwrap();
    doc["title"] = json!({"en": "Old\rtitle \u{1b}[31m"});
    doc["links"] = json!((0..25).map(|i| json!({"url": format!("https://x.org/\"{i}")})).collect::<Vec<_>>());
    raw_sql(t, "UPDATE activities SET doc = $1", &doc.to_string()).await;
    raw_sql(t, "UPDATE organizations SET name = $1 WHERE acronym = 'IOM'", "Old\u{1b}name").await;
    let got = s.get_activity(&Viewer::SYSTEM, &w.g1, a.id).await.unwrap();
    assert!(got.fields.title.get("en").contains('\u{1b}'));
    assert_eq!(got.fields.links.len(), 25);
    assert_eq!(s.list_activities(&Viewer::SYSTEM, &w.g1, &Default::default()).await.unwrap().len(), 1);
    assert!(s.list_orgs().await.unwrap().iter().any(|o| o.fields.name.contains('\u{1b}')));
    // Changing it again applies today's rules to what is sent.
    let e = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &w.g1, a.id, 1, &got.fields.to_input()).await.unwrap_err();
    assert!(e.to_string().contains("title"), "{e}");
}

/// Signs in over the JSON API; returns the session cookie and its CSRF token.
async fn api_session(base: &str, email: &str) -> (String, String) {
    let r = client()
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = session_of(&r).unwrap();
    let body: Value = r.json().await.unwrap();
    (cookie, body["csrf_token"].as_str().unwrap().to_string())
}

/// Every write route of the router, from the one place routes are registered (the
/// OpenAPI document for the API, `pages::routes()` for the pages), called by a
/// signed-in coordinator's session without its CSRF token: each must refuse with
/// 403 before it reads the body or touches anything. A handler that forgot its
/// caller extractor would answer otherwise.
async fn every_state_changing_route_needs_its_csrf_token(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let a = s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &w.g1, &activity("target", "INL", "group")).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let (cookie, csrf) = api_session(&base, "admin@example.org").await;
    let before = s.db.count_audit().await.unwrap();
    let doc = serde_json::to_value(jointcal::web::api::openapi()).unwrap();
    let mut checked = Vec::new();
    let mut anonymous = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let security = op["security"].as_array().cloned().unwrap_or_default();
            if security.iter().any(|s| s.as_object().is_some_and(|o| o.is_empty())) {
                anonymous.push(format!("{} {path}", method.to_uppercase()));
                continue;
            }
            let url = format!("{base}{path}")
                .replace("{slug}", &w.g1.fields.slug)
                .replace("{user_id}", &w.principals[2].1.as_ref().unwrap().user.id.to_string())
                .replace("{id}", &a.id.to_string());
            let req = client()
                .request(method.to_uppercase().parse().unwrap(), &url)
                .header(COOKIE, format!("jointcal_session={cookie}"))
                .header(CONTENT_TYPE, "application/json")
                .header(IF_MATCH, "\"1\"")
                .body("{}");
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path} took a session without its CSRF token");
            let body: Value = r.json().await.unwrap();
            assert!(body["error"]["message"].as_str().unwrap().contains("X-CSRF-Token"), "{method} {path}: {body}");
            checked.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    assert_eq!(anonymous, ["POST /api/v1/session"], "only signing in takes anonymous writes");
    assert!(checked.len() >= 12, "{checked:?}");
    for route in jointcal::web::pages::routes() {
        if route.method == axum::http::Method::GET {
            continue;
        }
        if route.anonymous {
            // Signing in, the first run, invitations and unsubscribing (each guarded by its secret).
            assert!(
                ["/login", "/setup/{token}", "/invite/{token}", "/unsubscribe/{token}", "/reset", "/reset/{token}"]
                    .contains(&route.path),
                "{} takes anonymous posts",
                route.path
            );
            continue;
        }
        let path = route
            .path
            .replace("{slug}", &w.g1.fields.slug)
            .replace("{id}", &a.id.to_string())
            .replace("{user}", &w.principals[2].1.as_ref().unwrap().user.id.to_string());
        let r = client()
            .request(route.method.as_str().parse().unwrap(), format!("{base}{path}"))
            .header(COOKIE, format!("jointcal_session={cookie}"))
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{} {}", route.method, route.path);
        checked.push(format!("{} {}", route.method, route.path));
    }
    assert_eq!(s.db.count_audit().await.unwrap(), before, "no refused write changed anything");
    // The same session with its token gets through (the guard is not a wall).
    let r = client()
        .post(format!("{base}/api/v1/me/tokens"))
        .header(COOKIE, format!("jointcal_session={cookie}"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"name": "checked"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

/// D1: a token's writes are recorded under the token's own id, and its use is
/// recorded (once a minute at most) without holding up the request.
async fn a_token_acts_under_its_own_id(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let editor = s.user_by_email("editor@example.org").await.unwrap();
    let (tok, secret) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, editor.id, "script", None).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let r = client()
        .post(format!("{base}/api/v1/groups/{}/activities", w.g1.fields.slug))
        .bearer_auth(&secret)
        .json(&activity("by a script", "INL", "group"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let id: uuid::Uuid = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().parse().unwrap();
    let ev = s.db.audit_for_entity(EntityKind::Activity, id).await.unwrap().remove(0);
    assert_eq!(ev.actor, Actor::Token { id: tok.id, user: editor.id });
    assert_ne!(tok.id.0, editor.id.0);
    let mut used = None;
    for _ in 0..100 {
        used = s.tokens_of(editor.id).await.unwrap().into_iter().find(|x| x.id == tok.id).unwrap().last_used_at;
        if used.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(used, Some(t0()), "the use is recorded with the clock's time");
}

/// D7: the last coordinator cannot step down or leave, cannot require a second
/// factor they do not have, and a group's PUT needs If-Match, every field and the
/// same slug.
async fn a_group_keeps_a_coordinator_and_its_settings(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let base = spawn_app(s.clone()).await;
    let (cookie, csrf) = api_session(&base, "coordinator@example.org").await;
    let me = s.user_by_email("coordinator@example.org").await.unwrap();
    let slug = &w.g1.fields.slug;
    let call = |method: &str, path: String| {
        client()
            .request(method.parse().unwrap(), format!("{base}{path}"))
            .header(COOKIE, format!("jointcal_session={cookie}"))
            .header("x-csrf-token", &csrf)
    };
    let r = call("PUT", format!("/api/v1/groups/{slug}/members/{}", me.id)).json(&json!({"role": "editor"})).send();
    let r = r.await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("last coordinator"));
    let r = call("DELETE", format!("/api/v1/groups/{slug}/members/{}", me.id)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(s.members(&Viewer::SYSTEM, &w.g1).await.unwrap().iter().filter(|m| m.user.id == me.id).count(), 1);

    let get = call("GET", format!("/api/v1/groups/{slug}")).send().await.unwrap();
    let etag = get.headers()["etag"].to_str().unwrap().to_string();
    let mut settings: Value = get.json().await.unwrap();
    assert_eq!(settings["require_totp_for_coordinators"], false, "coordinators see the setting");
    for k in ["id", "version"] {
        settings.as_object_mut().unwrap().remove(k);
    }
    settings["name"] = json!("Renamed");
    let r = call("PUT", format!("/api/v1/groups/{slug}")).json(&settings).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    let mut partial = settings.clone();
    partial.as_object_mut().unwrap().remove("theme");
    let r = call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, &etag).json(&partial).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("missing: theme"));
    let mut renamed = settings.clone();
    renamed["slug"] = json!("another-slug");
    let r = call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, &etag).json(&renamed).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("slug"));
    let mut strict = settings.clone();
    strict["require_totp_for_coordinators"] = json!(true);
    let r = call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, &etag).json(&strict).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("two-factor sign-in for yourself first"));
    let r = call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, &etag).json(&settings).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let r = call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, &etag).json(&settings).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED, "a stale version");
    let r =
        call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, "W/\"2\"").json(&settings).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED, "a weak tag never matches");
    let r = call("PUT", format!("/api/v1/groups/{slug}"))
        .header(IF_MATCH, "\"2\", \"3\"")
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "one version, not a list");
    let r = call("PUT", format!("/api/v1/groups/{slug}")).header(IF_MATCH, "*").json(&settings).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "* writes over whatever is there");
    assert_eq!(r.headers()["etag"], "\"3\"");
    assert_eq!(s.group_by_slug(slug).await.unwrap().fields.name, "Renamed");

    // Anonymous readers and members who are not coordinators do not see the
    // security setting; viewers see no e-mail addresses but their own.
    let anon: Value = client().get(format!("{base}/api/v1/groups/{slug}")).send().await.unwrap().json().await.unwrap();
    assert!(anon.get("require_totp_for_coordinators").is_none(), "{anon}");
    let (vc, vcsrf) = api_session(&base, "viewer@example.org").await;
    let members: Value = client()
        .get(format!("{base}/api/v1/groups/{slug}/members"))
        .header(COOKIE, format!("jointcal_session={vc}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = members.as_array().unwrap().iter().filter_map(|m| m["email"].as_str()).collect();
    assert_eq!(emails, ["viewer@example.org"], "{members}");
    // A member may choose to show their address to the other members.
    let r = client()
        .put(format!("{base}/api/v1/me/settings"))
        .header(COOKIE, format!("jointcal_session={vc}"))
        .header("x-csrf-token", &vcsrf)
        .json(&json!({"show_email": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["user"]["show_email"], true);
    let (ec, _) = api_session(&base, "editor@example.org").await;
    let members: Value = client()
        .get(format!("{base}/api/v1/groups/{slug}/members"))
        .header(COOKIE, format!("jointcal_session={ec}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = members.as_array().unwrap().iter().filter_map(|m| m["email"].as_str()).collect();
    assert_eq!(emails, ["editor@example.org", "viewer@example.org"], "{members}");
    let all: Value = call("GET", format!("/api/v1/groups/{slug}/members")).send().await.unwrap().json().await.unwrap();
    assert!(all.as_array().unwrap().iter().all(|m| m["email"].is_string()), "coordinators see every address");
}

/// D4: one text rule for every field a person writes, over the API; nothing is
/// stored from a refused body.
async fn person_written_text_follows_one_rule(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let base = spawn_app(s.clone()).await;
    let admin = s.user_by_email("admin@example.org").await.unwrap();
    let (_, tok) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, admin.id, "t", None).await.unwrap();
    let before = s.db.count_audit().await.unwrap();
    let base_activity = serde_json::to_value(activity("fine", "INL", "group")).unwrap();
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        ("locations[0].place", Box::new(|a: &mut Value| a["locations"][0]["place"] = json!("Merke\u{0}"))),
        (
            "locations[0].refs[0].code",
            Box::new(|a: &mut Value| a["locations"][0]["refs"] = json!([{"scheme": "osm", "code": "1\u{1b}[2J"}])),
        ),
        ("title", Box::new(|a: &mut Value| a["title"] = json!({"en": "one\rtwo"}))),
        ("links[0].url", Box::new(|a: &mut Value| a["links"] = json!([{"url": "https://x.org/\"><script>"}]))),
        ("links[0].url", Box::new(|a: &mut Value| a["links"] = json!([{"url": "https://x.org/\u{0}"}]))),
        (
            "links",
            Box::new(|a: &mut Value| {
                a["links"] = json!((0..21).map(|i| json!({"url": format!("https://x.org/{i}")})).collect::<Vec<_>>())
            }),
        ),
    ];
    let url = format!("{base}/api/v1/groups/{}/activities", w.g1.fields.slug);
    for (field, change) in &cases {
        let mut body = base_activity.clone();
        change(&mut body);
        let r = client().post(&url).bearer_auth(&tok).json(&body).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let e: Value = r.json().await.unwrap();
        assert!(e["error"]["fields"].as_array().unwrap().iter().any(|f| f["field"] == *field), "{field}: {e}");
    }
    // Duplicate keys inside a language map, like duplicate top-level keys.
    let dup = r#"{"title": {"en": "x", "en": "y"}, "kind": "training", "organizations": [{"org": "INL", "role": "lead"}], "dates": {"start": "2007-09-03"}}"#;
    let r = client().post(&url).bearer_auth(&tok).header(CONTENT_TYPE, "application/json").body(dup).send().await;
    let r = r.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("duplicate language `en`"));
    // Names of groups, organizations and tokens.
    let r = client()
        .post(format!("{base}/api/v1/groups"))
        .bearer_auth(&tok)
        .json(&json!({"slug": "ctl", "name": "Bad\u{1b}name", "country": "KZ", "timezone": "Asia/Almaty"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = client()
        .post(format!("{base}/api/v1/organizations"))
        .bearer_auth(&tok)
        .json(&json!({"name": "Nul\u{0}org", "acronym": "NUL", "kind": "ngo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = s.create_token(&Viewer::SYSTEM, &Actor::Cli, admin.id, "esc\u{1b}[31m", None).await.unwrap_err();
    assert!(e.to_string().contains("U+001B"), "{e}");
    assert_eq!(s.db.count_audit().await.unwrap(), before, "nothing refused was stored");
}

fn clocks(real: chrono::DateTime<Utc>) -> (Arc<FixedClock>, Arc<SequentialIds>) {
    (Arc::new(FixedClock::new(real)), Arc::new(SequentialIds::default()))
}

/// D2: only real failures count. Refused attempts (429) neither extend the lock nor
/// make Retry-After wrong; the account opens when Retry-After says.
#[tokio::test]
async fn refused_sign_ins_do_not_extend_the_lock() {
    let t = TestDb::sqlite().await;
    let (clock, ids) = clocks(t0());
    let s = Services::new(t.db.clone(), clock.clone(), ids);
    world(&s).await;
    let base = spawn_app(s.clone()).await;
    let http = client();
    for _ in 0..5 {
        let r = login(&http, &base, "editor@example.org", "not the password", None).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let mut last_wait = i64::MAX;
    for minute in [1, 5, 10, 14] {
        clock.set(t0() + Duration::minutes(minute));
        let r = login(&http, &base, "editor@example.org", PASSWORD, None).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "minute {minute}");
        let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert_eq!(wait, (15 - minute) * 60, "Retry-After counts down from the fifth failure");
        assert!(wait < last_wait);
        last_wait = wait;
    }
    clock.set(t0() + Duration::minutes(15) + Duration::seconds(1));
    let r = login(&http, &base, "editor@example.org", PASSWORD, None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "open when Retry-After said");
}

/// D3: failed sign-ins, refusals and JSON sign-ins are logged at the default level.
#[test]
fn sign_ins_are_logged_at_the_default_level() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = jointcal_db::Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        world(&crate::support::services_on(db.clone())).await;
        db.close().await;
    });
    let mut server = crate::sessions::Server::start_logging(&url);
    let base = server.base.clone();
    rt.block_on(async {
        let json_login = |password: &str| {
            client()
                .post(format!("{base}/api/v1/session"))
                .json(&json!({"email": "viewer@example.org", "password": password}))
                .send()
        };
        assert_eq!(json_login(PASSWORD).await.unwrap().status(), StatusCode::OK);
        for _ in 0..5 {
            assert_eq!(json_login("wrong password!").await.unwrap().status(), StatusCode::UNAUTHORIZED);
        }
        assert_eq!(json_login(PASSWORD).await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    });
    let _ = server.child.kill();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut server.child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("signed in"), "{err}");
    assert!(err.matches("sign-in failed").count() >= 5, "{err}");
    assert!(err.contains("sign-in refused"), "{err}");
    assert!(!err.contains(PASSWORD) && !err.contains("wrong password!"), "no passwords in the log");
}

/// D6: forms are checked against the public URL (scheme and host), not the Host
/// header a proxy may rewrite.
#[tokio::test]
async fn forms_are_checked_against_the_public_url() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    world(&s).await;
    let base = spawn_app_with(s, |c| c.public_url = "https://cal.example.org/".into()).await;
    let post = |origin: &'static str| {
        client()
            .post(format!("{base}/login"))
            .header("origin", origin)
            .form(&[("email", "editor@example.org"), ("password", PASSWORD)])
            .send()
    };
    // The proxy forwards to 127.0.0.1 with its own Host; the browser's origin is the public one.
    assert_eq!(post("https://cal.example.org").await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(post("http://cal.example.org").await.unwrap().status(), StatusCode::FORBIDDEN, "the scheme counts");
    let own_host = base.clone();
    let r = client()
        .post(format!("{base}/login"))
        .header("origin", own_host)
        .form(&[("email", "editor@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "the Host header is not the site");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "a page answers a page");
}

/// D8: the demo's shifted clock moves the calendar's "today" and nothing else:
/// token expiry (and sessions, codes, audit times) follow real time.
#[tokio::test]
async fn the_demo_clock_moves_only_the_calendar() {
    let t = TestDb::sqlite().await;
    let real = Utc.with_ymd_and_hms(2026, 11, 29, 9, 0, 0).unwrap();
    let (clock, ids) = clocks(real);
    let s = Services::new(t.db.clone(), clock.clone(), ids).with_calendar_clock(Arc::new(FixedClock::new(t0())));
    let w = world(&s).await;
    let editor = s.user_by_email("editor@example.org").await.unwrap();
    let (_, secret) =
        s.create_token(&Viewer::SYSTEM, &Actor::Cli, editor.id, "short", Some(real + Duration::days(2))).await.unwrap();
    assert!(s.principal_from_token(&secret).await.unwrap().is_some());
    clock.set(real + Duration::days(3));
    assert!(s.principal_from_token(&secret).await.unwrap().is_none(), "expired in real time, whatever the demo's date");
    let a = s.create_activity(&Viewer::SYSTEM, &Actor::Cli, &w.g1, &activity("x", "INL", "group")).await.unwrap();
    let ev = s.db.audit_for_entity(EntityKind::Activity, a.id.0).await.unwrap().remove(0);
    assert_eq!(ev.at, real + Duration::days(3), "the audit log keeps real time");
    let base = spawn_app(s.clone()).await;
    let page = client().get(format!("{base}/groups/g-one")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("August 2007"), "the calendar opens on the demo's month");
}

/// The one error mapping: a method the route does not take is 405 with the JSON
/// error (and Allow); a page answers errors with a page of the same status.
#[tokio::test]
async fn errors_have_one_shape() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    world(&s).await;
    let base = spawn_app(s.clone()).await;
    let r = client().patch(format!("{base}/api/v1/groups")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.headers()["allow"].to_str().unwrap().contains("POST"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    let r = client().get(format!("{base}/api/v1/nothing-here")).send().await.unwrap();
    assert_eq!(
        (r.status(), r.json::<Value>().await.unwrap()["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    for (path, status) in
        [("/groups/nope", StatusCode::NOT_FOUND), ("/groups/g-one?month=2007-13", StatusCode::BAD_REQUEST)]
    {
        let r = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(r.text().await.unwrap().contains("<h1>"), "{path}");
    }
    // The router's own refusals (a path or query that does not parse, a form of
    // the wrong type) take the same shape: JSON under /api, a page elsewhere.
    for path in ["/api/v1/groups/%FF", "/api/v1/groups/g-one/activities?limit=many"] {
        let r = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "bad_request", "{path}: {body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty(), "{path}");
    }
    let r = client().get(format!("{base}/groups/%FF")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("<h1>"));
    let r = client()
        .post(format!("{base}/login"))
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"email":"a@b.c"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    // A page refusal is 401/403, never 500 (a sign-out without a session).
    let r = client().post(format!("{base}/logout")).form(&[("csrf", "x")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Unchecked writes from the command line write over what is there now.
    let g = s.group_by_slug("g-one").await.unwrap();
    let mut input = g.fields.to_input();
    input.name = "One".into();
    s.update_group(&Viewer::SYSTEM, &Actor::Cli, &g, IfMatch::Unchecked, &input).await.unwrap();
    input.name = "Two".into();
    s.update_group(&Viewer::SYSTEM, &Actor::Cli, &g, IfMatch::Unchecked, &input).await.unwrap();
    assert_eq!(s.group_by_slug("g-one").await.unwrap().version, 3);
}

/// The query parameters of lists are declared as query parameters, optional (D5).
#[test]
fn list_parameters_are_query_parameters() {
    let doc = serde_json::to_value(jointcal::web::api::openapi()).unwrap();
    let mut seen = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().cloned().unwrap_or_default() {
                let name = p["name"].as_str().unwrap();
                if p["in"] == "path" {
                    assert!(path.contains(&format!("{{{name}}}")), "{method} {path}: {name} is not in the path");
                    assert_eq!(p["required"], true);
                }
                if ["from", "to", "org", "kind", "pillar", "target_group", "region", "status", "q", "cursor", "limit"]
                    .contains(&name)
                {
                    assert_eq!(
                        (p["in"].as_str(), p["required"].as_bool()),
                        (Some("query"), Some(false)),
                        "{path} {name}"
                    );
                    seen += 1;
                }
            }
        }
    }
    assert_eq!(
        seen, 27,
        "eleven list parameters, the same on the export, the audit log's two, the coverage's two and the import's kind"
    );
}

/// Handlers and commands go through the services: no file of the web layer or the
/// command line reaches the database, except the one place that opens it.
#[test]
fn interfaces_never_touch_the_database() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![root.join("web"), root.join("cli")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 20, "{files:?}");
    let allowed = [("web/paging.rs", "jointcal_db::Cursor"), ("cli/open.rs", "jointcal_db::Db")];
    for f in files {
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        for (n, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let touches = code.contains(".db.") || code.contains(".db)") || code.contains(".db;");
            assert!(!touches, "{rel}:{}: {line}", n + 1);
            if code.contains("jointcal_db::") {
                assert!(allowed.iter().any(|(p, what)| rel == *p && code.contains(what)), "{rel}:{}: {line}", n + 1);
            }
        }
    }
}
