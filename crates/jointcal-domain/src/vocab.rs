//! Controlled vocabularies: enums with stable snake_case codes (used in the API,
//! CSV and URLs) and an alias table for the other spellings that imports meet.
//!
//! Labels are not here: the app's message catalogue holds them, one per code and
//! language, under the key `<name>-<code>` (e.g. `activity_kind-training`), where
//! `<name>` is [`Vocabulary::NAME`] with spaces as underscores.

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

impl From<UnknownCode> for crate::error::Problem {
    fn from(u: UnknownCode) -> Self {
        crate::error::Problem::new("unknown_code", u.to_string())
            .with("vocabulary", u.vocabulary)
            .with("value", &u.code)
            .with("choices", &u.choices)
    }
}

/// Behaviour shared by every vocabulary enum.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    const NAME: &'static str;
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
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
            $($variant:ident = $code:literal;)*
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
        Prevention = "prevention";
        Protection = "protection";
        Prosecution = "prosecution";
        Partnership = "partnership";
    }
}

vocabulary! {
    ActivityKind, "activity kind" {
        Training = "training";
        TrainingOfTrainers = "training_of_trainers";
        Workshop = "workshop";
        Conference = "conference";
        StudyVisit = "study_visit";
        AwarenessCampaign = "awareness_campaign";
        CommunityOutreach = "community_outreach";
        AssessmentResearch = "assessment_research";
        LegalPolicySupport = "legal_policy_support";
        NrmReferral = "nrm_referral";
        CoordinationMeeting = "coordination_meeting";
        Hotline = "hotline";
        ShelterServices = "shelter_services";
        VictimAssistance = "victim_assistance";
        RepatriationReturn = "repatriation_return";
        Reintegration = "reintegration";
        InvestigationSupport = "investigation_support";
        EquipmentInfrastructure = "equipment_infrastructure";
        DataSystem = "data_system";
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
        Police = "police";
        MigrationPolice = "migration_police";
        MigrationOfficers = "migration_officers";
        BorderGuards = "border_guards";
        Investigators = "investigators";
        Prosecutors = "prosecutors";
        Judges = "judges";
        LawyersLegalAid = "lawyers_legal_aid";
        Trainers = "trainers";
        LabourInspectors = "labour_inspectors";
        SocialWorkers = "social_workers";
        HealthcareWorkers = "healthcare_workers";
        Teachers = "teachers";
        Diplomats = "diplomats";
        CentralGovernment = "central_government";
        LocalGovernment = "local_government";
        Parliamentarians = "parliamentarians";
        InternationalOrgs = "international_orgs";
        Ngos = "ngos";
        ReligiousLeaders = "religious_leaders";
        Media = "media";
        Employers = "employers";
        Youth = "youth";
        ChildrenAtRisk = "children_at_risk";
        ChildrenAffectedByMigration = "children_affected_by_migration";
        WomenAtRisk = "women_at_risk";
        LabourMigrants = "labour_migrants";
        Victims = "victims";
        GeneralPublic = "general_public";
    }
    aliases { "labor_migrants" => LabourMigrants, "procurators" => Prosecutors, "border_guard" => BorderGuards,
              "labor_inspectors" => LabourInspectors, "law_enforcement" => Police, "public" => GeneralPublic,
              "children" => ChildrenAtRisk, "migrants" => LabourMigrants }
}

vocabulary! {
    DeliveryMode, "delivery mode" {
        InPerson = "in_person";
        Online = "online";
        Hybrid = "hybrid";
        SelfPaced = "self_paced";
        MediaBroadcast = "media_broadcast";
        Remote = "remote";
        DirectService = "direct_service";
        DeskAndField = "desk_and_field";
    }
}

vocabulary! {
    Status, "status" {
        Planned = "planned";
        Confirmed = "confirmed";
        Ongoing = "ongoing";
        Completed = "completed";
        Postponed = "postponed";
        Cancelled = "cancelled";
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
        ForcedLabour = "forced_labour";
        SexualExploitation = "sexual_exploitation";
        ChildLabour = "child_labour";
        ForcedMarriage = "forced_marriage";
        ForcedBegging = "forced_begging";
        Servitude = "servitude";
        OrganRemoval = "organ_removal";
        Other = "other";
    }
    aliases { "forced_labor" => ForcedLabour, "child_labor" => ChildLabour }
}

vocabulary! {
    OrgKind, "organization kind" {
        UnAgency = "un_agency";
        Intergovernmental = "intergovernmental";
        DonorGovernment = "donor_government";
        Embassy = "embassy";
        CentralGovernment = "central_government";
        LocalGovernment = "local_government";
        LawEnforcement = "law_enforcement";
        InternationalNgo = "international_ngo";
        Ngo = "ngo";
        Foundation = "foundation";
        Academic = "academic";
        Private = "private";
        Other = "other";
    }
    aliases { "government" => CentralGovernment, "national_ngo" => Ngo, "bilateral_donor" => DonorGovernment }
}

vocabulary! {
    /// The part an organization plays in an activity.
    OrgRole, "organization role" {
        Lead = "lead";
        Funder = "funder";
        Implementer = "implementer";
        Partner = "partner";
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
        Group = "group";
        Coordinators = "coordinators";
        Public = "public";
    }
}

vocabulary! {
    /// A person's role in one group.
    MemberRole, "member role" {
        Coordinator = "coordinator";
        Editor = "editor";
        Viewer = "viewer";
    }
}

vocabulary! {
    MeetingCadence, "meeting cadence" {
        Monthly = "monthly";
        Quarterly = "quarterly";
        HalfYearly = "half_yearly";
        AdHoc = "ad_hoc";
    }
}

vocabulary! {
    /// Resolution of an overlap flag.
    FlagResolution, "flag resolution" {
        Open = "open";
        Duplicate = "duplicate";
        Complementary = "complementary";
        Dismissed = "dismissed";
    }
}

vocabulary! {
    /// Where a meeting's minutes stand: written (draft), sent to the members for
    /// comment (circulated), adopted at a later meeting (approved).
    MinutesStatus, "minutes status" {
        Draft = "draft";
        Circulated = "circulated";
        Approved = "approved";
    }
}

vocabulary! {
    /// A member's answer to a meeting invitation.
    AttendanceResponse, "attendance response" {
        NoAnswer = "no_answer";
        Attending = "attending";
        Apologies = "apologies";
    }
    aliases { "accepted" => Attending, "declined" => Apologies, "needs_action" => NoAnswer }
}

vocabulary! {
    /// Where an action item stands.
    ActionStatus, "action status" {
        Open = "open";
        Done = "done";
        Dropped = "dropped";
    }
}

vocabulary! {
    /// What an agenda item is about (what the draft made it from, or `other` for an
    /// item a coordinator added).
    AgendaKind, "agenda item kind" {
        Opening = "opening";
        PreviousMinutes = "previous_minutes";
        ActionItem = "action_item";
        Activities = "activities";
        Overlap = "overlap";
        Gaps = "gaps";
        Other = "other";
        AnyOtherBusiness = "any_other_business";
        NextMeeting = "next_meeting";
    }
}

/// Every vocabulary: its [`Vocabulary::NAME`] and its codes, for checks that must
/// cover them all (such as the labels of the message catalogues).
pub fn every_vocabulary() -> Vec<(&'static str, Vec<&'static str>)> {
    fn one<V: Vocabulary>() -> (&'static str, Vec<&'static str>) {
        (V::NAME, V::all().iter().map(|v| v.code()).collect())
    }
    vec![
        one::<Pillar>(),
        one::<ActivityKind>(),
        one::<TargetGroup>(),
        one::<DeliveryMode>(),
        one::<Status>(),
        one::<ExploitationFocus>(),
        one::<OrgKind>(),
        one::<OrgRole>(),
        one::<Visibility>(),
        one::<MemberRole>(),
        one::<MeetingCadence>(),
        one::<FlagResolution>(),
        one::<MinutesStatus>(),
        one::<AttendanceResponse>(),
        one::<ActionStatus>(),
        one::<AgendaKind>(),
    ]
}

/// Parses a list of codes, reporting each unknown one.
pub fn parse_codes<V: Vocabulary>(codes: &[String]) -> Result<Vec<V>, crate::error::Problem> {
    let mut out = Vec::with_capacity(codes.len());
    for c in codes {
        let v = V::from_code(c)?;
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
        codes_are_unique_and_snake::<MeetingCadence>();
        codes_are_unique_and_snake::<FlagResolution>();
        codes_are_unique_and_snake::<MinutesStatus>();
        codes_are_unique_and_snake::<AttendanceResponse>();
        codes_are_unique_and_snake::<ActionStatus>();
        codes_are_unique_and_snake::<AgendaKind>();
        let all = every_vocabulary();
        let names: std::collections::HashSet<_> = all.iter().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), all.len(), "vocabulary names are unique");
        assert_eq!(all.len(), 16, "every_vocabulary lists each vocabulary");
    }

    #[test]
    fn aliases_and_spellings() {
        assert_eq!(TargetGroup::from_code("labor_migrants"), Ok(TargetGroup::LabourMigrants));
        assert_eq!(TargetGroup::from_code("Border Guards"), Ok(TargetGroup::BorderGuards));
        assert_eq!(Status::from_code("canceled"), Ok(Status::Cancelled));
        let e = Pillar::from_code("peace").unwrap_err();
        assert!(e.to_string().contains("unknown pillar code 'peace'"), "{e}");
        assert!(e.to_string().contains("prevention"));
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
