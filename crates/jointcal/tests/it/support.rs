//! Test harness: fresh databases, services with a controlled clock and ids, and
//! the app on port 0.

use chrono::{TimeZone, Utc};
use jointcal::Services;
use jointcal_db::Db;
use jointcal_domain::clock::FixedClock;
use jointcal_domain::ids::SequentialIds;
use std::sync::Arc;

/// A fresh database of one backend, removed when dropped.
pub struct TestDb {
    pub db: Db,
    #[allow(dead_code)]
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let db = Db::connect(&url).await.expect("open sqlite");
        db.migrate().await.expect("migrate sqlite");
        TestDb { db, url, _dir: Some(dir), pg: None }
    }

    /// A fresh PostgreSQL database made from `JOINTCAL_TEST_PG`, or None when unset.
    pub async fn postgres() -> Option<TestDb> {
        let Some(admin) = std::env::var("JOINTCAL_TEST_PG").ok().filter(|s| !s.is_empty()) else {
            // On CI a skipped half of the storage contract would pass unseen.
            assert!(
                std::env::var("CI").map_or(true, |v| v.is_empty()),
                "CI must set JOINTCAL_TEST_PG: the PostgreSQL tests would be skipped"
            );
            return None;
        };
        let name = format!("jc_test_{}", uuid::Uuid::now_v7().simple());
        let admin_db = Db::connect(&admin).await.expect("JOINTCAL_TEST_PG must name a reachable PostgreSQL");
        if let Db::Postgres { pool, .. } = &admin_db {
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(pool).await.expect("create test database");
        }
        admin_db.close().await;
        let url = replace_db_name(&admin, &name);
        let db = Db::connect(&url).await.expect("open test database");
        db.migrate().await.expect("migrate postgres");
        Some(TestDb { db, url, _dir: None, pg: Some((admin, name)) })
    }

    pub fn services(&self) -> Services {
        services_on(self.db.clone())
    }
}

/// The test clock's start: 15 August 2007, 10:00 in Almaty.
pub fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2007, 8, 15, 4, 0, 0).single().expect("valid time")
}

pub fn services_on(db: Db) -> Services {
    Services::new(db, Arc::new(FixedClock::new(t0())), Arc::new(SequentialIds::default()))
}

/// A second server's services on the same database: its ids count from elsewhere,
/// as two real servers' random ids never meet.
pub fn second_server_on(db: Db) -> Services {
    Services::new(db, Arc::new(FixedClock::new(t0())), Arc::new(SequentialIds::starting_at(1 << 40)))
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let cut = base.rfind('/').filter(|i| *i > base.find("://").map_or(0, |p| p + 2)).unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..cut], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside async: a small runtime of its own removes the database.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let db = Db::connect(&admin).await.ok()?;
                    if let Db::Postgres { pool, .. } = &db {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(pool).await;
                    }
                    db.close().await;
                    Some(())
                })
            })
            .join();
        }
    }
}

/// Runs the app on a loopback port chosen by the system; returns its base URL,
/// which is also the app's public URL.
pub async fn spawn_app(services: Services) -> String {
    spawn_app_with(services, |_| {}).await
}

/// The same, with settings changed by `configure` (given the base URL as public URL).
pub async fn spawn_app_with(services: Services, configure: impl FnOnce(&mut jointcal::web::WebConfig)) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let mut config = jointcal::web::WebConfig { public_url: format!("http://{addr}"), ..Default::default() };
    configure(&mut config);
    tokio::spawn(async move {
        let _ = jointcal::web::serve(listener, services, config).await;
    });
    format!("http://{addr}")
}

/// Declares each storage-contract test twice: on SQLite, and on PostgreSQL when
/// `JOINTCAL_TEST_PG` is set (otherwise the PostgreSQL copy says it skipped).
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let t = $crate::support::TestDb::sqlite().await;
                    super::$name(&t).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(t) = $crate::support::TestDb::postgres().await else {
                        eprintln!("skipped: set JOINTCAL_TEST_PG to run the PostgreSQL storage tests");
                        return;
                    };
                    super::$name(&t).await;
                }
            )*
        }
    };
}
