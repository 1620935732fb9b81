//! A group's possible overlaps: each flag with its two activities side by side, its
//! reasons in words, and (for coordinators) the form that resolves it.

use crate::i18n::FluentValue;
use crate::services::{ActivityView, FlagView};
use crate::web::caller::{FormWriter, Reader};
use crate::web::chrome::Chrome;
use crate::web::error::{render, HttpError};
use crate::web::lang::Tr;
use crate::web::pages::filter_form::Choice;
use crate::web::pages::labels::Labels;
use crate::web::state::AppState;
use askama::Template;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use jointcal_domain::overlap::{FlagResolution, Reason};
use jointcal_domain::vocab::{OrgRole, Vocabulary};
use serde::Deserialize;
use std::collections::HashMap;

/// One of the two activities as the page shows it.
pub struct Side {
    pub href: String,
    pub title: String,
    pub leads: String,
    pub when: String,
    pub place: String,
}

pub struct Row {
    pub id: String,
    pub kind: String,
    pub score: String,
    pub a: Side,
    pub b: Side,
    pub reasons: Vec<String>,
    pub resolution: String,
    pub resolution_code: &'static str,
    pub note: String,
}

/// A tab of the page: one resolution, or all.
pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "overlaps.html")]
pub struct OverlapsPage {
    chrome: Chrome,
    group_name: String,
    back_href: String,
    base: String,
    coordinator: bool,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    resolutions: Vec<Choice>,
}

impl Row {
    fn sides(&self) -> [&Side; 2] {
        [&self.a, &self.b]
    }
}

impl OverlapsPage {
    fn is(&self, a: &str, b: &str) -> bool {
        a == b
    }
}

#[derive(Deserialize)]
pub struct OverlapsQuery {
    resolution: Option<String>,
}

/// `GET /groups/{slug}/overlaps[?resolution=open|duplicate|complementary|dismissed|all]`.
pub async fn overlaps_page(
    State(st): State<AppState>,
    Reader(principal): Reader,
    t: Tr,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    Query(q): Query<OverlapsQuery>,
) -> Result<Response, HttpError> {
    let s = &st.services;
    let (group, viewer) = s.group_for(&slug, principal.as_ref()).await?;
    let asked = q.resolution.as_deref().map(str::trim).filter(|r| !r.is_empty()).unwrap_or("open");
    let resolution = match asked {
        "all" => None,
        r => Some(FlagResolution::from_code(r).map_err(|e| HttpError::bad_field("resolution", e.into()))?),
    };
    let flags = s.list_flags(&viewer, &group, resolution).await?;
    let acronyms: HashMap<String, String> =
        s.acronyms().await?.into_iter().map(|(id, a)| (id.to_string(), a)).collect();
    let base = format!("/groups/{}/overlaps", group.fields.slug);
    let labels = Labels::new(t);
    let rows = flags.iter().map(|f| row(&t, &labels, &group.fields.slug, &acronyms, f)).collect();
    let tab = |code: &str, label: String| Tab {
        href: format!("{base}?resolution={code}{}", t.and_lang()),
        label,
        current: code == asked,
    };
    let mut tabs: Vec<Tab> = FlagResolution::all().iter().map(|r| tab(r.code(), t.vocab(*r))).collect();
    tabs.push(tab("all", t.t("overlaps-all")));
    let page = OverlapsPage {
        chrome: Chrome::new(t, principal.as_ref(), &uri),
        group_name: group.fields.name.clone(),
        back_href: format!("/groups/{}{}", group.fields.slug, t.with_lang()),
        base,
        coordinator: viewer.is_coordinator(),
        tabs,
        rows,
        resolutions: FlagResolution::all()
            .iter()
            .map(|r| Choice { value: r.code().into(), label: t.vocab(*r), selected: false })
            .collect(),
    };
    Ok(render(&page))
}

fn side(t: &Tr, l: &Labels, slug: &str, acronyms: &HashMap<String, String>, v: &ActivityView) -> Side {
    let f = &v.activity.fields;
    let d = f.schedule.output();
    let year = d.start.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    let tz = f.schedule.tz;
    let first = f.schedule.start_utc.with_timezone(&tz).date_naive();
    let last = (f.schedule.end_utc - chrono::Duration::seconds(1)).with_timezone(&tz).date_naive().max(first);
    let when = if first == last { l.day(first, first.year() != year) } else { l.range(first, last, year) };
    Side {
        href: format!("/groups/{slug}/activities/{}{}", v.activity.id, t.with_lang()),
        title: f.title.get(t.lang.code()).to_string(),
        leads: f
            .organizations
            .iter()
            .filter(|o| o.role == OrgRole::Lead)
            .map(|o| acronyms.get(&o.org.to_string()).cloned().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
        when,
        place: f.locations.iter().map(|p| t.place(p)).collect::<Vec<_>>().join("; "),
    }
}

fn row(t: &Tr, l: &Labels, slug: &str, acronyms: &HashMap<String, String>, v: &FlagView) -> Row {
    let f = &v.flag;
    Row {
        id: f.id.to_string(),
        kind: t.t(&format!("overlaps-kind-{}", f.kind.code())),
        score: format!("{:.0}%", f.score * 100.0),
        a: side(t, l, slug, acronyms, &v.a),
        b: side(t, l, slug, acronyms, &v.b),
        reasons: f.reasons.iter().filter(|e| e.weight > 0.0).map(|e| said(t, acronyms, &e.reason)).collect(),
        resolution: t.vocab(f.resolution),
        resolution_code: f.resolution.code(),
        note: f.note.clone().unwrap_or_default(),
    }
}

/// A reason in the reader's language (`reason-<code>` in the catalogue).
pub fn said(t: &Tr, acronyms: &HashMap<String, String>, r: &Reason) -> String {
    let list =
        |codes: &[String], name: &dyn Fn(&str) -> String| codes.iter().map(|c| name(c)).collect::<Vec<_>>().join(", ");
    let target =
        |c: &str| jointcal_domain::vocab::TargetGroup::from_code(c).map_or_else(|_| c.to_string(), |g| t.vocab(g));
    let pillar = |c: &str| jointcal_domain::vocab::Pillar::from_code(c).map_or_else(|_| c.to_string(), |p| t.vocab(p));
    let org = |id: &str| acronyms.get(id).cloned().unwrap_or_else(|| id.to_string());
    let (key, args): (&str, Vec<(&str, FluentValue<'_>)>) = match r {
        Reason::SameTime { days } => ("reason-same_time", vec![("days", (*days).into())]),
        Reason::DaysApart { days } => ("reason-days_apart", vec![("days", (*days).into())]),
        Reason::SamePlace { place } => ("reason-same_place", vec![("place", place.clone().into())]),
        Reason::SameRegion { regions } => {
            ("reason-same_region", vec![("regions", list(regions, &|c| t.region_code(c)).into())])
        }
        Reason::OtherRegions => ("reason-other_regions", vec![]),
        Reason::SameTargetGroup { target_groups } => {
            ("reason-same_target_group", vec![("groups", list(target_groups, &target).into())])
        }
        Reason::OtherTargetGroups => ("reason-other_target_groups", vec![]),
        Reason::SameKind { kind } => (
            "reason-same_kind",
            vec![(
                "kind",
                jointcal_domain::vocab::ActivityKind::from_code(kind)
                    .map_or_else(|_| kind.clone(), |k| t.vocab(k))
                    .into(),
            )],
        ),
        Reason::SamePillar { pillars } => ("reason-same_pillar", vec![("pillars", list(pillars, &pillar).into())]),
        Reason::SimilarTitles { similarity } => {
            ("reason-similar_titles", vec![("similarity", format!("{similarity:.2}").into())])
        }
        Reason::SimilarDescriptions { similarity } => {
            ("reason-similar_descriptions", vec![("similarity", format!("{similarity:.2}").into())])
        }
        Reason::MoneyAgrees { amount, currency, days } => (
            "reason-money_agrees",
            vec![
                ("amount", format!("{amount:.0}").into()),
                ("currency", currency.clone().into()),
                ("days", (*days).into()),
            ],
        ),
        Reason::NamesTheOther { org: o } => ("reason-names_the_other", vec![("org", org(o).into())]),
        Reason::SharedOrganization { org: o } => ("reason-shared_organization", vec![("org", org(o).into())]),
        Reason::BetterMatchExists => ("reason-better_match_exists", vec![]),
        Reason::BusyTime { activities, days } => {
            ("reason-busy_time", vec![("activities", (*activities).into()), ("days", (*days).into())])
        }
        Reason::FundsFlow { from, to } => {
            ("reason-funds_flow", vec![("from", org(from).into()), ("to", org(to).into())])
        }
    };
    t.args(key, &args)
}

#[derive(Deserialize, Default)]
pub struct ResolveForm {
    #[serde(default)]
    resolution: String,
    #[serde(default)]
    note: String,
}

/// `POST /groups/{slug}/overlaps/{id}/resolution` (coordinators).
pub async fn resolve(
    State(st): State<AppState>,
    t: Tr,
    Path((slug, id)): Path<(String, String)>,
    FormWriter(p, f): FormWriter<ResolveForm>,
) -> Result<Response, HttpError> {
    let (group, viewer) = st.services.group_for(&slug, Some(&p)).await?;
    let id: uuid::Uuid = id.parse().map_err(|_| HttpError::not_found("overlap flag"))?;
    let resolution =
        FlagResolution::from_code(&f.resolution).map_err(|e| HttpError::bad_field("resolution", e.into()))?;
    if f.note.chars().count() > 2000 {
        return Err(HttpError::bad_field("note", jointcal_domain::Problem::too_long(2000)));
    }
    st.services.resolve_flag(&viewer, &p.actor(), &group, id, resolution, Some(&f.note)).await?;
    Ok(Redirect::to(&format!("/groups/{slug}/overlaps{}#flag-{id}", t.with_lang())).into_response())
}
