//! Synthetic data for benchmarks: a group with N activities over ten years with
//! realistic durations (most a day or a week, some multi-year programmes), regions,
//! audiences and titles in English, Russian and Kazakh. Seeded, so reproducible.

use crate::services::{ServiceError, Services};
use chrono::{Duration, NaiveDate};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::{Activity, ActivityInput, OrgRefInput};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::geo::Location;
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::ids::ActivityId;
use jointcal_domain::org::OrgInput;
use jointcal_domain::schedule::DatesInput;
use jointcal_domain::vocab::{ActivityKind, TargetGroup, Vocabulary};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

const REGIONS: [&str; 17] = [
    "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-35", "KZ-39", "KZ-43", "KZ-47", "KZ-55", "KZ-59",
    "KZ-61", "KZ-63", "KZ-71", "KZ-75", "KZ-79",
];

const TITLES: [(&str, &str, &str); 8] = [
    (
        "Training for {} on identifying victims",
        "Тренинг для {} по выявлению жертв",
        "{} үшін құрбандарды анықтау тренингі",
    ),
    (
        "Awareness campaign on safe migration for {}",
        "Информационная кампания о безопасной миграции для {}",
        "{} үшін қауіпсіз көші-қон туралы науқан",
    ),
    ("Round table with {} on referral", "Круглый стол с {} по перенаправлению", "{} қатысуымен дөңгелек үстел"),
    ("Assessment of risks among {}", "Оценка рисков среди {}", "{} арасындағы тәуекелдерді бағалау"),
    (
        "Workshop on labour exploitation for {}",
        "Семинар по трудовой эксплуатации для {}",
        "{} үшін еңбек қанауы жөніндегі семинар",
    ),
    ("Study visit of {}", "Ознакомительный визит {}", "{} ознакомдық сапары"),
    ("Hotline outreach to {}", "Работа горячей линии с {}", "{} үшін сенім телефоны"),
    ("Conference on trafficking with {}", "Конференция по торговле людьми с {}", "{} қатысуымен конференция"),
];

/// A reproducible activity input number `i` of a synthetic group.
pub fn synthetic_input(rng: &mut StdRng, i: usize, orgs: &[String]) -> ActivityInput {
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default() + Duration::days(rng.random_range(0..3650));
    let r: f64 = rng.random();
    let days = if r < 0.55 {
        1
    } else if r < 0.80 {
        rng.random_range(2..=5)
    } else if r < 0.90 {
        rng.random_range(7..=28)
    } else if r < 0.97 {
        rng.random_range(30..=180)
    } else {
        rng.random_range(365..=1825)
    };
    let kinds = ActivityKind::all();
    let kind = kinds[rng.random_range(0..kinds.len())];
    let tgs = TargetGroup::all();
    let n_tg = rng.random_range(1..=3);
    let targets: Vec<String> = (0..n_tg).map(|_| tgs[rng.random_range(0..tgs.len())].code().to_string()).collect();
    let audience = TargetGroup::from_code(&targets[0]).map(|t| t.label("en")).unwrap_or("partners");
    let audience_ru = TargetGroup::from_code(&targets[0]).map(|t| t.label("ru")).unwrap_or("партнёров");
    let (en, ru, kk) = TITLES[rng.random_range(0..TITLES.len())];
    let lang = ["en", "en", "ru", "kk"][rng.random_range(0..4)];
    let mut title = BTreeMap::new();
    title.insert("en".to_string(), format!("{} #{i}", en.replace("{}", &audience.to_lowercase())));
    title.insert("ru".to_string(), format!("{} #{i}", ru.replace("{}", &audience_ru.to_lowercase())));
    if lang == "kk" {
        title.insert("kk".to_string(), format!("{} #{i}", kk.replace("{}", &audience_ru.to_lowercase())));
    }
    let lead = &orgs[rng.random_range(0..orgs.len())];
    let mut organizations = vec![OrgRefInput { org: lead.clone(), role: "lead".into() }];
    if rng.random_bool(0.4) {
        organizations.push(OrgRefInput { org: orgs[rng.random_range(0..orgs.len())].clone(), role: "funder".into() });
    }
    ActivityInput {
        title,
        original_lang: Some(lang.to_string()),
        kind: kind.code().to_string(),
        pillars: if kind.default_pillar().is_none() { vec!["prevention".into()] } else { vec![] },
        target_groups: targets,
        organizations,
        locations: vec![Location {
            subdivision: Some(REGIONS[rng.random_range(0..REGIONS.len())].to_string()),
            ..Default::default()
        }],
        dates: DatesInput {
            start: start.to_string(),
            end: Some((start + Duration::days(days - 1)).to_string()),
            ..Default::default()
        },
        status: Some("planned".into()),
        visibility: Some(["group", "group", "public", "coordinators"][rng.random_range(0..4)].into()),
        external_ref: Some(format!("syn-{i}")),
        ..Default::default()
    }
}

/// Creates (or extends) group `slug` with `n` synthetic activities, in batches.
pub async fn generate(s: &Services, slug: &str, n: usize, seed: u64) -> Result<Group, anyhow::Error> {
    let viewer = Viewer::SYSTEM;
    let actor = Actor::Job { name: "generate".into() };
    let mut orgs = Vec::new();
    for k in 0..20 {
        let acronym = format!("SYN{k:02}");
        if s.db.find_org(&acronym).await.is_err() {
            let input = OrgInput {
                name: format!("Synthetic organization {k}"),
                acronym: acronym.clone(),
                kind: "ngo".into(),
                iati_org_id: None,
            };
            s.create_org(&viewer, &actor, &input).await?;
        }
        orgs.push(acronym);
    }
    let group = match s.group_by_slug(slug).await {
        Ok(g) => g,
        Err(ServiceError::NotFound(_)) => {
            let input = GroupInput {
                slug: slug.into(),
                name: format!("Synthetic group {slug}"),
                country: "KZ".into(),
                timezone: "Asia/Almaty".into(),
                ..Default::default()
            };
            s.create_group(&viewer, &actor, &input).await?.group
        }
        Err(e) => return Err(e.into()),
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let existing =
        s.db.count_activities(&jointcal_db::ActivityQuery::new(group.id, jointcal_db::VisibilityScope::All)).await?;
    let offset = usize::try_from(existing).unwrap_or(0);
    let index = s.org_index().await?;
    let mut batch = Vec::with_capacity(2000);
    for i in 0..n {
        let input = synthetic_input(&mut rng, offset + i, &orgs);
        let fields = crate::services::validate_with(&index, &group, &input)?;
        batch.push(Activity::new(ActivityId(s.new_uuid()), group.id, fields, s.now()));
        if batch.len() == 2000 || i + 1 == n {
            let ev = s.stamp(
                &actor,
                AuditEvent::create(EntityKind::ActivityBatch, s.new_uuid())
                    .group(group.id)
                    .after(serde_json::json!({"activities": batch.len(), "seed": seed})),
            );
            s.db.insert_activities_batch(&batch, &ev).await?;
            batch.clear();
        }
    }
    Ok(group)
}

/// `jointcal dev …`
pub async fn dev_cmd(url: &str, cmd: crate::cli::DevCmd) -> anyhow::Result<()> {
    use crate::cli::DevCmd;
    let db = crate::cli::open_db(url).await?;
    let s =
        Services::new(db, std::sync::Arc::new(crate::clock::SystemClock), std::sync::Arc::new(crate::clock::RandomIds));
    match cmd {
        DevCmd::Generate { activities, group, seed } => {
            let t = std::time::Instant::now();
            let g = generate(&s, &group, activities, seed).await?;
            println!(
                "generated {activities} activities in group '{}' in {:.1} s",
                g.fields.slug,
                t.elapsed().as_secs_f64()
            );
        }
        DevCmd::BenchCalendar { group, runs } => bench_calendar(&s, &group, runs).await?,
    }
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        0.0
    } else {
        v[v.len() / 2]
    }
}

/// Times the month query (full month and first page of 50) on twelve months spread
/// over the generated decade, and reports rows examined against rows returned.
async fn bench_calendar(s: &Services, slug: &str, runs: usize) -> anyhow::Result<()> {
    use crate::services::ActivityFilter;
    use jointcal_domain::schedule::day_start_utc;
    let group = s.group_by_slug(slug).await?;
    let tz = group.fields.timezone;
    let total =
        s.db.count_activities(&jointcal_db::ActivityQuery::new(group.id, jointcal_db::VisibilityScope::All)).await?;
    println!("group '{slug}': {total} activities; backend {:?}; {runs} runs per month", s.db.backend());
    println!("{:<8} {:>8} {:>9} {:>7} {:>12} {:>12}", "month", "returned", "examined", "ratio", "full ms", "page-1 ms");
    let mut full_all = Vec::new();
    let mut page_all = Vec::new();
    let mut worst_ratio: f64 = 0.0;
    let mut plan = Vec::new();
    for m in 0..12i32 {
        let first = NaiveDate::from_ymd_opt(2016 + (m * 10 / 12), 1 + (m * 10 % 12) as u32, 1).unwrap_or_default();
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
        let (from, to) = (day_start_utc(tz, first), day_start_utc(tz, next));
        let stats = s.db.month_scan_stats(group.id, from, to).await?;
        let ratio = stats.examined as f64 / stats.returned.max(1) as f64;
        worst_ratio = worst_ratio.max(ratio);
        if m == 0 {
            plan = stats.plan.clone();
        }
        let mut full = Vec::new();
        let mut page = Vec::new();
        for _ in 0..runs {
            let f = ActivityFilter { from: Some(from), to: Some(to), ..Default::default() };
            let t = std::time::Instant::now();
            let n = s.list_activities(&Viewer::SYSTEM, &group, &f).await?.len();
            full.push(t.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(n as i64 == stats.returned, "month query returned {n}, count says {}", stats.returned);
            let f = ActivityFilter { limit: Some(50), ..f };
            let t = std::time::Instant::now();
            s.list_activities(&Viewer::SYSTEM, &group, &f).await?;
            page.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let (mf, mp) = (median(&mut full), median(&mut page));
        full_all.push(mf);
        page_all.push(mp);
        println!(
            "{:<8} {:>8} {:>9} {:>7.2} {:>12.2} {:>12.2}",
            first.format("%Y-%m"),
            stats.returned,
            stats.examined,
            ratio,
            mf,
            mp
        );
    }
    println!(
        "median over months: full month {:.2} ms, first page {:.2} ms; worst examined/returned ratio {:.2} (target ≤ 2)",
        median(&mut full_all),
        median(&mut page_all),
        worst_ratio
    );
    println!("query plan (first month):");
    for l in plan {
        println!("  {l}");
    }
    Ok(())
}
