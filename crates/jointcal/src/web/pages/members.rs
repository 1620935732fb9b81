//! A group's members: who is in it, with their organization and role; for
//! coordinators, changing a role, removing someone, and inviting a person (a
//! one-time link to pass on, until mail exists). And the invitation's own page,
//! where the invited person chooses their password.

use crate::services::{Invitation, ServiceError};
use crate::web::caller::{ClientKey, FormWriter, Reader, SignInForm};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::pages::filter_form::Choice;
use crate::web::signin::signed_in_to;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use jointcal_domain::access::Viewer;
use jointcal_domain::group::Group;
use jointcal_domain::ids::UserId;
use jointcal_domain::vocab::{MemberRole, Vocabulary};
use jointcal_domain::ValidationErrors;
use serde::Deserialize;
use std::collections::BTreeMap;

pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub org: String,
    pub role: String,
    pub role_code: &'static str,
    pub email: String,
    pub two_factor: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    role: String,
}

/// Who was just invited: their name, the link and until when it works (a new
/// account), and whether they were told by mail.
type InvitedNotice = (String, Option<(String, String)>, bool);

#[derive(Template)]
#[template(path = "members.html")]
pub struct MembersPage {
    chrome: Chrome,
    group_name: String,
    base: String,
    back_href: String,
    rows: Vec<MemberRow>,
    coordinator: bool,
    roles: Vec<Choice>,
    orgs: Vec<Choice>,
    invite: InviteForm,
    errors: BTreeMap<String, Vec<String>>,
    /// After an invitation: who, and the link to pass on (with its expiry), if new.
    invited: Option<InvitedNotice>,
}

impl MembersPage {
    fn err(&self, key: &str) -> Vec<String> {
        self.errors.get(key).cloned().unwrap_or_default()
    }

    fn is(&self, a: &str, b: &str) -> bool {
        a == b
    }
}

struct Shown<'a> {
    t: Tr,
    uri: &'a Uri,
    principal: Option<&'a crate::services::Principal>,
}

async fn members_page(
    st: &AppState,
    shown: Shown<'_>,
    group: &Group,
    viewer: &Viewer,
    invite: InviteForm,
    problems: Option<&ValidationErrors>,
    invited: Option<InvitedNotice>,
) -> Result<MembersPage, HttpError> {
    let t = shown.t;
    let s = &st.services;
    let members = s.members(viewer, group).await?;
    let mut orgs = s.list_orgs().await?;
    orgs.sort_by(|a, b| a.fields.acronym.cmp(&b.fields.acronym));
    let acronym = |id| orgs.iter().find(|o| Some(o.id) == id).map(|o| o.fields.acronym.clone()).unwrap_or_default();
    let mut rows: Vec<MemberRow> = members
        .into_iter()
        .map(|m| MemberRow {
            id: m.user.id.to_string(),
            org: acronym(m.user.org),
            name: m.user.display_name,
            role: t.vocab(m.role),
            role_code: m.role.code(),
            email: m.email.unwrap_or_default(),
            two_factor: m.user.totp_enabled,
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let errors = crate::web::pages::problems::by_field(&t, problems, str::to_string);
    let g = &group.fields;
    Ok(MembersPage {
        group_name: g.name.clone(),
        base: format!("/groups/{}/members", g.slug),
        back_href: format!("/groups/{}{}", g.slug, t.with_lang()),
        rows,
        coordinator: viewer.is_coordinator(),
        roles: MemberRole::all()
            .iter()
            .map(|r| Choice { value: r.code().into(), label: t.vocab(*r), selected: false })
            .collect(),
        orgs: orgs
            .iter()
            .map(|o| Choice {
                value: o.fields.acronym.clone(),
                label: format!("{} — {}", o.fields.acronym, o.fields.name),
                selected: false,
            })
            .collect(),
        invite,
        errors,
        invited,
        chrome: Chrome::new(t, shown.principal, shown.uri),
    })
}

/// `GET /groups/{slug}/members` (members of the group).
pub async fn members(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, principal.as_ref()).await?;
    let invite = InviteForm { role: MemberRole::Editor.code().into(), ..InviteForm::default() };
    let shown = Shown { t, uri: &uri, principal: principal.as_ref() };
    Ok(render(&members_page(&st, shown, &group, &viewer, invite, None, None).await?))
}

/// `POST /groups/{slug}/members`: invite (coordinators).
pub async fn invite(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, f): FormWriter<InviteForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let role = MemberRole::from_code(&f.role).unwrap_or(MemberRole::Viewer);
    let who = Invitation {
        email: f.email.clone(),
        display_name: f.display_name.clone(),
        org: Some(f.org.clone()).filter(|o| !o.trim().is_empty()),
        role,
    };
    let shown = Shown { t, uri: &uri, principal: Some(&p) };
    match st.services.invite(&viewer, &p.actor(), &group, &who).await {
        Ok(done) => {
            // The person hears of it by mail when a mail server is configured; the
            // link is shown to the coordinator either way.
            let mailed = match crate::notify::invitation(
                &st.services,
                &group,
                &done.user,
                done.link.as_ref(),
                &p.user.display_name,
            )
            .await
            {
                Ok(m) => m,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot mail the invitation");
                    false
                }
            };
            let link = done.link.map(|(token, expires)| {
                let until = expires.with_timezone(&group.fields.timezone).format("%Y-%m-%d %H:%M").to_string();
                (format!("{}/invite/{token}", st.origin), until)
            });
            let empty = InviteForm { role: f.role.clone(), ..InviteForm::default() };
            let page =
                members_page(&st, shown, &group, &viewer, empty, None, Some((done.user.display_name, link, mailed)))
                    .await?;
            Ok(render(&page))
        }
        Err(ServiceError::Invalid(e)) => {
            let page = members_page(&st, shown, &group, &viewer, f, Some(&e), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

fn user_id(s: &str) -> Result<UserId, HttpError> {
    s.parse().map_err(|_| HttpError::not_found("member"))
}

/// `POST /groups/{slug}/members/{user}`: change a role (coordinators).
pub async fn change_role(
    State(st): State<AppState>,
    t: Tr,
    Path((slug, user)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<RoleForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let role =
        MemberRole::from_code(&f.role).map_err(|e| HttpError::bad_field("role", jointcal_domain::Problem::from(e)))?;
    st.services.set_member(&viewer, &p.actor(), &group, user_id(&user)?, role).await?;
    Ok(Redirect::to(&format!("/groups/{slug}/members{}", t.with_lang())).into_response())
}

/// `POST /groups/{slug}/members/{user}/remove` (coordinators).
pub async fn remove(
    State(st): State<AppState>,
    t: Tr,
    Path((slug, user)): Path<(String, String)>,
    FormWriter(p, _): FormWriter<RoleForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    st.services.remove_member(&viewer, &p.actor(), &group, user_id(&user)?).await?;
    Ok(Redirect::to(&format!("/groups/{slug}/members{}", t.with_lang())).into_response())
}

#[derive(Deserialize, Default)]
pub struct AcceptForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_again: String,
}

#[derive(Template)]
#[template(path = "invitation.html")]
pub struct InvitationPage {
    chrome: Chrome,
    action: String,
    email: String,
    display_name: String,
    errors: BTreeMap<String, Vec<String>>,
}

impl InvitationPage {
    fn err(&self, key: &str) -> Vec<String> {
        self.errors.get(key).cloned().unwrap_or_default()
    }
}

fn invitation_gone() -> HttpError {
    HttpError::not_found("invitation (it works once, for a week; ask your coordinator for a new one)")
}

/// `GET /invite/{token}`
pub async fn invitation(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
) -> Result<Response, HttpError> {
    let user = match st.services.invitation(&token).await {
        Err(ServiceError::NotFound(_)) => return Err(invitation_gone()),
        other => other?,
    };
    Ok(render(&InvitationPage {
        action: format!("/invite/{token}{}", t.with_lang()),
        email: user.email,
        display_name: user.display_name,
        errors: BTreeMap::new(),
        chrome: Chrome::new(t, None, &uri),
    }))
}

/// `POST /invite/{token}`: anyone holding the link, from our origin.
pub async fn accept(
    State(st): State<AppState>,
    ClientKey(addr): ClientKey,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(token): Path<String>,
    SignInForm(f): SignInForm<AcceptForm>,
) -> Result<Response, HttpError> {
    match st.services.accept_invitation(&token, &f.display_name, &f.password, &f.password_again).await {
        Ok(user) => {
            let session = st.services.login(&user.email, &f.password, None, &addr, None).await?;
            Ok(signed_in_to(&st, &session, &format!("/{}", t.with_lang())))
        }
        Err(ServiceError::NotFound(_)) => Err(invitation_gone()),
        Err(ServiceError::Invalid(e)) => {
            let user = st.services.invitation(&token).await?;
            let errors = crate::web::pages::problems::by_field(&t, Some(&e), str::to_string);
            let page = InvitationPage {
                action: format!("/invite/{token}{}", t.with_lang()),
                email: user.email,
                display_name: f.display_name,
                errors,
                chrome: Chrome::new(t, None, &uri),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
