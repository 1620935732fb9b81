//! Coverage and gaps on the demo: the API (JSON and CSV, in the reader's language),
//! the page, and what a reader may not see left out of the counts.

use jointcal_domain::access::Viewer;
use jointcal_domain::audit::Actor;
use reqwest::StatusCode;
use serde_json::Value;

/// The JSON answer of a request that must succeed.
async fn get_json(req: reqwest::RequestBuilder) -> Value {
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn coverage_and_gaps_of_the_demo() {
    let t = crate::support::TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let u = s.user_by_email("coordinator@demo.example.org").await.unwrap();
    let (_, tok) = s.create_token(&Viewer::SYSTEM, &Actor::Cli, u.id, "test", None).await.unwrap();
    let base = crate::support::spawn_app(s).await;
    let c = reqwest::Client::new();
    let url = format!("{base}/api/v1/groups/kz-tip/coverage");

    let r = c.get(format!("{url}?year=2007")).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cov: Value = r.json().await.unwrap();
    assert_eq!((cov["from"].as_str(), cov["to"].as_str()), (Some("2007-01-01"), Some("2007-12-31")));
    assert_eq!(cov["quarters"], serde_json::json!(["2007-Q1", "2007-Q2", "2007-Q3", "2007-Q4"]));

    // The count is the calendar's: every activity of 2007 the coordinator sees, but
    // the cancelled ones.
    let list = get_json(
        c.get(format!("{base}/api/v1/groups/kz-tip/activities?from=2007-01-01&to=2007-12-31&limit=500"))
            .bearer_auth(&tok),
    )
    .await;
    let live = list["items"].as_array().unwrap().iter().filter(|a| a["status"] != "cancelled").count();
    assert_eq!(cov["activities"].as_u64(), Some(live as u64));
    assert!(live > 10);

    // The Merke border-guard trainings are in Zhambyl region, for border guards.
    let cells = cov["cells"].as_array().unwrap();
    let border = cells
        .iter()
        .find(|x| x["quarter"] == "all" && x["region"] == "KZ-31" && x["target_group"] == "border_guards")
        .expect("border guards in Zhambyl region");
    assert!(border["activities"].as_u64().unwrap() >= 2 && border["organizations"].as_u64().unwrap() >= 2);
    // Per quarter, the cells add up to at least the whole (a long activity is in more
    // than one quarter) and never count an activity twice within one quarter.
    let whole: u64 = cells.iter().filter(|x| x["quarter"] == "all").map(|x| x["activities"].as_u64().unwrap()).sum();
    let quarters: u64 = cells.iter().filter(|x| x["quarter"] != "all").map(|x| x["activities"].as_u64().unwrap()).sum();
    assert!(quarters >= whole, "{quarters} < {whole}");

    // Gaps in words: regions with nothing (not the regions formed in 2022), then cells.
    let gaps = cov["gaps"].as_array().unwrap();
    assert!(gaps.iter().any(|g| g["gap"] == "region" && g["region"] == "KZ-11"), "{gaps:?}");
    assert!(!gaps.iter().any(|g| g["region"] == "KZ-10"), "Abai region did not exist in 2007");
    let cell = gaps.iter().find(|g| g["gap"] == "cell").expect("a cell gap");
    let text = cell["text"].as_str().unwrap();
    assert!(text.starts_with("No ") && text.contains("in 2007") && text.contains("expected here"), "{text}");
    assert!(cell["expected"].as_f64().unwrap() >= 0.5);

    // The reader's language.
    let ru = get_json(c.get(format!("{url}?year=2007")).bearer_auth(&tok).header("Accept-Language", "ru")).await;
    let ru_text = ru["gaps"][0]["text"].as_str().unwrap();
    assert!(ru_text.contains("ни одного мероприятия в 2007 году"), "{ru_text}");

    // CSV: one row per cell and per gap, read back by a CSV reader.
    let r = c.get(format!("{url}?from=2007-01-01&to=2007-12-31&format=csv")).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = r.text().await.unwrap();
    let mut rd = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..4], ["from", "to", "quarter", "pillar"]);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.iter().filter(|r| &r[9] != "yes").count(), cells.len());
    assert_eq!(rows.iter().filter(|r| &r[9] == "yes").count(), gaps.len());

    // Anonymous readers count the public activities only.
    let public: Value = c.get(format!("{url}?year=2007")).send().await.unwrap().json().await.unwrap();
    assert!(public["activities"].as_u64().unwrap() < live as u64, "{}", public["activities"]);

    // Bad input names the parameter.
    for (q, field) in [
        ("year=20x7", "year"),
        ("from=2007-05-01&to=2007-04-01", "to"),
        ("format=xml", "format"),
        ("from=yesterday", "from"),
    ] {
        let r = c.get(format!("{url}?{q}")).bearer_auth(&tok).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["fields"][0]["field"], field, "{q}: {e}");
    }
    assert_eq!(
        c.get(format!("{base}/api/v1/groups/nope/coverage")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // The page: the gaps in words and a heat-map per pillar, with the numbers written.
    let page = c.get(format!("{base}/groups/kz-tip/gaps?year=2007")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Coverage and gaps") && html.contains("No activity at all in Akmola region in 2007"));
    assert!(html.contains("id=\"pillar-prevention\"") && html.contains("<caption>"), "heat-maps");
    let bad = c.get(format!("{base}/groups/kz-tip/gaps?year=nope")).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
