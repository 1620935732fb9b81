//! Sign-in over HTTP: sessions, fixation, sign-out, password change, tokens,
//! two-factor codes, and the failed-login limit across two server processes.

use crate::authz::{world, PASSWORD};
use crate::on_both_databases;
use crate::support::{spawn_app, TestDb};
use jointcal::Services;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Client, Response, StatusCode};
use std::io::BufRead;

on_both_databases!(
    sessions_rotate_and_end,
    tokens_act_for_their_user_until_revoked,
    two_factor_codes_work_once,
    login_limit_holds_across_two_server_processes,
);

pub fn client() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Signs a demo account in through the form; its session as a `Cookie` header value.
pub async fn demo_cookie(http: &Client, base: &str, email: &str) -> String {
    let r = http
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", jointcal::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    format!("jointcal_session={}", session_of(&r).expect("signed in"))
}

pub fn session_of(r: &Response) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("jointcal_session="))
        .map(|v| v["jointcal_session=".len()..].split(';').next().unwrap_or("").to_string())
}

pub async fn login(http: &Client, base: &str, email: &str, password: &str, cookie: Option<&str>) -> Response {
    let mut req =
        http.post(format!("{base}/login")).form(&[("email", email), ("password", password), ("next", "/groups/g-one")]);
    if let Some(c) = cookie {
        req = req.header(COOKIE, format!("jointcal_session={c}"));
    }
    req.send().await.unwrap()
}

pub async fn me(http: &Client, base: &str, session: &str) -> StatusCode {
    http.get(format!("{base}/api/v1/me"))
        .header(COOKIE, format!("jointcal_session={session}"))
        .send()
        .await
        .unwrap()
        .status()
}

async fn sessions_rotate_and_end(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    s.create_activity(
        &Viewer::SYSTEM,
        &Actor::Cli,
        &w.g1,
        &crate::authz::activity("Merke group-only training", "INL", "group"),
    )
    .await
    .unwrap();
    let base = spawn_app(s.clone()).await;
    let http = client();

    // A wrong password: 401, the form keeps the address, and no cookie.
    let r = login(&http, &base, "editor@example.org", "wrong password!", None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(session_of(&r).is_none());
    let page = r.text().await.unwrap();
    assert!(
        page.contains("wrong e-mail address or password") && page.contains("value=\"editor@example.org\""),
        "{page}"
    );
    // An unknown address gets the same answer.
    let r = login(&http, &base, "nobody@example.org", "wrong password!", None).await;
    assert!(r.text().await.unwrap().contains("wrong e-mail address or password"));

    // Session fixation: a session id chosen by someone else is never adopted.
    let planted = "a".repeat(64);
    let r = login(&http, &base, "editor@example.org", PASSWORD, Some(&planted)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/groups/g-one");
    let cookie_line = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Lax") && !cookie_line.contains("Secure"),
        "{cookie_line}"
    );
    let a = session_of(&r).unwrap();
    assert_ne!(a, planted);
    assert_eq!(me(&http, &base, &planted).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&http, &base, &a).await, StatusCode::OK);

    // Signing in again from a signed-in browser rotates the id and ends the old session.
    let b = session_of(&login(&http, &base, "editor@example.org", PASSWORD, Some(&a)).await).unwrap();
    assert_ne!(a, b);
    assert_eq!(me(&http, &base, &a).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&http, &base, &b).await, StatusCode::OK);

    // Signed in, the month page shows the group's own activities.
    let page = http
        .get(format!("{base}/groups/g-one?month=2007-09"))
        .header(COOKIE, format!("jointcal_session={b}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Merke group-only training") && page.contains("Signed in as editor"), "{page}");
    let anon = http.get(format!("{base}/groups/g-one?month=2007-09")).send().await.unwrap().text().await.unwrap();
    assert!(!anon.contains("Merke group-only training"));

    // Sign-out needs the session's CSRF token.
    let r = http
        .post(format!("{base}/logout"))
        .header(COOKIE, format!("jointcal_session={b}"))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(me(&http, &base, &b).await, StatusCode::OK);
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let r = http
        .post(format!("{base}/logout"))
        .header(COOKIE, format!("jointcal_session={b}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()[SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(me(&http, &base, &b).await, StatusCode::UNAUTHORIZED);

    // A password change ends every session of the account.
    let c = session_of(&login(&http, &base, "editor@example.org", PASSWORD, None).await).unwrap();
    let d = session_of(&login(&http, &base, "editor@example.org", PASSWORD, None).await).unwrap();
    let editor = s.user_by_email("editor@example.org").await.unwrap();
    let (_, script_token) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, editor.id, "script", None).await.unwrap();
    assert!(s.principal_from_token(&script_token).await.unwrap().is_some());
    s.set_password(&Viewer::SYSTEM, &Actor::Cli, editor.id, "a brand new passphrase", true).await.unwrap();
    assert!(s.principal_from_token(&script_token).await.unwrap().is_none(), "a reset revokes the tokens too");
    assert_eq!(me(&http, &base, &c).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&http, &base, &d).await, StatusCode::UNAUTHORIZED);
    assert_eq!(login(&http, &base, "editor@example.org", PASSWORD, None).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        login(&http, &base, "editor@example.org", "a brand new passphrase", None).await.status(),
        StatusCode::SEE_OTHER
    );
    let trail = s.db.audit_for_entity(jointcal_domain::audit::EntityKind::User, editor.id.0).await.unwrap();
    assert_eq!(trail.len(), 2, "created, then the password changed");

    // The sign-in form refuses posts from other sites, and sends nobody elsewhere.
    let r = http
        .post(format!("{base}/login"))
        .header("origin", "https://evil.example")
        .form(&[("email", "editor@example.org"), ("password", "a brand new passphrase")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(session_of(&r).is_none());
    for next in ["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example", "/ok\n"] {
        let r = http
            .post(format!("{base}/login"))
            .form(&[("email", "editor@example.org"), ("password", "a brand new passphrase"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?}");
    }
    assert!(!serde_json::to_string(&trail).unwrap().contains("argon2"), "no hash in the audit log");
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let t = TestDb::sqlite().await;
    let s = t.services();
    world(&s).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cfg = jointcal::web::WebConfig { public_url: "https://calendar.example.org".into(), ..Default::default() };
    tokio::spawn(async move { jointcal::web::serve(listener, s, cfg).await });
    let r = login(&client(), &base, "editor@example.org", PASSWORD, None).await;
    let line = r.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        line.starts_with("__Host-jointcal_session=") && line.contains("; Secure") && line.contains("Path=/"),
        "{line}"
    );
    let value = line["__Host-jointcal_session=".len()..].split(';').next().unwrap().to_string();
    // The cookie under its https name is the session; the plain name is not read there.
    let me_with =
        |name: &str| client().get(format!("{base}/api/v1/me")).header(COOKIE, format!("{name}={value}")).send();
    assert_eq!(me_with("__Host-jointcal_session").await.unwrap().status(), StatusCode::OK);
    assert_eq!(me_with("jointcal_session").await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

async fn tokens_act_for_their_user_until_revoked(t: &TestDb) {
    let s = t.services();
    world(&s).await;
    let base = spawn_app(s.clone()).await;
    let http = client();
    let editor = s.user_by_email("editor@example.org").await.unwrap();
    let (tok, secret) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, editor.id, "script", None).await.unwrap();
    assert!(secret.starts_with("jct_"));
    let get = |secret: String| {
        let http = http.clone();
        let base = base.clone();
        async move { http.get(format!("{base}/api/v1/me")).bearer_auth(secret).send().await.unwrap() }
    };
    let r = get(secret.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["user"]["email"], "editor@example.org");
    assert_eq!(body["via"], "token");
    assert_eq!(get(format!("{secret}x")).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get("jct_nonsense".into()).await.status(), StatusCode::UNAUTHORIZED);
    // A token cannot make more tokens.
    let r = http
        .post(format!("{base}/api/v1/me/tokens"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"name": "child"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Only the hash is stored.
    assert!(s.db.token_by_hash(&secret).await.unwrap().is_none());
    // Another person cannot revoke it; its owner can.
    let viewer_user = s.user_by_email("viewer@example.org").await.unwrap();
    let stranger = Viewer { user: Some(viewer_user.id), org: None, role: None, admin: false };
    assert!(s.revoke_token(&stranger, &Actor::User { id: viewer_user.id }, tok.id).await.is_err());
    let owner = Viewer { user: Some(editor.id), org: editor.org, role: None, admin: false };
    s.revoke_token(&owner, &Actor::User { id: editor.id }, tok.id).await.unwrap();
    let r = get(secret).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    let trail = s.db.audit_for_entity(jointcal_domain::audit::EntityKind::ApiToken, tok.id.0).await.unwrap();
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[1].actor, Actor::User { id: editor.id });
    // An expired token stops working.
    let clock_now = s.now();
    let (_, short) = s
        .create_token(&Viewer::SYSTEM, &Actor::Cli, editor.id, "short", Some(clock_now + chrono::Duration::minutes(5)))
        .await
        .unwrap();
    assert_eq!(get(short.clone()).await.status(), StatusCode::OK);
    let later = Services::new(
        s.db.clone(),
        std::sync::Arc::new(jointcal_domain::clock::FixedClock::new(clock_now + chrono::Duration::minutes(6))),
        s.ids.clone(),
    );
    assert!(later.principal_from_token(&short).await.unwrap().is_none());
}

async fn two_factor_codes_work_once(t: &TestDb) {
    let s = t.services();
    let w = world(&s).await;
    let editor = s.user_by_email("editor@example.org").await.unwrap();
    let (secret, uri) = s.enable_totp(&Viewer::SYSTEM, &Actor::Cli, editor.id).await.unwrap();
    assert!(uri.contains("secret="));
    let addr = "192.0.2.1";
    let e = s.login("editor@example.org", PASSWORD, None, addr, None).await.unwrap_err();
    assert!(matches!(e, jointcal::services::LoginError::CodeRequired), "{e}");
    let now = u64::try_from(s.now().timestamp()).unwrap();
    let code = jointcal::secrets::totp_code(&secret, now).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(matches!(
        s.login("editor@example.org", PASSWORD, Some(wrong), addr, None).await,
        Err(jointcal::services::LoginError::CodeInvalid)
    ));
    s.login("editor@example.org", PASSWORD, Some(&code), addr, None).await.unwrap();
    let replay = s.login("editor@example.org", PASSWORD, Some(&code), addr, None).await.unwrap_err();
    assert!(matches!(replay, jointcal::services::LoginError::CodeInvalid), "a code works once: {replay}");

    // A group that requires two-factor sign-in of its coordinators.
    let mut input = w.g1.fields.to_input();
    input.require_totp_for_coordinators = Some(true);
    s.update_group(&Viewer::SYSTEM, &Actor::Cli, &w.g1, jointcal::services::IfMatch::Unchecked, &input).await.unwrap();
    let e = s.login("coordinator@example.org", PASSWORD, None, addr, None).await.unwrap_err();
    assert!(matches!(e, jointcal::services::LoginError::TwoFactorSetupRequired), "{e}");
    assert!(s.login("viewer@example.org", PASSWORD, None, addr, None).await.is_ok(), "viewers are not concerned");
    // A coordinator's token or session keeps only reading rights until two-factor is on.
    let coord = s.user_by_email("coordinator@example.org").await.unwrap();
    let (_, tok) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, coord.id, "t", None).await.unwrap();
    let p = s.principal_from_token(&tok).await.unwrap().unwrap();
    let g1 = s.group_by_slug("g-one").await.unwrap();
    assert_eq!(s.viewer_for(Some(&p), &g1).await.unwrap().role, Some(jointcal_domain::vocab::MemberRole::Viewer));
    s.enable_totp(&Viewer::SYSTEM, &Actor::Cli, coord.id).await.unwrap();
    let p = s.principal_from_token(&tok).await.unwrap().unwrap();
    assert!(s.viewer_for(Some(&p), &g1).await.unwrap().is_coordinator());
}

/// A `jointcal serve` process on a loopback port, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub base: String,
}

impl Server {
    fn start(database: &str) -> Server {
        Server::start_with(database, &[])
    }

    fn start_with(database: &str, extra: &[&str]) -> Server {
        Server::spawn(database, extra, Some("warn"), std::process::Stdio::null())
    }

    /// With the default log level and its standard error kept for reading.
    pub fn start_logging(database: &str) -> Server {
        Server::spawn(database, &[], None, std::process::Stdio::piped())
    }

    fn spawn(database: &str, extra: &[&str], log: Option<&str>, stderr: std::process::Stdio) -> Server {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jointcal"));
        cmd.args(["--database", database, "serve", "--bind", "127.0.0.1:0"]).args(extra);
        match log {
            Some(l) => cmd.env("JOINTCAL_LOG", l),
            None => cmd.env_remove("JOINTCAL_LOG"),
        };
        let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(stderr).spawn().unwrap();
        // The line that names the address (the demo prints its accounts first).
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("is serving") {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                break;
            }
        }
        let base = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .map(|a| format!("http://{a}"))
            .unwrap_or_else(|| panic!("no address in: {line}"));
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn login_limit_holds_across_two_server_processes(t: &TestDb) {
    let s = t.services();
    world(&s).await;
    let (a, b) = (Server::start(&t.url), Server::start(&t.url));
    let http = client();
    for i in 0..5 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        assert_eq!(
            login(&http, base, "editor@example.org", "not the password", None).await.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {i}"
        );
    }
    for base in [&a.base, &b.base] {
        let r = login(&http, base, "editor@example.org", PASSWORD, None).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
        let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=900).contains(&wait), "{wait}");
        assert!(session_of(&r).is_none());
        assert!(r.text().await.unwrap().contains("too many failed sign-ins"));
    }
    // Another account from the same address (an office behind one NAT) still
    // signs in: the address has a higher limit than an account.
    let r = login(&http, &b.base, "viewer@example.org", PASSWORD, None).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "one person's typos do not lock the office out");
    // The address is counted too: after its limit of failures across accounts,
    // every account from it waits, on both servers.
    let limit = jointcal_domain::account::LOGIN_LIMIT_PER_ADDRESS;
    for i in 5..limit {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let r = login(&http, base, &format!("nobody{i}@example.org"), "not the password", None).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = login(&http, &a.base, "coordinator@example.org", PASSWORD, None).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[test]
fn serve_demo_opens_on_its_own_period() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let server = Server::start_with(&url, &["--demo"]);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let http = client();
        let r = http.get(format!("{}/", server.base)).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/groups/kz-tip");
        let page = http.get(format!("{}/groups/kz-tip", server.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<strong>August 2007</strong>"), "{page}");
        // A demo account signs in and sees the group's calendar of September 2007.
        let r = http
            .post(format!("{}/login", server.base))
            .form(&[("email", "coordinator@demo.example.org"), ("password", jointcal::demo::DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let cookie = session_of(&r).unwrap();
        let page = http
            .get(format!("{}/groups/kz-tip?month=2007-09", server.base))
            .header(COOKIE, format!("jointcal_session={cookie}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Merke railway station"), "{page}");
    });
    drop(server);
    // On a database with other groups the demo clock is not used.
    let _ = std::process::Command::new(env!("CARGO_BIN_EXE_jointcal"))
        .args([
            "--database",
            &url,
            "group",
            "add",
            "--slug",
            "real",
            "--name",
            "Real",
            "--country",
            "KZ",
            "--timezone",
            "Asia/Almaty",
        ])
        .output()
        .unwrap();
    let server = Server::start_with(&url, &["--demo"]);
    rt.block_on(async {
        let page = client().get(format!("{}/groups/real", server.base)).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("2007"), "the real clock, not 2007: {page}");
    });
}
