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

on_both_databases!(the_first_run_creates_the_admin_and_a_group_once, an_invitation_opens_an_account_once_within_a_week,);

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

/// A coordinator's invitation: a new account with a one-time link that expires; a
/// person with an account is only made a member; viewers cannot invite.
async fn an_invitation_opens_an_account_once_within_a_week(t: &TestDb) {
    use jointcal::services::Invitation;
    use jointcal_domain::audit::Actor;
    let s = t.services();
    let w = crate::authz::world(&s).await;
    let coordinator = s.user_by_email("coordinator@example.org").await.unwrap();
    let as_coordinator = s
        .viewer_for(w.principals.iter().find_map(|(_, p)| p.as_ref().filter(|p| p.user.id == coordinator.id)), &w.g1)
        .await
        .unwrap();
    let actor = Actor::User { id: coordinator.id };
    let who = Invitation {
        email: "dana@undp.example.org".into(),
        display_name: "Dana".into(),
        org: None,
        role: MemberRole::Editor,
    };
    let viewer = s
        .viewer_for(
            w.principals.iter().find_map(|(_, p)| p.as_ref().filter(|p| p.user.email == "viewer@example.org")),
            &w.g1,
        )
        .await
        .unwrap();
    assert!(matches!(s.invite(&viewer, &actor, &w.g1, &who).await, Err(ServiceError::Denied(_))));
    let invited = s.invite(&as_coordinator, &actor, &w.g1, &who).await.unwrap();
    let (token, expires) = invited.link.clone().expect("a new account gets a link");
    assert_eq!(expires, crate::support::t0() + chrono::Duration::days(7));
    assert_eq!(s.invitation(&token).await.unwrap().email, "dana@undp.example.org");
    // The random password nobody knows does not sign in; a short one is refused.
    let Err(ServiceError::Invalid(e)) = s.accept_invitation(&token, "Dana N.", "short", "short").await else {
        panic!("a short password is refused")
    };
    assert_eq!(e.fields[0].field, "password");
    let user =
        s.accept_invitation(&token, "Dana N.", "a long enough password", "a long enough password").await.unwrap();
    assert_eq!(user.display_name, "Dana N.");
    assert!(s.login("dana@undp.example.org", "a long enough password", None, "127.0.0.1", None).await.is_ok());
    assert!(matches!(s.invitation(&token).await, Err(ServiceError::NotFound(_))), "once");
    let members = s.members(&jointcal_domain::access::Viewer::SYSTEM, &w.g1).await.unwrap();
    assert!(members.iter().any(|m| m.user.id == user.id && m.role == MemberRole::Editor));
    // Someone with an account is made a member, without a link.
    let again = s.invite(&as_coordinator, &actor, &w.g2, &who).await.unwrap();
    assert!(again.link.is_none() && again.user.id == user.id);
    // A link expires after a week.
    let late = Invitation { email: "late@example.org".into(), ..who };
    let (token, _) = s.invite(&as_coordinator, &actor, &w.g1, &late).await.unwrap().link.unwrap();
    let next_week = jointcal::Services::new(
        t.db.clone(),
        std::sync::Arc::new(jointcal_domain::clock::FixedClock::new(crate::support::t0() + chrono::Duration::days(8))),
        std::sync::Arc::new(jointcal_domain::ids::SequentialIds::default()),
    );
    assert!(matches!(next_week.invitation(&token).await, Err(ServiceError::NotFound(_))));
}
