//! Coordination meetings over HTTP on the demo group: schedule a meeting and a
//! quarterly series, the drafted agenda (the Merke Border Guard overlap, the open
//! action item, the minutes to approve), preconditions, minutes from draft to
//! approved and who may read them, answers to the invitation, an action item closed
//! by its owner, documents, audit; and the demo's meetings as in the cable.

use crate::on_both_databases;
use crate::support::{spawn_app, TestDb};
use jointcal::demo::{load_demo, DEMO_SLUG};
use jointcal::Services;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use reqwest::header::{ETAG, IF_MATCH};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};

on_both_databases!(
    a_meeting_from_schedule_to_approved_minutes,
    the_demo_meetings_follow_the_cable,
    invitations_and_reminders
);

struct Api {
    base: String,
    http: Client,
    coordinator: String,
    editor: String,
    viewer: String,
}

async fn token(s: &Services, email: &str) -> String {
    let u = s.user_by_email(email).await.unwrap();
    s.create_token(&Viewer::SYSTEM, &Actor::Cli, u.id, "test", None).await.unwrap().1
}

impl Api {
    async fn start(s: &Services) -> Api {
        Api {
            base: spawn_app(s.clone()).await,
            http: Client::new(),
            coordinator: token(s, "coordinator@demo.example.org").await,
            editor: token(s, "undp@demo.example.org").await,
            viewer: token(s, "guest@demo.example.org").await,
        }
    }
    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/groups/{DEMO_SLUG}/{path}", self.base)
    }
    fn get(&self, who: &str, path: &str) -> RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(who)
    }
    fn patch(&self, who: &str, path: &str, version: Option<i64>, body: Value) -> RequestBuilder {
        let r = self.http.patch(self.url(path)).bearer_auth(who).json(&body);
        match version {
            Some(v) => r.header(IF_MATCH, format!("\"{v}\"")),
            None => r,
        }
    }
}

async fn json_of(r: RequestBuilder, status: StatusCode) -> Value {
    let r = r.send().await.unwrap();
    let got = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn a_meeting_from_schedule_to_approved_minutes(t: &TestDb) {
    let s = t.services();
    load_demo(&s).await.unwrap();
    let api = Api::start(&s).await;
    let (c, e, v) = (api.coordinator.as_str(), api.editor.as_str(), api.viewer.as_str());

    // Schedule: only coordinators; the meeting is an activity in the calendar.
    let body = json!({"title": "Extra donor meeting", "start": "2007-08-28T10:00", "host": "INL", "place": "U.S. Embassy, Astana", "region": "KZ-71"});
    let post = |who: &str| api.http.post(api.url("meetings")).bearer_auth(who).json(&body);
    json_of(post(e), StatusCode::FORBIDDEN).await;
    let made = json_of(post(c), StatusCode::CREATED).await;
    let id = made[0]["id"].as_str().unwrap().to_string();
    assert_eq!(made[0]["start"], "2007-08-28T10:00");
    assert_eq!(made[0]["host"], "INL");
    let activity = json_of(api.get(c, &format!("activities/{id}")), StatusCode::OK).await;
    assert_eq!(activity["kind"], "coordination_meeting");

    // The agenda drafted from the calendar: the overlap at Merke, UNICEF's open item,
    // the July minutes to approve; each item with an owner and a length.
    let r = api.http.post(api.url(&format!("meetings/{id}/agenda/draft"))).bearer_auth(c).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED, "drafting replaces the agenda: If-Match");
    let r = api
        .http
        .post(api.url(&format!("meetings/{id}/agenda/draft")))
        .bearer_auth(c)
        .header(IF_MATCH, "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[ETAG], "\"2\"");
    let m: Value = r.json().await.unwrap();
    let agenda = m["agenda"].as_array().unwrap();
    let kinds: Vec<&str> = agenda.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    for k in ["opening", "previous_minutes", "action_item", "activities", "overlap", "gaps", "any_other_business"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    let overlap = agenda.iter().find(|i| i["kind"] == "overlap" && i["notes"].as_str().unwrap().contains("Merke"));
    assert!(overlap.is_some(), "the Merke Border Guard overlap: {agenda:#?}");
    let action = agenda.iter().find(|i| i["kind"] == "action_item").unwrap();
    assert!(action["title"].as_str().unwrap().contains("child trafficking assessment"), "{action}");
    assert!(agenda.iter().all(|i| i["minutes"].as_u64().unwrap() > 0 && i["owner_org"].is_string()), "{agenda:#?}");
    let md = api.get(e, &format!("meetings/{id}/agenda")).send().await.unwrap().text().await.unwrap();
    assert!(md.contains("## 1. 10:00–10:05 Opening and adoption of the agenda (INL)"), "{md}");
    let pdf = api.get(e, &format!("meetings/{id}/agenda?format=pdf")).send().await.unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    // Reorder and edit by hand: items keep their ids; a stale version is refused.
    let mut items: Vec<Value> = agenda.iter().map(|i| json!({"id": i["id"], "title": i["title"], "kind": i["kind"], "owner": i["owner_org"], "minutes": i["minutes"]})).collect();
    items.reverse();
    items.push(json!({"title": "UNDP: Merke joint training, who does what", "owner": "UNDP", "minutes": 15}));
    json_of(api.patch(c, &format!("meetings/{id}"), None, json!({"agenda": items})), StatusCode::PRECONDITION_REQUIRED)
        .await;
    json_of(
        api.patch(c, &format!("meetings/{id}"), Some(1), json!({"agenda": items})),
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    json_of(api.patch(e, &format!("meetings/{id}"), Some(2), json!({"agenda": items})), StatusCode::FORBIDDEN).await;
    let bad = json!({"agenda": [{"title": "", "minutes": 0, "owner": "NOBODY"}]});
    let err = json_of(api.patch(c, &format!("meetings/{id}"), Some(2), bad), StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields: Vec<&str> =
        err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["items[0].title", "items[0].owner", "items[0].minutes"], "{err}");
    let m = json_of(api.patch(c, &format!("meetings/{id}"), Some(2), json!({"agenda": items})), StatusCode::OK).await;
    let agenda = m["agenda"].as_array().unwrap();
    assert_eq!(agenda.first().unwrap()["kind"], "next_meeting");
    assert_eq!(agenda.last().unwrap()["owner_org"].as_str().map(str::len), Some(36), "an organization id");
    let first_item = agenda[0]["id"].as_str().unwrap().to_string();

    // Minutes: draft (coordinators only), circulated (editors too), approved at a
    // later meeting (everyone in the group); each save a revision; then frozen.
    let minutes = json!({"summary": "Chaired by INL.", "items": {first_item.clone(): "UNDP and INL **agreed** one Merke training."},
                         "decisions": [{"text": "One joint Border Guard training at Merke", "agenda_item": first_item}]});
    let m =
        json_of(api.patch(c, &format!("meetings/{id}"), Some(3), json!({"minutes": minutes})), StatusCode::OK).await;
    assert_eq!((m["minutes_revision"].as_i64(), m["minutes_status"].as_str()), (Some(1), Some("draft")));
    json_of(api.get(e, &format!("meetings/{id}/minutes")), StatusCode::NOT_FOUND).await;
    let seen = json_of(api.get(e, &format!("meetings/{id}")), StatusCode::OK).await;
    assert!(seen["minutes"].is_null(), "draft minutes are not shown to an editor");
    json_of(
        api.patch(c, &format!("meetings/{id}"), Some(4), json!({"minutes_status": "approved"})),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    json_of(api.patch(c, &format!("meetings/{id}"), Some(4), json!({"minutes_status": "circulated"})), StatusCode::OK)
        .await;
    let text = api.get(e, &format!("meetings/{id}/minutes")).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("UNDP and INL **agreed** one Merke training."), "{text}");
    assert!(text.contains("**Decision:** One joint Border Guard training at Merke"), "{text}");
    json_of(api.get(v, &format!("meetings/{id}/minutes")), StatusCode::NOT_FOUND).await;
    let list = json_of(api.get(c, "meetings"), StatusCode::OK).await;
    let october = list.as_array().unwrap().iter().find(|m| m["start"] == "2007-10-23T10:00").unwrap()["id"].clone();
    let err = json_of(
        api.patch(c, &format!("meetings/{id}"), Some(5), json!({"minutes_status": "approved"})),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(err["error"]["fields"][0]["field"], "approved_in");
    let m = json_of(
        api.patch(c, &format!("meetings/{id}"), Some(5), json!({"minutes_status": "approved", "approved_in": october})),
        StatusCode::OK,
    )
    .await;
    assert_eq!(m["approved_in"], october);
    json_of(api.get(v, &format!("meetings/{id}/minutes")), StatusCode::OK).await;
    json_of(
        api.patch(c, &format!("meetings/{id}"), Some(6), json!({"minutes": {"summary": "changed"}})),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let revisions = json_of(api.get(c, &format!("meetings/{id}/minutes/revisions")), StatusCode::OK).await;
    let statuses: Vec<&str> = revisions.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["approved", "circulated", "draft"]);
    let decisions = json_of(api.get(v, "meetings/decisions"), StatusCode::OK).await;
    assert!(decisions
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["decision"]["text"] == "One joint Border Guard training at Merke"));

    // Answers: each member for themself; a changed answer names its version.
    let me = |who: &str, version: Option<i64>, response: &str| {
        let r = api
            .http
            .put(api.url(&format!("meetings/{id}/attendance/me")))
            .bearer_auth(who)
            .json(&json!({"response": response}));
        match version {
            Some(v) => r.header(IF_MATCH, format!("\"{v}\"")),
            None => r,
        }
    };
    json_of(me(v, None, "apologies"), StatusCode::OK).await;
    json_of(me(e, None, "attending"), StatusCode::OK).await;
    json_of(me(e, None, "apologies"), StatusCode::PRECONDITION_REQUIRED).await;
    json_of(me(e, Some(1), "maybe"), StatusCode::UNPROCESSABLE_ENTITY).await;
    json_of(me(e, Some(1), "apologies"), StatusCode::OK).await;
    let register = json_of(api.get(e, &format!("meetings/{id}/attendance")), StatusCode::OK).await;
    let undp = register.as_array().unwrap().iter().find(|l| l["org"] == "UNDP").unwrap();
    assert_eq!((undp["response"].as_str(), undp["version"].as_i64()), (Some("apologies"), Some(2)));
    let guest = json!({"name": "Border Guard Service liaison", "org": "MVD", "attended": true});
    json_of(
        api.http.post(api.url(&format!("meetings/{id}/attendance"))).bearer_auth(e).json(&guest),
        StatusCode::FORBIDDEN,
    )
    .await;
    json_of(api.http.post(api.url(&format!("meetings/{id}/attendance"))).bearer_auth(c).json(&guest), StatusCode::OK)
        .await;

    // An action item: the owner (UNDP's focal point) closes it; others may not.
    let input = json!({"what": "Draft the joint Merke training plan", "owner_org": "UNDP", "owner": "undp@demo.example.org", "due": "2007-09-10"});
    json_of(
        api.http.post(api.url(&format!("meetings/{id}/actions"))).bearer_auth(e).json(&input),
        StatusCode::FORBIDDEN,
    )
    .await;
    let a = json_of(
        api.http.post(api.url(&format!("meetings/{id}/actions"))).bearer_auth(c).json(&input),
        StatusCode::CREATED,
    )
    .await;
    let aid = a["id"].as_str().unwrap();
    let path = format!("meetings/actions/{aid}");
    json_of(api.patch(v, &path, Some(1), json!({"status": "done"})), StatusCode::FORBIDDEN).await;
    json_of(api.patch(e, &path, Some(1), json!({"due": "2007-12-31"})), StatusCode::UNPROCESSABLE_ENTITY).await;
    json_of(api.patch(e, &path, Some(1), json!({"status": "finished"})), StatusCode::UNPROCESSABLE_ENTITY).await;
    let done =
        json_of(api.patch(e, &path, Some(1), json!({"status": "done", "note": "Plan sent to INL"})), StatusCode::OK)
            .await;
    assert_eq!((done["status"].as_str(), done["version"].as_i64()), (Some("done"), Some(2)));
    json_of(api.patch(e, &path, Some(1), json!({"status": "open"})), StatusCode::PRECONDITION_FAILED).await;
    let all = json_of(api.get(v, "meetings/actions"), StatusCode::OK).await;
    assert!(all.as_array().unwrap().iter().any(|x| x["id"] == aid && x["status"] == "done"));

    // A quarterly series: the first Tuesday of each quarter, at the same local time.
    let series = json!({"title": "Quarterly donor meeting", "start": "2008-02-01T10:00", "host": "INL",
                        "series": {"count": 4, "weekday": "tuesday", "nth": "first"}});
    let made = json_of(api.http.post(api.url("meetings")).bearer_auth(c).json(&series), StatusCode::CREATED).await;
    let starts: Vec<&str> = made.as_array().unwrap().iter().map(|m| m["start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2008-04-01T10:00", "2008-07-01T10:00", "2008-10-07T10:00", "2009-01-06T10:00"]);
    let bad = json!({"start": "2008-02-01T10:00", "series": {"count": 40, "weekday": "someday"}});
    let err =
        json_of(api.http.post(api.url("meetings")).bearer_auth(c).json(&bad), StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(err["error"]["fields"].as_array().unwrap().len(), 2, "{err}");

    // Outside the group: nothing until published; every write audited.
    let anon = api.http.get(api.url(&format!("meetings/{id}"))).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::NOT_FOUND);
    let g = s.group_by_slug(DEMO_SLUG).await.unwrap();
    let audit = s.group_history(&Viewer::SYSTEM, &g, None, 500).await.unwrap();
    let kinds: Vec<&str> = audit.iter().map(|e| e.entity_type.code()).collect();
    for k in ["meeting", "attendance", "action_item"] {
        assert!(kinds.contains(&k), "{k} audited");
    }
}

async fn the_demo_meetings_follow_the_cable(t: &TestDb) {
    let s = t.services();
    load_demo(&s).await.unwrap();
    let g = s.group_by_slug(DEMO_SLUG).await.unwrap();
    let list = s.meetings(&Viewer::SYSTEM, &g).await.unwrap();
    assert_eq!(list.len(), 4);
    let april = &list[0];
    assert_eq!(april.meeting.minutes_status.to_string(), "approved");
    assert_eq!(april.meeting.approved_in, Some(list[1].meeting.id), "approved at the July meeting");
    let decisions: Vec<&str> = april.meeting.minutes.decisions.iter().map(|d| d.text.as_str()).collect();
    assert!(decisions.iter().any(|d| d.contains("quarterly")), "{decisions:?}");
    assert!(decisions.iter().any(|d| d.contains("Joint Activity Calendar")), "{decisions:?}");
    let register = s.attendance(&Viewer::SYSTEM, &g, april.meeting.id).await.unwrap();
    let acronyms = s.acronyms().await.unwrap();
    let mut orgs: Vec<String> = register
        .iter()
        .filter(|l| l.attended == Some(true))
        .filter_map(|l| l.org.and_then(|o| acronyms.get(&o).cloned()))
        .collect();
    orgs.sort();
    orgs.dedup();
    assert_eq!(
        orgs,
        ["EFCA", "INL", "IOM", "MVD", "OSCE", "PGO", "TR-EMB", "UNDP", "UNICEF", "UNODC", "USAID"],
        "para 13"
    );
    let actions = s.action_items(&Viewer::SYSTEM, &g).await.unwrap();
    let calendar = actions.iter().find(|a| a.what.contains("Joint Activity Calendar")).unwrap();
    assert_eq!(calendar.meeting, april.meeting.id);
    let october = &list[2];
    assert!(october.meeting.agenda.len() >= 8, "the next meeting's agenda is drafted");
    assert!(
        october.meeting.agenda.iter().any(|i| i.title.contains("child trafficking assessment")),
        "UNICEF's open item carried forward"
    );
}

/// The iCalendar part of a message (RFC 6047: a text/calendar alternative, here in
/// base64) and its METHOD.
fn calendar_part(message: &[u8]) -> (String, String) {
    use base64::Engine;
    let text = String::from_utf8_lossy(message);
    let at = text.find("Content-Type: text/calendar").expect("a text/calendar part");
    let part = &text[at..];
    let method = part["Content-Type: text/calendar; method=".len()..].split(';').next().unwrap().to_string();
    let body_start = part.find("\r\n\r\n").unwrap() + 4;
    let body: String = part[body_start..].lines().take_while(|l| !l.starts_with("--")).collect::<Vec<_>>().concat();
    let bytes = base64::engine::general_purpose::STANDARD.decode(body.trim()).unwrap();
    // Unfolded (RFC 5545 §3.1), for the checks.
    (method, String::from_utf8(bytes).unwrap().replace("\r\n ", ""))
}

/// Invitations by mail: one per member with the meeting as METHOD:REQUEST, the same
/// UID and a raised SEQUENCE when it changes (sent by the job by itself), CANCEL when
/// cancelled; reminders of an action item three days before it is due, once.
async fn invitations_and_reminders(t: &TestDb) {
    use jointcal::meetings::mail::{resend_changed, send_invitations, send_reminders};
    let clock = std::sync::Arc::new(jointcal_domain::clock::FixedClock::new(crate::support::t0()));
    let mailer = std::sync::Arc::new(jointcal::mail::MemoryMailer::default());
    let s =
        Services::new(t.db.clone(), clock.clone(), std::sync::Arc::new(jointcal_domain::ids::SequentialIds::default()))
            .with_mail(
                mailer.clone(),
                Some("Joint Activity Calendar <calendar@example.org>".parse().unwrap()),
                "https://cal.example.org",
            );
    load_demo(&s).await.unwrap();
    let g = s.group_by_slug(DEMO_SLUG).await.unwrap();
    let october = s.meetings(&Viewer::SYSTEM, &g).await.unwrap().remove(2);
    let id = october.meeting.id;
    let members = s.members(&Viewer::SYSTEM, &g).await.unwrap().len();

    let done = send_invitations(&s, &Viewer::SYSTEM, &g, id).await.unwrap();
    assert_eq!((done.queued, done.invitees, done.cancel), (members, members, false));
    assert_eq!(send_invitations(&s, &Viewer::SYSTEM, &g, id).await.unwrap().queued, 0, "the same version is sent once");
    s.deliver_due_mail("t").await.unwrap();
    let sent = mailer.sent();
    assert_eq!(sent.len(), members);
    let (method, ics) = calendar_part(&sent[0].1);
    assert_eq!(method, "REQUEST");
    let seq = october.activity.sequence;
    for needle in [
        "METHOD:REQUEST".to_string(),
        format!("UID:{id}@jointcal"),
        format!("SEQUENCE:{seq}"),
        "ORGANIZER;CN=\"Joint Activity Calendar\":mailto:calendar@example.org".into(),
        "BEGIN:VTIMEZONE".into(),
        "DTSTART;TZID=Asia/Almaty:20071023T100000".into(),
    ] {
        assert!(ics.contains(&needle), "{needle} in\n{ics}");
    }
    assert_eq!(ics.matches("ATTENDEE;").count(), members, "{ics}");
    assert_eq!(ics.matches("RSVP=TRUE").count(), members);
    assert_eq!(ics.matches("PARTSTAT=NEEDS-ACTION").count(), members);

    // The meeting moves an hour later: the job sends it again, same UID, higher SEQUENCE.
    let mut input = october.activity.fields.to_input();
    input.dates.start = "2007-10-23T11:00".into();
    input.dates.end = Some("2007-10-23T13:00".into());
    let moved =
        s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, id, october.activity.version, &input).await.unwrap();
    assert!(moved.sequence > seq);
    assert_eq!(resend_changed(&s).await.unwrap(), 1);
    assert_eq!(resend_changed(&s).await.unwrap(), 0, "once per change");
    s.deliver_due_mail("t").await.unwrap();
    let sent = mailer.sent();
    assert_eq!(sent.len(), 2 * members);
    let (_, ics) = calendar_part(&sent[members].1);
    assert!(
        ics.contains(&format!("UID:{id}@jointcal")) && ics.contains(&format!("SEQUENCE:{}", moved.sequence)),
        "{ics}"
    );
    assert!(ics.contains("DTSTART;TZID=Asia/Almaty:20071023T110000"), "{ics}");

    // Cancelled: METHOD:CANCEL.
    s.cancel_activity(&Viewer::SYSTEM, &Actor::Cli, &g, id, moved.version, "moved to November").await.unwrap();
    assert_eq!(resend_changed(&s).await.unwrap(), 1);
    s.deliver_due_mail("t").await.unwrap();
    let sent = mailer.sent();
    let (method, ics) = calendar_part(&sent.last().unwrap().1);
    assert_eq!(method, "CANCEL");
    assert!(ics.contains("METHOD:CANCEL") && ics.contains("STATUS:CANCELLED"), "{ics}");

    // UNICEF's item is due on 28 September: nothing in August, one reminder from the
    // 25th (to the coordinators: UNICEF has no account), then nothing more.
    let before = mailer.sent().len();
    assert_eq!(send_reminders(&s).await.unwrap(), 0);
    clock.advance(chrono::Duration::days(40)); // 24 September
    assert_eq!(send_reminders(&s).await.unwrap(), 0, "four days before: not yet");
    clock.advance(chrono::Duration::days(1));
    assert_eq!(send_reminders(&s).await.unwrap(), 1);
    assert_eq!(send_reminders(&s).await.unwrap(), 0, "once per due date");
    s.deliver_due_mail("t").await.unwrap();
    let reminders: Vec<_> = mailer.sent().into_iter().skip(before).collect();
    assert_eq!(reminders.len(), 1);
    let text = String::from_utf8_lossy(&reminders[0].1).to_string();
    assert!(text.contains("Subject: Reminder: Share the full results of the child trafficking"), "{text}");
    assert_eq!(reminders[0].0.to()[0].to_string(), "coordinator@demo.example.org");
}

/// The meeting pages: a coordinator schedules a public meeting with the form, drafts
/// its agenda (the Merke overlap, UNICEF's open item), writes Markdown minutes (shown
/// rendered, raw HTML as text), circulates and approves them, assigns an action item,
/// records who came and a guest, publishes the meeting (then, and only then, people
/// outside the group see it and its approved minutes, never the register or the
/// action items) and schedules a quarterly series; a member answers the invitation
/// and the owner's focal point marks the item done.
#[tokio::test]
async fn the_meeting_pages() {
    use crate::sessions::client;
    use reqwest::header::{COOKIE, LOCATION};
    let t = TestDb::sqlite().await;
    let s = t.services();
    load_demo(&s).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();
    let sign_in = |email: &'static str| crate::sessions::demo_cookie(&http, &base, email);
    let get = |cookie: Option<&str>, path: String| {
        let (http, base, cookie) = (http.clone(), base.clone(), cookie.map(str::to_string));
        async move {
            let mut req = http.get(format!("{base}{path}"));
            if let Some(c) = cookie {
                req = req.header(COOKIE, c);
            }
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let value_after = |html: &str, marker: &str| {
        let at = html.find(marker).unwrap_or_else(|| panic!("{marker} in {html}")) + marker.len();
        html[at..html[at..].find('"').unwrap() + at].to_string()
    };
    let post = |cookie: &str, path: String, form: Vec<(String, String)>| {
        let (http, base, cookie) = (http.clone(), base.clone(), cookie.to_string());
        async move {
            let r = http.post(format!("{base}{path}")).header(COOKIE, cookie).form(&form).send().await.unwrap();
            let location = r.headers().get(LOCATION).map(|l| l.to_str().unwrap().to_string());
            (r.status().as_u16(), location, r.text().await.unwrap())
        }
    };
    let coordinator = sign_in("coordinator@demo.example.org").await;
    let undp = sign_in("undp@demo.example.org").await;
    let guest = sign_in("guest@demo.example.org").await;
    let list = "/groups/kz-tip/meetings".to_string();

    let (status, html) = get(None, list.clone()).await;
    assert_eq!(status, 200, "outsiders see the published meetings (none yet)");
    assert!(html.contains("No meetings yet.") && !html.contains("Inaugural"), "{html}");
    let (status, html) = get(Some(&guest), list.clone()).await;
    assert_eq!(status, 200);
    assert!(html.contains("Inaugural TIP donor coordination meeting"), "{html}");
    assert!(html.contains("donors will meet on a quarterly basis"), "the decisions register: {html}");
    assert!(!html.contains("Schedule a meeting"), "viewers do not schedule");

    let (_, html) = get(Some(&coordinator), list.clone()).await;
    let csrf = value_after(&html, "name=\"csrf\" value=\"");
    let form = |pairs: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> = vec![("csrf".into(), csrf.clone())];
        v.extend(pairs.iter().map(|(k, x)| (k.to_string(), x.to_string())));
        v
    };
    let (status, _, body) = post(&coordinator, list.clone(), form(&[("start", "not a time")])).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("is not a date and time"), "{body}");
    let sched = form(&[
        ("title", "Extra donor meeting"),
        ("start", "2007-08-28T10:00"),
        ("minutes", "120"),
        ("host", "INL"),
        ("place", "U.S. Embassy, Astana"),
        ("visibility", "public"),
    ]);
    let (status, location, _) = post(&coordinator, list.clone(), sched).await;
    assert_eq!(status, 303);
    let page = location.unwrap();
    let (_, html) = get(Some(&coordinator), page.clone()).await;
    assert!(html.contains("Extra donor meeting") && html.contains("The agenda is not drafted yet."), "{html}");
    let version = value_after(&html, "name=\"version\" value=\"");
    let (status, _, _) = post(&coordinator, format!("{page}/draft"), form(&[("version", &version)])).await;
    assert_eq!(status, 303);
    let (_, html) = get(Some(&coordinator), page.clone()).await;
    assert!(html.contains("Possible overlap") && html.contains("Merke"), "the Merke overlap: {html}");
    assert!(html.contains("child trafficking assessment"), "UNICEF's open item: {html}");
    let stale = post(&coordinator, format!("{page}/draft"), form(&[("version", &version)])).await;
    assert_eq!(stale.0, 422, "a stale form is refused");
    assert!(stale.2.contains("changed meanwhile"), "{}", stale.2);

    // Minutes: saved, circulated (the editor reads them, the viewer not yet), approved.
    let version = value_after(&html, "name=\"version\" value=\"");
    let item = value_after(&html, "name=\"item-").to_string();
    let item_field = format!("item-{item}");
    let (status, _, body) = post(
        &coordinator,
        format!("{page}/minutes"),
        form(&[
            ("version", &version),
            ("summary", "Chaired by INL."),
            (&item_field, "UNDP and INL **agreed** <b>one</b> training. [x](javascript:alert(1))"),
            ("decisions", "One joint Merke training"),
            ("status", "circulated"),
        ]),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (_, html) = get(Some(&undp), page.clone()).await;
    assert!(
        html.contains("UNDP and INL <strong>agreed</strong> &lt;b&gt;one&lt;/b&gt; training. <a href=\"\">x</a>"),
        "minutes rendered from Markdown, raw HTML and a script link harmless, shown to the editor: {html}"
    );
    assert!(!html.contains("javascript:"), "{html}");
    let (_, html) = get(Some(&guest), page.clone()).await;
    assert!(html.contains("The minutes are not available to you yet.") && !html.contains("one training"));
    let (_, html) = get(Some(&coordinator), page.clone()).await;
    let version = value_after(&html, "name=\"version\" value=\"");
    let later = value_after(&html, "<select id=\"min-approved-in\" name=\"approved_in\"><option value=\"");
    let (status, _, _) = post(
        &coordinator,
        format!("{page}/minutes"),
        form(&[("version", &version), ("status", "approved"), ("approved_in", &later)]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(Some(&guest), page.clone()).await;
    assert!(html.contains("Approved") && html.contains("One joint Merke training"), "{html}");

    // An action item for UNDP; UNDP's focal point marks it done; the viewer cannot.
    let (status, _, _) = post(
        &coordinator,
        format!("{page}/actions"),
        form(&[("what", "Draft the Merke plan"), ("owner_org", "UNDP"), ("due", "2007-09-10")]),
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(Some(&undp), page.clone()).await;
    let undp_csrf = value_after(&html, "name=\"csrf\" value=\"");
    let action = value_after(&html, "name=\"action\" value=\"");
    let (_, guest_html) = get(Some(&guest), page.clone()).await;
    assert!(!guest_html.contains("Mark done: Draft the Merke plan"), "only owners and coordinators see the button");
    let guest_csrf = value_after(&guest_html, "name=\"csrf\" value=\"");
    let done = |csrf: &str| {
        vec![
            ("csrf".to_string(), csrf.to_string()),
            ("action".into(), action.clone()),
            ("version".into(), "1".into()),
            ("back".into(), page.clone()),
        ]
    };
    assert_eq!(post(&guest, "/groups/kz-tip/meetings/actions".into(), done(&guest_csrf)).await.0, 403);
    let (status, location, _) = post(&undp, "/groups/kz-tip/meetings/actions".into(), done(&undp_csrf)).await;
    assert_eq!(status, 303);
    assert!(location.unwrap().starts_with(&page));
    let (_, html) = get(Some(&undp), list.clone()).await;
    assert!(html.contains("Draft the Merke plan") && html.contains("Done"), "{html}");

    // The answer to the invitation.
    let (status, _, _) = post(
        &undp,
        format!("{page}/answer"),
        vec![("csrf".into(), undp_csrf.clone()), ("response".into(), "attending".into())],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = get(Some(&undp), page.clone()).await;
    assert!(html.contains("value=\"attending\" aria-pressed=\"true\""), "{html}");

    // The register: UNDP's focal point came, a guest from OSCE too; viewers read it.
    let (_, html) = get(Some(&coordinator), page.clone()).await;
    let rows: Vec<(String, String)> = html
        .match_indices("name=\"member-")
        .map(|(at, _)| {
            let rest = &html[at + 13..];
            let n = rest[..rest.find('"').unwrap()].to_string();
            let id = value_after(rest, "value=\"");
            (n, id)
        })
        .collect();
    let group = s.group_by_slug("kz-tip").await.unwrap();
    let undp_id = s
        .members(&jointcal_domain::access::Viewer::SYSTEM, &group)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.user.email == "undp@demo.example.org")
        .map(|m| m.user.id.to_string())
        .unwrap();
    let (row, _) = rows.iter().find(|(_, id)| *id == undp_id).expect("UNDP's focal point in the register form");
    let version = value_after(&html, &format!("name=\"version-{row}\" value=\""));
    let (status, _, body) = post(
        &coordinator,
        format!("{page}/register"),
        form(&[
            (&format!("member-{row}"), &undp_id),
            (&format!("version-{row}"), &version),
            (&format!("came-{row}"), "yes"),
            ("guest-name", "Aigerim Sadykova"),
            ("guest-org", "OSCE"),
        ]),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (_, html) = get(Some(&guest), page.clone()).await;
    assert!(html.contains("<td>Aigerim Sadykova</td><td>OSCE</td>"), "{html}");
    assert_eq!(html.matches("<td>came</td>").count(), 2, "UNDP and the guest came: {html}");
    assert!(!html.contains("name=\"came-"), "viewers do not record");
    // The same form again (a stale version) changes nothing that was stored and says why.
    let stale = post(
        &coordinator,
        format!("{page}/register"),
        form(&[
            (&format!("member-{row}"), &undp_id),
            (&format!("version-{row}"), &version),
            (&format!("came-{row}"), "no"),
        ]),
    )
    .await;
    assert_eq!(stale.0, 422, "{}", stale.2);
    let (_, html) = get(Some(&guest), page.clone()).await;
    assert_eq!(html.matches("<td>came</td>").count(), 2);

    // Outside the group: nothing until the coordinator publishes; then the meeting and
    // its approved minutes, not the register, the answers or the action items.
    assert_eq!(get(None, page.clone()).await.0, 404);
    let (_, html) = get(Some(&coordinator), page.clone()).await;
    assert!(
        html.contains("Only the group&#39;s members see this meeting.")
            || html.contains("Only the group's members see this meeting."),
        "{html}"
    );
    let version = value_after(&html, "name=\"version\" value=\"");
    let (status, _, _) =
        post(&coordinator, format!("{page}/publish"), form(&[("version", &version), ("published", "yes")])).await;
    assert_eq!(status, 303);
    let (status, html) = get(None, page.clone()).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Extra donor meeting") && html.contains("One joint Merke training"), "{html}");
    assert!(
        !html.contains("Aigerim") && !html.contains("Draft the Merke plan") && !html.contains("Will you come?"),
        "{html}"
    );
    let (_, html) = get(None, list.clone()).await;
    assert!(html.contains("Extra donor meeting") && !html.contains("Inaugural"), "only the published one: {html}");
    assert!(!html.contains("Draft the Merke plan"), "no action items outside: {html}");
    let bad = post(&coordinator, format!("{page}/publish"), form(&[("version", "99"), ("published", "maybe")])).await;
    assert_eq!(bad.0, 400, "{}", bad.2);

    // A quarterly series from the form: four meetings on the first Tuesday of each quarter.
    let series = form(&[
        ("title", "Quarterly donor meeting"),
        ("start", "2008-04-01T10:00"),
        ("minutes", "90"),
        ("host", "INL"),
        ("count", "4"),
        ("nth", "first"),
        ("weekday", "tuesday"),
        ("month_in_quarter", "1"),
    ]);
    let (status, location, body) = post(&coordinator, list.clone(), series).await;
    assert_eq!(status, 303, "{body}");
    let location = location.unwrap();
    assert!(location.starts_with(&list) && !location.contains("/0"), "{location}");
    let (_, html) = get(Some(&coordinator), list.clone()).await;
    assert_eq!(html.matches(">Quarterly donor meeting (").count(), 4, "{html}");
    for day in ["Tue 01 Apr 2008", "Tue 01 Jul 2008", "Tue 07 Oct 2008", "Tue 06 Jan 2009"] {
        assert!(html.contains(day), "{day} in {html}");
    }
    let wrong = form(&[("start", "2008-04-01T10:00"), ("host", "INL"), ("count", "4"), ("weekday", "someday")]);
    let (status, _, body) = post(&coordinator, list.clone(), wrong).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("someday"), "{body}");
}
