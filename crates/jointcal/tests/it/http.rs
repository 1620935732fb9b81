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
