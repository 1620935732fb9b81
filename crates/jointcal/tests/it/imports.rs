//! Imports and exports through the services and the real readers and writers: every
//! IATI file of `shared/data/iati` with its count checked against an independent count
//! of the XML, re-import as a no-op, updates in place, the 3W sample, export → import
//! round trips, and each kind of bad input.

use crate::on_both_databases;
use crate::support::TestDb;
use jointcal::formats::ExportFormat;
use jointcal::imports::{self, Importing, Input, RunOptions};
use jointcal::services::{ImportReport, OnError, Outcome};
use jointcal::Services;
use jointcal_db::ActivityFilter;
use jointcal_domain::access::Viewer;
use jointcal_domain::audit::{Actor, EntityKind};
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::vocab::{ActivityKind, Vocabulary};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

on_both_databases!(
    every_iati_file_imports_with_its_count_and_again_changes_nothing,
    a_changed_activity_is_updated_in_place_and_a_deleted_one_left_alone,
    the_3w_sample_and_the_round_trips,
    bad_input_is_reported_and_loses_nothing,
);

/// `shared/data` beside the repository (CI lays it there).
pub fn shared_data() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(p.is_dir(), "the shared data must be at {} (beside the repository)", p.display());
    p
}

async fn new_group(s: &Services, slug: &str) -> Group {
    let input = GroupInput {
        slug: slug.into(),
        name: format!("Group {slug}"),
        country: "KZ".into(),
        timezone: "Asia/Almaty".into(),
        languages: vec!["en".into(), "ru".into()],
        ..Default::default()
    };
    s.create_group(&Viewer::SYSTEM, &Actor::Cli, &input).await.unwrap();
    s.group_by_slug(slug).await.unwrap()
}

fn opts(on_error: OnError, dry_run: bool) -> RunOptions {
    RunOptions {
        dry_run,
        on_error,
        countries: Vec::new(),
        sectors: Vec::new(),
        default_kind: ActivityKind::LegalPolicySupport,
        mapping: HashMap::new(),
    }
}

async fn import_paths(s: &Services, g: &Group, paths: &[PathBuf], o: &RunOptions) -> ImportReport {
    let inputs: Vec<Input> = paths
        .iter()
        .map(|p| Input { name: p.file_name().unwrap().to_string_lossy().into_owned(), path: p.clone(), format: None })
        .collect();
    let job = Importing { services: s, viewer: &Viewer::SYSTEM, actor: &Actor::Cli, group: g };
    imports::run(&job, &inputs, o, None).await.unwrap()
}

/// Imports bytes written to a file of that name.
async fn import_bytes(s: &Services, g: &Group, name: &str, bytes: &[u8], o: &RunOptions) -> ImportReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    import_paths(s, g, &[path], o).await
}

/// `<iati-activity` start tags, counted without an XML parser.
fn count_start_tags(xml: &[u8]) -> usize {
    let tag = b"<iati-activity";
    xml.windows(tag.len() + 1)
        .filter(|w| &w[..tag.len()] == tag && matches!(w[tag.len()], b' ' | b'>' | b'\n' | b'\r' | b'\t' | b'/'))
        .count()
}

async fn audit_count(s: &Services, g: &Group) -> usize {
    s.db.audit_for_group(g.id, None, 100_000).await.unwrap().len()
}

async fn every_iati_file_imports_with_its_count_and_again_changes_nothing(t: &TestDb) {
    let s = t.services();
    let g = new_group(&s, "iati").await;
    let data = shared_data().join("iati");
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in [data.clone(), data.join("eval")] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        here.sort();
        paths.extend(here);
    }
    assert_eq!(paths.len(), 10, "{paths:?}");
    let expected: usize = paths.iter().map(|p| count_start_tags(&std::fs::read(p).unwrap())).sum();
    assert_eq!(expected, 1000);

    let r = import_paths(&s, &g, &paths, &opts(OnError::Skip, false)).await;
    assert_eq!(r.records, expected, "every activity of the files is a record");
    assert_eq!(r.created + r.rejected + r.duplicates + r.filtered, expected);
    assert!(r.created >= 990, "{} created", r.created);
    assert!(r.written && r.batch.is_some());
    for p in &r.problems {
        assert!(p.at.line.is_some() && !p.reason.is_empty() && p.at.file.ends_with(".xml"), "{p}");
    }
    let stored = s.count_activities(&Viewer::SYSTEM, &g).await.unwrap();
    assert_eq!(stored as usize, r.created);
    // What was guessed is said: every IATI record notes its kind.
    assert!(r
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Create)
        .all(|l| l.notes.iter().any(|n| n.starts_with("kind "))));
    // The audit log names the import: each activity's event is the batch's.
    let events = s.db.audit_for_group(g.id, None, 100_000).await.unwrap();
    let batch = r.batch.unwrap();
    let of_batch = events.iter().filter(|e| e.actor == Actor::Import { batch }).count();
    assert_eq!(of_batch, r.created);
    assert_eq!(events.iter().filter(|e| e.entity_type == EntityKind::ImportBatch).count(), 2, "started, finished");

    // Again: nothing changes, no new version, no audit noise.
    let before = audit_count(&s, &g).await;
    let again = import_paths(&s, &g, &paths, &opts(OnError::Skip, false)).await;
    assert_eq!(
        (again.created, again.updated),
        (0, 0),
        "{:?}",
        again.lines.iter().find(|l| l.outcome != Outcome::Unchanged)
    );
    assert_eq!(again.unchanged, r.created);
    assert_eq!(again.rejected, r.rejected);
    assert!(!again.written);
    assert_eq!(audit_count(&s, &g).await, before, "a no-op import writes no audit event");

    // The filters: only Kazakhstan.
    let g2 = new_group(&s, "iati-kz").await;
    let mut o = opts(OnError::Skip, true);
    o.countries = vec!["KZ".into()];
    let kz = import_paths(&s, &g2, &paths, &o).await;
    assert!(kz.created > 0 && kz.filtered > 900, "{} created, {} filtered", kz.created, kz.filtered);
    assert_eq!(s.count_activities(&Viewer::SYSTEM, &g2).await.unwrap(), 0, "a dry run writes nothing");
}

const TWO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="USD" xml:lang="EN">
  <iati-identifier>XM-DAC-47066-KZ-1</iati-identifier>
  <reporting-org ref="XM-DAC-47066" type="40"><narrative>International Organization for Migration</narrative></reporting-org>
  <title><narrative>Training for border guards on victim identification</narrative><narrative xml:lang="ru">Тренинг для пограничников</narrative></title>
  <description type="1"><narrative>Three days at Merke.</narrative></description>
  <participating-org role="1" ref="US-GOV-1" type="10"><narrative>USAID</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2007-09-03"/><activity-date type="3" iso-date="2007-09-05"/>
  <recipient-country code="KZ"/>
  <location><name><narrative>Zhambyl region</narrative></name></location>
  <sector vocabulary="1" code="15190"/>
  <budget type="1"><period-start iso-date="2007-09-01"/><period-end iso-date="2007-09-30"/><value>12000</value></budget>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-DAC-47066-KZ-2</iati-identifier>
  <reporting-org ref="XM-DAC-47066" type="40"><narrative>IOM</narrative></reporting-org>
  <title><narrative>Hotline for victims</narrative></title>
  <activity-date type="2" iso-date="2007-01-01"/>
 </iati-activity>
</iati-activities>
"#;

async fn a_changed_activity_is_updated_in_place_and_a_deleted_one_left_alone(t: &TestDb) {
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let o = opts(OnError::Abort, false);
    let r = import_bytes(&s, &g, "two.xml", TWO.as_bytes(), &o).await;
    assert_eq!((r.created, r.rejected), (2, 0), "{:?}", r.problems);
    assert!(r.orgs_created.is_empty(), "IOM and USAID are the demo's: {:?}", r.orgs_created);
    let list = s
        .list_activities(
            &Viewer::SYSTEM,
            &g,
            &ActivityFilter { q: Some("border guards on victim".into()), ..Default::default() },
        )
        .await
        .unwrap();
    let a = &list[0].activity;
    let f = &a.fields;
    assert_eq!(f.iati_identifier.as_deref(), Some("XM-DAC-47066-KZ-1"));
    assert_eq!(f.kind.code(), "training");
    assert_eq!(f.locations.iter().filter_map(|l| l.subdivision.as_deref()).collect::<Vec<_>>(), ["KZ-31"]);
    assert_eq!(f.budget.as_ref().map(|b| (b.amount.as_str(), b.currency.as_str())), Some(("12000", "USD")));
    assert_eq!(f.title.versions.len(), 2);
    assert_eq!(a.version, 1);

    // A coordinator gives it target groups; the file does not own them.
    let mut input = f.to_input();
    input.target_groups = vec!["border_guards".into()];
    s.update_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, jointcal::services::IfMatch::Unchecked, &input)
        .await
        .unwrap();

    let changed = TWO.replace("Three days at Merke.", "Four days at Merke.");
    let r2 = import_bytes(&s, &g, "two.xml", changed.as_bytes(), &o).await;
    assert_eq!((r2.created, r2.updated, r2.unchanged), (0, 1, 1), "{:?}", r2.lines);
    let after = s.get_activity(&Viewer::SYSTEM, &g, a.id).await.unwrap();
    assert_eq!(after.activity.version, 3);
    assert_eq!(
        after.activity.fields.description.as_ref().unwrap().versions.values().next().unwrap(),
        "Four days at Merke."
    );
    assert_eq!(after.activity.fields.target_groups.len(), 1, "the coordinator's target groups survive");
    let history = s.activity_history(&Viewer::SYSTEM, &g, a.id).await.unwrap();
    assert_eq!(history.last().map(|e| e.actor.clone()), Some(Actor::Import { batch: r2.batch.unwrap() }));

    // Deleted in jointcal: the file does not bring it back.
    s.delete_activity(&Viewer::SYSTEM, &Actor::Cli, &g, a.id, jointcal::services::IfMatch::Unchecked).await.unwrap();
    let r3 = import_bytes(&s, &g, "two.xml", changed.as_bytes(), &o).await;
    assert_eq!((r3.created, r3.left_alone, r3.unchanged), (0, 1, 1));
    assert!(r3.lines.iter().any(|l| l.outcome == Outcome::LeftAlone && l.text.contains("deleted in jointcal")));
}

/// The activities of a group as comparable values: the export's JSON without what
/// the server makes, organizations by acronym.
async fn comparable(s: &Services, g: &Group) -> Vec<serde_json::Value> {
    let (list, orgs) = s.export_activities(&Viewer::SYSTEM, g, &ActivityFilter::default()).await.unwrap();
    let mut out: Vec<serde_json::Value> = list
        .iter()
        .map(|v| {
            let mut j = v.to_json();
            let o = j.as_object_mut().unwrap();
            for k in ["id", "group_id", "version", "sequence", "created_at", "updated_at", "fingerprint"] {
                o.remove(k);
            }
            for org in o.get_mut("organizations").unwrap().as_array_mut().unwrap() {
                let id: jointcal_domain::ids::OrgId = org["org"].as_str().unwrap().parse().unwrap();
                org["org"] = orgs[&id].fields.acronym.clone().into();
            }
            j
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

async fn the_3w_sample_and_the_round_trips(t: &TestDb) {
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let sheet = shared_data().join("3w/kz-tip-2024-illustrative-hxl.csv");
    let r = import_paths(&s, &g, std::slice::from_ref(&sheet), &opts(OnError::Abort, false)).await;
    assert_eq!((r.records, r.created, r.rejected, r.duplicates), (32, 32, 0, 0), "{:?}", r.problems);
    let a = s.db.activity_by_ref(g.id, "KZ24-06").await.unwrap();
    let f = &a.fields;
    assert_eq!(f.kind.code(), "training_of_trainers", "the sheet's own kind");
    assert_eq!(f.target_groups.iter().map(|t| t.code()).collect::<Vec<_>>(), ["police", "trainers"]);
    assert!(f.locations.iter().all(|l| l.country.as_deref() == Some("KZ")));
    let again = import_paths(&s, &g, std::slice::from_ref(&sheet), &opts(OnError::Abort, false)).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 32));

    // IATI out, and into another group: the same activities (the places of sensitive
    // ones at region level, as IATI files are for publishing).
    let (list, orgs) = s.export_activities(&Viewer::SYSTEM, &g, &ActivityFilter::default()).await.unwrap();
    let xml = jointcal::formats::export(ExportFormat::Iati, &g, &list, &orgs, "en", s.now()).unwrap();
    assert_eq!(count_start_tags(&xml), list.len());
    let same = import_bytes(&s, &g, "export.xml", &xml, &opts(OnError::Abort, false)).await;
    assert_eq!((same.created, same.updated, same.unchanged), (0, 0, list.len()), "{:?}", same.problems);
    let other = new_group(&s, "copy").await;
    let r = import_bytes(&s, &other, "export.xml", &xml, &opts(OnError::Abort, false)).await;
    assert_eq!((r.created, r.rejected), (list.len(), 0), "{:?}", r.problems);
    let mut here = comparable(&s, &g).await;
    let mut there = comparable(&s, &other).await;
    let sensitive_places = |v: &mut Vec<serde_json::Value>| {
        for a in v.iter_mut() {
            if a["sensitive"] == true {
                for l in a["locations"].as_array_mut().unwrap() {
                    let o = l.as_object_mut().unwrap();
                    o.retain(|k, _| k == "country" || k == "subdivision" || k == "online");
                }
            }
        }
        v.sort_by_key(|x| x.to_string());
    };
    sensitive_places(&mut here);
    sensitive_places(&mut there);
    assert_eq!(here.len(), there.len());
    for (a, b) in here.iter().zip(&there) {
        assert_eq!(a, b);
    }

    // JSON out and in: everything, places included.
    let json = jointcal::formats::export(ExportFormat::Json, &g, &list, &orgs, "en", s.now()).unwrap();
    let third = new_group(&s, "json-copy").await;
    let r = import_bytes(&s, &third, "export.json", &json, &opts(OnError::Abort, false)).await;
    assert_eq!((r.created, r.rejected), (list.len(), 0), "{:?}", r.problems);
    assert_eq!(comparable(&s, &g).await, comparable(&s, &third).await);
    let same = import_bytes(&s, &g, "export.json", &json, &opts(OnError::Abort, false)).await;
    assert_eq!(same.unchanged, list.len());

    // The 3W sheet out and in again: the sample's activities come back the same.
    let sample: Vec<_> = list
        .iter()
        .filter(|v| v.activity.fields.external_ref.as_deref().is_some_and(|r| r.starts_with("KZ24-")))
        .cloned()
        .collect();
    let csv = jointcal::formats::export(ExportFormat::Csv, &g, &sample, &orgs, "en", s.now()).unwrap();
    let fourth = new_group(&s, "sheet-copy").await;
    let r = import_bytes(&s, &fourth, "export.csv", &csv, &opts(OnError::Abort, false)).await;
    assert_eq!((r.created, r.rejected), (32, 0), "{:?}", r.problems);
    let sheet_group = new_group(&s, "sheet").await;
    import_paths(&s, &sheet_group, &[sheet], &opts(OnError::Abort, false)).await;
    assert_eq!(comparable(&s, &sheet_group).await, comparable(&s, &fourth).await);

    // The same as Excel.
    let xlsx = jointcal::formats::export(ExportFormat::Xlsx, &g, &sample, &orgs, "en", s.now()).unwrap();
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    let fifth = new_group(&s, "excel-copy").await;
    let r = import_bytes(&s, &fifth, "export.xlsx", &xlsx, &opts(OnError::Abort, false)).await;
    assert_eq!((r.created, r.rejected), (32, 0), "{:?}", r.problems);
    assert_eq!(comparable(&s, &sheet_group).await, comparable(&s, &fifth).await);
}

async fn bad_input_is_reported_and_loses_nothing(t: &TestDb) {
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let g = s.group_by_slug("kz-tip").await.unwrap();
    let count = || async { s.count_activities(&Viewer::SYSTEM, &g).await.unwrap() };
    let start = count().await;
    let abort = opts(OnError::Abort, false);
    let skip = opts(OnError::Skip, false);

    // Truncated XML: the good activity before the cut and the fault with its line.
    let cut = &TWO[..TWO.find("<title><narrative>Hotline").unwrap()];
    let r = import_bytes(&s, &g, "cut.xml", cut.as_bytes(), &abort).await;
    assert_eq!(r.rejected, 1);
    assert!(r.problems[0].reason.contains("ends inside") && r.problems[0].at.file == "cut.xml", "{:?}", r.problems);
    assert!(!r.written);
    assert_eq!(count().await, start, "abort: nothing written");
    let r = import_bytes(&s, &g, "cut.xml", cut.as_bytes(), &skip).await;
    assert_eq!((r.created, r.rejected), (1, 1));
    assert_eq!(count().await, start + 1, "skip: the good one written");

    // Malformed XML names its line.
    let bad = TWO.replace("<activity-status code=\"2\"/>", "<activity-status code=\"2\">");
    let r = import_bytes(&s, &g, "bad.xml", bad.as_bytes(), &abort).await;
    assert!(r.problems.iter().any(|p| p.reason.contains("not well-formed XML at line")), "{:?}", r.problems);

    // UTF-16 with a byte order mark, and a declared windows-1251: read as they are.
    let mut utf16 = vec![0xff, 0xfe];
    for u in TWO.replace("KZ-1", "U16-1").replace("KZ-2", "U16-2").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = import_bytes(&s, &g, "utf16.xml", &utf16, &abort).await;
    assert_eq!((r.created, r.rejected), (2, 0), "{:?}", r.problems);
    let cp1251_text = TWO.replace("UTF-8", "windows-1251").replace("KZ-1", "CP-1").replace("KZ-2", "CP-2");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&cp1251_text);
    let r = import_bytes(&s, &g, "cp1251.xml", &bytes, &abort).await;
    assert_eq!((r.created, r.rejected), (2, 0), "{:?}", r.problems);
    let ru = s.db.activities_by_keys(g.id, &["XM-DAC-47066-CP-1".to_string()], &[]).await.unwrap();
    assert_eq!(ru[0].fields.title.versions.values().nth(1).map(String::as_str), Some("Тренинг для пограничников"));

    // An XML bomb is not expanded, an external entity not fetched.
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>BOMB-1</iati-identifier><reporting-org ref="XM-DAC-47066" type="40"><narrative>IOM</narrative></reporting-org><title><narrative>&lol3; &ext;</narrative></title><activity-date type="1" iso-date="2007-09-01"/></iati-activity></iati-activities>"#;
    let r = import_bytes(&s, &g, "bomb.xml", bomb.as_bytes(), &skip).await;
    assert_eq!(r.created + r.rejected, 1, "{:?}", r);
    let stored = s.db.activities_by_keys(g.id, &["BOMB-1".to_string()], &[]).await.unwrap();
    if let Some(a) = stored.first() {
        let title = a.fields.title.versions.values().next().unwrap();
        assert!(title.len() < 100 && !title.contains("root:"), "{title}");
    }

    // A sheet without the needed columns; a day that does not exist; a file that is not
    // what its name says; an Excel file.
    let r = import_bytes(&s, &g, "cols.csv", b"#activity,#date+start\nA,2024-01-01\n", &abort).await;
    assert!(r.problems[0].reason.contains("no column for the organization"), "{:?}", r.problems);
    let r =
        import_bytes(&s, &g, "day.csv", b"#activity+code,#activity,#org,#date+start\nD-1,One,IOM,2024-02-30\n", &abort)
            .await;
    assert_eq!(r.problems[0].to_string(), "day.csv:2 (D-1) #date+start: '2024-02-30' is not a day of the calendar");
    let r = import_bytes(&s, &g, "sheet.xml", b"ID,Title\n#activity+code,#activity\n", &abort).await;
    assert!(r.problems[0].reason.contains("said to be iati but its first bytes look like csv"), "{:?}", r.problems);
    let r = import_bytes(&s, &g, "sheet.xlsx", b"PK\x03\x04\x14\x00\x00\x00", &abort).await;
    assert!(r.problems[0].reason.contains("Excel"), "{:?}", r.problems);
    let r = import_bytes(&s, &g, "sheet.xlsx", b"#activity,#org\nA,IOM\n", &abort).await;
    assert!(r.problems[0].reason.contains("said to be xlsx"), "{:?}", r.problems);
    // A zip bomb: 64 MB of zeros packed into a few kilobytes is refused unread.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    bomb.start_file("xl/worksheets/sheet1.xml", deflate).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..64 {
        std::io::Write::write_all(&mut bomb, &zeros).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
    let r = import_bytes(&s, &g, "bomb.xlsx", &bomb, &abort).await;
    assert!(r.problems[0].reason.contains("zip bomb"), "{:?}", r.problems);
    // Several problems at once: all listed, nothing written.
    let many = "#activity+code,#activity,#org,#date+start,#beneficiary+code\nM-1,Good,IOM,2024-02-01,\nM-2,Bad,IOM,2024-13-01,\nM-3,Worse,IOM,2024-02-01,astronauts\n";
    let r = import_bytes(&s, &g, "many.csv", many.as_bytes(), &abort).await;
    assert_eq!(r.rejected, 2, "{:?}", r.problems);
    assert!(!r.written);
    assert!(s.db.activity_by_ref(g.id, "M-1").await.is_err(), "abort: not even the good row");
    let r = import_bytes(&s, &g, "many.csv", many.as_bytes(), &skip).await;
    assert_eq!((r.created, r.rejected), (1, 2));
    assert!(s.db.activity_by_ref(g.id, "M-1").await.is_ok());
}

/// The API: a coordinator uploads the 3W sample (dry run, then for real, then again),
/// an editor's upload may not add organizations, a viewer's is refused, a file over the
/// limit gets 413, and the export comes in each format for what the reader may see.
#[tokio::test]
async fn imports_and_exports_over_http() {
    use reqwest::StatusCode;
    let t = TestDb::sqlite().await;
    let s = t.services();
    jointcal::demo::load_demo(&s).await.unwrap();
    let token = |email: &'static str| {
        let s = s.clone();
        async move {
            let u = s.user_by_email(email).await.unwrap();
            s.create_token(&Viewer::SYSTEM, &Actor::Cli, u.id, "test", None).await.unwrap().1
        }
    };
    let coordinator = token("coordinator@demo.example.org").await;
    let editor = token("iom@demo.example.org").await;
    let viewer = token("guest@demo.example.org").await;
    let base = crate::support::spawn_app_with(s.clone(), |c| c.max_import_bytes = 64 * 1024).await;
    let c = reqwest::Client::new();
    let url = format!("{base}/api/v1/groups/kz-tip/imports");
    let sheet = std::fs::read(shared_data().join("3w/kz-tip-2024-illustrative-hxl.csv")).unwrap();

    let r = c
        .post(format!("{url}?dry_run=true&name=kz.csv"))
        .bearer_auth(&coordinator)
        .body(sheet.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let report: serde_json::Value = r.json().await.unwrap();
    assert_eq!((report["created"].as_u64(), report["written"].as_bool()), (Some(32), Some(false)));
    assert_eq!(report["lines"][0]["at"]["file"], "kz.csv");
    assert!(s.db.activity_by_ref(g_id(&s).await, "KZ24-01").await.is_err(), "a dry run writes nothing");

    // An editor of IOM: the rows of other organizations are refused, and with abort nothing is written.
    let r = c.post(&url).bearer_auth(&editor).body(sheet.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let report: serde_json::Value = r.json().await.unwrap();
    assert!(report["rejected"].as_u64().unwrap() > 20, "{report}");
    assert!(
        report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["reason"].as_str().unwrap().contains("only a coordinator's import adds organizations")),
        "{report}"
    );
    let r = c.post(&url).bearer_auth(&viewer).body(sheet.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c.post(&url).body(sheet.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = c.post(&url).bearer_auth(&coordinator).body(sheet.clone()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let report: serde_json::Value = r.json().await.unwrap();
    assert_eq!((report["created"].as_u64(), report["written"].as_bool()), (Some(32), Some(true)), "{report}");
    let r = c.post(&url).bearer_auth(&coordinator).body(sheet.clone()).send().await.unwrap();
    let report: serde_json::Value = r.json().await.unwrap();
    assert_eq!((report["created"].as_u64(), report["unchanged"].as_u64()), (Some(0), Some(32)));

    // Bad requests.
    let big = vec![b'#'; 70 * 1024];
    let r = c.post(&url).bearer_auth(&coordinator).body(big).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(e["error"]["message"].as_str().unwrap().contains("larger than this server takes"), "{e}");
    let r = c.post(format!("{url}?format=pdf")).bearer_auth(&coordinator).body("x").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = c.post(&url).bearer_auth(&coordinator).body("").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Exports: the coordinator's has everything, an anonymous reader's the public part.
    let ex = format!("{base}/api/v1/groups/kz-tip/export");
    let r = c.get(format!("{ex}?format=iati")).bearer_auth(&coordinator).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("kz-tip-activities.xml"));
    let all = count_start_tags(&r.bytes().await.unwrap());
    let public = count_start_tags(&c.get(format!("{ex}?format=iati")).send().await.unwrap().bytes().await.unwrap());
    assert!(public < all && public > 0, "{public} of {all}");
    let r = c.get(format!("{ex}?format=csv&kind=training")).bearer_auth(&coordinator).send().await.unwrap();
    let text = r.text().await.unwrap();
    assert!(text.lines().nth(1).unwrap().starts_with("#activity+code,#activity+name"));
    assert!(text.lines().skip(2).all(|l| l.contains(",training,")), "{text}");
    let r = c.get(format!("{ex}?format=json&org=IOM")).bearer_auth(&coordinator).send().await.unwrap();
    let j: serde_json::Value = r.json().await.unwrap();
    assert!(!j["activities"].as_array().unwrap().is_empty());
    assert!(j["organizations"].as_array().unwrap().iter().any(|o| o["acronym"] == "IOM"));
    assert_eq!(c.get(&ex).send().await.unwrap().status(), StatusCode::BAD_REQUEST, "format is required");
    assert_eq!(c.get(format!("{ex}?format=iati&kind=dancing")).send().await.unwrap().status(), StatusCode::BAD_REQUEST);
}

async fn g_id(s: &Services) -> jointcal_domain::ids::GroupId {
    s.group_by_slug("kz-tip").await.unwrap().id
}
