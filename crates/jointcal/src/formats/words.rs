//! What an import guesses from words when a file does not say it: the kind of an
//! activity and its target groups from its title and description (English and
//! Russian), an organization's kind from its IATI type, its acronym from its name.
//! Every guess is noted on the record, so the coordinator can check it.

use aho_corasick::AhoCorasick;
use jointcal_domain::vocab::{ActivityKind, OrgKind, TargetGroup};
use std::sync::LazyLock;

/// Word stems (lower case) that tell a kind, the more specific first.
const KINDS: &[(&[&str], ActivityKind)] = &[
    (&["training of trainers", "tot "], ActivityKind::TrainingOfTrainers),
    (&["hotline", "helpline", "горяч"], ActivityKind::Hotline),
    (&["shelter", "приют"], ActivityKind::ShelterServices),
    (&["repatriat", "return of victims", "voluntary return", "возвращ"], ActivityKind::RepatriationReturn),
    (&["reintegrat", "реинтегр"], ActivityKind::Reintegration),
    (&["referral mechanism", "nrm"], ActivityKind::NrmReferral),
    (&["study visit", "study tour", "ознакомительн"], ActivityKind::StudyVisit),
    (&["conference", "forum", "конференц", "форум"], ActivityKind::Conference),
    (&["workshop", "round table", "roundtable", "семинар", "круглый стол"], ActivityKind::Workshop),
    (&["training", "course", "capacity building", "тренинг", "обучен", "курс"], ActivityKind::Training),
    (&["campaign", "awareness", "information", "кампани", "информир"], ActivityKind::AwarenessCampaign),
    (&["outreach", "community"], ActivityKind::CommunityOutreach),
    (
        &["assessment", "research", "study", "survey", "evaluation", "baseline", "исследован", "оценк"],
        ActivityKind::AssessmentResearch,
    ),
    (&["victim", "assistance to", "support to survivors", "жертв", "помощ"], ActivityKind::VictimAssistance),
    (&["equipment", "infrastructure", "оборудован"], ActivityKind::EquipmentInfrastructure),
    (&["investigat", "расследован"], ActivityKind::InvestigationSupport),
    (&["database", "data system", "information system"], ActivityKind::DataSystem),
    (&["coordination meeting", "donor meeting", "координац"], ActivityKind::CoordinationMeeting),
    (
        &["legislat", "law ", "laws", "policy", "legal", "governance", "reform", "законодат", "закон", "политик"],
        ActivityKind::LegalPolicySupport,
    ),
];

/// Word stems that name an audience.
const AUDIENCES: &[(&[&str], TargetGroup)] = &[
    (&["border guard", "border service", "border police", "пограничн"], TargetGroup::BorderGuards),
    (&["migration police", "миграционн"], TargetGroup::MigrationPolice),
    (&["police", "law enforcement", "полици", "правоохранит"], TargetGroup::Police),
    (&["prosecutor", "procurator", "прокур"], TargetGroup::Prosecutors),
    (&["judge", "judiciary", "судь"], TargetGroup::Judges),
    (&["social worker", "социальн"], TargetGroup::SocialWorkers),
    (&["teacher", "учител", "педагог"], TargetGroup::Teachers),
    (&["journalist", "media", "сми", "журналист"], TargetGroup::Media),
    (&["religious", "imam", "религиозн"], TargetGroup::ReligiousLeaders),
    (&["labour migrant", "labor migrant", "migrant worker", "трудов"], TargetGroup::LabourMigrants),
    (&["children", "child", "дет", "ребен"], TargetGroup::ChildrenAtRisk),
    (&["youth", "young people", "молодеж"], TargetGroup::Youth),
    (&["women", "girls", "женщин"], TargetGroup::WomenAtRisk),
    (&["victim", "survivor", "жертв"], TargetGroup::Victims),
    (&["ngo", "civil society", "нпо", "гражданск"], TargetGroup::Ngos),
];

/// The stems of a table in one automaton (one pass over a text finds them all:
/// a long description is read once, not once per stem), with the entry of each.
struct Stems {
    finder: AhoCorasick,
    /// The table entry of each stem, in the automaton's pattern order.
    entry: Vec<usize>,
}

impl Stems {
    fn new<T>(table: &[(&[&'static str], T)]) -> Stems {
        let mut patterns = Vec::new();
        let mut entry = Vec::new();
        for (i, (stems, _)) in table.iter().enumerate() {
            patterns.extend(stems.iter().copied());
            entry.extend(std::iter::repeat_n(i, stems.len()));
        }
        // The stems are fixed strings of this file: building cannot fail on them
        // (the tests build both tables).
        let finder = AhoCorasick::new(&patterns).expect("the word stems are a valid automaton");
        Stems { finder, entry }
    }

    /// Which stems start a word of `text` (lower case, padded with spaces), by
    /// pattern number.
    fn found(&self, text: &str) -> Vec<bool> {
        let mut found = vec![false; self.entry.len()];
        for m in self.finder.find_overlapping_iter(text) {
            if !text[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                found[m.pattern().as_usize()] = true;
            }
        }
        found
    }
}

static KIND_STEMS: LazyLock<Stems> = LazyLock::new(|| Stems::new(KINDS));
static AUDIENCE_STEMS: LazyLock<Stems> = LazyLock::new(|| Stems::new(AUDIENCES));

/// The kind the words tell, and the stem that told it: the first entry of the
/// table with a stem at the start of a word ("training" is found in "trainings",
/// not in "retraining"; a stem that ends with a space is a whole word: "law " is not
/// in "lawn"), and its first such stem.
pub fn kind_from_words(text: &str) -> Option<(ActivityKind, &'static str)> {
    let t = format!(" {} ", text.to_lowercase());
    let found = KIND_STEMS.found(&t);
    let stems = KINDS.iter().flat_map(|(stems, kind)| stems.iter().map(move |s| (*kind, *s)));
    stems.zip(found).find_map(|(hit, f)| f.then_some(hit))
}

/// The audiences the words name, each once, in the table's order.
pub fn audiences_from_words(text: &str) -> Vec<TargetGroup> {
    let t = format!(" {} ", text.to_lowercase());
    let found = AUDIENCE_STEMS.found(&t);
    let mut out = Vec::new();
    for (at, f) in found.into_iter().enumerate() {
        let group = AUDIENCES[AUDIENCE_STEMS.entry[at]].1;
        if f && !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

/// An organization's kind from its IATI OrganisationType code and its name.
pub fn org_kind(iati_type: Option<&str>, name: &str, group_country: &str, iati_id: Option<&str>) -> OrgKind {
    let lower = name.to_lowercase();
    let un = lower.starts_with("un ")
        || lower.contains("united nations")
        || ["unicef", "undp", "unodc", "unhcr", "unfpa", "un women", "ilo"]
            .iter()
            .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w) || lower.contains(&format!("({w})")));
    let local = iati_id.is_some_and(|i| i.to_ascii_uppercase().starts_with(&format!("{group_country}-")));
    match iati_type.map(str::trim) {
        Some("10" | "11" | "15") if local => OrgKind::CentralGovernment,
        Some("10" | "15") => {
            if lower.contains("embassy") {
                OrgKind::Embassy
            } else {
                OrgKind::DonorGovernment
            }
        }
        Some("11") => OrgKind::LocalGovernment,
        Some("21") => OrgKind::InternationalNgo,
        Some("22" | "23" | "24") => OrgKind::Ngo,
        Some("40") if un => OrgKind::UnAgency,
        Some("40") => OrgKind::Intergovernmental,
        Some("60") => OrgKind::Foundation,
        Some("70" | "71" | "72" | "73") => OrgKind::Private,
        Some("80") => OrgKind::Academic,
        _ if un => OrgKind::UnAgency,
        _ if lower.contains("embassy") => OrgKind::Embassy,
        _ if lower.contains("foundation") || lower.contains("фонд") => OrgKind::Foundation,
        _ if lower.contains("university") || lower.contains("academy") => OrgKind::Academic,
        _ if lower.contains("ministry") || lower.contains("министерств") => OrgKind::CentralGovernment,
        _ => OrgKind::Other,
    }
}

/// The acronym a name shows: the last parenthesised short word ("US Embassy (INL)" →
/// INL), a name that is one short capitalised word (ACF), else the initials of its
/// capitalised words ("International Organization for Migration" → IOM). At most 20
/// characters; `None` if nothing fits.
pub fn acronym_of(name: &str) -> Option<String> {
    let n = name.trim();
    if let (Some(open), Some(close)) = (n.rfind('('), n.rfind(')')) {
        let inner = n[open + 1..close.max(open + 1)].trim();
        let capitals = inner.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-');
        if capitals && (2..=20).contains(&inner.chars().count()) {
            return Some(inner.to_string());
        }
    }
    if !n.contains(' ') && (2..=20).contains(&n.chars().count()) {
        return Some(n.to_string());
    }
    let words: Vec<&str> = n
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised: String = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .take(12)
        .collect();
    if capitalised.chars().count() >= 2 {
        return Some(capitalised);
    }
    // No capitals: the first letters of the words, as capitals.
    let all: String = words
        .iter()
        .filter(|w| !matches!(**w, "of" | "the" | "and" | "for" | "in"))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .take(12)
        .collect();
    (all.chars().count() >= 2).then_some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_audiences_from_words() {
        let k = |s: &str| kind_from_words(s).map(|(k, _)| k);
        assert_eq!(k("Training for Border Guards at Merke"), Some(ActivityKind::Training));
        assert_eq!(k("National Hotline for victims of trafficking"), Some(ActivityKind::Hotline));
        assert_eq!(k("Тренинг для пограничников"), Some(ActivityKind::Training));
        assert_eq!(k("Support to the new anti-trafficking law"), Some(ActivityKind::LegalPolicySupport));
        assert_eq!(k("Lawn mowing"), None, "law only at a word's start");
        assert_eq!(k("Informal settlements"), None);
        let a = audiences_from_words("Training of police and border guards on child trafficking");
        assert_eq!(a, [TargetGroup::BorderGuards, TargetGroup::Police, TargetGroup::ChildrenAtRisk]);
        assert!(audiences_from_words("Road construction").is_empty());
    }

    /// The automaton finds what a scan for each stem in turn finds, on the titles
    /// and descriptions of the real IATI files.
    #[test]
    fn one_pass_finds_what_a_scan_per_stem_finds() {
        fn at_word_start(text: &str, stem: &str) -> bool {
            text.match_indices(stem).any(|(at, _)| !text[..at].chars().next_back().is_some_and(char::is_alphanumeric))
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/iati");
        let mut texts = vec!["Lawn law  tot training of trainers".to_string(), String::new()];
        for e in std::fs::read_dir(dir).expect("the IATI sample files") {
            let path = e.expect("a directory entry").path();
            if path.extension().is_some_and(|x| x == "xml") {
                let xml = std::fs::read_to_string(&path).expect("a sample file");
                texts.extend(
                    xml.split("<narrative").skip(1).take(400).map(|n| n.split('<').next().unwrap_or("").to_string()),
                );
            }
        }
        assert!(texts.len() > 100, "the samples give texts");
        for text in &texts {
            let t = format!(" {} ", text.to_lowercase());
            let kind =
                KINDS.iter().find_map(|(stems, k)| stems.iter().find(|s| at_word_start(&t, s)).map(|s| (*k, *s)));
            assert_eq!(kind_from_words(text), kind, "{text}");
            let mut groups = Vec::new();
            for (stems, g) in AUDIENCES {
                if stems.iter().any(|s| at_word_start(&t, s)) && !groups.contains(g) {
                    groups.push(*g);
                }
            }
            assert_eq!(audiences_from_words(text), groups, "{text}");
        }
    }

    #[test]
    fn org_kinds_and_acronyms() {
        assert_eq!(org_kind(Some("40"), "United Nations Development Programme", "KZ", None), OrgKind::UnAgency);
        assert_eq!(
            org_kind(Some("40"), "International Organization for Migration", "KZ", None),
            OrgKind::Intergovernmental
        );
        assert_eq!(
            org_kind(Some("10"), "Ministry of Internal Affairs", "KZ", Some("KZ-GOV-1")),
            OrgKind::CentralGovernment
        );
        assert_eq!(org_kind(Some("10"), "USAID", "KZ", Some("US-GOV-1")), OrgKind::DonorGovernment);
        assert_eq!(org_kind(None, "US Embassy (INL)", "KZ", None), OrgKind::Embassy);
        assert_eq!(org_kind(Some("21"), "Save the Children", "KZ", None), OrgKind::InternationalNgo);
        assert_eq!(acronym_of("US Embassy (INL)").as_deref(), Some("INL"));
        assert_eq!(acronym_of("ACF").as_deref(), Some("ACF"));
        assert_eq!(acronym_of("International Organization for Migration").as_deref(), Some("IOM"));
        assert_eq!(acronym_of("x"), None);
        assert_eq!(acronym_of("NGO shelter (Astana)").as_deref(), Some("NA"));
        assert_eq!(acronym_of("migration training centres").as_deref(), Some("MTC"));
    }
}
