//! Synthetic data for benchmarks: a group with N activities over some years (ten by default) with
//! realistic durations (most a day or a week, some multi-year programmes), regions,
//! audiences and titles in English, Russian and Kazakh. Seeded, so reproducible.

use crate::i18n::{Catalogue, Lang};
use crate::services::{ServiceError, Services};
use chrono::{Duration, NaiveDate};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::{ActivityInput, OrgRefInput};
use jointcal_domain::audit::Actor;
use jointcal_domain::geo::Location;
use jointcal_domain::group::{Group, GroupInput};
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

/// A reproducible activity input number `i` of a synthetic group whose activities
/// start in the `years` years from 2016 (at least one).
pub fn synthetic_input(rng: &mut StdRng, i: usize, orgs: &[String], years: u32) -> ActivityInput {
    let days = 365 * i64::from(years.max(1));
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default() + Duration::days(rng.random_range(0..days));
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
    let label =
        |lang, or: &str| TargetGroup::from_code(&targets[0]).map_or(or.into(), |t| Catalogue::get().vocab(lang, t));
    let audience = label(Lang::En, "partners");
    let audience_ru = label(Lang::Ru, "партнёров");
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

/// Activities per call of the batch service.
pub const CHUNK: usize = 2000;

/// Creates (or extends) group `slug` with `n` synthetic activities starting in the
/// `years` years from 2016, through the batch service in chunks of [`CHUNK`].
pub async fn generate(s: &Services, slug: &str, n: usize, years: u32, seed: u64) -> Result<Group, ServiceError> {
    let viewer = Viewer::SYSTEM;
    let actor = Actor::Job { name: "generate".into() };
    let mut orgs = Vec::new();
    for k in 0..20 {
        let acronym = format!("SYN{k:02}");
        match s.find_org(&acronym).await {
            Ok(_) => {}
            Err(ServiceError::NotFound(_)) => {
                let input = OrgInput {
                    name: format!("Synthetic organization {k}"),
                    acronym: acronym.clone(),
                    kind: "ngo".into(),
                    iati_org_id: None,
                };
                s.create_org(&viewer, &actor, &input).await?;
            }
            Err(e) => return Err(e),
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
        Err(e) => return Err(e),
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let offset = usize::try_from(s.count_activities(&viewer, &group).await?).unwrap_or(0);
    let mut batch = Vec::with_capacity(CHUNK.min(n));
    for i in 0..n {
        batch.push(synthetic_input(&mut rng, offset + i, &orgs, years));
        if batch.len() == CHUNK || i + 1 == n {
            s.create_activities_batch(&viewer, &actor, &group, &batch).await?;
            batch.clear();
        }
    }
    Ok(group)
}
