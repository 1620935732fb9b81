//! The server on a loopback port: health, readiness, and the read-only page.

use crate::support::{spawn_app, TestDb};

#[tokio::test]
async fn health_and_demo_page() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    for (h, v) in [
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("vary", "Cookie, Authorization"),
    ] {
        assert_eq!(r.headers()[h], v, "{h}");
    }
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(r.text().await.unwrap(), "ok");
    assert_eq!(http.get(format!("{base}/readyz")).send().await.unwrap().status(), 200);
    let r = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/groups/kz-tip");

    // With the test clock in August 2007, the page opens on August 2007.
    let r = http.get(format!("{base}/groups/kz-tip")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("<strong>August 2007</strong>"), "{page}");

    let page = http.get(format!("{base}/groups/kz-tip?month=2007-09")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("September 2007"));
    // Anonymous readers see public activities only: the Merke trainings are group-only.
    assert!(!page.contains("Merke"), "group-only activities leaked: {page}");
    assert!(page.contains("Regional conference on preventing trafficking"), "{page}");

    let r = http.get(format!("{base}/groups/kz-tip?month=2007-13")).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("use YYYY-MM"));
    let r = http.get(format!("{base}/groups/kz-tip?month=99999-01")).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(http.get(format!("{base}/groups/nope")).send().await.unwrap().status(), 404);
}

/// The start-up path of `jointcal serve`: migrate, bind port 0, serve until the
/// shutdown signal, then stop.
#[tokio::test]
async fn application_serves_until_its_shutdown_signal() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    let flags = jointcal::config::Overrides {
        database: Some(url),
        bind: Some("127.0.0.1:0".into()),
        demo: Some(true),
        ..Default::default()
    };
    let config = jointcal::config::Config::load(&|_| None, &flags).unwrap();
    let app = jointcal::startup::Application::build(&config).await.unwrap();
    assert_ne!(app.port(), 0);
    assert!(app.report().demo_loaded.is_some(), "an empty database gets the demo");
    let base = format!("http://127.0.0.1:{}", app.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let page = reqwest::get(format!("{base}/groups/kz-tip")).await.unwrap().text().await.unwrap();
    assert!(page.contains("August 2007"), "the demo clock on a demo-only database: {page}");
    stop.send(()).unwrap();
    let done = tokio::time::timeout(std::time::Duration::from_secs(10), server).await;
    assert!(matches!(done, Ok(Ok(Ok(())))), "the server stops on the signal: {done:?}");
    assert!(reqwest::get(format!("{base}/healthz")).await.is_err(), "nobody listens any more");
}

/// Pages speak the reader's language: `Accept-Language`, overridden by `?lang=`;
/// a language we do not speak gets English.
#[tokio::test]
async fn pages_speak_the_readers_language() {
    use crate::sessions::{client, login, session_of};
    use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s).await;
    let http = client();
    // The demo's viewer sees the group-only Merke trainings.
    let r = login(&http, &base, "guest@demo.example.org", jointcal::demo::DEMO_PASSWORD, None).await;
    let cookie = format!("jointcal_session={}", session_of(&r).expect("signed in"));
    let page = |query: &'static str, accept: &'static str| {
        let (http, base, cookie) = (http.clone(), base.clone(), cookie.clone());
        async move {
            http.get(format!("{base}/groups/kz-tip?month=2007-09{query}"))
                .header(ACCEPT_LANGUAGE, accept)
                .header(COOKIE, cookie)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };

    let ru = page("", "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7").await;
    assert!(ru.contains("<html lang=\"ru\""), "{ru}");
    for text in [
        "<strong>Сентябрь 2007</strong>",
        "Когда",
        "Целевые группы",
        "Тренинг",
        "Пограничники",
        "Вы вошли как Procurator General",
        ">Выйти<",
        "пн, 3 сентября",
        "мероприятий",
        "Жамбылская область",
    ] {
        assert!(ru.contains(text), "{text} in {ru}");
    }
    assert!(!ru.contains("Training") && !ru.contains("Signed in as"), "{ru}");
    // The activity's Russian title, where it has one.
    assert!(!ru.contains("Fraudulent document training"), "{ru}");

    let en = page("&lang=en", "ru-RU,ru;q=0.9").await;
    assert!(en.contains("<html lang=\"en\""), "{en}");
    for text in ["<strong>September 2007</strong>", "Target groups", "Training", "Border guards", "Mon 03 Sep"] {
        assert!(en.contains(text), "{text} in {en}");
    }
    // Links of a page whose language the address fixed keep it.
    assert!(en.contains("lang=en\" rel=\"next\""), "{en}");

    let de = page("", "de-DE,de;q=0.9").await;
    assert!(de.contains("<html lang=\"en\"") && de.contains("Signed in as Procurator General"), "{de}");
    assert_eq!(page("&lang=xx", "de").await, de, "an unknown ?lang= is ignored");
    let kk = page("", "kk-KZ,kk;q=0.9").await;
    for text in ["<html lang=\"kk\"", "<strong>Қыркүйек 2007</strong>", "дс, 3 қыркүйек", "Жамбыл облысы"]
    {
        assert!(kk.contains(text), "{text} in {kk}");
    }

    // Sign-in and error pages too.
    let r = http.get(format!("{base}/login?lang=ru")).send().await.unwrap();
    let login_page = r.text().await.unwrap();
    assert!(login_page.contains("<h1>Войти</h1>") && login_page.contains("action=\"/login?lang=ru\""), "{login_page}");
    let r = http.get(format!("{base}/groups/nope")).header(ACCEPT_LANGUAGE, "ru").send().await.unwrap();
    assert_eq!(r.status(), 404);
    let missing = r.text().await.unwrap();
    assert!(missing.contains("<h1>Не найдено</h1>") && missing.contains("Ошибка 404"), "{missing}");
    let missing = http.get(format!("{base}/groups/nope")).send().await.unwrap().text().await.unwrap();
    assert!(missing.contains("<h1>Not Found</h1>") && missing.contains("Error 404"), "{missing}");
    // What went wrong is said in the reader's language too, field by field, with
    // the values the problem names.
    assert!(missing.contains("Not found, or you may not see it."), "{missing}");
    let r = http.get(format!("{base}/groups/kz-tip?month=2007-13&lang=ru")).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let bad = r.text().await.unwrap();
    assert!(bad.contains("«2007-13» — не месяц; используйте формат ГГГГ-ММ"), "{bad}");
    let r = http.post(format!("{base}/logout?lang=ru")).form(&[("csrf", "x")]).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("Сначала войдите."));
}

/// One activity's page follows the access rules: anonymous readers do not learn
/// that a group-only activity exists, a sensitive place is cut to its region for a
/// viewer, the history is for coordinators, and hostile text stays text.
#[tokio::test]
async fn the_activity_page_follows_the_access_rules() {
    use crate::sessions::{client, login, session_of};
    use jointcal_domain::access::Viewer;
    use jointcal_domain::audit::Actor;
    use reqwest::header::COOKIE;
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();
    let group = s.group_by_slug("kz-tip").await.unwrap();
    let all = s.list_activities(&Viewer::SYSTEM, &group, &Default::default()).await.unwrap();
    let find = |pred: &dyn Fn(&jointcal_domain::activity::ActivityFields) -> bool| {
        all.iter().find(|v| pred(&v.activity.fields)).map(|v| v.activity.clone()).expect("in the demo")
    };
    use jointcal_domain::vocab::Visibility;
    let group_only = find(&|f| f.visibility == Visibility::Group && !f.sensitive);
    // A sensitive activity, given an exact address (the demo's are city names,
    // which are also the names of their regions).
    let sensitive = find(&|f| f.sensitive);
    let exact = "Safe house, 12 Abai street".to_string();
    let mut moved = sensitive.fields.to_input();
    moved.locations[0].place = Some(exact.clone());
    let unchecked = jointcal::services::IfMatch::Unchecked;
    s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &group, sensitive.id, unchecked, &moved).await.unwrap();
    let page = |id: String, cookie: Option<String>| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let mut r = http.get(format!("{base}/groups/kz-tip/activities/{id}"));
            if let Some(c) = cookie {
                r = r.header(COOKIE, c);
            }
            let r = r.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    assert_eq!(page(group_only.id.to_string(), None).await.0, 404, "anonymous");
    assert_eq!(page("not-an-id".into(), None).await.0, 404);
    let session = |email: &'static str| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let r = login(&http, &base, email, jointcal::demo::DEMO_PASSWORD, None).await;
            format!("jointcal_session={}", session_of(&r).expect("signed in"))
        }
    };
    let viewer = session("guest@demo.example.org").await;
    let coordinator = session("coordinator@demo.example.org").await;
    let (status, html) = page(sensitive.id.to_string(), Some(viewer.clone())).await;
    assert_eq!(status, 200);
    assert!(!html.contains(&exact), "the viewer does not see '{exact}'");
    assert!(html.contains("The exact place is shown to coordinators"), "{html}");
    assert!(!html.contains(">History<"));
    let (_, html) = page(sensitive.id.to_string(), Some(coordinator.clone())).await;
    assert!(html.contains(&exact) && html.contains(">History<"), "{html}");

    // A hostile title is shown as text, in the page and in the month.
    let mut input = group_only.fields.to_input();
    input.title = [("en".to_string(), "<script>alert(1)</script>".to_string())].into();
    s.update_activity(
        &Viewer::SYSTEM,
        &Actor::Cli,
        &group,
        group_only.id,
        jointcal::services::IfMatch::Unchecked,
        &input,
    )
    .await
    .unwrap();
    let (_, html) = page(group_only.id.to_string(), Some(coordinator.clone())).await;
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;") && !html.contains("<script>"), "{html}");
    assert!(html.contains(">changed<") || html.contains("changed</td>"), "the edit is in the history: {html}");
}

/// Cancelling says why: an empty reason is refused, and the reason is kept with the
/// status (and shown back through the API).
#[tokio::test]
async fn cancelling_keeps_the_reason() {
    use jointcal::services::IfMatch;
    use jointcal_domain::access::Viewer;
    use jointcal_domain::audit::Actor;
    use jointcal_domain::vocab::Status;
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let group = s.group_by_slug("kz-tip").await.unwrap();
    let a = s.list_activities(&Viewer::SYSTEM, &group, &Default::default()).await.unwrap()[0].activity.clone();
    let refused =
        s.cancel_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Version(a.version), "  ").await;
    assert!(matches!(refused, Err(jointcal::ServiceError::Invalid(ref e)) if e.fields[0].field == "status_note"));
    let stale =
        s.cancel_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Version(a.version + 5), "why").await;
    assert!(matches!(stale, Err(jointcal::ServiceError::VersionConflict { .. })));
    let v = s
        .cancel_activity(&Viewer::SYSTEM, &Actor::Cli, &group, a.id, IfMatch::Version(a.version), "Flooded roads")
        .await
        .unwrap();
    assert_eq!(v.activity.fields.status, Status::Cancelled);
    assert_eq!(v.activity.fields.status_note.as_deref(), Some("Flooded roads"));
    assert_eq!(v.to_json()["status_note"], "Flooded roads");
}

/// The language a person picks with the switch while signed in is theirs: a later
/// sign-in from another browser speaks it without being asked. One picked before
/// signing in becomes the account's when the account has none.
async fn the_language_chosen_follows_the_person(t: &TestDb) {
    use crate::sessions::{client, login, session_of};
    use reqwest::header::COOKIE;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let base = spawn_app(s).await;
    let http = client();
    let lang_cookie = |r: &reqwest::Response| {
        r.headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("jointcal_lang=").map(|v| v.split(';').next().unwrap_or("").to_string()))
    };
    let guest = "guest@demo.example.org";
    let pw = jointcal::demo::DEMO_PASSWORD;
    let r = login(&http, &base, guest, pw, None).await;
    assert_eq!(lang_cookie(&r), None, "no language chosen yet: the browser's applies");
    let session = session_of(&r).unwrap();
    let r = http
        .get(format!("{base}/groups/kz-tip?month=2007-09&lang=kk"))
        .header(COOKIE, format!("jointcal_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(lang_cookie(&r).as_deref(), Some("kk"));
    // Another browser: no language cookie, a new sign-in.
    let r = login(&http, &base, guest, pw, None).await;
    assert_eq!(lang_cookie(&r).as_deref(), Some("kk"), "the account's language comes with the sign-in");
    let page = http
        .get(format!("{base}/groups/kz-tip?month=2007-09"))
        .header(COOKIE, format!("jointcal_session={}; jointcal_lang=kk", session_of(&r).unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"kk\""), "{page}");

    // Chosen while signed out, then signing in: the account takes it.
    let viewer = "undp@demo.example.org";
    let r = http
        .post(format!("{base}/login"))
        .header(COOKIE, "jointcal_lang=ru")
        .form(&[("email", viewer), ("password", pw), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert!(session_of(&r).is_some(), "signed in");
    let r = login(&http, &base, viewer, pw, None).await;
    assert_eq!(lang_cookie(&r).as_deref(), Some("ru"));
}

crate::on_both_databases!(the_language_chosen_follows_the_person);
