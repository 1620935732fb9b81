//! Access rules: one function a rule, used by every interface (services, API, pages).
//!
//! - Roles per group: coordinator, editor, viewer; an instance admin manages groups
//!   and organizations (and acts as coordinator everywhere).
//! - An editor creates activities led by their own organization and changes or
//!   deletes only activities where their organization is a lead.
//! - Visibility: `group` (members), `coordinators` (coordinators and the lead
//!   organizations), `public` (anyone). What one may not see does not exist (404).
//! - Sensitive places are reduced to region level for everyone but coordinators and
//!   the lead organizations.

use crate::activity::ActivityFields;
use crate::ids::{OrgId, UserId};
use crate::vocab::{MemberRole, OrgRole, Visibility};

/// Who is asking, as far as one group is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user: Option<UserId>,
    /// The organization the person works for (focal point of).
    pub org: Option<OrgId>,
    /// The person's role in this group, if a member.
    pub role: Option<MemberRole>,
    /// Instance admins and the server's own jobs and command line.
    pub admin: bool,
}

impl Viewer {
    pub const ANONYMOUS: Viewer = Viewer { user: None, org: None, role: None, admin: false };
    /// The instance admin's command line, jobs and the demo loader.
    pub const SYSTEM: Viewer = Viewer { user: None, org: None, role: None, admin: true };

    pub fn is_coordinator(&self) -> bool {
        self.admin || self.role == Some(MemberRole::Coordinator)
    }

    pub fn is_member(&self) -> bool {
        self.admin || self.role.is_some()
    }

    fn leads(&self, a: &ActivityFields) -> bool {
        self.org.is_some_and(|o| a.organizations.iter().any(|x| x.org == o && x.role == OrgRole::Lead))
    }
}

/// Why an action is refused. Reading refusals are answered as "not found" by the
/// interfaces; write refusals of a visible activity as "forbidden".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("you must sign in first")]
    SignInRequired,
    #[error("only members of the group may do this")]
    NotAMember,
    #[error("viewers may read but not change the calendar")]
    ReadOnly,
    #[error("editors may change only activities that their own organization leads")]
    NotYourOrganization,
    #[error("only coordinators of the group may do this")]
    CoordinatorsOnly,
    #[error("only the instance admin may do this")]
    AdminOnly,
    #[error(
        "a token cannot make tokens: create them signed in (POST /api/v1/session) or with `jointcal token create`"
    )]
    TokenCannotMakeTokens,
}

impl Denied {
    /// Every reason, for the message catalogue's test.
    pub const ALL: [Denied; 7] = [
        Denied::SignInRequired,
        Denied::NotAMember,
        Denied::ReadOnly,
        Denied::NotYourOrganization,
        Denied::CoordinatorsOnly,
        Denied::AdminOnly,
        Denied::TokenCannotMakeTokens,
    ];

    /// A stable code for programs and the message catalogue.
    pub fn code(self) -> &'static str {
        match self {
            Denied::SignInRequired => "sign_in_required",
            Denied::NotAMember => "not_a_member",
            Denied::ReadOnly => "read_only",
            Denied::NotYourOrganization => "not_your_organization",
            Denied::CoordinatorsOnly => "coordinators_only",
            Denied::AdminOnly => "admin_only",
            Denied::TokenCannotMakeTokens => "token_cannot_make_tokens",
        }
    }

    /// The refusal as a problem (code and English sentence).
    pub fn problem(self) -> crate::error::Problem {
        crate::error::Problem::new(self.code(), self.to_string())
    }
}

/// May `v` see an activity with these fields at all?
pub fn can_see(v: &Viewer, a: &ActivityFields) -> bool {
    match a.visibility {
        Visibility::Public => true,
        Visibility::Group => v.is_member(),
        Visibility::Coordinators => v.is_coordinator() || (v.is_member() && v.leads(a)),
    }
}

/// May `v` see the exact place of a sensitive activity?
pub fn sees_exact_place(v: &Viewer, a: &ActivityFields) -> bool {
    !a.sensitive || v.is_coordinator() || (v.is_member() && v.leads(a))
}

fn writer(v: &Viewer) -> Result<(), Denied> {
    if v.is_coordinator() {
        return Ok(());
    }
    match v.role {
        None if v.user.is_none() => Err(Denied::SignInRequired),
        None => Err(Denied::NotAMember),
        Some(MemberRole::Viewer) => Err(Denied::ReadOnly),
        Some(_) => Ok(()),
    }
}

/// May `v` write activities at all (editors and coordinators)? Which ones, the
/// rules below say.
pub fn can_write_activities(v: &Viewer) -> Result<(), Denied> {
    writer(v)
}

/// May `v` create an activity with these fields? Editors must list their own
/// organization as a lead.
pub fn can_create(v: &Viewer, a: &ActivityFields) -> Result<(), Denied> {
    writer(v)?;
    if v.is_coordinator() || v.leads(a) {
        Ok(())
    } else {
        Err(Denied::NotYourOrganization)
    }
}

/// May `v` change `before` into `after`? An editor must lead the activity before
/// the change and still lead it after (no handing it away by mistake).
pub fn can_edit(v: &Viewer, before: &ActivityFields, after: &ActivityFields) -> Result<(), Denied> {
    writer(v)?;
    if v.is_coordinator() || (v.leads(before) && v.leads(after)) {
        Ok(())
    } else {
        Err(Denied::NotYourOrganization)
    }
}

pub fn can_delete(v: &Viewer, a: &ActivityFields) -> Result<(), Denied> {
    writer(v)?;
    if v.is_coordinator() || v.leads(a) {
        Ok(())
    } else {
        Err(Denied::NotYourOrganization)
    }
}

/// Reading the audit log of a group or an activity: coordinators.
pub fn can_read_audit(v: &Viewer) -> Result<(), Denied> {
    if v.is_coordinator() {
        Ok(())
    } else if v.user.is_none() && !v.admin {
        Err(Denied::SignInRequired)
    } else {
        Err(Denied::CoordinatorsOnly)
    }
}

/// Inviting, changing roles, removing members, editing group settings: coordinators.
pub fn can_manage_group(v: &Viewer) -> Result<(), Denied> {
    can_read_audit(v)
}

/// Seeing who belongs to a group: its members.
pub fn can_list_members(v: &Viewer) -> Result<(), Denied> {
    if v.is_member() {
        Ok(())
    } else if v.user.is_none() {
        Err(Denied::SignInRequired)
    } else {
        Err(Denied::NotAMember)
    }
}

/// Changing a person's own account (password, two-factor, tokens): that person, or
/// the instance admin.
pub fn can_manage_account(v: &Viewer, account: UserId) -> Result<(), Denied> {
    if v.admin || v.user == Some(account) {
        Ok(())
    } else {
        can_administer(v)
    }
}

/// Creating groups and organizations: the instance admin.
pub fn can_administer(v: &Viewer) -> Result<(), Denied> {
    if v.admin {
        Ok(())
    } else if v.user.is_none() {
        Err(Denied::SignInRequired)
    } else {
        Err(Denied::AdminOnly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{ActivityInput, ValidationContext};
    use uuid::Uuid;

    fn org(n: u128) -> OrgId {
        OrgId(Uuid::from_u128(n))
    }

    fn fields(lead: u128, visibility: &str, sensitive: bool) -> ActivityFields {
        let input: ActivityInput = serde_json::from_value(serde_json::json!({
            "title": {"en": "x"},
            "kind": "training",
            "pillars": ["prosecution"],
            "organizations": [{"org": org(lead).to_string(), "role": "lead"}, {"org": org(9).to_string(), "role": "funder"}],
            "locations": [{"country": "KZ", "subdivision": "KZ-31", "place": "Merke"}],
            "dates": {"start": "2007-09-03"},
            "visibility": visibility,
            "sensitive": sensitive
        }))
        .unwrap();
        let resolve = |s: &str| s.parse().ok();
        input
            .validate(&ValidationContext {
                country: "KZ",
                timezone: chrono_tz::Asia::Almaty,
                resolve_org: &resolve,
                stored_series_end: None,
            })
            .unwrap()
    }

    fn person(org_n: u128, role: Option<MemberRole>) -> Viewer {
        Viewer { user: Some(UserId(Uuid::from_u128(100 + org_n))), org: Some(org(org_n)), role, admin: false }
    }

    #[test]
    fn visibility_and_places() {
        let coord_only = fields(1, "coordinators", false);
        assert!(!can_see(&Viewer::ANONYMOUS, &coord_only));
        assert!(can_see(&person(1, Some(MemberRole::Viewer)), &coord_only), "a lead organization's member");
        assert!(!can_see(&person(2, Some(MemberRole::Editor)), &coord_only));
        assert!(!can_see(&person(9, Some(MemberRole::Editor)), &coord_only), "funding is not leading");
        assert!(!can_see(&person(1, None), &coord_only), "leading elsewhere is not membership");
        assert!(can_see(&person(2, Some(MemberRole::Coordinator)), &coord_only));
        assert!(can_see(&Viewer::ANONYMOUS, &fields(1, "public", false)));
        let shelter = fields(1, "public", true);
        assert!(!sees_exact_place(&Viewer::ANONYMOUS, &shelter));
        assert!(!sees_exact_place(&person(2, Some(MemberRole::Editor)), &shelter));
        assert!(sees_exact_place(&person(1, Some(MemberRole::Viewer)), &shelter));
        assert!(sees_exact_place(&Viewer::ANONYMOUS, &fields(1, "public", false)));
    }

    #[test]
    fn writes() {
        let own = fields(1, "group", false);
        let other = fields(2, "group", false);
        let editor = person(1, Some(MemberRole::Editor));
        assert_eq!(can_create(&editor, &own), Ok(()));
        assert_eq!(can_create(&editor, &other), Err(Denied::NotYourOrganization));
        assert_eq!(can_edit(&editor, &own, &own), Ok(()));
        assert_eq!(can_edit(&editor, &own, &other), Err(Denied::NotYourOrganization), "no handing it away");
        assert_eq!(can_delete(&editor, &other), Err(Denied::NotYourOrganization));
        assert_eq!(can_edit(&person(1, Some(MemberRole::Viewer)), &own, &own), Err(Denied::ReadOnly));
        assert_eq!(can_create(&person(1, None), &own), Err(Denied::NotAMember));
        assert_eq!(can_create(&Viewer::ANONYMOUS, &own), Err(Denied::SignInRequired));
        assert_eq!(can_edit(&person(3, Some(MemberRole::Coordinator)), &other, &own), Ok(()));
        assert_eq!(can_administer(&person(3, Some(MemberRole::Coordinator))), Err(Denied::AdminOnly));
        assert_eq!(can_administer(&Viewer::SYSTEM), Ok(()));
        assert_eq!(can_manage_account(&editor, editor.user.unwrap()), Ok(()));
        assert_eq!(can_manage_account(&editor, UserId(Uuid::from_u128(7))), Err(Denied::AdminOnly));
        assert_eq!(can_manage_account(&Viewer::ANONYMOUS, UserId(Uuid::from_u128(7))), Err(Denied::SignInRequired));
        assert_eq!(can_list_members(&person(1, Some(MemberRole::Viewer))), Ok(()));
        assert_eq!(can_manage_group(&person(1, Some(MemberRole::Editor))), Err(Denied::CoordinatorsOnly));
    }
}
