//! The demo group of the 2007 cable (07ASTANA1147): organizations, group and
//! activities from `demo/kz-tip-2007.json`, loaded through the same services and
//! validation as any other input.

use crate::services::{NewUser, ServiceError, Services};
use chrono::{DateTime, TimeZone, Utc};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::ActivityInput;
use jointcal_domain::audit::Actor;
use jointcal_domain::group::GroupInput;
use jointcal_domain::org::OrgInput;
use jointcal_domain::vocab::MemberRole;
use serde::Deserialize;

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
    Ok(DemoOutcome { slug, created: true, organizations: orgs, activities: file.activities.len() })
}
