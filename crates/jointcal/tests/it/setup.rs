//! The first run: a database without an admin offers the setup link; one form
//! creates the admin, the first group and the admin's coordinator membership,
//! checking every field before writing anything; it works once.

use crate::on_both_databases;
use crate::support::TestDb;
use jointcal::services::FirstRun;
use jointcal::ServiceError;
use jointcal_domain::access::Viewer;
use jointcal_domain::group::GroupInput;
use jointcal_domain::vocab::MemberRole;

on_both_databases!(the_first_run_creates_the_admin_and_a_group_once);

fn first_run() -> FirstRun {
    FirstRun {
        email: "admin@example.org".into(),
        display_name: "Aigerim".into(),
        password: "a long enough password".into(),
        password_again: "a long enough password".into(),
        group: GroupInput {
            slug: "kz-tip".into(),
            name: "Donor coordination".into(),
            country: "KZ".into(),
            timezone: "Asia/Almaty".into(),
            ..GroupInput::default()
        },
    }
}

async fn the_first_run_creates_the_admin_and_a_group_once(t: &TestDb) {
    let s = t.services();
    assert!(s.needs_setup().await.unwrap());
    // Every problem at once, and nothing written.
    let mut bad = first_run();
    bad.password_again = "something else entirely".into();
    bad.email = "not an address".into();
    bad.group.slug = "Not A Slug".into();
    let Err(ServiceError::Invalid(e)) = s.first_run(&bad).await else { panic!("refused") };
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["email", "password_again", "group.slug"], "{e}");
    assert!(s.list_users().await.unwrap().is_empty() && s.list_groups().await.unwrap().is_empty());

    let group = s.first_run(&first_run()).await.unwrap();
    let admin = s.user_by_email("admin@example.org").await.unwrap();
    assert!(admin.is_admin);
    let members = s.members(&Viewer::SYSTEM, &group).await.unwrap();
    assert_eq!(members.iter().map(|m| (m.user.id, m.role)).collect::<Vec<_>>(), [(admin.id, MemberRole::Coordinator)]);
    assert!(!s.needs_setup().await.unwrap());
    assert!(matches!(s.first_run(&first_run()).await, Err(ServiceError::Conflict(_))), "once");
}

/// `serve` on an empty database prints the link; with an admin it does not.
#[tokio::test]
async fn the_server_offers_the_setup_link_until_there_is_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("j.db").display());
    let flags = jointcal::config::Overrides {
        database: Some(url.clone()),
        bind: Some("127.0.0.1:0".into()),
        ..Default::default()
    };
    let config = jointcal::config::Config::load(&|_| None, &flags).unwrap();
    let app = jointcal::startup::Application::build(&config).await.unwrap();
    let link = app.report().setup_link.clone().expect("a setup link");
    assert!(link.starts_with(&format!("http://127.0.0.1:{}/setup/", app.port())) && link.len() > 80, "{link}");
    let db = jointcal_db::Db::connect(&url).await.unwrap();
    let s = jointcal::startup::services(db, std::sync::Arc::new(jointcal::clock::SystemClock));
    s.first_run(&first_run()).await.unwrap();
    drop(app);
    let again = jointcal::startup::Application::build(&config).await.unwrap();
    assert!(again.report().setup_link.is_none());
}
