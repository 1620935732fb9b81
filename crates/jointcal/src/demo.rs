//! The demo group of the 2007 cable (07ASTANA1147): organizations, group and
//! activities from `demo/kz-tip-2007.json`, loaded through the same services and
//! validation as any other input.

use crate::services::{AttendanceInput, IfMatch, MeetingUpdate, NewUser, ScheduleInput, ServiceError, Services};
use chrono::{DateTime, TimeZone, Utc};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::ActivityInput;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::Group;
use jointcal_domain::group::GroupInput;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::meeting::{ActionInput, AgendaItemInput, DecisionInput, MinutesInput};
use jointcal_domain::org::OrgInput;
use jointcal_domain::vocab::MemberRole;
use jointcal_domain::vocab::MinutesStatus;
use serde::Deserialize;
use std::collections::HashMap;

pub const DEMO_JSON: &str = include_str!("../demo/kz-tip-2007.json");
/// The demo group's slug (as in the file).
pub const DEMO_SLUG: &str = "kz-tip";

/// The demo's "today": mid-August 2007, between the first and second quarterly meetings.
pub fn demo_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2007, 8, 15, 4, 0, 0).single().unwrap_or_default()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOrg {
    acronym: String,
    name: String,
    kind: String,
    #[serde(default)]
    iati_org_id: Option<String>,
    /// Guests of the group (government counterparts) rather than members.
    #[serde(default)]
    #[allow(dead_code)]
    guest: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    group: GroupInput,
    organizations: Vec<DemoOrg>,
    activities: Vec<ActivityInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOutcome {
    pub slug: String,
    pub created: bool,
    pub organizations: usize,
    pub activities: usize,
}

/// The password of the demo accounts: a demo database is for trying things out,
/// never for real data.
pub const DEMO_PASSWORD: &str = "astana-2007-demo";

/// Demo accounts by role (people appear by role, as in the cable's follow-up):
/// e-mail, display name, organization, role in the demo group.
pub const DEMO_ACCOUNTS: [(&str, &str, &str, MemberRole); 4] = [
    ("coordinator@demo.example.org", "INL TIP programme manager", "INL", MemberRole::Coordinator),
    ("iom@demo.example.org", "IOM focal point", "IOM", MemberRole::Editor),
    ("undp@demo.example.org", "UNDP focal point", "UNDP", MemberRole::Editor),
    ("guest@demo.example.org", "Procurator General's Office liaison", "PGO", MemberRole::Viewer),
];

/// Loads the demo group unless a group with its slug exists already.
pub async fn load_demo(s: &Services) -> Result<DemoOutcome, anyhow::Error> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON)?;
    let slug = file.group.slug.clone();
    match s.group_by_slug(&slug).await {
        Ok(_) => return Ok(DemoOutcome { slug, created: false, organizations: 0, activities: 0 }),
        Err(ServiceError::NotFound(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let actor = Actor::System;
    let viewer = Viewer::SYSTEM;
    let mut orgs = 0;
    for o in &file.organizations {
        if s.find_org(&o.acronym).await.is_ok() {
            continue;
        }
        let input = OrgInput {
            name: o.name.clone(),
            acronym: o.acronym.clone(),
            kind: o.kind.clone(),
            iati_org_id: o.iati_org_id.clone(),
        };
        s.create_org(&viewer, &actor, &input).await?;
        orgs += 1;
    }
    let group = s.create_group(&viewer, &actor, &file.group).await?;
    for (i, a) in file.activities.iter().enumerate() {
        s.create_activity(&viewer, &actor, &group, a).await.map_err(|e| {
            anyhow::anyhow!("demo activity {} ({}): {e}", i + 1, a.external_ref.as_deref().unwrap_or("?"))
        })?;
    }
    // Every flag weighed with the whole demo calendar's statistics.
    s.refresh_overlaps(&group).await?;
    for (email, name, org, role) in DEMO_ACCOUNTS {
        let user = match s.user_by_email(email).await {
            Ok(u) => u,
            Err(_) => {
                let new = NewUser {
                    email: email.into(),
                    display_name: name.into(),
                    password: DEMO_PASSWORD.into(),
                    org: Some(org.into()),
                    admin: false,
                };
                s.create_user(&viewer, &actor, &new).await?
            }
        };
        s.set_member(&viewer, &actor, &group, user.id, role).await?;
    }
    load_meetings(s, &group).await?;
    Ok(DemoOutcome { slug, created: true, organizations: orgs, activities: file.activities.len() })
}

/// The demo's meeting activities by their `ref` in the file.
async fn by_ref(s: &Services, group: &Group) -> Result<HashMap<String, ActivityId>, ServiceError> {
    let all = s.list_activities(&Viewer::SYSTEM, group, &crate::services::ActivityFilter::default()).await?;
    Ok(all.iter().filter_map(|v| v.activity.fields.external_ref.clone().map(|r| (r, v.activity.id))).collect())
}

fn item(title: &str, kind: &str, owner: &str, minutes: u16, notes: &str) -> AgendaItemInput {
    AgendaItemInput {
        title: title.into(),
        kind: Some(kind.into()),
        owner: Some(owner.into()),
        minutes: Some(minutes),
        notes: Some(notes.into()),
        ..Default::default()
    }
}

/// The meetings of the cable: the inaugural meeting of 24 April 2007 (agenda,
/// participants of para 13, minutes with the decisions of para 12, approved at the
/// July meeting; INL's action item to develop and distribute the calendar), the July
/// meeting (minutes circulated, UNICEF's action item open), the October meeting
/// with the agenda drafted from the calendar, and January's, not prepared yet.
async fn load_meetings(s: &Services, group: &Group) -> Result<(), anyhow::Error> {
    let v = Viewer::SYSTEM;
    let actor = Actor::System;
    let refs = by_ref(s, group).await?;
    let id = |r: &str| refs.get(r).copied().ok_or_else(|| anyhow::anyhow!("the demo has no activity {r}"));
    let (april, july, october, january) = (id("demo-01")?, id("demo-02")?, id("demo-03")?, id("demo-04")?);
    for m in [april, july, october, january] {
        let input = ScheduleInput { activity: Some(m.0.to_string()), ..Default::default() };
        s.schedule_meeting(&v, &actor, group, &input).await?;
    }

    // 24 April 2007: as in the cable.
    let agenda = vec![
        item("Opening: why coordinate (INL as TIP coordinating office of the Embassy)", "opening", "INL", 10, ""),
        item(
            "Programmes of the participants",
            "other",
            "IOM",
            60,
            "IOM, EFCA, UNICEF, OSCE, Turkish Embassy, UNODC, UNDP in turn",
        ),
        item(
            "Trafficking and HIV/AIDS",
            "other",
            "UNODC",
            15,
            "Testing at the IOM shelters; an HIV component in migration projects",
        ),
        item(
            "Border Guards at Merke",
            "other",
            "UNDP",
            15,
            "A joint training at the Merke railway station on the border with Kyrgyzstan",
        ),
        item("How we coordinate from now on", "next_meeting", "INL", 20, ""),
    ];
    let m = s
        .update_meeting(
            &v,
            &actor,
            group,
            april,
            IfMatch::Unchecked,
            &MeetingUpdate { agenda: Some(agenda), ..Default::default() },
        )
        .await?;
    let ids: Vec<String> = m.meeting.agenda.iter().map(|a| a.id.clone()).collect();
    let minutes = MinutesInput {
        summary: "INL hosted the inaugural TIP donor coordination meeting in Astana. Representatives of the General Procurator's Office and the Ministry of Interior attended as special guests.".into(),
        items: [
            (ids[1].clone(), "IOM, the main implementer of anti-TIP activities for INL and USAID, briefed on its TIP programmes, its shelters and its collection of non-official TIP statistics through the NGO network funded by USAID. EFCA presented its Labor Migration Program. UNICEF will assess child trafficking, internal and external; results are expected in July. The OSCE supports awareness conferences and practical training for law enforcement, and plans a national referral mechanism. The Turkish Embassy has no anti-TIP programme; Turkey trains officers of the region at TADOC.".into()),
            (ids[2].clone(), "UNODC asked about HIV/AIDS testing at the IOM shelters: every victim is offered medical assistance including testing. EFCA proposed adding an HIV component to a migration project.".into()),
            (ids[3].clone(), "UNDP proposed a joint training for Border Guards at the Merke railway station. INL has held fraudulent document training for Border Guards several times and welcomes more.".into()),
        ]
        .into(),
        decisions: vec![
            DecisionInput { text: "For further coordination of anti-TIP activities, donors will meet on a quarterly basis.".into(), agenda_item: Some(ids[4].clone()), ..Default::default() },
            DecisionInput { text: "The INL TIP Program Manager will develop and distribute a Joint Activity Calendar of the TIP events organized by each donor, updated and distributed to the participants monthly.".into(), agenda_item: Some(ids[4].clone()), ..Default::default() },
        ],
    };
    let m = s
        .update_meeting(
            &v,
            &actor,
            group,
            april,
            IfMatch::Unchecked,
            &MeetingUpdate {
                minutes: Some(minutes),
                minutes_status: Some(MinutesStatus::Circulated),
                ..Default::default()
            },
        )
        .await?;
    let approve =
        MeetingUpdate { minutes_status: Some(MinutesStatus::Approved), approved_in: Some(july), ..Default::default() };
    s.update_meeting(&v, &actor, group, april, m.meeting.version, &approve).await?;
    let participants = [
        ("INL TIP programme manager", "INL"),
        ("Regional INL Officer", "INL"),
        ("USAID representative", "USAID"),
        ("IOM Acting Chief of Mission", "IOM"),
        ("UNDP Country Manager", "UNDP"),
        ("UNODC Regional Project Coordinator", "UNODC"),
        ("UNICEF Program Officer for Child Protection", "UNICEF"),
        ("OSCE Centre Human Dimension Officer", "OSCE"),
        ("EFCA representative", "EFCA"),
        ("First Secretary, Turkish Embassy", "TR-EMB"),
        ("Representative of the General Procurator's Office", "PGO"),
        ("Representative of the Ministry of Interior", "MVD"),
    ];
    for (name, org) in participants {
        let line = AttendanceInput {
            name: Some(name.into()),
            org: Some(org.into()),
            response: Some("attending".into()),
            attended: Some(true),
            ..Default::default()
        };
        s.record_attendance(&v, &actor, group, april, IfMatch::Unchecked, &line).await?;
    }
    let calendar = ActionInput {
        what: Some("Develop the Joint Activity Calendar and distribute it to the participants every month".into()),
        owner_org: Some("INL".into()),
        owner: Some(DEMO_ACCOUNTS[0].0.into()),
        due: Some("2007-05-31".into()),
        ..Default::default()
    };
    let a = s.create_action(&v, &actor, group, april, &calendar).await?;
    let done = ActionInput {
        status: Some("done".into()),
        note: Some("First edition sent on 1 June; monthly since.".into()),
        ..Default::default()
    };
    s.update_action(&v, &actor, group, a.id, a.version, &done).await?;

    // 24 July 2007: minutes circulated, to be approved in October.
    let agenda = vec![
        item("Opening and adoption of the agenda", "opening", "INL", 5, ""),
        item("The first monthly editions of the joint calendar", "other", "INL", 20, ""),
        item("UNICEF's first findings on child trafficking", "other", "UNICEF", 20, ""),
        item("IOM's shelter and return figures, first half of 2007", "other", "IOM", 20, ""),
        item("Autumn plans for Border Guard training", "other", "INL", 20, ""),
    ];
    let m = s
        .update_meeting(
            &v,
            &actor,
            group,
            july,
            IfMatch::Unchecked,
            &MeetingUpdate { agenda: Some(agenda), ..Default::default() },
        )
        .await?;
    let ids: Vec<String> = m.meeting.agenda.iter().map(|a| a.id.clone()).collect();
    let minutes = MinutesInput {
        summary: "Quarterly meeting hosted by INL.".into(),
        items: [(
            ids[2].clone(),
            "UNICEF presented first findings of its assessment; the full results follow in September.".into(),
        )]
        .into(),
        decisions: vec![DecisionInput {
            text: "UNICEF shares the full results of the child trafficking assessment with the group.".into(),
            agenda_item: Some(ids[2].clone()),
            ..Default::default()
        }],
    };
    s.update_meeting(
        &v,
        &actor,
        group,
        july,
        IfMatch::Unchecked,
        &MeetingUpdate {
            minutes: Some(minutes),
            minutes_status: Some(MinutesStatus::Circulated),
            ..Default::default()
        },
    )
    .await?;
    let unicef = ActionInput {
        what: Some("Share the full results of the child trafficking assessment with the group".into()),
        owner_org: Some("UNICEF".into()),
        due: Some("2007-09-28".into()),
        ..Default::default()
    };
    s.create_action(&v, &actor, group, july, &unicef).await?;

    // 23 October 2007: the agenda drafted from the calendar.
    let t = crate::web::lang::Tr::new(crate::i18n::Lang::En);
    let m = s.meeting(&v, group, october).await?;
    let draft = crate::meetings::draft_agenda(s, group, &m, &t).await?;
    s.update_meeting(
        &v,
        &actor,
        group,
        october,
        IfMatch::Unchecked,
        &MeetingUpdate { agenda: Some(draft), ..Default::default() },
    )
    .await?;
    Ok(())
}
