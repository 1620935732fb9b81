//! Calendar feeds over HTTP: what they hold for whom (public without a token, the
//! person's view with their feed token), the same bytes until something changes,
//! 304 and gzip, a new token ending the old links, and edits, cancellations and
//! deletions as a subscriber sees them.

use crate::sessions::{client, login, session_of};
use crate::support::{spawn_app_with, TestDb};
use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarValue};
use jointcal::services::IfMatch;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use reqwest::header::{
    ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE, COOKIE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED,
};
use reqwest::Client;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;

/// Each event of a feed: UID → its properties as text (the first value of each).
fn events(body: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let cal = ICalendar::parse(body).unwrap_or_else(|e| panic!("calcard cannot read the feed: {e:?}\n{body}"));
    let mut out = BTreeMap::new();
    for c in cal.components.iter().filter(|c| c.component_type == ICalendarComponentType::VEvent) {
        let mut props = BTreeMap::new();
        for e in &c.entries {
            let v = match e.values.first() {
                Some(ICalendarValue::Text(t)) => t.clone(),
                Some(ICalendarValue::Integer(i)) => i.to_string(),
                Some(other) => format!("{other:?}"),
                None => String::new(),
            };
            props.insert(e.name.as_str().to_string(), v);
        }
        out.insert(props.get("UID").cloned().unwrap_or_default(), props);
    }
    out
}

/// The text of one event, unfolded.
fn raw_event(body: &str, uid: &str) -> String {
    let unfolded = body.replace("\r\n ", "");
    let at = unfolded.find(&format!("UID:{uid}")).expect("the event is in the feed");
    let start = unfolded[..at].rfind("BEGIN:VEVENT").unwrap();
    let end = at + unfolded[at..].find("END:VEVENT").unwrap();
    unfolded[start..end].to_string()
}

async fn get(http: &Client, url: &str, headers: &[(reqwest::header::HeaderName, &str)]) -> reqwest::Response {
    let mut r = http.get(url);
    for (k, v) in headers {
        r = r.header(k, *v);
    }
    r.send().await.unwrap()
}

/// The ids of the activities the API lists for this cookie, less the cancelled ones
/// that ended more than 30 days before the test clock's day (2007-08-15).
async fn api_ids(http: &Client, base: &str, cookie: Option<&str>) -> Vec<String> {
    let mut r = http.get(format!("{base}/api/v1/groups/kz-tip/activities?limit=500"));
    if let Some(c) = cookie {
        r = r.header(COOKIE, c);
    }
    let list: Value = r.send().await.unwrap().json().await.unwrap();
    let mut ids: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !(a["status"] == "cancelled" && a["dates"]["end"].as_str().unwrap_or("") < "2007-07-16"))
        .map(|a| format!("{}@jointcal", a["id"].as_str().unwrap()))
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn feeds_follow_the_calendar_and_the_access_rules() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    // Every request checks the database here (no freshness window): the test edits
    // and fetches at once. The window has its own test below.
    let base = spawn_app_with(s.clone(), |c| c.feed_fresh_for = std::time::Duration::ZERO).await;
    let http = client();
    let feed_url = format!("{base}/feeds/kz-tip.ics");

    // Anyone: the public activities, as the API lists them for anyone.
    let r = get(&http, &feed_url, &[]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[CONTENT_TYPE], "text/calendar; charset=utf-8");
    let etag = r.headers()[ETAG].to_str().unwrap().to_string();
    let modified = r.headers()[LAST_MODIFIED].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "a strong ETag: {etag}");
    let public = r.text().await.unwrap();
    assert!(public.contains("\r\nEND:VCALENDAR\r\n") && !public.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(public.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    let public_events = events(&public);
    assert!(!public_events.is_empty());
    assert_eq!(public_events.keys().cloned().collect::<Vec<_>>(), api_ids(&http, &base, None).await);
    for e in public_events.values() {
        assert_eq!(e["CLASS"], "Classification(Public)", "{e:?}");
    }

    // The same bytes again; 304 to either validator; gzip when asked.
    assert_eq!(get(&http, &feed_url, &[]).await.text().await.unwrap(), public, "byte-identical refetch");
    assert_eq!(get(&http, &feed_url, &[(IF_NONE_MATCH, &etag)]).await.status(), 304);
    assert_eq!(get(&http, &feed_url, &[(IF_MODIFIED_SINCE, &modified)]).await.status(), 304);
    assert_eq!(get(&http, &feed_url, &[(IF_NONE_MATCH, "\"other\"")]).await.status(), 200);
    let r = get(&http, &feed_url, &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
    let gz_etag = r.headers()[ETAG].to_str().unwrap().to_string();
    assert_ne!(gz_etag, etag, "another representation, another strong ETag");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&r.bytes().await.unwrap()[..]).read_to_string(&mut unzipped).unwrap();
    assert_eq!(unzipped, public);
    assert_eq!(get(&http, &feed_url, &[(ACCEPT_ENCODING, "gzip"), (IF_NONE_MATCH, &gz_etag)]).await.status(), 304);

    // A coordinator's feed token: the coordinator's view, and nothing else.
    let r = login(&http, &base, "coordinator@demo.example.org", jointcal::demo::DEMO_PASSWORD, None).await;
    let cookie = format!("jointcal_session={}", session_of(&r).unwrap());
    let feeds: Value =
        http.get(format!("{base}/api/v1/me/feeds")).header(COOKIE, &cookie).send().await.unwrap().json().await.unwrap();
    let token = feeds["token"].as_str().unwrap().to_string();
    let link = feeds["feeds"].as_array().unwrap().iter().find(|f| f["group"] == "kz-tip").unwrap();
    assert_eq!(link["https"], format!("{feed_url}?token={token}"));
    assert!(link["webcal"].as_str().unwrap().starts_with("webcal://"));
    let mine = get(&http, &format!("{feed_url}?token={token}"), &[]).await.text().await.unwrap();
    let mine_events = events(&mine);
    assert_eq!(mine_events.keys().cloned().collect::<Vec<_>>(), api_ids(&http, &base, Some(&cookie)).await);
    assert!(mine_events.len() > public_events.len(), "the coordinator sees more than anyone");
    let r =
        http.get(format!("{base}/api/v1/me")).header(AUTHORIZATION, format!("Bearer {token}")).send().await.unwrap();
    assert_eq!(r.status(), 401, "a feed token is not an API token");
    let r = get(&http, &format!("{feed_url}?token=jcf_{}", "0".repeat(64)), &[]).await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("no longer valid"));

    // A new token ends the old links.
    let me: Value =
        http.get(format!("{base}/api/v1/me")).header(COOKIE, &cookie).send().await.unwrap().json().await.unwrap();
    let csrf = me["csrf_token"].as_str().unwrap().to_string();
    let renewed: Value = http
        .post(format!("{base}/api/v1/me/feeds/token"))
        .header(COOKIE, &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_token = renewed["token"].as_str().unwrap().to_string();
    assert_ne!(new_token, token);
    assert_eq!(get(&http, &format!("{feed_url}?token={token}"), &[]).await.status(), 401);
    assert_eq!(get(&http, &format!("{feed_url}?token={new_token}"), &[]).await.text().await.unwrap(), mine);
    let mine_url = format!("{feed_url}?token={new_token}");
    // The pages offer them: the account page the person's links, the month its public feed.
    let page = http.get(format!("{base}/account")).header(COOKIE, &cookie).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&mine_url.replace("http://", "webcal://")) && page.contains(&mine_url), "{page}");
    let page = http.get(format!("{base}/groups/kz-tip?org=IOM")).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains(&format!("webcal://{}?org=IOM&#38;lang=en", feed_url.trim_start_matches("http://"))),
        "{page}"
    );

    let page = http.get(format!("{base}/groups/kz-tip/orgs/IOM")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/feeds/kz-tip.ics?org=IOM&#38;lang=en\""), "the organization's page offers its feed");

    // An edit keeps the UID and raises SEQUENCE; the ETag changes.
    let group = s.group_by_slug("kz-tip").await.unwrap();
    let all = s.list_activities(&Viewer::SYSTEM, &group, &Default::default()).await.unwrap();
    let a = all.iter().find(|v| v.activity.fields.schedule.is_all_day()).unwrap().activity.clone();
    let uid = format!("{}@jointcal", a.id);
    let before = mine_events[&uid].clone();
    let mut input = a.fields.to_input();
    input.title = [("en".to_string(), "Hostile, text; with \\ and\nnewline — Қазақ 😀".to_string())].into();
    let edited = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Unchecked, &input).await;
    assert!(edited.is_err(), "a title is one line: the newline is refused");
    input.title = [("en".to_string(), "Hostile, text; with \\ and — Қазақ 😀".repeat(13))].into();
    s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Unchecked, &input).await.unwrap();
    let r = get(&http, &mine_url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), 200);
    let after = events(&r.text().await.unwrap());
    assert_eq!(after[&uid]["SUMMARY"], input.title["en"], "the hostile title round-trips");
    let seq = |e: &BTreeMap<String, String>| e["SEQUENCE"].parse::<i64>().unwrap();
    assert_eq!(seq(&after[&uid]), seq(&before) + 1);

    // All-day: DTEND is the day after the last day.
    let body = get(&http, &mine_url, &[]).await.text().await.unwrap();
    let block = raw_event(&body, &uid);
    let jointcal_domain::schedule::Span::AllDay { first, last } = a.fields.schedule.span else { unreachable!() };
    let d = |x: chrono::NaiveDate| x.format("%Y%m%d").to_string();
    assert!(block.contains(&format!("\r\nDTSTART;VALUE=DATE:{}\r\n", d(first))), "{block}");
    assert!(block.contains(&format!("\r\nDTEND;VALUE=DATE:{}\r\n", d(last + chrono::Duration::days(1)))), "{block}");

    // Cancelled: still there, CANCELLED; deleted: gone.
    let mut input = a.fields.to_input();
    input.status = Some("cancelled".into());
    input.status_note = Some("Postponed to spring".into());
    let cancelled = s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Unchecked, &input).await;
    cancelled.unwrap();
    let now = events(&get(&http, &mine_url, &[]).await.text().await.unwrap());
    assert!(now[&uid]["STATUS"].contains("Cancelled"), "{:?}", now[&uid]);
    assert!(now[&uid]["DESCRIPTION"].contains("Postponed to spring"));
    s.delete_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Unchecked).await.unwrap();
    let now = events(&get(&http, &mine_url, &[]).await.text().await.unwrap());
    assert!(!now.contains_key(&uid));
    assert_eq!(now.len(), mine_events.len() - 1);

    // A filter: one organization's feed holds only its activities.
    let iom: Vec<String> = {
        let r = http.get(format!("{base}/api/v1/groups/kz-tip/activities?org=IOM&limit=500")).send().await.unwrap();
        let v: Value = r.json().await.unwrap();
        v["items"].as_array().unwrap().iter().map(|a| format!("{}@jointcal", a["id"].as_str().unwrap())).collect()
    };
    let iom_feed = events(&get(&http, &format!("{feed_url}?org=IOM"), &[]).await.text().await.unwrap());
    let mut iom_sorted = iom.clone();
    iom_sorted.sort();
    assert_eq!(iom_feed.keys().cloned().collect::<Vec<_>>(), iom_sorted);
    let r = get(&http, &format!("{feed_url}?kind=nonsense"), &[]).await;
    assert_eq!(r.status(), 400, "a bad filter is named");
    assert_eq!(get(&http, &format!("{base}/feeds/no-such-group.ics"), &[]).await.status(), 404);
    assert_eq!(get(&http, &format!("{base}/feeds/kz-tip"), &[]).await.status(), 404);
}

/// Within the freshness window a feed address is answered from memory: an edit shows
/// after the window (or at once to a request that says who it is), and a new feed
/// token ends the old links at once on this server.
#[tokio::test]
async fn the_freshness_window() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app_with(s.clone(), |c| c.feed_fresh_for = std::time::Duration::from_secs(600)).await;
    let http = client();
    let feed_url = format!("{base}/feeds/kz-tip.ics");
    let first = get(&http, &feed_url, &[]).await.text().await.unwrap();
    let group = s.group_by_slug("kz-tip").await.unwrap();
    let all = s.list_activities(&Viewer::ANONYMOUS, &group, &Default::default()).await.unwrap();
    let a = all[0].activity.clone();
    let mut input = a.fields.to_input();
    input.title = [("en".to_string(), "Renamed".to_string())].into();
    s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Unchecked, &input).await.unwrap();
    assert_eq!(get(&http, &feed_url, &[]).await.text().await.unwrap(), first, "within the window");
    let r = http.get(&feed_url).header(COOKIE, "jointcal_session=none").send().await.unwrap();
    assert!(r.text().await.unwrap().contains("SUMMARY:Renamed"), "a request that says who it is checks");

    let r = login(&http, &base, "coordinator@demo.example.org", jointcal::demo::DEMO_PASSWORD, None).await;
    let cookie = format!("jointcal_session={}", session_of(&r).unwrap());
    let feeds: Value =
        http.get(format!("{base}/api/v1/me/feeds")).header(COOKIE, &cookie).send().await.unwrap().json().await.unwrap();
    let old = format!("{feed_url}?token={}", feeds["token"].as_str().unwrap());
    assert_eq!(get(&http, &old, &[]).await.status(), 200);
    let me: Value =
        http.get(format!("{base}/api/v1/me")).header(COOKIE, &cookie).send().await.unwrap().json().await.unwrap();
    let r = http
        .post(format!("{base}/api/v1/me/feeds/token"))
        .header(COOKIE, &cookie)
        .header("x-csrf-token", me["csrf_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(get(&http, &old, &[]).await.status(), 401, "the old link stops at once");
}
