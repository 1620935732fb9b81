//! Controlled vocabularies: enums with stable snake_case codes (used in the API,
//! CSV and URLs), English and Russian labels, and an alias table for the other
//! spellings that imports meet.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Error for a code that is not in a vocabulary; names the vocabulary and the choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} code '{code}'; expected one of: {choices}")]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub code: String,
    pub choices: String,
}

/// Behaviour shared by every vocabulary enum.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    const NAME: &'static str;
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self, lang: &str) -> &'static str;
    /// Other spellings accepted on input (imports, old codes), lower-case.
    fn aliases() -> &'static [(&'static str, Self)] {
        &[]
    }
    fn from_code(code: &str) -> Result<Self, UnknownCode> {
        let norm = code.trim().to_lowercase().replace(['-', ' '], "_");
        if let Some(v) = Self::all().iter().find(|v| v.code() == norm) {
            return Ok(*v);
        }
        if let Some((_, v)) = Self::aliases().iter().find(|(a, _)| *a == norm) {
            return Ok(*v);
        }
        Err(UnknownCode {
            vocabulary: Self::NAME,
            code: code.to_string(),
            choices: Self::all().iter().map(|v| v.code()).collect::<Vec<_>>().join(", "),
        })
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $vname:literal {
            $($variant:ident = $code:literal, $en:literal, $ru:literal;)*
        }
        $(aliases { $($alias:literal => $target:ident),* $(,)? })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),* }

        impl Vocabulary for $name {
            const NAME: &'static str = $vname;
            fn all() -> &'static [Self] { &[$($name::$variant),*] }
            fn code(self) -> &'static str { match self { $($name::$variant => $code),* } }
            fn label(self, lang: &str) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, "ru") => $ru,)*
                    $(($name::$variant, _) => $en,)*
                }
            }
            $(fn aliases() -> &'static [(&'static str, Self)] {
                &[$(($alias, $name::$target)),*]
            })?
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.code()) }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> { <Self as Vocabulary>::from_code(s) }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.code()) }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(concat!("A ", $vname, " code.")))
                    .enum_values(Some([$($code),*]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <Self as Vocabulary>::from_code(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// The 4P framework.
    Pillar, "pillar" {
        Prevention = "prevention", "Prevention", "Предупреждение";
        Protection = "protection", "Protection", "Защита";
        Prosecution = "prosecution", "Prosecution", "Уголовное преследование";
        Partnership = "partnership", "Partnership", "Партнёрство";
    }
}

vocabulary! {
    ActivityKind, "activity kind" {
        Training = "training", "Training", "Тренинг";
        TrainingOfTrainers = "training_of_trainers", "Training of trainers", "Обучение тренеров";
        Workshop = "workshop", "Workshop", "Семинар";
        Conference = "conference", "Conference", "Конференция";
        StudyVisit = "study_visit", "Study visit", "Ознакомительный визит";
        AwarenessCampaign = "awareness_campaign", "Awareness campaign", "Информационная кампания";
        CommunityOutreach = "community_outreach", "Community outreach", "Работа с населением";
        AssessmentResearch = "assessment_research", "Assessment / research", "Оценка / исследование";
        LegalPolicySupport = "legal_policy_support", "Legal and policy support", "Правовая и политическая поддержка";
        NrmReferral = "nrm_referral", "Referral mechanism", "Механизм перенаправления";
        CoordinationMeeting = "coordination_meeting", "Coordination meeting", "Координационная встреча";
        Hotline = "hotline", "Hotline", "Горячая линия";
        ShelterServices = "shelter_services", "Shelter services", "Услуги приюта";
        VictimAssistance = "victim_assistance", "Victim assistance", "Помощь пострадавшим";
        RepatriationReturn = "repatriation_return", "Repatriation / return", "Репатриация / возвращение";
        Reintegration = "reintegration", "Reintegration", "Реинтеграция";
        InvestigationSupport = "investigation_support", "Investigation support", "Поддержка расследований";
        EquipmentInfrastructure = "equipment_infrastructure", "Equipment / infrastructure", "Оборудование / инфраструктура";
        DataSystem = "data_system", "Data system", "Система данных";
    }
    aliases { "campaign" => AwarenessCampaign, "research" => AssessmentResearch, "assessment" => AssessmentResearch,
              "meeting" => CoordinationMeeting, "shelter" => ShelterServices, "repatriation" => RepatriationReturn,
              "equipment" => EquipmentInfrastructure, "tot" => TrainingOfTrainers }
}

impl ActivityKind {
    /// The pillar a kind belongs to when the audience does not decide it.
    pub fn default_pillar(self) -> Option<Pillar> {
        use ActivityKind::*;
        Some(match self {
            Training | TrainingOfTrainers | Workshop | StudyVisit => return None,
            AwarenessCampaign | CommunityOutreach | AssessmentResearch => Pillar::Prevention,
            Conference | LegalPolicySupport | CoordinationMeeting | DataSystem => Pillar::Partnership,
            NrmReferral | Hotline | ShelterServices | VictimAssistance | RepatriationReturn | Reintegration => {
                Pillar::Protection
            }
            InvestigationSupport | EquipmentInfrastructure => Pillar::Prosecution,
        })
    }

    /// Kinds whose places are sensitive by default (shelters, victims).
    pub fn sensitive_by_default(self) -> bool {
        matches!(self, ActivityKind::ShelterServices | ActivityKind::VictimAssistance | ActivityKind::Reintegration)
    }
}

vocabulary! {
    TargetGroup, "target group" {
        Police = "police", "Police", "Полиция";
        MigrationPolice = "migration_police", "Migration police", "Миграционная полиция";
        MigrationOfficers = "migration_officers", "Migration officers", "Сотрудники миграционной службы";
        BorderGuards = "border_guards", "Border guards", "Пограничники";
        Investigators = "investigators", "Investigators", "Следователи";
        Prosecutors = "prosecutors", "Prosecutors", "Прокуроры";
        Judges = "judges", "Judges", "Судьи";
        LawyersLegalAid = "lawyers_legal_aid", "Lawyers / legal aid", "Адвокаты / юридическая помощь";
        Trainers = "trainers", "Trainers", "Тренеры";
        LabourInspectors = "labour_inspectors", "Labour inspectors", "Трудовые инспекторы";
        SocialWorkers = "social_workers", "Social workers", "Социальные работники";
        HealthcareWorkers = "healthcare_workers", "Healthcare workers", "Медицинские работники";
        Teachers = "teachers", "Teachers", "Учителя";
        Diplomats = "diplomats", "Diplomats", "Дипломаты";
        CentralGovernment = "central_government", "Central government", "Центральные органы власти";
        LocalGovernment = "local_government", "Local government", "Местные органы власти";
        Parliamentarians = "parliamentarians", "Parliamentarians", "Парламентарии";
        InternationalOrgs = "international_orgs", "International organizations", "Международные организации";
        Ngos = "ngos", "NGOs", "НПО";
        ReligiousLeaders = "religious_leaders", "Religious leaders", "Религиозные лидеры";
        Media = "media", "Media", "СМИ";
        Employers = "employers", "Employers", "Работодатели";
        Youth = "youth", "Youth", "Молодёжь";
        ChildrenAtRisk = "children_at_risk", "Children at risk", "Дети группы риска";
        ChildrenAffectedByMigration = "children_affected_by_migration", "Children affected by migration", "Дети, затронутые миграцией";
        WomenAtRisk = "women_at_risk", "Women at risk", "Женщины группы риска";
        LabourMigrants = "labour_migrants", "Labour migrants", "Трудовые мигранты";
        Victims = "victims", "Victims", "Пострадавшие";
        GeneralPublic = "general_public", "General public", "Широкая общественность";
    }
    aliases { "labor_migrants" => LabourMigrants, "procurators" => Prosecutors, "border_guard" => BorderGuards,
              "labor_inspectors" => LabourInspectors, "law_enforcement" => Police, "public" => GeneralPublic,
              "children" => ChildrenAtRisk, "migrants" => LabourMigrants }
}

vocabulary! {
    DeliveryMode, "delivery mode" {
        InPerson = "in_person", "In person", "Очно";
        Online = "online", "Online", "Онлайн";
        Hybrid = "hybrid", "Hybrid", "Смешанный формат";
        SelfPaced = "self_paced", "Self-paced", "Самостоятельное обучение";
        MediaBroadcast = "media_broadcast", "Media broadcast", "Трансляция в СМИ";
        Remote = "remote", "Remote", "Дистанционно";
        DirectService = "direct_service", "Direct service", "Прямые услуги";
        DeskAndField = "desk_and_field", "Desk and field", "Кабинетная и полевая работа";
    }
}

vocabulary! {
    Status, "status" {
        Planned = "planned", "Planned", "Запланировано";
        Confirmed = "confirmed", "Confirmed", "Подтверждено";
        Ongoing = "ongoing", "Ongoing", "Идёт";
        Completed = "completed", "Completed", "Завершено";
        Postponed = "postponed", "Postponed", "Отложено";
        Cancelled = "cancelled", "Cancelled", "Отменено";
    }
    aliases { "active" => Ongoing, "complete" => Completed, "canceled" => Cancelled,
              "pipeline" => Planned, "implementation" => Ongoing, "finalisation" => Completed,
              "closed" => Completed, "suspended" => Postponed }
}

impl Status {
    /// IATI ActivityStatus codes 1–6.
    pub fn from_iati(code: u8) -> Option<Self> {
        Some(match code {
            1 => Status::Planned,
            2 => Status::Ongoing,
            3 | 4 => Status::Completed,
            5 => Status::Cancelled,
            6 => Status::Postponed,
            _ => return None,
        })
    }
}

vocabulary! {
    ExploitationFocus, "exploitation focus" {
        ForcedLabour = "forced_labour", "Forced labour", "Принудительный труд";
        SexualExploitation = "sexual_exploitation", "Sexual exploitation", "Сексуальная эксплуатация";
        ChildLabour = "child_labour", "Child labour", "Детский труд";
        ForcedMarriage = "forced_marriage", "Forced marriage", "Принудительный брак";
        ForcedBegging = "forced_begging", "Forced begging", "Принудительное попрошайничество";
        Servitude = "servitude", "Servitude", "Подневольное состояние";
        OrganRemoval = "organ_removal", "Organ removal", "Изъятие органов";
        Other = "other", "Other", "Другое";
    }
    aliases { "forced_labor" => ForcedLabour, "child_labor" => ChildLabour }
}

vocabulary! {
    OrgKind, "organization kind" {
        UnAgency = "un_agency", "UN agency", "Агентство ООН";
        Intergovernmental = "intergovernmental", "Intergovernmental organization", "Межправительственная организация";
        DonorGovernment = "donor_government", "Donor government", "Правительство-донор";
        Embassy = "embassy", "Embassy", "Посольство";
        CentralGovernment = "central_government", "Central government", "Центральный государственный орган";
        LocalGovernment = "local_government", "Local government", "Местный орган власти";
        LawEnforcement = "law_enforcement", "Law enforcement", "Правоохранительный орган";
        InternationalNgo = "international_ngo", "International NGO", "Международная НПО";
        Ngo = "ngo", "National NGO", "НПО";
        Foundation = "foundation", "Foundation", "Фонд";
        Academic = "academic", "Academic", "Академическая организация";
        Private = "private", "Private sector", "Частный сектор";
        Other = "other", "Other", "Другое";
    }
    aliases { "government" => CentralGovernment, "national_ngo" => Ngo, "bilateral_donor" => DonorGovernment }
}

vocabulary! {
    /// The part an organization plays in an activity.
    OrgRole, "organization role" {
        Lead = "lead", "Lead", "Ведущая организация";
        Funder = "funder", "Funder", "Донор";
        Implementer = "implementer", "Implementer", "Исполнитель";
        Partner = "partner", "Partner", "Партнёр";
    }
    aliases { "funding" => Funder, "implementing" => Implementer, "accountable" => Lead, "organizer" => Lead,
              "co_organizer" => Lead }
}

impl OrgRole {
    /// IATI OrganisationRole code: 1 funding, 2 accountable, 3 extending, 4 implementing.
    /// A partner has no IATI role of its own; exports write it as implementing (4)
    /// and keep our role in the jointcal extension namespace.
    pub fn iati_role(self) -> u8 {
        match self {
            OrgRole::Funder => 1,
            OrgRole::Lead => 2,
            OrgRole::Implementer | OrgRole::Partner => 4,
        }
    }

    pub fn from_iati(code: u8) -> Option<Self> {
        Some(match code {
            1 => OrgRole::Funder,
            2 => OrgRole::Lead,
            3 => OrgRole::Funder, // extending: passes the funds on
            4 => OrgRole::Implementer,
            _ => return None,
        })
    }
}

vocabulary! {
    Visibility, "visibility" {
        Group = "group", "Group members", "Участники группы";
        Coordinators = "coordinators", "Coordinators and lead organizations", "Координаторы и ведущие организации";
        Public = "public", "Public", "Публично";
    }
}

vocabulary! {
    /// A person's role in one group.
    MemberRole, "member role" {
        Coordinator = "coordinator", "Coordinator", "Координатор";
        Editor = "editor", "Editor", "Редактор";
        Viewer = "viewer", "Viewer", "Наблюдатель";
    }
}

vocabulary! {
    MeetingCadence, "meeting cadence" {
        Monthly = "monthly", "Monthly", "Ежемесячно";
        Quarterly = "quarterly", "Quarterly", "Ежеквартально";
        HalfYearly = "half_yearly", "Every six months", "Раз в полгода";
        AdHoc = "ad_hoc", "Ad hoc", "По необходимости";
    }
}

vocabulary! {
    /// Resolution of an overlap flag.
    FlagResolution, "flag resolution" {
        Open = "open", "Open", "Открыто";
        Duplicate = "duplicate", "Duplicate", "Дублирование";
        Complementary = "complementary", "Complementary: do jointly", "Взаимодополняющие: провести совместно";
        Dismissed = "dismissed", "Dismissed", "Отклонено";
    }
}

/// Parses a list of codes, reporting each unknown one.
pub fn parse_codes<V: Vocabulary>(codes: &[String]) -> Result<Vec<V>, String> {
    let mut out = Vec::with_capacity(codes.len());
    for c in codes {
        let v = V::from_code(c).map_err(|e| e.to_string())?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_are_unique_and_snake<V: Vocabulary>() {
        let mut seen = std::collections::HashSet::new();
        for v in V::all() {
            let c = v.code();
            assert!(seen.insert(c), "{} duplicated in {}", c, V::NAME);
            assert!(c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c}");
            assert_eq!(V::from_code(c).map(|x| x.code()), Ok(c));
            assert!(!v.label("en").is_empty() && !v.label("ru").is_empty());
        }
        for (a, v) in V::aliases() {
            assert_eq!(V::from_code(a).map(|x| x.code()), Ok(v.code()));
        }
    }

    #[test]
    fn every_vocabulary_is_consistent() {
        codes_are_unique_and_snake::<Pillar>();
        codes_are_unique_and_snake::<ActivityKind>();
        codes_are_unique_and_snake::<TargetGroup>();
        codes_are_unique_and_snake::<DeliveryMode>();
        codes_are_unique_and_snake::<Status>();
        codes_are_unique_and_snake::<ExploitationFocus>();
        codes_are_unique_and_snake::<OrgKind>();
        codes_are_unique_and_snake::<OrgRole>();
        codes_are_unique_and_snake::<Visibility>();
        codes_are_unique_and_snake::<MemberRole>();
        codes_are_unique_and_snake::<FlagResolution>();
    }

    #[test]
    fn aliases_and_spellings() {
        assert_eq!(TargetGroup::from_code("labor_migrants"), Ok(TargetGroup::LabourMigrants));
        assert_eq!(TargetGroup::from_code("Border Guards"), Ok(TargetGroup::BorderGuards));
        assert_eq!(Status::from_code("canceled"), Ok(Status::Cancelled));
        let e = Pillar::from_code("peace").unwrap_err();
        assert!(e.to_string().contains("unknown pillar code 'peace'"), "{e}");
        assert!(e.to_string().contains("prevention"));
        assert_eq!(Pillar::Protection.label("ru"), "Защита");
    }

    #[test]
    fn iati_roles_round_trip() {
        for r in [OrgRole::Funder, OrgRole::Lead, OrgRole::Implementer] {
            assert_eq!(OrgRole::from_iati(r.iati_role()), Some(r));
        }
        assert_eq!(OrgRole::Partner.iati_role(), 4);
        assert_eq!(OrgRole::from_iati(3), Some(OrgRole::Funder), "extending is imported as funder");
        assert_eq!(OrgRole::from_iati(9), None);
        assert_eq!(Status::from_iati(2), Some(Status::Ongoing));
        assert_eq!(Status::from_iati(6), Some(Status::Postponed));
    }
}
