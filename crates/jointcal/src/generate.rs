//! Synthetic data for benchmarks: a group with N activities over some years (ten by default) with
//! realistic durations (most a day or a week, some multi-year programmes), regions,
//! audiences and titles in English, Russian and Kazakh. Seeded, so reproducible.
//!
//! For the overlap benchmark, a [`Population`]: a hundred organizations of very
//! different sizes, places in the 20 regions, titles by kind, and planted duplicates
//! (the same effort entered by two lead organizations) whose pairs are known, so
//! that the detector's recall can be checked at any size ([`synthetic_population`],
//! and `dev generate --duplicates` for a database).

use crate::i18n::{Catalogue, Lang};
use crate::services::{ServiceError, Services};
use chrono::{Duration, NaiveDate};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::{ActivityInput, OrgRefInput};
use jointcal_domain::audit::Actor;
use jointcal_domain::geo::Location;
use jointcal_domain::group::{Group, GroupInput};
use jointcal_domain::org::OrgInput;
use jointcal_domain::overlap::Record;
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

/// How many days a synthetic activity lasts: most one day, some a week or a month,
/// a few a season or years (a programme).
fn duration_days(rng: &mut StdRng) -> i64 {
    let r: f64 = rng.random();
    if r < 0.55 {
        1
    } else if r < 0.80 {
        rng.random_range(2..=5)
    } else if r < 0.90 {
        rng.random_range(7..=28)
    } else if r < 0.97 {
        rng.random_range(30..=180)
    } else {
        rng.random_range(365..=1825)
    }
}

/// A reproducible activity input number `i` of a synthetic group whose activities
/// start in the `years` years from 2016 (at least one).
pub fn synthetic_input(rng: &mut StdRng, i: usize, orgs: &[String], years: u32) -> ActivityInput {
    let days = 365 * i64::from(years.max(1));
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default() + Duration::days(rng.random_range(0..days));
    let days = duration_days(rng);
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
///
/// With `duplicates` 0 the activities are those of [`synthetic_input`] (20
/// organizations; the calendar and page benchmarks' data, unchanged). Above 0 they are
/// the overlap benchmark's [`Population`] (100 organizations, places, look-alikes)
/// with planted duplicates after that fraction of them: the same activities as
/// `dev bench-overlaps` draws from the same seed and years. Returns the group and
/// the number of planted duplicates.
pub async fn generate(
    s: &Services,
    slug: &str,
    n: usize,
    years: u32,
    seed: u64,
    duplicates: f64,
) -> Result<(Group, usize), ServiceError> {
    let viewer = Viewer::SYSTEM;
    let actor = Actor::Job { name: "generate".into() };
    let population = duplicates > 0.0;
    let mut orgs = Vec::new();
    for k in 0..if population { POPULATION_ORGS } else { 20 } {
        let acronym = org_acronym(k);
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
    let mut planted = 0;
    let mut stream = population.then(|| Population::new(seed, years, duplicates, offset));
    let mut batch = Vec::with_capacity(CHUNK.min(n));
    for i in 0..n {
        let input = match stream.as_mut().and_then(Iterator::next) {
            Some(p) => {
                planted += usize::from(p.duplicate_of.is_some());
                p.input
            }
            None => synthetic_input(&mut rng, offset + i, &orgs, years),
        };
        batch.push(input);
        if batch.len() == CHUNK || i + 1 == n {
            s.create_activities_batch(&viewer, &actor, &group, &batch).await?;
            batch.clear();
        }
    }
    Ok((group, planted))
}

// ---------------------------------------------------------------------------
// The overlap benchmark's population: realistic background activities, planted
// duplicates (the same effort entered by another lead organization) and look-alikes
// (not duplicates, but close in place, kind and time).

/// Organizations of the overlap population: SYN00…SYN99.
pub const POPULATION_ORGS: usize = 100;

/// Look-alikes per background activity: another lead's activity of the same kind in
/// the same region and the same days, for another audience on another topic. Not a
/// duplicate, so that precision is not trivial.
pub const LOOKALIKES: f64 = 0.02;

/// The acronym of organization `k` of the synthetic populations.
pub fn org_acronym(k: usize) -> String {
    format!("SYN{k:02}")
}

/// Place names of a region: (Latin, Cyrillic).
type Places = &'static [(&'static str, &'static str)];

/// The 20 regions of Kazakhstan (since 2022), how many activities each draws
/// (the three cities and the populous south carry more) and a few places in each,
/// in Latin and Cyrillic letters (not all transliterate to the same letters, as in
/// real data: Kostanay/Костанай).
const KZ_PLACES: [(&str, f64, Places); 20] = [
    ("KZ-10", 1.0, &[("Semey", "Семей"), ("Ayagoz", "Аягоз"), ("Kurchatov", "Курчатов")]),
    ("KZ-11", 1.0, &[("Kokshetau", "Кокшетау"), ("Stepnogorsk", "Степногорск"), ("Shchuchinsk", "Щучинск")]),
    ("KZ-15", 1.0, &[("Aktobe", "Актобе"), ("Khromtau", "Хромтау"), ("Kandyagash", "Кандыагаш")]),
    ("KZ-19", 1.5, &[("Konaev", "Конаев"), ("Kaskelen", "Каскелен"), ("Esik", "Есик")]),
    ("KZ-23", 1.0, &[("Atyrau", "Атырау"), ("Kulsary", "Кульсары")]),
    ("KZ-27", 1.0, &[("Uralsk", "Уральск"), ("Aksai", "Аксай")]),
    ("KZ-31", 1.5, &[("Taraz", "Тараз"), ("Merke", "Мерке"), ("Shu", "Шу"), ("Korday", "Кордай")]),
    ("KZ-33", 1.0, &[("Taldykorgan", "Талдыкорган"), ("Zharkent", "Жаркент")]),
    ("KZ-35", 1.0, &[("Karaganda", "Караганда"), ("Temirtau", "Темиртау"), ("Balkhash", "Балхаш")]),
    ("KZ-39", 1.0, &[("Kostanay", "Костанай"), ("Rudny", "Рудный")]),
    ("KZ-43", 1.0, &[("Kyzylorda", "Кызылорда"), ("Baikonur", "Байконур")]),
    ("KZ-47", 1.0, &[("Aktau", "Актау"), ("Zhanaozen", "Жанаозен")]),
    ("KZ-55", 1.0, &[("Pavlodar", "Павлодар"), ("Ekibastuz", "Экибастуз")]),
    ("KZ-59", 0.7, &[("Petropavl", "Петропавл"), ("Bulaevo", "Булаево")]),
    (
        "KZ-61",
        2.0,
        &[("Turkistan", "Туркестан"), ("Kentau", "Кентау"), ("Saryagash", "Сарыагаш"), ("Zhetysai", "Жетысай")],
    ),
    ("KZ-62", 0.5, &[("Zhezkazgan", "Жезказган"), ("Satpayev", "Сатпаев")]),
    ("KZ-63", 1.0, &[("Oskemen", "Оскемен"), ("Ridder", "Риддер")]),
    ("KZ-71", 3.0, &[("Astana", "Астана"), ("Kosshy", "Косшы")]),
    ("KZ-75", 3.0, &[("Almaty", "Алматы"), ("Alatau", "Алатау"), ("Turksib", "Турксиб")]),
    ("KZ-79", 2.0, &[("Shymkent", "Шымкент")]),
];

/// Titles by kind, with how often each is drawn: `{a}` the audience, `{t}` a topic;
/// English, Russian, Kazakh.
const KIND_TITLES: [(&str, f64, &str, &str, &str); 14] = [
    ("training", 6.0, "Training for {a} on {t}", "Тренинг для {a} по {t}", "{a} үшін {t} бойынша тренинг"),
    (
        "training",
        2.0,
        "Training for {a} on identifying victims",
        "Тренинг для {a} по выявлению жертв",
        "{a} үшін құрбандарды анықтау тренингі",
    ),
    (
        "training_of_trainers",
        1.0,
        "Training of trainers on {t} for {a}",
        "Обучение тренеров по {t} для {a}",
        "{a} үшін {t} бойынша тренерлерді оқыту",
    ),
    ("workshop", 3.0, "Workshop on {t} for {a}", "Семинар по {t} для {a}", "{a} үшін {t} жөніндегі семинар"),
    (
        "conference",
        1.0,
        "Conference on {t} with {a}",
        "Конференция по {t} с участием {a}",
        "{a} қатысуымен {t} жөніндегі конференция",
    ),
    (
        "study_visit",
        1.0,
        "Study visit of {a} on {t}",
        "Ознакомительный визит {a} по {t}",
        "{a} {t} бойынша тәжірибе алмасу сапары",
    ),
    (
        "awareness_campaign",
        3.0,
        "Awareness campaign on {t} for {a}",
        "Информационная кампания о {t} для {a}",
        "{a} үшін {t} туралы ақпараттық науқан",
    ),
    (
        "community_outreach",
        2.0,
        "Outreach to {a} on {t}",
        "Информационная работа с {a} по {t}",
        "{a} арасында {t} туралы түсіндіру жұмысы",
    ),
    (
        "assessment_research",
        1.0,
        "Assessment of {t} risks among {a}",
        "Оценка рисков {t} среди {a}",
        "{a} арасында {t} тәуекелдерін бағалау",
    ),
    (
        "coordination_meeting",
        2.0,
        "Round table with {a} on {t}",
        "Круглый стол с {a} по {t}",
        "{a} қатысуымен {t} жөніндегі дөңгелек үстел",
    ),
    (
        "legal_policy_support",
        1.0,
        "Consultations with {a} on the law on {t}",
        "Консультации с {a} по законодательству о {t}",
        "{a} үшін {t} туралы заңнама бойынша кеңес",
    ),
    ("hotline", 1.0, "Hotline outreach to {a}", "Работа горячей линии с {a}", "{a} үшін сенім телефоны"),
    (
        "victim_assistance",
        1.0,
        "Assistance to {a} affected by {t}",
        "Помощь {a}, пострадавшим от {t}",
        "{t} зардап шеккен {a} көмек",
    ),
    (
        "nrm_referral",
        1.0,
        "Referral of {a} through the national mechanism",
        "Перенаправление {a} через национальный механизм",
        "{a} ұлттық тетік арқылы жолдау",
    ),
];

const TOPICS: [(&str, &str, &str); 12] = [
    ("labour exploitation", "трудовой эксплуатации", "еңбек қанауы"),
    ("victim identification", "идентификации жертв", "құрбандарды сәйкестендіру"),
    ("safe migration", "безопасной миграции", "қауіпсіз көші-қон"),
    ("online recruitment", "онлайн-вербовке", "онлайн тарту"),
    ("child trafficking", "торговле детьми", "балалар саудасы"),
    ("the referral mechanism", "механизму перенаправления", "жолдау тетігі"),
    ("forced labour", "принудительному труду", "мәжбүрлі еңбек"),
    ("sexual exploitation", "сексуальной эксплуатации", "жыныстық қанау"),
    ("forced marriage", "принудительным бракам", "мәжбүрлі неке"),
    ("debt bondage", "долговой кабале", "қарыз құлдығы"),
    ("document fraud", "поддельным документам", "жалған құжаттар"),
    ("the rights of migrant workers", "правам трудовых мигрантов", "еңбек мигранттарының құқықтары"),
];

/// How a planted duplicate's title differs from the first activity's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Written in a language the first one's title does not have (and only in it).
    OtherLanguage,
    /// The same words in another order.
    WordOrder,
    /// One or two letters typed wrong.
    Typo,
    /// A few words added or left out (the place, "Regional").
    Rephrased,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::OtherLanguage => "other_language",
            Change::WordOrder => "word_order",
            Change::Typo => "typo",
            Change::Rephrased => "rephrased",
        }
    }
}

/// One activity of a [`Population`].
#[derive(Debug, Clone)]
pub struct Planned {
    pub input: ActivityInput,
    /// For a planted duplicate: the number of the activity it duplicates, and how
    /// its title was changed.
    pub duplicate_of: Option<(usize, Change)>,
}

/// Draws indexes by weight.
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut sum = 0.0;
        Weighted(
            weights
                .into_iter()
                .map(|w| {
                    sum += w;
                    sum
                })
                .collect(),
        )
    }

    fn pick(&self, rng: &mut StdRng) -> usize {
        let total = self.0.last().copied().unwrap_or(0.0);
        let x = rng.random::<f64>() * total;
        self.0.partition_point(|&c| c <= x).min(self.0.len().saturating_sub(1))
    }
}

/// What a title and an activity were made of, so that a duplicate can be written
/// again in another language or order.
#[derive(Debug, Clone)]
struct Recipe {
    template: usize,
    topic: usize,
    /// Index into `TargetGroup::all()`: the audience named in the title.
    audience: usize,
    targets: Vec<usize>,
    region: usize,
    place: Option<usize>,
    cyrillic_place: bool,
    place_in_title: bool,
    regional: bool,
    langs: Vec<&'static str>,
    start: NaiveDate,
    days: i64,
    orgs: Vec<OrgRefInput>,
}

/// A reproducible stream of synthetic activities for the overlap benchmark
/// (`dev bench-overlaps`, and `dev generate --duplicates`): 100 organizations of
/// very different sizes (lead weights Zipf 1/k: SYN00 leads about a fifth of all
/// activities, SYN99 one in 500), the 20 regions of Kazakhstan with a few places
/// each (30% name only the region), titles by kind in one or two of English,
/// Russian and Kazakh, the same durations as [`synthetic_input`], funders,
/// implementers and partners. After a background activity comes, with probability
/// `duplicates`, a planted duplicate (see [`Population::duplicate`]), or with
/// probability [`LOOKALIKES`] a look-alike that is not one.
pub struct Population {
    rng: StdRng,
    years: u32,
    duplicates: f64,
    next: usize,
    queued: Option<Planned>,
    leads: Weighted,
    regions: Weighted,
    templates: Weighted,
    /// Per target group (in `TargetGroup::all()` order): its label in en, ru, kk.
    labels: Vec<[String; 3]>,
}

impl Population {
    /// The population drawn from `seed`, starting over `years` years from 2016;
    /// the first activity is number `first` (its ref is `syn-{first}`).
    pub fn new(seed: u64, years: u32, duplicates: f64, first: usize) -> Population {
        let cat = Catalogue::get();
        let labels = TargetGroup::all()
            .iter()
            .map(|&t| [Lang::En, Lang::Ru, Lang::Kk].map(|l| cat.vocab(l, t).to_lowercase()))
            .collect();
        Population {
            rng: StdRng::seed_from_u64(seed),
            years: years.max(1),
            duplicates: duplicates.clamp(0.0, 1.0),
            next: first,
            queued: None,
            leads: Weighted::new((1..=POPULATION_ORGS).map(|k| 1.0 / k as f64)),
            regions: Weighted::new(KZ_PLACES.iter().map(|r| r.1)),
            templates: Weighted::new(KIND_TITLES.iter().map(|t| t.1)),
            labels,
        }
    }

    fn org_other_than(&mut self, not: &[&str]) -> String {
        loop {
            let o = org_acronym(self.leads.pick(&mut self.rng));
            if !not.contains(&o.as_str()) {
                return o;
            }
        }
    }

    fn render(&self, r: &Recipe, lang: &str) -> String {
        let (_, _, en, ru, kk) = KIND_TITLES[r.template];
        let (t_en, t_ru, t_kk) = TOPICS[r.topic];
        let [a_en, a_ru, a_kk] = &self.labels[r.audience];
        let (pattern, topic, audience, regional) = match lang {
            "ru" => (ru, t_ru, a_ru, "Региональный этап: "),
            "kk" => (kk, t_kk, a_kk, "Өңірлік кезең: "),
            _ => (en, t_en, a_en, "Regional "),
        };
        let mut s = pattern.replace("{a}", audience).replace("{t}", topic);
        if r.regional {
            s = format!("{regional}{s}");
        }
        if let (true, Some(p)) = (r.place_in_title, r.place) {
            let (latin, cyrillic) = KZ_PLACES[r.region].2[p];
            s = match lang {
                "ru" => format!("{s} в {cyrillic}"),
                "kk" => format!("{s}, {cyrillic}"),
                _ => format!("{s} in {latin}"),
            };
        }
        s
    }

    fn input(&self, i: usize, r: &Recipe, title: BTreeMap<String, String>) -> ActivityInput {
        let kind = KIND_TITLES[r.template].0;
        let tgs = TargetGroup::all();
        let targets: Vec<String> = r.targets.iter().map(|&t| tgs[t].code().to_string()).collect();
        // Kinds without a pillar of their own get the one their audience serves.
        let pillars = match ActivityKind::from_code(kind).ok().and_then(|k| k.default_pillar()) {
            Some(_) => vec![],
            None => {
                use TargetGroup::*;
                let p = match tgs[r.audience] {
                    Police | MigrationPolice | BorderGuards | Investigators | Prosecutors | Judges
                    | LawyersLegalAid => "prosecution",
                    SocialWorkers | HealthcareWorkers | Victims => "protection",
                    _ => "prevention",
                };
                vec![p.to_string()]
            }
        };
        let (code, _, places) = KZ_PLACES[r.region];
        let place = r.place.map(|p| if r.cyrillic_place { places[p].1 } else { places[p].0 }.to_string());
        ActivityInput {
            original_lang: r.langs.first().map(|l| l.to_string()),
            title,
            kind: kind.into(),
            pillars,
            target_groups: targets,
            organizations: r.orgs.clone(),
            locations: vec![Location { subdivision: Some(code.into()), place, ..Default::default() }],
            dates: DatesInput {
                start: r.start.to_string(),
                end: Some((r.start + Duration::days(r.days - 1)).to_string()),
                ..Default::default()
            },
            status: Some("planned".into()),
            visibility: Some("group".into()),
            external_ref: Some(format!("syn-{i}")),
            ..Default::default()
        }
    }

    fn titles(&self, r: &Recipe) -> BTreeMap<String, String> {
        r.langs.iter().map(|&l| (l.to_string(), self.render(r, l))).collect()
    }

    fn background(&mut self) -> Recipe {
        let rng = &mut self.rng;
        let start = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default()
            + Duration::days(rng.random_range(0..365 * i64::from(self.years)));
        let days = duration_days(rng);
        let template = self.templates.pick(rng);
        let n_tg = TargetGroup::all().len();
        let audience = rng.random_range(0..n_tg);
        let mut targets = vec![audience];
        for _ in 0..rng.random_range(0..=2) {
            let t = rng.random_range(0..n_tg);
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        let region = self.regions.pick(rng);
        let n_places = KZ_PLACES[region].2.len();
        let place = rng.random_bool(0.7).then(|| rng.random_range(0..n_places));
        let cyrillic_place = rng.random_bool(0.4);
        let place_in_title = place.is_some() && rng.random_bool(0.3);
        let langs: Vec<&'static str> = match rng.random_range(0..20) {
            0..=3 => vec!["en"],
            4..=7 => vec!["en", "ru"],
            8..=11 => vec!["ru"],
            12..=13 => vec!["ru", "en"],
            14..=15 => vec!["ru", "kk"],
            16..=18 => vec!["kk", "ru"],
            _ => vec!["kk"],
        };
        let topic = rng.random_range(0..TOPICS.len());
        let lead = org_acronym(self.leads.pick(rng));
        let mut orgs = vec![OrgRefInput { org: lead.clone(), role: "lead".into() }];
        if self.rng.random_bool(0.05) {
            let second = self.org_other_than(&[&lead]);
            orgs.push(OrgRefInput { org: second, role: "lead".into() });
        }
        for (role, p) in [("funder", 0.4), ("implementer", 0.2), ("partner", 0.15)] {
            if self.rng.random_bool(p) {
                let leads: Vec<&str> = orgs.iter().filter(|o| o.role == "lead").map(|o| o.org.as_str()).collect();
                let org = self.org_other_than(&leads);
                orgs.push(OrgRefInput { org, role: role.into() });
            }
        }
        Recipe {
            template,
            topic,
            audience,
            targets,
            region,
            place,
            cyrillic_place,
            place_in_title,
            regional: false,
            langs,
            start,
            days,
            orgs,
        }
    }

    /// The same effort planned by another lead organization: the title changed
    /// (written in another language, its words in another order, a typo, or a few
    /// words more or fewer, sometimes with a typo as well), the start a few days off,
    /// the same region and mostly the same place (sometimes in the other script, or
    /// only the region), the same audience or at least the same main one, the same
    /// kind; more often than not it names the first one's lead as a partner, funder
    /// or implementer.
    fn duplicate(&mut self, of: &Recipe) -> (Recipe, Change) {
        let mut r = of.clone();
        let rng = &mut self.rng;
        let shift = rng.random_range(1..=7) * if rng.random_bool(0.5) { 1 } else { -1 };
        r.start = of.start + Duration::days(if rng.random_bool(0.1) { 0 } else { shift });
        if r.days > 1 && rng.random_bool(0.3) {
            r.days += if rng.random_bool(0.5) { 1 } else { -1 };
        }
        if rng.random_bool(0.4) {
            let n_tg = TargetGroup::all().len();
            r.targets.truncate(1);
            for _ in 0..rng.random_range(1..=2) {
                let t = rng.random_range(0..n_tg);
                if !r.targets.contains(&t) {
                    r.targets.push(t);
                }
            }
        }
        if r.place.is_some() {
            match rng.random_range(0..5) {
                0 => r.cyrillic_place = !r.cyrillic_place,
                1 => {
                    r.place = None;
                    r.place_in_title = false;
                }
                _ => {}
            }
        }
        let change = match rng.random_range(0..20) {
            0..=5 => Change::OtherLanguage,
            6..=10 => Change::WordOrder,
            11..=15 => Change::Typo,
            _ => Change::Rephrased,
        };
        match change {
            Change::OtherLanguage => {
                let other = ["en", "ru", "kk"].into_iter().filter(|l| !of.langs.contains(l)).collect::<Vec<_>>();
                r.langs = vec![other[rng.random_range(0..other.len())]];
            }
            Change::Rephrased => {
                if r.place.is_some() && rng.random_bool(0.6) {
                    r.place_in_title = !r.place_in_title;
                } else {
                    r.regional = true;
                }
            }
            Change::WordOrder | Change::Typo => {}
        }
        let first_leads: Vec<&str> = of.orgs.iter().filter(|o| o.role == "lead").map(|o| o.org.as_str()).collect();
        let lead = self.org_other_than(&first_leads);
        let mut orgs = vec![OrgRefInput { org: lead.clone(), role: "lead".into() }];
        if self.rng.random_bool(0.6) {
            let role = ["partner", "funder", "implementer"][self.rng.random_range(0..3)];
            orgs.push(OrgRefInput { org: first_leads.first().copied().unwrap_or_default().into(), role: role.into() });
        }
        if self.rng.random_bool(0.3) {
            if let Some(f) = of.orgs.iter().find(|o| o.role == "funder" && o.org != lead) {
                orgs.push(f.clone());
            }
        }
        r.orgs = orgs;
        (r, change)
    }

    /// Another lead's activity of the same kind, region and days (often the same
    /// place), for another audience on another topic: close, but not a duplicate.
    fn lookalike(&mut self, of: &Recipe) -> Recipe {
        let mut r = of.clone();
        let rng = &mut self.rng;
        let n_tg = TargetGroup::all().len();
        let audience = loop {
            let t = rng.random_range(0..n_tg);
            if !of.targets.contains(&t) {
                break t;
            }
        };
        r.audience = audience;
        r.targets = vec![audience];
        r.topic = (of.topic + rng.random_range(1..TOPICS.len())) % TOPICS.len();
        r.start = of.start + Duration::days(rng.random_range(0..=10));
        if rng.random_bool(0.4) {
            let n_places = KZ_PLACES[r.region].2.len();
            r.place = Some(rng.random_range(0..n_places));
        }
        let first_leads: Vec<&str> = of.orgs.iter().filter(|o| o.role == "lead").map(|o| o.org.as_str()).collect();
        let lead = self.org_other_than(&first_leads);
        r.orgs = vec![OrgRefInput { org: lead, role: "lead".into() }];
        r
    }
}

impl Iterator for Population {
    type Item = Planned;

    fn next(&mut self) -> Option<Planned> {
        if let Some(p) = self.queued.take() {
            self.next += 1;
            return Some(p);
        }
        let i = self.next;
        self.next += 1;
        let recipe = self.background();
        let input = self.input(i, &recipe, self.titles(&recipe));
        let u: f64 = self.rng.random();
        if u < self.duplicates {
            let (d, change) = self.duplicate(&recipe);
            let mut title = self.titles(&d);
            match change {
                Change::WordOrder => title.values_mut().for_each(|t| *t = reorder(&mut self.rng, t)),
                Change::Typo => title.values_mut().for_each(|t| *t = typo(&mut self.rng, t)),
                Change::OtherLanguage | Change::Rephrased => {
                    if self.rng.random_bool(0.3) {
                        title.values_mut().for_each(|t| *t = typo(&mut self.rng, t));
                    }
                }
            }
            self.queued = Some(Planned { input: self.input(i + 1, &d, title), duplicate_of: Some((i, change)) });
        } else if u < self.duplicates + LOOKALIKES {
            let l = self.lookalike(&recipe);
            self.queued = Some(Planned { input: self.input(i + 1, &l, self.titles(&l)), duplicate_of: None });
        }
        Some(Planned { input, duplicate_of: None })
    }
}

/// One letter typed wrong (swapped with the next, left out, or doubled), never the
/// first letter of the text.
pub fn typo(rng: &mut StdRng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (1..c.len()).filter(|&k| c[k].is_alphabetic()).collect();
    if letters.len() < 2 {
        return s.to_string();
    }
    let k = letters[rng.random_range(0..letters.len())];
    match rng.random_range(0..3) {
        0 if k + 1 < c.len() && c[k + 1].is_alphabetic() => c.swap(k, k + 1),
        0 | 1 => {
            c.remove(k);
        }
        _ => c.insert(k, c[k]),
    }
    c.into_iter().collect()
}

/// The words of a text in another order: the second part first ("on forced labour,
/// training for police").
pub fn reorder(rng: &mut StdRng, s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() < 4 {
        return words.iter().rev().copied().collect::<Vec<_>>().join(" ");
    }
    let cut = rng.random_range(2..=words.len() - 2);
    format!("{}, {}", words[cut..].join(" "), words[..cut].join(" "))
}

/// A planted duplicate pair of [`synthetic_records`]: the keys of both, and how the
/// second one's title was changed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantedPair {
    pub a: String,
    pub b: String,
    pub change: Change,
}

/// The key of an organization of the synthetic populations as the app would have it
/// (an id; these are fixed, not random).
fn population_org_id(k: usize) -> jointcal_domain::ids::OrgId {
    jointcal_domain::ids::OrgId(uuid::Uuid::from_u128(0x5e00_0000_0000_0000_0000_0000_0000_0000 + k as u128))
}

/// `n` activities of the overlap [`Population`] as the detector's records, with the
/// planted duplicate pairs (the truth). Each record is made the way the app makes
/// it: the generated input is validated by the domain (`ActivityInput::validate`, in
/// group country KZ and zone Asia/Almaty), made an `Activity` and read by
/// `Record::of_activity`; only the key is the activity's ref (`syn-{i}`) instead
/// of its id. Activity and organization ids are fixed, so the records depend only
/// on the arguments.
pub fn synthetic_population(n: usize, years: u32, seed: u64, duplicates: f64) -> (Vec<Record>, Vec<PlantedPair>) {
    use jointcal_domain::activity::{Activity, ValidationContext};
    use jointcal_domain::ids::{ActivityId, GroupId};
    let orgs: std::collections::HashMap<String, jointcal_domain::ids::OrgId> =
        (0..POPULATION_ORGS).map(|k| (org_acronym(k), population_org_id(k))).collect();
    let resolve = |s: &str| orgs.get(s).copied();
    let ctx = ValidationContext {
        country: "KZ",
        timezone: chrono_tz::Asia::Almaty,
        resolve_org: &resolve,
        stored_series_end: None,
    };
    let group = GroupId(uuid::Uuid::from_u128(0x5e01 << 112));
    let now = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let mut records = Vec::with_capacity(n);
    let mut truth = Vec::new();
    for (i, p) in Population::new(seed, years, duplicates, 0).take(n).enumerate() {
        let fields = p.input.validate(&ctx).unwrap_or_else(|e| panic!("synthetic activity {i} is invalid: {e:?}"));
        let a = Activity::new(ActivityId(uuid::Uuid::from_u128(i as u128 + 1)), group, fields, now);
        records.push(Record { key: format!("syn-{i}"), ..Record::of_activity(&a) });
        if let Some((first, change)) = p.duplicate_of {
            truth.push(PlantedPair { a: format!("syn-{first}"), b: format!("syn-{i}"), change });
        }
    }
    (records, truth)
}

/// [`synthetic_population`] with the truth as plain key pairs.
pub fn synthetic_records(n: usize, years: u32, seed: u64, duplicates: f64) -> (Vec<Record>, Vec<(String, String)>) {
    let (records, truth) = synthetic_population(n, years, seed, duplicates);
    (records, truth.into_iter().map(|p| (p.a, p.b)).collect())
}
