//! Adding, changing and deleting an activity in the browser. The form keeps what
//! was typed: a refused save shows it again with each problem beside its field; a
//! save over a version changed meanwhile shows what changed and lets the person
//! merge and save again; deleting asks first. Every post goes through
//! `FormWriter` (session, CSRF token, our origin) and one service call.

use crate::services::{ActivityView, IfMatch, ServiceError};
use crate::web::caller::{FormWriter, Reader};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::pages::activity_form::{form_key, ActivityForm, OrgRow, LANGS};
use crate::web::pages::filter_form::Choice;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use jointcal_domain::access::Viewer;
use jointcal_domain::activity::ActivityInput;
use jointcal_domain::group::Group;
use jointcal_domain::ids::ActivityId;
use jointcal_domain::vocab::{
    ActivityKind, DeliveryMode, OrgRole, Pillar, Status, TargetGroup, Visibility, Vocabulary,
};
use jointcal_domain::ValidationErrors;
use std::collections::BTreeMap;

/// One difference between the stored activity and the form, after a conflict.
pub struct Difference {
    pub label: String,
    pub stored: String,
    pub yours: String,
}

#[derive(Template)]
#[template(path = "activity_form.html")]
pub struct FormPage {
    chrome: Chrome,
    group_name: String,
    heading: String,
    action: String,
    cancel_href: String,
    delete_href: Option<String>,
    form: ActivityForm,
    /// Form field → the problems to show beside it.
    errors: BTreeMap<String, Vec<String>>,
    /// Every problem, for the summary at the top.
    summary: Vec<String>,
    conflict: Option<Vec<Difference>>,
    kinds: Vec<Choice>,
    pillars: Vec<Choice>,
    targets: Vec<Choice>,
    modes: Vec<Choice>,
    roles: Vec<Choice>,
    orgs: Vec<Choice>,
    regions: Vec<Choice>,
    statuses: Vec<Choice>,
    visibilities: Vec<Choice>,
}

impl FormPage {
    fn err(&self, key: &str) -> Vec<String> {
        self.errors.get(key).cloned().unwrap_or_default()
    }

    fn err_row(&self, prefix: &str, i: &usize) -> Vec<String> {
        self.err(&format!("{prefix}.{i}"))
    }

    fn lang_name(&self, code: &str) -> String {
        self.chrome.t.t(&format!("lang-{code}"))
    }

    fn is(&self, value: &str, current: &str) -> bool {
        value == current
    }
}

fn choices<V: Vocabulary>(t: &Tr, by_label: bool) -> Vec<Choice> {
    let mut c: Vec<Choice> =
        V::all().iter().map(|v| Choice { value: v.code().into(), label: t.vocab(*v), selected: false }).collect();
    if by_label {
        c.sort_by(|a, b| a.label.cmp(&b.label));
    }
    c
}

struct Frame<'a> {
    t: Tr,
    uri: &'a Uri,
    principal: Option<&'a crate::services::Principal>,
    group: &'a Group,
}

/// What one showing of the form holds besides the frame.
struct Content<'a> {
    heading: String,
    action: String,
    form: ActivityForm,
    problems: Option<&'a ValidationErrors>,
    conflict: Option<Vec<Difference>>,
    delete_href: Option<String>,
}

async fn page(st: &AppState, fr: Frame<'_>, c: Content<'_>) -> Result<FormPage, HttpError> {
    let Content { heading, action, form, problems, conflict, delete_href } = c;
    let t = fr.t;
    let cat = crate::i18n::Catalogue::get();
    let errors = crate::web::pages::problems::by_field(&t, problems, |field| form_key(field, &form));
    let summary = problems
        .map(|p| p.fields.iter().map(|e| format!("{}: {}", e.field, cat.problem(t.lang, &e.problem))).collect())
        .unwrap_or_default();
    let mut orgs: Vec<_> = st.services.list_orgs().await?;
    orgs.sort_by(|a, b| a.fields.acronym.cmp(&b.fields.acronym));
    let g = &fr.group.fields;
    Ok(FormPage {
        group_name: g.name.clone(),
        heading,
        action,
        cancel_href: format!("/groups/{}{}", g.slug, t.with_lang()),
        delete_href,
        errors,
        summary,
        conflict,
        kinds: choices::<ActivityKind>(&t, true),
        pillars: choices::<Pillar>(&t, false),
        targets: choices::<TargetGroup>(&t, true),
        modes: choices::<DeliveryMode>(&t, false),
        roles: choices::<OrgRole>(&t, false),
        orgs: orgs
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: format!("{} — {}", o.fields.acronym, o.fields.name),
                selected: false,
            })
            .collect(),
        regions: jointcal_domain::geo::subdivisions_of(&g.country)
            .iter()
            .map(|s| Choice { value: s.code.into(), label: t.region(s), selected: false })
            .collect(),
        statuses: choices::<Status>(&t, false),
        visibilities: choices::<Visibility>(&t, false),
        form,
        chrome: Chrome::new(t, fr.principal, fr.uri),
    })
}

/// Organizations may be named by acronym in a form that was posted by hand; the
/// form's own pick-list sends ids. Both are kept as typed.
fn new_form(st: &AppState, group: &Group, viewer: &Viewer) -> ActivityForm {
    let today = st.services.calendar_now().with_timezone(&group.fields.timezone).date_naive();
    let mut f = ActivityForm::from_pairs(&[]);
    f.day = today.format("%Y-%m-%d").to_string();
    f.tz = group.fields.timezone.name().to_string();
    f.status = Status::Planned.code().into();
    f.visibility = Visibility::Group.code().into();
    f.original = "en".into();
    if let Some(org) = viewer.org {
        f.orgs.insert(0, OrgRow { org: org.to_string(), role: OrgRole::Lead.code().into() });
    }
    f
}

fn activity_href(group: &Group, id: ActivityId, t: &Tr) -> String {
    format!("/groups/{}/activities/{id}{}", group.fields.slug, t.with_lang())
}

/// `GET /groups/{slug}/activities/new`
pub async fn add_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, principal.as_ref()).await?;
    st.services.may_add_activities(&viewer)?;
    let form = new_form(&st, &group, &viewer);
    let fr = Frame { t, uri: &uri, principal: principal.as_ref(), group: &group };
    let action = format!("/groups/{}/activities{}", group.fields.slug, t.with_lang());
    let c =
        Content { heading: t.t("form-add-heading"), action, form, problems: None, conflict: None, delete_href: None };
    Ok(render(&page(&st, fr, c).await?))
}

/// `POST /groups/{slug}/activities`
pub async fn add(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    FormWriter(p, pairs): FormWriter<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let form = ActivityForm::from_pairs(&pairs);
    let action = format!("/groups/{}/activities{}", group.fields.slug, t.with_lang());
    let result = match form.to_input(&ActivityInput::default(), &group.fields.country) {
        Err(e) => Err(ServiceError::Invalid(e)),
        Ok(input) => st.services.create_activity(&viewer, &p.actor(), &group, &input).await,
    };
    match result {
        Ok(v) => Ok(Redirect::to(&activity_href(&group, v.activity.id, &t)).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let fr = Frame { t, uri: &uri, principal: Some(&p), group: &group };
            let heading = t.t("form-add-heading");
            let c = Content { heading, action, form, problems: Some(&e), conflict: None, delete_href: None };
            let page = page(&st, fr, c).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn editable(
    st: &AppState,
    slug: &str,
    id: &str,
    principal: Option<&crate::services::Principal>,
) -> Result<(Group, Viewer, ActivityView), HttpError> {
    let (group, viewer) = st.services.group_for(slug, principal).await?;
    let id: ActivityId = id.parse().map_err(|_| HttpError::not_found("activity"))?;
    let view = st.services.get_activity(&viewer, &group, id).await?;
    Ok((group, viewer, view))
}

/// `GET /groups/{slug}/activities/{id}/edit`
pub async fn edit_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let (group, viewer, view) = editable(&st, &slug, &id, principal.as_ref()).await?;
    st.services.may_edit(&viewer, &view.activity)?;
    let (_, may_delete) = st.services.activity_actions(&viewer, &view.activity);
    let a = &view.activity;
    let form = ActivityForm::from_input(&a.fields.to_input(), a.version);
    let action = activity_href(&group, a.id, &t);
    let delete_href =
        may_delete.then(|| format!("/groups/{}/activities/{}/delete{}", group.fields.slug, a.id, t.with_lang()));
    let fr = Frame { t, uri: &uri, principal: principal.as_ref(), group: &group };
    let heading = t.args("form-edit-heading", &[("title", a.fields.title.get(t.lang.code()).to_string().into())]);
    let c = Content { heading, action, form, problems: None, conflict: None, delete_href };
    Ok(render(&page(&st, fr, c).await?))
}

/// `POST /groups/{slug}/activities/{id}`: save the form over the version it was
/// filled from.
pub async fn edit(
    State(st): State<AppState>,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, pairs): FormWriter<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let (group, viewer, view) = editable(&st, &slug, &id, Some(&p)).await?;
    let stored = &view.activity;
    let mut form = ActivityForm::from_pairs(&pairs);
    let action = activity_href(&group, stored.id, &t);
    let heading = t.args("form-edit-heading", &[("title", stored.fields.title.get(t.lang.code()).to_string().into())]);
    let stored_input = stored.fields.to_input();
    let result = match form.to_input(&stored_input, &group.fields.country) {
        Err(e) => Err(ServiceError::Invalid(e)),
        Ok(input) => {
            st.services
                .update_activity(&viewer, &p.actor(), &group, stored.id, IfMatch::Version(form.version), &input)
                .await
        }
    };
    let fr = Frame { t, uri: &uri, principal: Some(&p), group: &group };
    match result {
        Ok(v) => Ok(Redirect::to(&activity_href(&group, v.activity.id, &t)).into_response()),
        Err(ServiceError::Invalid(e)) => {
            let c = Content { heading, action, form, problems: Some(&e), conflict: None, delete_href: None };
            let page = page(&st, fr, c).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(ServiceError::VersionConflict { current, .. }) => {
            // What the stored version says where it differs from the form; the form
            // keeps what was typed and now names the stored version, so that saving
            // again writes the merged form over it.
            let now = ActivityForm::from_input(&stored_input, current);
            let differences = differences(&t, &now, &form, &st).await?;
            form.version = current;
            let c = Content { heading, action, form, problems: None, conflict: Some(differences), delete_href: None };
            let page = page(&st, fr, c).await?;
            Ok((StatusCode::CONFLICT, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The fields a person sees, as text, for comparing two forms.
fn shown(t: &Tr, f: &ActivityForm, orgs: &[jointcal_domain::org::Organization]) -> Vec<(&'static str, String)> {
    let org =
        |id: &str| orgs.iter().find(|o| o.id.to_string() == id).map_or(id.to_string(), |o| o.fields.acronym.clone());
    let vocab = |code: &str, f: &dyn Fn(&str) -> Option<String>| f(code).unwrap_or_else(|| code.to_string());
    let kind = |c: &str| ActivityKind::from_code(c).ok().map(|v| t.vocab(v));
    let status = |c: &str| Status::from_code(c).ok().map(|v| t.vocab(v));
    let target = |c: &str| TargetGroup::from_code(c).ok().map(|v| t.vocab(v));
    let when = match f.when {
        crate::web::pages::activity_form::When::Day => f.day.clone(),
        crate::web::pages::activity_form::When::Range => format!("{} – {}", f.range_start, f.range_end),
        crate::web::pages::activity_form::When::Timed => {
            format!("{} {}–{} {}", f.timed_day, f.start_time, f.end_time, f.tz)
        }
    };
    vec![
        (
            "form-title",
            LANGS
                .iter()
                .filter_map(|l| f.titles.get(*l).filter(|s| !s.is_empty()).map(|s| format!("{l}: {s}")))
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        (
            "form-description",
            LANGS
                .iter()
                .filter_map(|l| f.descriptions.get(*l).filter(|s| !s.is_empty()).map(|s| format!("{l}: {s}")))
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        ("column-kind", vocab(&f.kind, &kind)),
        ("column-when", when),
        ("column-status", vocab(&f.status, &status)),
        ("column-target-groups", f.target_groups.iter().map(|c| vocab(c, &target)).collect::<Vec<_>>().join(", ")),
        (
            "column-organizations",
            f.orgs
                .iter()
                .filter(|r| !r.org.is_empty())
                .map(|r| format!("{} ({})", org(&r.org), r.role))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "column-place",
            f.places
                .iter()
                .filter(|r| !r.region.is_empty() || !r.place.is_empty())
                .map(|r| format!("{} {}", r.place, r.region).trim().to_string())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ("activity-participants", f.participants.clone()),
        ("activity-budget", format!("{} {}", f.budget_amount, f.budget_currency).trim().to_string()),
    ]
}

async fn differences(
    t: &Tr,
    stored: &ActivityForm,
    yours: &ActivityForm,
    st: &AppState,
) -> Result<Vec<Difference>, HttpError> {
    let orgs = st.services.list_orgs().await?;
    let (a, b) = (shown(t, stored, &orgs), shown(t, yours, &orgs));
    Ok(a.into_iter()
        .zip(b)
        .filter(|((_, x), (_, y))| x != y)
        .map(|((key, stored), (_, yours))| Difference { label: t.t(key), stored, yours })
        .collect())
}

#[derive(serde::Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: String,
}

/// `POST /groups/{slug}/activities/{id}/cancel`: cancelled, with the reason.
pub async fn cancel(
    State(st): State<AppState>,
    t: Tr,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<CancelForm>,
) -> Result<Response, HttpError> {
    let (group, viewer, view) = editable(&st, &slug, &id, Some(&p)).await?;
    let if_match = f.version.trim().parse().map_or(IfMatch::Missing, IfMatch::Version);
    st.services.cancel_activity(&viewer, &p.actor(), &group, view.activity.id, if_match, &f.reason).await?;
    Ok(Redirect::to(&activity_href(&group, view.activity.id, &t)).into_response())
}

#[derive(Template)]
#[template(path = "activity_delete.html")]
pub struct DeletePage {
    chrome: Chrome,
    title: String,
    when_version: i64,
    action: String,
    back_href: String,
}

/// `GET /groups/{slug}/activities/{id}/delete`: asks first.
pub async fn delete_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let (group, viewer, view) = editable(&st, &slug, &id, principal.as_ref()).await?;
    let a = &view.activity;
    st.services.may_delete(&viewer, a)?;
    let page = DeletePage {
        title: a.fields.title.get(t.lang.code()).to_string(),
        when_version: a.version,
        action: format!("/groups/{}/activities/{}/delete{}", group.fields.slug, a.id, t.with_lang()),
        back_href: activity_href(&group, a.id, &t),
        chrome: Chrome::new(t, principal.as_ref(), &uri),
    };
    Ok(render(&page))
}

/// `POST /groups/{slug}/activities/{id}/delete`
pub async fn delete(
    State(st): State<AppState>,
    t: Tr,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, pairs): FormWriter<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let (group, viewer, view) = editable(&st, &slug, &id, Some(&p)).await?;
    let version = pairs.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.trim().parse().ok());
    let if_match = version.map_or(IfMatch::Missing, IfMatch::Version);
    st.services.delete_activity(&viewer, &p.actor(), &group, view.activity.id, if_match).await?;
    let month = view.activity.fields.schedule.start_utc.with_timezone(&group.fields.timezone).format("%Y-%m");
    Ok(Redirect::to(&format!("/groups/{}?month={month}{}", group.fields.slug, t.and_lang())).into_response())
}
